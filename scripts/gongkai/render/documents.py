"""行政规范性文件 pages: one per document, plus listings by year, issuer and 有效性."""
from __future__ import annotations

from collections import defaultdict

from .. import memo
from ..kinds import DOCUMENT
from ..model.document import IN_EFFECT, REGISTER_ORDER, REGISTER_WORDS, Validity, validity_label
from ..records import Record
from .interpretations import interpretation_link
from .current_text import current_text
from .list_data import badge
from .listing import Listing, grouped_listing
from .markdown import admonition, body, external_link, front_matter, inline, meta_block, page, table
from .parts import (
    breadcrumb,
    Context,
    bullet_list,
    cited_document,
    date_text,
    document_links,
    file_link,
    known,
    record_link,
    record_page,
    record_notices,
    source_footer,
)

_BANNER = {
    Validity.NOT_YET: ("info", "本文件尚未施行"),
    Validity.AMENDED: ("warning", "本文件已被修改，修改后继续有效"),
    Validity.REPEALED: ("danger", "本文件已废止"),
    Validity.EXPIRED: ("danger", "本文件已失效"),
}


def status_banner(here: str, record: Record, ctx: Context) -> str | None:
    validity, since = ctx.view.validity[record.id]
    if validity is Validity.IN_FORCE:
        return None
    kind, title = _BANNER[validity]
    view = ctx.view
    causes = view.amended_by[record.id] if validity is Validity.AMENDED else view.repealed_by[record.id] + view.replaced_by[record.id]
    text = (f"自 {since.isoformat()} 起，" if since and validity is not Validity.NOT_YET else "") + f"本文件的有效性为「{validity_label(validity)}」。"
    if causes:
        text += "相关文件：" + "、".join(record_link(here, cause, cited_document(cause)) for cause in causes) + "。"
    if validity is Validity.EXPIRED and record.model.expires:  # else lapsed as a migrated register records it
        text += f"有效期至 {record.model.expires.isoformat()}。"
    if validity is Validity.AMENDED:
        text += "本文件按修改后的内容继续有效，请结合修改文件阅读。"
    elif validity is Validity.NOT_YET:
        text += f"本文件自 {record.model.effective.isoformat()} 起施行。"
    else:
        current = current_successor(record, ctx)
        if current is not None:
            text = f"**现行有效的是：{record_link(here, current, cited_document(current))}。** " + text
        elif _successors(record, ctx):
            text += "接替本文件的文件也已不再有效，本站目录中没有现行的接替文件。"
        text += "本页保留供查阅，本文件不再作为现行依据。"
    return admonition(kind, title, text)


def _successors(record: Record, ctx: Context) -> list[Record]:
    """Documents that took this one's place: those replacing it, and a revision of it (an
    amending document of the same title, i.e. the 办法 issued again as amended)."""
    view = ctx.view
    revisions = [r for r in view.amended_by[record.id] if r.model.title == record.model.title]
    return view.replaced_by[record.id] + revisions


def current_successor(record: Record, ctx: Context) -> Record | None:
    """The document in force now in this one's place, following successors of successors."""
    seen = {record.id}
    frontier = _successors(record, ctx)
    while frontier:
        candidate = frontier.pop(0)
        if candidate.id in seen:
            continue
        seen.add(candidate.id)
        if ctx.view.validity[candidate.id][0] in IN_EFFECT:
            return candidate
        frontier += _successors(candidate, ctx)
    return None


def document_page(record: Record, ctx: Context) -> str:
    here = record_page(record)
    model = record.model
    validity, _ = ctx.view.validity[record.id]
    amenders = ctx.view.amended_by[record.id]
    meta = meta_block([
        ("文号", inline(model.doc_number)),
        ("有效性", f"**{validity_label(validity)}**"),
        ("发布机构", "、".join(inline(issuer) for issuer in model.issuers)),
        ("发布日期", date_text(ctx.view.publication_date(record))),
        ("施行日期", known(record, date_text(model.effective))),
        ("修改文件", "、".join(record_link(here, cause, cited_document(cause)) for cause in amenders) or None),
    ], [
        ("索引号", known(record, inline(model.index_number) if model.index_number else None)),
        ("主题分类", known(record, inline(model.topic) if model.topic else None)),
        ("成文日期", known(record, date_text(model.written))),
        ("有效期至", date_text(model.expires) or known(record, None) or "未规定"),
        ("统一登记号", known(record, inline(model.registration) if model.registration else None)),
        ("起草单位", inline(model.drafter) if model.drafter else None),
    ])
    return page(
        # The 文号 in the page title tells two documents of the same title apart in tabs, results and bookmarks.
        front_matter(f"{model.title}（{model.doc_number}）", f"{model.doc_number} {model.issuer}"),
        breadcrumb(record),
        f"# {inline(model.title)}",
        record_notices(record),
        status_banner(here, record, ctx),
        meta,
        current_text(here, record, ctx) or "## 正文\n\n" + (body(model.text) if model.text is not None else _no_text(record)),
        _attachments(here, record, ctx),
        _making(here, record, ctx),
        _versions(here, record, ctx),
        _relations(here, record, ctx),
        _history(here, record, ctx),
        _cleanups(record),
        source_footer(here, record, ctx),
    )


