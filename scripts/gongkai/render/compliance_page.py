"""The staff compliance report: open findings on published records and the
deadlines coming up, by date. Built with the site at /compliance/, left out of
the navigation and the search index. Only findings on records the public can
already see are listed, so the page reveals nothing unpublished."""
from __future__ import annotations

import datetime as dt

from ..kinds import DOCUMENT
from ..problems import Problem, Severity
from ..view import SiteView
from .markdown import front_matter, inline, page, table
from .parts import record_link

PAGE = "compliance.md"
HORIZON = dt.timedelta(days=180)
_LEVEL = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}


def compliance_page(view: SiteView, findings: list[Problem]) -> str:
    public = {r.path: r for r in view.records}  # findings name files exactly as records do
    rows = []
    for finding in sorted(findings, key=lambda p: (p.severity.value, p.file, p.line or 0)):
        record = public.get(finding.file)
        if record is None or finding.rule is None:
            continue
        rows.append([_LEVEL[finding.severity], f"`{finding.rule}`", record_link(PAGE, record),
                     inline(f"{finding.field + '：' if finding.field else ''}{finding.message}"), inline(finding.hint)])
    upcoming = []
    for record in view.of(DOCUMENT):
        expires = record.model.expires
        if expires and view.today <= expires <= view.today + HORIZON:
            upcoming.append((expires, record))
    upcoming.sort(key=lambda item: (item[0], item[1].id))
    deadline_rows = [[expires.isoformat(), record_link(PAGE, record), f"有效期届满（{(expires - view.today).days} 天后）"]
                     for expires, record in upcoming]
    return page(
        front_matter("合规检查报告"),
        "# 合规检查报告",
        f"供工作人员使用：按 {view.today.isoformat()} 的目录检查结果生成，只列出已公开记录的问题。完整结果请运行 `python -m gongkai check`。",
        "## 待处理的问题",
        table(["级别", "规则", "记录", "问题", "处理方法"], rows) if rows else "目前没有待处理的问题。",
        f"## 今后 {HORIZON.days} 天内的期限",
        table(["日期", "记录", "事项"], deadline_rows) if deadline_rows else "暂无。",
    )

