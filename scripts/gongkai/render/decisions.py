"""重大行政决策 pages: yearly catalogs, decision items with their procedure
timeline, and listings by year, 承办单位 and status."""
from __future__ import annotations

import datetime as dt
import functools

from collections import defaultdict
from typing import Optional

from .. import memo
from ..kinds import DECISION, DECISION_CATALOG, DOCUMENT
from ..model.decision import DecisionStatus
from ..compliance.periods import days_between
from ..records import Record
from .hearings import hearing_rows
from .list_data import badge
from .listing import Listing, grouped_listing
from .reuse import rendered
from .markdown import admonition, external_link, field_table, front_matter, inline, link, page, relative, table
from .parts import (
    status_words,
    breadcrumb,
    Context,
    bullet_list,
    cited_document,
    date_text,
    document_links,
    UNRECORDED_TEXT,
    known,
    record_link,
    record_page,
    record_notices,
    source_footer,
    year_page,
)

# (title, legal source) in statutory order, 国务院令第713号.
STEPS = [
    ("participation", "公众参与", "第十四至十八条"),
    ("hearing", "听证", "第十六、十七条"),
    ("expert_review", "专家论证", "第十九至二十一条"),
    ("risk_assessment", "风险评估", "第二十二至二十四条"),
    ("legality_review", "合法性审查", "第二十五至二十八条"),
    ("fair_competition", "公平竞争审查", "第二十九条"),
    ("collective_decision", "集体讨论决定", "第三十条"),
    ("publication", "决策公布", "第三十二条"),
    ("interpretation", "解读", "第三十二条"),
    ("implementation", "执行", "第三十四至三十六条"),
    ("evaluation", "决策后评估", "第三十七条"),
]


def _step_text(here: str, key: str, step, ctx: Context) -> tuple[Optional[str], list[str]]:
    """(date line, detail lines) of one recorded step."""
    details: list[str] = []
    if key == "participation":
        dates = f"{step.start.isoformat()} 至 {step.end.isoformat()}（{days_between(step.start, step.end)} 日，开始当日不计入）"
        if step.method:
            details.append(f"方式：{inline(step.method)}")
        if step.channels:
            details.append("征求意见渠道：" + "、".join(inline(c) for c in step.channels))
        if step.shortened_reason:
            details.append(f"缩短征求意见期限的理由：{inline(step.shortened_reason)}")
    elif key == "legality_review":
        dates = f"{step.submitted.isoformat()} 送审" + (f"，{step.completed.isoformat()} 完成" if step.completed else "，审查中")
        details.append(f"审查机构：{inline(step.reviewer)}")
        if step.counsel:
            details.append(f"法律顾问、公职律师参与：{inline(step.counsel)}")
        if step.shortened_reason:
            details.append(f"缩短审查期限的理由：{inline(step.shortened_reason)}")
        if step.opinion:
            details.append(f"审查意见：{inline(step.opinion)}")
    elif key == "collective_decision":
        dates = step.date.isoformat() if step.date else "日期未记载"
        details.append(f"会议：{inline(step.meeting)}" + (f"（{inline(step.session)}）" if step.session else ""))
        if step.result:
            details.append(f"结果：{inline(step.result)}")
        if step.opinion_report is not None:
            details.append("同时报送公众意见采纳情况：" + ("是" if step.opinion_report else "否"))
    else:
        dates = step.date.isoformat()
        for attribute, label in (("form", "方式"), ("summary", "情况"), ("conclusion", "结论"), ("adoption", "意见采纳情况")):
            value = getattr(step, attribute, None)
            if value:
                details.append(f"{label}：{inline(value)}")
        if getattr(step, "channels", None):
            details.append("公布渠道：" + "、".join(inline(c) for c in step.channels))
        if getattr(step, "link", None):
            details.append(external_link("查看原文", step.link))
    details += document_links(here, getattr(step, "documents", []), ctx)
    return dates, details


def timeline(here: str, record: Record, ctx: Context) -> str:
    procedure = record.model.procedure
    entries = []
    for key, title, article in STEPS:
        step = getattr(procedure, key)
        if key == "hearing":
            entries.append(_hearing_entry(here, record, ctx))
            continue
        note = getattr(procedure, f"{key}_note", None)  # why 专家论证 or 风险评估 was or was not needed
        explained = [f"说明：{inline(note)}"] if note else []
        if step is None:
            entries.append("<br>".join([f"**{title}** — {'未记载' if record.model.migrated else '暂无记录'}"] + explained
                                       + [f"<small>依据：第713号令{article}</small>"]))
            continue
        dates, details = _step_text(here, key, step, ctx)
        lines = [f"**{title}** — {dates}"] + explained + details + [f"<small>依据：第713号令{article}</small>"]
        entries.append("<br>".join(lines))
    items = "\n".join(f"{n}. {entry}" for n, entry in enumerate(entries, 1))
    return f'## 决策程序\n\n<div class="gk-timeline" markdown>\n\n{items}\n\n</div>'