def _no_text(record: Record) -> str:
    """A migrated document whose source register carried no full text."""
    source = record.model.provenance.source if record.model.provenance else None
    where = f"请查阅原发布页面：{external_link(source, source)}" if source and source.startswith(("http://", "https://")) else "请向发布机构查询原文"
    return f"原登记未收录本文件全文（未记载）。{where}。"


def _attachments(here: str, record: Record, ctx: Context) -> str | None:
    items = [file_link(here, a.file, a.title, ctx) for a in record.model.attachments]
    items += [f"{link}（原发布网站）" for link in document_links(here, record.model.original_attachments, ctx)]
    return "## 附件\n\n" + bullet_list(items) if items else None


def _making(here: str, record: Record, ctx: Context) -> str:
    model = record.model
    lines = []
    if model.public_comment:
        comment = model.public_comment
        text = f"{comment.start.isoformat()} 至 {comment.end.isoformat()}"
        if comment.channel:
            text += f"，渠道：{inline(comment.channel)}"
        if comment.link:
            text += f"（{external_link('征求意见公告', comment.link)}）"
        lines.append(f"- **公开征求意见**：{text}")
    check = model.legality_check
    if check:
        text = f"{check.date.isoformat()}，{inline(check.reviewer)}"
        if check.opinion:
            text += f"：{inline(check.opinion)}"
        lines.append(f"- **合法性审核**：{text}")
    else:
        lines.append(f"- **合法性审核**：{known(record, None) or '暂无记录'}")
    interpretations = ctx.view.interpretations_of.get(record.id, [])
    for entry in interpretations:
        suffix = f"（{entry.model.date.isoformat()}）" if entry.model.date else ""
        lines.append(f"- **政策解读**：{interpretation_link(here, entry)}{suffix}")
    if not interpretations:
        lines.append(f"- **政策解读**：{known(record, None) or '暂无'}")
    parts = ["## 制定与备案", "\n".join(lines)]
    if model.filings:
        rows = [[inline(f.recipient), f.date.isoformat(), inline(f.number or "—")] for f in model.filings]
        parts.append(table(["备案机关", "报送日期", "备案号"], rows))
    else:
        parts.append(f"备案：{known(record, None) or '暂无记录'}。")
    return "\n\n".join(parts)


def _relations(here: str, record: Record, ctx: Context) -> str | None:
    view = ctx.view
    relations = record.model.relations
    lines = []
    for label, ids in (("本文件修改了", relations.amends), ("本文件废止了", relations.repeals), ("本文件替代了", relations.replaces),
                       ("制定依据", relations.based_on)):
        for target in filter(None, (view.find(DOCUMENT, i) for i in ids)):
            lines.append(f"{label}：{record_link(here, target, cited_document(target))}")
    for outside in relations.repeals_outside:
        number = f"（{inline(outside.doc_number)}）" if outside.doc_number else ""
        lines.append(f"本文件废止了：《{inline(outside.title)}》{number}（不在本目录中）")
    for cause in view.amended_by[record.id]:
        lines.append(f"本文件被修改：{record_link(here, cause, cited_document(cause))}")
    for cause in view.repealed_by[record.id]:
        lines.append(f"本文件被废止：{record_link(here, cause, cited_document(cause))}")
    for cause in view.replaced_by[record.id]:
        lines.append(f"本文件被替代：{record_link(here, cause, cited_document(cause))}")
    for citing in view.cited_as_basis_by[record.id]:
        text = cited_document(citing) if citing.kind is DOCUMENT else None
        lines.append(f"以本文件为依据：{record_link(here, citing, text)}")
    for decision in view.produced_by[record.id]:
        lines.append(f"来源于重大行政决策：{record_link(here, decision)}")
    return "## 相关文件\n\n" + bullet_list(lines) if lines else None


