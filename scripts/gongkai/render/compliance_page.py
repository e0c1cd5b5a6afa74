"""The staff compliance report: open findings on published records, the
deadlines coming up by date, and the rules and local settings in force.

Built with the site at /compliance/, left out of the search index and (unless
site.yaml says otherwise) the navigation. Only findings and deadlines of records
the public can already see are listed, so the page reveals nothing unpublished.
"""
from __future__ import annotations

from enum import Enum

from pydantic import BaseModel

from ..compliance.deadlines import Deadline, upcoming_deadlines
from ..compliance.report import HORIZON_DAYS, StaffReport
from ..compliance.rules import RULES
from .rules_page import RULE_HEADINGS, rule_cells
from ..model.compliance import ComplianceSettings
from ..problems import Problem, Severity
from ..view import SiteView
from .markdown import front_matter, inline, link, page, table
from .parts import record_link

PAGE = "compliance.md"


PER_RULE = 100  # findings listed per rule; a large catalog's full list is `check`'s job


def _public_findings(view: SiteView, findings: list[Problem]) -> list[tuple[Problem, str]]:
    """(finding, where) for findings on public records and whole columns, most severe first."""
    public = {r.path: r for r in view.records}  # findings name files exactly as records do
    order = list(Severity)
    shown = []
    for finding in sorted(findings, key=lambda p: (order.index(p.severity), p.rule or "", p.file, p.line or 0)):
        if finding.rule is None:
            continue
        record = public.get(finding.file)
        if record is not None:
            where = record_link(PAGE, record)
        elif finding.file.endswith("/"):
            where = f"`{finding.file}`"  # about a whole column (computed from public pages only) or a folder
        else:
            continue  # a record the public cannot see: its findings stay in `check`
        shown.append((finding, where))
    return shown


def _finding_sections(view: SiteView, findings: list[Problem]) -> list[str]:
    """A count per rule, then each rule's findings (at most PER_RULE of them)."""
    by_rule: dict[str, list[tuple[Problem, str]]] = {}
    for finding, where in _public_findings(view, findings):
        by_rule.setdefault(finding.rule or "", []).append((finding, where))
    if not by_rule:
        return ["目前没有待处理的问题。"]
    summary = table(["规则", "级别", "数量"], [[link(rule, f"#{rule.lower()}"), items[0][0].severity.label, str(len(items))]
                                         for rule, items in by_rule.items()])
    sections: list[str | None] = [summary]
    for rule, items in by_rule.items():
        rows = [[where, inline(f"{f.field + '：' if f.field else ''}{f.message}"), inline(f.hint or "")] for f, where in items[:PER_RULE]]
        more = f"另有 {len(items) - PER_RULE} 条未列出，完整结果请运行 `python -m gongkai check`。" if len(items) > PER_RULE else None
        sections += [f"### {rule} {{#{rule.lower()}}}", table(["记录", "问题", "处理方法"], rows), more]
    return [s for s in sections if s]


def _deadline_rows(view: SiteView, deadlines: list[Deadline], settings: ComplianceSettings) -> list[list[str]]:
    """Deadlines of public records that the public view itself shows: not one that
    comes from a part not yet public (a hearing date before its notice)."""
    shown = {(d.date, d.record.path, d.what): d.record for d in upcoming_deadlines(view, settings, view.today, HORIZON_DAYS)}
    rows = []
    for deadline in deadlines:
        record = shown.get((deadline.date, deadline.record.path, deadline.what))
        if record is not None:
            rows.append([deadline.date.isoformat(), record_link(PAGE, record),
                         f"{inline(deadline.what)}（{(deadline.date - view.today).days} 天后）"])
    return rows


def _rule_rows(settings: ComplianceSettings) -> list[list[str]]:
    rows = []
    for rule in RULES:
        level = settings.levels.get(rule.id, rule.level)
        shown = level.value if level is rule.level else f"{level.value}（默认{rule.level.value}）"
        cells = rule_cells(rule)
        rows.append(cells[:1] + [shown] + cells[1:])
    return rows


def _shown(value: object) -> str:
    """A setting as staff write it: a choice by its Chinese value."""
    return value.value if isinstance(value, Enum) else str(value)


def _setting_rows(settings: ComplianceSettings) -> list[list[str]]:
    defaults = ComplianceSettings()
    rows = []
    for name, info in ComplianceSettings.model_fields.items():
        value, default = getattr(settings, name), getattr(defaults, name)
        if isinstance(value, (list, dict)):
            continue  # 规则级别 and 工作日调整 are shown in the rule table / are long lists
        if isinstance(value, BaseModel):
            for sub_name, sub_info in type(value).model_fields.items():
                rows.append([inline(f"{info.alias}.{sub_info.alias}"), str(getattr(value, sub_name)),
                             str(getattr(default, sub_name)), inline(info.description or "")])
            continue
        rows.append([inline(info.alias), _shown(value), _shown(default), inline(info.description or "")])
    return rows


def compliance_page(view: SiteView, report: StaffReport) -> str:
    deadlines = _deadline_rows(view, report.deadlines, report.settings)
    return page(
        front_matter("合规检查报告"),
        "# 合规检查报告",
        f"供工作人员使用：按 {view.today.isoformat()} 的目录检查结果生成，只列出已公开记录的问题。"
        "完整结果（包括未公开的记录）请运行 `python -m gongkai check`。",
        "## 待处理的问题",
        *_finding_sections(view, report.findings),
        f"## 今后 {HORIZON_DAYS} 天内的期限",
        table(["日期", "记录", "事项"], deadlines) if deadlines else "暂无。",
        "## 检查规则",
        "级别为“错误”的规则会阻止网站构建；级别和各项期限可以在 `catalog/compliance.yaml` 中按本地规定调整。",
        table(RULE_HEADINGS[:1] + ["级别"] + RULE_HEADINGS[1:], _rule_rows(report.settings)),
        "## 本地设置",
        table(["设置项", "当前值", "默认值", "说明"], _setting_rows(report.settings)),
    )