def _hearing_entry(here: str, record: Record, ctx: Context) -> str:
    hearing = record.model.procedure.hearing
    linked = ctx.view.hearings_for[record.id]
    if hearing is not None:
        rows = [f"{label}：{value}" for label, value in hearing_rows(here, hearing, ctx) if value]
        return "<br>".join([f"**听证** — {date_text(hearing.date) or '日期待定'}"] + rows)
    if linked:
        links = "、".join(record_link(here, h) for h in linked)
        return f"**听证** — 见听证事项：{links}"
    if record.model.hearing_required:
        return "**听证** — 需举行听证，暂无记录"
    return "**听证** — 本事项未列入听证"


def _basis(here: str, document: Record, ctx: Context) -> str:
    validity, _ = ctx.view.validity[document.id]
    return f"{record_link(here, document, cited_document(document))}（{validity.value}）"


def current_stage(record: Record, today: dt.date) -> str:
    """Where the item stands, in words, from its recorded steps (the reader need not read the timeline)."""
    model = record.model
    status = model.current_status
    if status in (DecisionStatus.REMOVED, DecisionStatus.SUSPENDED):
        return status.value
    procedure = model.procedure
    if procedure.evaluation:
        return "已完成决策后评估"
    if procedure.implementation:
        return "决策执行中"
    if procedure.publication:
        return "决策已公布"
    if procedure.collective_decision:
        return "已集体讨论决定，待公布"
    review = procedure.legality_review
    if review and review.completed is None:
        return "合法性审查中"
    if review:
        return "合法性审查已完成，待集体讨论"
    participation = procedure.participation
    if participation and participation.end >= today:
        return "公开征求意见中"
    if participation or procedure.hearing or procedure.expert_review or procedure.risk_assessment:
        return "听取意见和论证评估阶段"
    return "未记载" if model.migrated else "尚未启动法定程序"


def stage_banner(record: Record, today: dt.date) -> str:
    model = record.model
    text = f"**当前进度：{current_stage(record, today)}**"
    undecided = model.procedure.collective_decision is None and model.current_status not in (DecisionStatus.REMOVED, DecisionStatus.SUSPENDED)
    if model.planned_completion and model.planned_completion < today and undecided:
        text += f"（已超过计划完成时间 {model.planned_completion.isoformat()}，尚未作出决策）"
    return text


def _carried_from(here: str, record: Record, ctx: Context) -> str | None:
    earlier_id = record.model.carried_from
    if earlier_id is None:
        return None
    earlier = ctx.view.find(DECISION, earlier_id)
    return record_link(here, earlier, f"{earlier.year}年目录第{earlier.model.number}项") if earlier else inline(earlier_id)


def decision_page(record: Record, ctx: Context) -> str:
    here = record_page(record)
    model = record.model
    year = ctx.view.listing_catalog(record)
    documents = [d for d in (ctx.view.find(DOCUMENT, i) for i in model.produced_documents) if d]
    basis = [d for d in (ctx.view.find(DOCUMENT, i) for i in model.basis_documents) if d]
    meta = field_table([
        ("所属目录", link(f"{record.year}年重大行政决策事项目录", relative(here, year_page(DECISION_CATALOG, record.folder_year)))),
        ("序号", str(model.number)),
        ("类别", known(record, model.category.value if model.category else None)),
        ("承办单位", "、".join(inline(unit) for unit in model.lead_units)),
        ("协办单位", "、".join(inline(u) for u in model.co_units) or None),
        ("决策依据", "<br>".join(inline(b) for b in model.legal_basis) or None),
        ("依据文件", "<br>".join(_basis(here, d, ctx) for d in basis) or None),
        ("拟决策时间", inline(model.planned_time) if model.planned_time else None),
        ("计划完成时间", date_text(model.planned_completion)),
        ("上年结转", _carried_from(here, record, ctx)),
        ("是否听证", "是" if model.hearing_required else "否"),
        ("状态", f"**{status_words(record)}**"),
        ("发布日期", date_text(ctx.view.publication_date(record))),
    ])
    banner = None
    if model.current_status in (DecisionStatus.REMOVED, DecisionStatus.SUSPENDED):
        adjustments = [a for a in year.model.adjustments]
        reason = "；".join(f"{a.date.isoformat()} {inline(a.change)}：{inline(a.reason)}" for a in adjustments)
        banner = admonition("warning", f"本事项{model.status.value}", f"本事项当前状态为「{model.status.value}」。" + (f"目录调整情况：{reason}" if reason else ""))
    produced = "## 形成的规范性文件\n\n" + bullet_list(record_link(here, d, cited_document(d)) for d in documents) if documents else None
    return page(
        front_matter(model.title, f"{year.model.authority}{record.year}年重大行政决策事项"),
        breadcrumb(record),
        f"# {inline(model.title)}",
        record_notices(record),
        banner,
        stage_banner(record, ctx.view.today),
        meta,
        f"## 事项简介\n\n{inline(model.summary)}" if model.summary else None,
        timeline(here, record, ctx),
        produced,
        source_footer(here, record, ctx),
    )


