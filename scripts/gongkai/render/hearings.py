"""听证 pages: yearly 听证目录, hearing items, and hearings held within decisions."""
from __future__ import annotations

import functools

from ..kinds import DECISION, HEARING, HEARING_CATALOG, HEARING_LIST
from ..model.hearing import Hearing, MaterialRole
from ..records import Record
from .list_data import list_mount
from .reuse import rendered
from .markdown import external_link, field_table, front_matter, inline, link, page, relative, table
from .parts import (
    breadcrumb,
    status_words,
    Context,
    UNRECORDED_TEXT,
    bullet_list,
    date_text,
    document_links,
    record_link,
    record_page,
    record_notices,
    source_footer,
    year_page,
)


def hearing_rows(here: str, hearing: Hearing, ctx: Context) -> list[tuple[str, str | None]]:
    """The facts of one hearing, in the order they happen, each step with its files."""
    def step(fact: str | None, *roles: MaterialRole) -> str | None:
        files = [f for role in roles for f in document_links(here, hearing.materials(role), ctx)]
        return "<br>".join(([fact] if fact else []) + files) or None

    return [
        ("组织单位", inline(hearing.organiser) if hearing.organiser else UNRECORDED_TEXT),  # None only when migrated
        ("听证公告", step(_dated_link(hearing.notice_date, hearing.notice_link, "听证公告"), MaterialRole.NOTICE)),
        ("参加人遴选办法", step(inline(hearing.selection_rules) if hearing.selection_rules else None, MaterialRole.SELECTION)),
        ("遴选办法公布", date_text(hearing.selection_published)),
        ("参加人名单", step(date_text(hearing.participants_published) and f"{date_text(hearing.participants_published)} 公布",
                         MaterialRole.PARTICIPANTS)),
        ("听证材料", step(date_text(hearing.materials_sent) and f"{date_text(hearing.materials_sent)} 送达参加人", MaterialRole.MATERIALS)),
        ("听证日期", date_text(hearing.date)),
        ("听证地点", inline(hearing.place) if hearing.place else None),
        ("听证笔录和报告", step(external_link("听证笔录/报告", hearing.record_link) if hearing.record_link else None,
                          MaterialRole.RECORD, MaterialRole.REPORT)),
        ("笔录经参加人签字", None if hearing.record_signed is None else ("是" if hearing.record_signed else "否")),
        ("相关文件", "<br>".join(document_links(here, hearing.materials(None), ctx)) or None),
    ]


def _dated_link(date, url, text) -> str | None:
    if not date and not url:
        return None
    parts = [date.isoformat()] if date else []
    if url:
        parts.append(external_link(text, url))
    return " ".join(parts)


def hearing_page(record: Record, ctx: Context) -> str:
    here = record_page(record)
    model = record.model
    decision = ctx.view.find(DECISION, model.decision)
    year = ctx.view.listing_catalog(record)
    rows = [
        ("所属目录", link(f"{record.year}年听证事项目录", relative(here, year_page(HEARING_CATALOG, record.folder_year)))),
        ("序号", str(model.number)),
        ("状态", f"**{status_words(record)}**"),
        ("所属决策事项", record_link(here, decision) if decision else None),
        ("发布日期", date_text(ctx.view.publication_date(record))),
    ] + hearing_rows(here, model, ctx)
    return page(
        front_matter(model.title, f"{year.model.authority} {record.year}年听证事项"),
        breadcrumb(record),
        f"# {inline(model.title)}",
        record_notices(record),
        field_table(rows),
        source_footer(here, record, ctx),
    )


