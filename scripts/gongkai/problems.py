"""Problems are values: every stage returns them, only the CLI edge prints them."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from enum import Enum
from typing import Callable, Optional


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the catalog, phrased for the clerk who will fix it."""

    file: str
    message: str
    hint: str = ""
    line: Optional[int] = None
    column: Optional[int] = None
    field: Optional[str] = None
    severity: Severity = Severity.ERROR
    rule: Optional[str] = None  # compliance rule id, for findings of the rules engine

    @property
    def location(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        text = self.location
        if self.field:
            text += f" {self.field}:"
        text += f" {self.message}"
        if self.hint:
            text += f" — {self.hint}"
        if self.rule:
            text += f" [{self.rule}]"
        return text

    def sort_key(self) -> tuple:
        return (self.file, self.line or 0, self.column or 0, self.message)

    def to_json(self) -> list:
        """As JSON data, for a build's cache folder (from_json)."""
        return [self.file, self.message, self.hint, self.line, self.column, self.field, self.severity.value, self.rule]

    @classmethod
    def from_json(cls, data: object) -> Problem:
        """The problem to_json gave `data` for; ValueError when it is not such data (a damaged cache)."""
        if not isinstance(data, list) or len(data) != 8:
            raise ValueError("a stored problem is a list of eight")
        file, message, hint, line, column, field, severity, rule = data
        texts_ok = all(isinstance(text, str) for text in (file, message, hint))
        optional_ok = all(value is None or type(value) is kind for value, kind in ((line, int), (column, int), (field, str), (rule, str)))
        if not (texts_ok and optional_ok):
            raise ValueError("a stored problem's parts are of other types")
        return cls(file, message, hint, line, column, field, Severity(severity), rule)


def problems_to_json(problems: list[Problem]) -> list:
    return [problem.to_json() for problem in problems]


def problems_from_json(data: object) -> list[Problem]:
    """The problems problems_to_json gave `data` for; ValueError for other data."""
    if not isinstance(data, list):
        raise ValueError("stored problems are a list")
    return [Problem.from_json(problem) for problem in data]


class CatalogError(Exception):
    """Raised only at the edge (CLI, MkDocs hook) to stop with collected problems."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=Problem.sort_key)
        super().__init__(format_report(self.problems))


_HEADINGS = {Severity.ERROR: "错误（必须改正，网站不会构建）：", Severity.WARNING: "警告：", Severity.INFO: "提示："}


# A rule with more findings than this is summarised in the human report: its first few are
# listed, then a count (at 10,000 records one rule can find thousands; errors are always listed).
SUMMARISED_FROM = 10
SHOWN_OF_MANY = 3


def _summarised(found: list[Problem]) -> list[str]:
    counts: dict[str, int] = {}
    for problem in found:
        if problem.rule:
            counts[problem.rule] = counts.get(problem.rule, 0) + 1
    many = {rule for rule, count in counts.items() if count > SUMMARISED_FROM}
    lines, listed = [], dict.fromkeys(many, 0)
    for problem in found:
        if problem.rule in many:
            listed[problem.rule] += 1
            if listed[problem.rule] > SHOWN_OF_MANY:
                continue
        lines.append(str(problem))
    for rule in sorted(many):
        lines.append(f"……[{rule}] 共 {counts[rule]} 条，以上只列出 {SHOWN_OF_MANY} 条；"
                     "运行 python -m gongkai check --all 列出全部，或查看网站的「合规检查报告」页面（compliance/）。")
    return lines


def format_report(problems: list[Problem], complete: bool = True) -> str:
    """All problems, most severe group first; headings only when severities are mixed.
    Not `complete`: warnings and notes of a rule that finds many are summarised (errors never are)."""
    groups = {severity: sorted((p for p in problems if p.severity is severity), key=Problem.sort_key) for severity in Severity}
    mixed = sum(1 for found in groups.values() if found) > 1
    lines = []
    for severity, found in groups.items():
        if found and mixed:
            lines.append(_HEADINGS[severity])
        lines += [str(p) for p in found] if complete or severity is Severity.ERROR else _summarised(found)
    errors, warnings = len(groups[Severity.ERROR]), len(groups[Severity.WARNING])
    summary = f"共发现 {errors} 个错误、{warnings} 个警告"
    summary += f"、{len(groups[Severity.INFO])} 条提示。" if groups[Severity.INFO] else "。"
    lines.append(summary)
    return "\n".join(lines)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(problems: list[Problem]) -> str:
    """GitHub Actions workflow commands: each problem becomes an annotation on the pull-request diff."""
    lines = []
    for problem in sorted(problems, key=Problem.sort_key):
        level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}[problem.severity]
        properties = [f"file={_escape_property(problem.file)}"]
        if problem.line is not None:
            properties.append(f"line={problem.line}")
            if problem.column is not None:
                properties.append(f"col={problem.column}")
        properties.append(f"title={_escape_property(problem.field or '目录检查')}")
        text = problem.message + (f" — {problem.hint}" if problem.hint else "") + (f" [{problem.rule}]" if problem.rule else "")
        lines.append(f"::{level} {','.join(properties)}::{_escape_data(text)}")
    return "\n".join(lines)


def format_json(problems: list[Problem]) -> str:
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    items = [dict(asdict(p), severity=p.severity.value) for p in sorted(problems, key=Problem.sort_key)]
    for item in items:
        if item["rule"] is None:
            del item["rule"]
    return json.dumps({"ok": errors == 0, "errors": errors, "warnings": len(problems) - errors, "problems": items},
                      ensure_ascii=False, indent=2)


@dataclass(frozen=True)
class ReportFormat:
    """How `check --format` reports: what goes to standard output for a machine to
    read, and whether people get the Chinese report (standard error) and the summary."""
    machine: Optional[Callable[[list[Problem]], str]]
    for_people: bool
    help: str


REPORT_FORMATS = {
    "human": ReportFormat(None, True, "供人阅读（默认）"),
    "github": ReportFormat(format_github, True, "为 GitHub Actions 标注"),
    "json": ReportFormat(format_json, False, "供程序读取"),
}
