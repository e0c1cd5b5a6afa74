"""法治政府建设年度报告 pages: the report verbatim, plus a list by year."""
from __future__ import annotations

from ..kinds import REPORT
from ..records import Record
from .markdown import body, external_link, field_table, front_matter, inline, page
from .parts import Context, bullet_list, date_text, record_link, record_page, record_notices, source_footer


def report_page(record: Record, ctx: Context) -> str:
    here = record_page(record)
    model = record.model
    meta = field_table([
        ("报告主体", inline(model.issuer)),
        ("年度", f"{model.year}年"),
        ("发布日期", date_text(model.published)),
        ("原文链接", external_link("原发布页面", model.source_link) if model.source_link else None),
    ])
    return page(
        front_matter(model.title, f"{model.issuer}{model.year}年度法治政府建设工作报告"),
        f"# {inline(model.title)}",
        record_notices(record),
        meta,
        # Published verbatim: the body's own headings (##) already sit below the title.
        body(model.text, 0),
        source_footer(here, record, ctx),
    )


def report_pages(ctx: Context) -> dict[str, str]:
    here = "reports/index.md"
    records = sorted(ctx.view.of(REPORT), key=lambda r: r.model.year, reverse=True)
    items = [f"{record_link(here, r)}（{r.model.year}年度，{r.model.published.isoformat()} 发布）" for r in records]
    pages = {here: page(
        front_matter("法治政府建设年度报告"),
        "# 法治政府建设年度报告",
        "依照《法治政府建设与责任落实督察工作规定》，县级以上地方各级政府每年第一季度向社会公开上一年度法治政府建设情况报告。",
        bullet_list(items) or "暂无公开的报告。",
    )}
    for record in records:
        pages[record_page(record)] = report_page(record, ctx)
    return pages