def hearing_catalog_page(record: Record, ctx: Context) -> str:
    here = year_page(HEARING_CATALOG, record.folder_year)
    model = record.model
    items = [r for r in ctx.view.of(HEARING) if r.year == record.year]
    meta = field_table([
        ("制定机关", inline(model.authority)),
        ("年度", str(model.year)),
        ("发布日期", date_text(model.published)),
        ("发布链接", external_link("原发布页面", model.link) if model.link else None),
        ("说明", inline(model.note) if model.note else None),
    ])
    lines = [f"{r.model.number}. {record_link(here, r)}（状态：{status_words(r)}）" for r in items]
    title = f"{model.year}年听证事项目录"
    return page(
        front_matter(title, f"{model.authority}{title}"),
        f"# {title}",
        record_notices(record),
        meta,
        f"## 目录事项（共 {len(items)} 项）",
        "\n".join(lines) or "本目录暂无公开的事项。",
        source_footer(here, record, ctx),
    )


def hearing_list_page(record: Record, ctx: Context) -> str:
    """A standing 听证目录: its matters and their legal basis, as published."""
    here = record_page(record)
    model = record.model
    meta = field_table([
        ("制定机关", inline(model.authority)),
        ("发布日期", date_text(model.published)),
        ("发布链接", external_link("原发布页面", model.link) if model.link else None),
        ("说明", inline(model.note) if model.note else None),
    ])
    rows = [[str(number), inline(m.title), "<br>".join(inline(b) for b in m.legal_basis) or "—",
             inline(m.unit) if m.unit else "—", inline(m.note) if m.note else "—"]
            for number, m in enumerate(model.matters, start=1)]
    return page(
        front_matter(model.title, f"{model.authority} {model.title}"),
        f"# {inline(model.title)}",
        record_notices(record),
        meta,
        "以下事项在作出决策前应当依法举行听证。本目录长期有效，不分年度。",
        f"## 听证事项（共 {len(rows)} 项）",
        table(["序号", "事项", "法律依据", "承办单位", "说明"], rows),
        source_footer(here, record, ctx),
    )


def hearing_index(ctx: Context) -> str:
    here = "hearings/index.md"
    standing = [f"{record_link(here, r)}（{inline(r.model.authority)}，{r.model.published.isoformat()} 发布，共 {len(r.model.matters)} 项）"
                for r in ctx.view.of(HEARING_LIST)]
    years = [
        f"{link(f'{r.year}年听证事项目录', relative(here, year_page(HEARING_CATALOG, r.folder_year)))}"
        f"（共 {sum(1 for h in ctx.view.of(HEARING) if h.year == r.year)} 项）"
        for r in ctx.view.of(HEARING_CATALOG)
    ]
    within = [
        f"{record_link(here, d)}（{d.year}年，听证日期：{date_text(d.model.procedure.hearing.date) or '待定'}）"
        for d in ctx.view.of(DECISION)
        if d.model.procedure.hearing is not None
    ]
    return page(
        front_matter("听证事项"),
        "# 听证事项",
        "对涉及群众切身利益的重大行政决策，依法举行听证会听取意见。"
        "2024年以前按年度编制听证事项目录；自2024年起（《广东省重大行政决策程序规定》粤府令第303号），"
        "听证作为重大行政决策事项的一个程序，随决策事项公开。",
        "## 常设听证事项目录",
        "列明哪些类别的事项应当举行听证及其法律依据，长期有效。",
        bullet_list(standing) or "暂无公开的常设听证事项目录。",
        "## 年度听证事项目录",
        bullet_list(years) or "暂无公开的听证事项目录。",
        "## 按条件查找听证事项" if ctx.view.of(HEARING) else None,
        list_mount(here, HEARING.key) if ctx.view.of(HEARING) else None,
        "## 随重大行政决策事项举行的听证",
        bullet_list(within) or "暂无。",
    )


def hearing_pages(ctx: Context) -> dict[str, str]:
    pages = {"hearings/index.md": hearing_index(ctx)}
    for record in ctx.view.of(HEARING_CATALOG):
        pages[year_page(HEARING_CATALOG, record.folder_year)] = hearing_catalog_page(record, ctx)
    for hearing in ctx.view.of(HEARING):
        pages[record_page(hearing)] = rendered("hearing page", hearing, ctx, functools.partial(hearing_page, hearing))
    for standing in ctx.view.of(HEARING_LIST):
        pages[record_page(standing)] = hearing_list_page(standing, ctx)
    return pages