def decision_catalog_page(record: Record, ctx: Context) -> str:
    here = record_page(record)
    model = record.model
    items = [r for r in ctx.view.of(DECISION) if r.year == record.year]
    comment = model.draft_comment
    meeting = model.adopted_at
    meta = field_table([
        ("制定机关", inline(model.authority)),
        ("目录草案征求意见", f"{comment.start.isoformat()} 至 {comment.end.isoformat()}" + (f"，{inline(comment.channel)}" if comment.channel else "") if comment else "暂无记录"),
        ("党委同意", date_text(model.party_approval) or known(record, None) or "暂无记录"),
        ("审议会议", f"{inline(meeting.name)}{'（' + inline(meeting.session) + '）' if meeting.session else ''}，{meeting.date.isoformat() if meeting.date else '日期未记载'}"
         if meeting else known(record, None) or "暂无记录"),
        ("发布日期", date_text(model.published)),
        ("发布链接", external_link("原发布页面", model.link) if model.link else None),
        ("说明", inline(model.note) if model.note else None),
    ])
    rows = [[str(r.model.number), record_link(here, r), inline(r.model.lead_unit), status_words(r)] for r in items]
    adjustments = None
    if model.adjustments:
        adjustment_rows = [[a.date.isoformat(), inline(a.change), inline(a.reason)] for a in model.adjustments]
        adjustments = "## 目录调整\n\n" + table(["日期", "调整内容", "理由"], adjustment_rows)
    title = f"{model.year}年重大行政决策事项目录"
    return page(
        front_matter(title, f"{model.authority}{title}"),
        f"# {title}",
        record_notices(record),
        meta,
        f"## 目录事项（共 {len(items)} 项）",
        table(["序号", "事项名称", "承办单位", "状态"], rows) if rows else "本目录暂无公开的事项。",
        adjustments,
        source_footer(here, record, ctx),
    )


def decision_entry(here: str, record: Record, ctx: Context) -> str:
    """An item's line in a listing: a function of the page and the record alone (its status is its
    own), which serve keeps while the record is the same (1,500 items listed three times at 10,000 records)."""
    return memo.of_object(("decision entry", here), record, lambda: (
        f"{record_link(here, record)}<br>{record.year}年 · {inline(record.model.lead_unit)} · {badge(record, ctx.view, status_words(record))}"))


def _year(record: Record) -> int:
    assert record.year is not None, "a decision lies in its year's folder"
    return record.year


def decision_listings(ctx: Context) -> dict[str, str]:
    records = ctx.view.of(DECISION)
    by_year, by_unit, by_status = defaultdict(list), defaultdict(list), defaultdict(list)
    for record in records:
        by_year[f"{record.year}年"].append(record)
        for unit in record.model.lead_units:  # an item several units lead is listed under each
            by_unit[unit].append(record)
        by_status[status_words(record)].append(record)
    listings = [
        Listing("decisions/index.md", "重大行政决策事项", "按年度", by_year, None, DECISION),
        Listing("decisions/by-unit.md", "重大行政决策事项（按承办单位）", "按承办单位", by_unit, None, DECISION, year_of=_year),
        Listing("decisions/by-status.md", "重大行政决策事项（按状态）", "按状态", by_status, [s.value for s in DecisionStatus] + [UNRECORDED_TEXT], DECISION,
                year_of=_year),
    ]
    catalogs = bullet_list(
        link(f"{r.year}年重大行政决策事项目录", relative("decisions/index.md", record_page(r))) for r in ctx.view.of(DECISION_CATALOG)
    )
    years = [r.folder_year for r in ctx.view.of(DECISION_CATALOG)]
    latest = max(years) if years else None
    this_year = ctx.view.today.year
    gap = (f"\n\n**{this_year}年重大行政决策事项目录尚未公布。**" + (f"目前最新的是{latest}年目录。" if latest else "")
           if latest is None or latest < this_year else "")
    intro = ("依照《重大行政决策程序暂行条例》（国务院令第713号），决策机关每年编制并公布重大行政决策事项目录，"
             f"并公开每个事项的法定程序履行情况。共 {len(records)} 个事项。{gap}\n\n**年度目录：**\n\n{catalogs}")
    pages: dict[str, str] = {}
    for listing in listings:
        pages.update(grouped_listing(listing, listings, lambda here, r: decision_entry(here, r, ctx), intro))
    return pages


def decision_pages(ctx: Context) -> dict[str, str]:
    pages = decision_listings(ctx)
    for record in ctx.view.of(DECISION_CATALOG):
        pages[record_page(record)] = decision_catalog_page(record, ctx)
    for decision in ctx.view.of(DECISION):
        pages[record_page(decision)] = rendered("decision page", decision, ctx, functools.partial(decision_page, decision))
    return pages
