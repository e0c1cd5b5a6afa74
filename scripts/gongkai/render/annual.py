"""The 政府信息公开工作年度报告 pages: the six sections with tables laid out like
the official ones (merged headers; printable), and a listing of the years."""
from __future__ import annotations

import datetime as dt

import html

from ..annual.tables import (ACTIVE, APPEALS, APPLICANTS, APPLICATIONS, CASE_COLUMNS, ITEM, ORGANISATIONS, OTHER, OVERVIEW, PROBLEMS,
                             REQUESTER_COLUMNS, SUIT, DocumentCounts, active_blocks, appeal_groups, application_rows, case_rows,
                             case_values, cell_text)
from ..kinds import ANNUAL
from ..records import Record
from .markdown import body, front_matter, inline, link, page
from .parts import Context, record_page, record_notices, source_footer

LISTING = "annual/index.md"


def _span(columns: int, of: int) -> str:
    return f' colspan="{of // columns}"' if columns < of else ""


def active_table(record: Record, documents: DocumentCounts) -> str:
    blocks = active_blocks(record.model, documents)
    width = max(len(block.heads) for block in blocks)
    lines = ['<table class="gk-official">', f"<caption>{ACTIVE}</caption>"]
    for block in blocks:
        span = _span(len(block.heads), width)
        lines.append(f'<tr><th colspan="{width + 1}" scope="colgroup">{block.article}</th></tr>')
        lines.append(f'<tr><th scope="col">{ITEM}</th>' + "".join(f'<th{span} scope="col">{head}</th>' for head in block.heads) + "</tr>")
        for label, values in block.rows:
            lines.append(f"<tr><td>{label}</td>" + "".join(f"<td{span}>{cell_text(value)}</td>" for value in values) + "</tr>")
    lines.append("</table>")
    return "\n".join(lines)


def applications_table(record: Record) -> str:
    organisations = REQUESTER_COLUMNS[1:-1]
    lines = ['<table class="gk-official">', f"<caption>{APPLICATIONS}</caption>",
             '<tr><th rowspan="3" colspan="2" scope="col">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</th>'
             f'<th colspan="{len(REQUESTER_COLUMNS)}" scope="colgroup">{APPLICANTS}</th></tr>',
             f'<tr><th rowspan="2" scope="col">{REQUESTER_COLUMNS[0][1]}</th><th colspan="{len(organisations)}" scope="colgroup">{ORGANISATIONS}</th>'
             f'<th rowspan="2" scope="col">{REQUESTER_COLUMNS[-1][1]}</th></tr>',
             "<tr>" + "".join(f'<th scope="col">{alias}</th>' for name, alias in organisations) + "</tr>"]
    for row in application_rows(record.model):
        cells = "".join(f"<td>{cell_text(getattr(row.counts, name))}</td>" for name, _ in REQUESTER_COLUMNS)
        lines.append(f'<tr><th colspan="2" scope="row">{html.escape(row.label)}</th>{cells}</tr>')
    lines.append("</table>")
    return "\n".join(lines)


def appeals_table(record: Record) -> str:
    blocks = case_rows(record.model)
    review, direct, after = appeal_groups()
    width = len(CASE_COLUMNS)
    lines = ['<table class="gk-official">', f"<caption>{APPEALS}</caption>",
             f'<tr><th colspan="{width}" rowspan="2" scope="colgroup">{review}</th><th colspan="{2 * width}" scope="colgroup">{SUIT}</th></tr>',
             f'<tr><th colspan="{width}" scope="colgroup">{direct}</th><th colspan="{width}" scope="colgroup">{after}</th></tr>',
             "<tr>" + "".join(f'<th scope="col">{head}</th>' for _ in blocks for _, head in CASE_COLUMNS) + "</tr>",
             "<tr>" + "".join(f"<td>{cell_text(v)}</td>" for _, _, cases in blocks for v in case_values(cases)) + "</tr>",
             "</table>"]
    return "\n".join(lines)


def annual_page(record: Record, documents: DocumentCounts, ctx: Context) -> str:
    here = record_page(record)
    model = record.model
    title = f"{model.authority}{model.year}年政府信息公开工作年度报告"
    if model.active.documents is None:
        origin = "“二、主动公开”中的行政规范性文件件数由本网站目录按年度自动统计。"
    else:
        origin = "“二、主动公开”中的行政规范性文件件数照报告填写" + (f"，统计范围：{inline(model.scope)}。" if model.scope else "。")
    downloads = f"下载：{link('表格（Excel，报送用）', f'{model.year}.xlsx')}、{link('数据（JSON）', f'{model.year}.json')}。{origin}"
    return page(
        front_matter(title, f"{model.authority}{model.year}年度政府信息公开工作年度报告"),
        f"# {inline(title)}",
        record_notices(record),
        f"依据《中华人民共和国政府信息公开条例》第五十条，按国务院办公厅政府信息与政务公开办公室《政府信息公开工作年度报告格式》编制。{downloads}",
        f"## {OVERVIEW}",
        body(model.overview, 2),
        f"## {ACTIVE}",
        active_table(record, documents),
        f"## {APPLICATIONS}",
        applications_table(record),
        f"## {APPEALS}",
        appeals_table(record),
        f"## {PROBLEMS}",
        body(model.problems, 2),
        f"## {OTHER}",
        body(model.other_matters, 2),
        source_footer(here, record, ctx),
    )


def annual_listing(ctx: Context) -> str:
    records = sorted(ctx.view.of(ANNUAL), key=lambda r: r.model.year, reverse=True)
    items = [f"- {link(f'{r.model.year}年度报告', f'{r.id}.md')}（{r.model.authority}，发布日期 {ctx.view.publication_date(r)}）"
             for r in records]
    last_year = ctx.view.today.year - 1
    # 第四十九条: a government publishes last year's report by 31 March (a department by 31 January).
    missing = (f"**{last_year}年度报告尚未公布**（应于 {last_year + 1}年3月31日前公布）。"
               if ctx.view.today > dt.date(last_year + 1, 3, 31) and not any(r.model.year == last_year for r in records) else None)
    return page(front_matter("政府信息公开工作年度报告"), "# 政府信息公开工作年度报告",
                "按《中华人民共和国政府信息公开条例》第四十九、五十条，每年3月31日前公布上一年度的政府信息公开工作年度报告。",
                missing,
                "\n".join(items) or "暂无公开的年度报告。")
