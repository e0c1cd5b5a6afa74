"""Problems are values: every stage returns them, only the CLI edge prints them."""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Optional


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


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
        return text

    def sort_key(self) -> tuple:
        return (self.file, self.line or 0, self.column or 0, self.message)


class CatalogError(Exception):
    """Raised only at the edge (CLI, MkDocs hook) to stop with collected problems."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=Problem.sort_key)
        super().__init__(format_report(self.problems))


def format_report(problems: list[Problem]) -> str:
    errors = [p for p in problems if p.severity is Severity.ERROR]
    lines = [str(p) for p in sorted(problems, key=Problem.sort_key)]
    lines.append(f"共发现 {len(errors)} 个错误、{len(problems) - len(errors)} 个警告。")
    return "\n".join(lines)