def _versions(here: str, record: Record, ctx: Context) -> str | None:
    """The document's version chain, oldest first: what it replaced or revised, itself, the
    documents that amended it, and what replaced it, each with its date and present status."""
    view = ctx.view
    relations = record.model.relations
    replaced = [d for d in (view.find(DOCUMENT, i) for i in relations.replaces) if d]
    revised = [d for d in (view.find(DOCUMENT, i) for i in relations.amends) if d and d.model.title == record.model.title]
    earlier = replaced + revised
    later = view.amended_by[record.id] + view.replaced_by[record.id]
    if not earlier and not later:
        return None

    def line(document: Record, role: str) -> str:
        status = validity_label(view.validity[document.id][0])
        shown = f"**{inline(document.model.doc_number)}**" if document is record else record_link(here, document, cited_document(document))
        return f"{date_text(view.publication_date(document))} · {role} · {shown}（{status}）"

    chain = [line(d, "原文件") for d in sorted(earlier, key=lambda d: view.published(d))]
    chain.append(line(record, "本文件"))
    chain += [line(d, "修改" if d in view.amended_by[record.id] else "替代") for d in sorted(later, key=lambda d: view.published(d))]
    return "## 版本沿革\n\n" + "\n".join(f"{n}. {entry}" for n, entry in enumerate(chain, 1))


def _history(here: str, record: Record, ctx: Context) -> str:
    rows = []
    for change in record.model.history:  # the public view's: changes still to come are not in it
        cause = ctx.view.find(DOCUMENT, change.by) if change.by else None
        day = change.date.isoformat() if change.date else "未记载"
        basis = record_link(here, cause, cause.model.doc_number) if cause else ("未记载" if record.model.migrated and not change.note else "—")
        rows.append([day, validity_label(change.status), basis, inline(change.note or "—")])
    validity, since = ctx.view.validity[record.id]
    if validity is Validity.EXPIRED and not any(r[1] == validity_label(validity) for r in rows):
        rows.append([since.isoformat() if since else "未记载", validity_label(validity), "—", "超过有效期自动失效"])
    if not rows:
        return "## 有效性变化\n\n原登记未记载有效性变化。"
    return "## 有效性变化\n\n" + table(["日期", "有效性", "依据", "说明"], rows)


def _cleanups(record: Record) -> str | None:
    cleanups = record.model.cleanups
    if not cleanups:
        return None
    rows = [[inline(c.batch), c.date.isoformat() if c.date else "未记载", c.result.value, inline(c.note or "—")] for c in cleanups]
    return "## 清理情况\n\n" + table(["清理批次", "日期", "结果", "说明"], rows)


def document_entry(here: str, record: Record, ctx: Context) -> str:
    """A document's line in a listing: a function of the page, the record and what the view says of
    its validity, publication date and amenders. serve keeps it while those are the same (each of
    8,000 documents is listed three times on every rebuild at 10,000 records)."""
    validity, _ = ctx.view.validity[record.id]
    published = ctx.view.publication_date(record)
    amenders = tuple(a.model.doc_number for a in ctx.view.amended_by[record.id])
    return memo.of_object(("document entry", here, validity, published, amenders), record,
                          lambda: _document_entry(here, record, ctx, validity, published, amenders))


def _document_entry(here: str, record: Record, ctx: Context, validity: Validity, published, amenders: tuple) -> str:
    status = badge(record, ctx.view, REGISTER_WORDS[validity])
    if amenders:  # in force as amended: say by which documents, as the register's 备注 does
        status += "（经 " + "、".join(inline(number) for number in amenders) + " 修改）"
    return f"{record_link(here, record)}<br>{inline(record.model.doc_number)} · {date_text(published)} · {status}"


def document_listings(ctx: Context) -> dict[str, str]:
    records = sorted(ctx.view.of(DOCUMENT), key=lambda r: (ctx.view.published(r), r.id), reverse=True)
    by_year, by_issuer, by_status = defaultdict(list), defaultdict(list), defaultdict(list)
    for record in records:
        by_year[f"{ctx.view.published(record).year}年"].append(record)
        for issuer in record.model.issuers:  # a jointly issued document is listed under each issuer
            by_issuer[issuer].append(record)
        by_status[REGISTER_WORDS[ctx.view.validity[record.id][0]]].append(record)
    status_order = list(REGISTER_ORDER)

    def published_year(record: Record) -> int:
        return ctx.view.published(record).year

    listings = [
        Listing("documents/index.md", "行政规范性文件", "按发布年度", by_year, None, DOCUMENT),
        Listing("documents/by-issuer.md", "行政规范性文件（按发布机构）", "按发布机构", by_issuer, None, DOCUMENT, year_of=published_year),
        Listing("documents/by-status.md", "行政规范性文件（按有效性）", "按有效性", by_status, status_order, DOCUMENT, year_of=published_year),
    ]
    pages: dict[str, str] = {}
    for listing in listings:
        pages.update(grouped_listing(listing, listings, lambda here, r: document_entry(here, r, ctx), _intro(records)))
    return pages


def _intro(records: list[Record]) -> str:
    return (f"本栏目公开本级政府及其部门制定的行政规范性文件，共 {len(records)} 件。"
            "每件文件列出文号、发布日期和当前有效性（有效、失效、废止；经修改后继续有效的注明修改文件）；已废止或已失效的文件仍保留原页面供查阅。")

