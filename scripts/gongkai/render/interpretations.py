"""政策解读: a page for each interpretation written in the catalog (linking back
to its document, which links to it), and the 政策解读 column listing them all."""
from __future__ import annotations

import functools
from collections import defaultdict

from .. import memo
from ..paths import interpretation_page_path
from ..view import PublicInterpretation
from .list_data import INTERPRETATIONS
from .listing import Listing, grouped_listing
from .markdown import body, external_link, field_table, front_matter, inline, link, page, relative
from .parts import Context, bullet_list, cited_document, date_text, file_link, record_link, record_notices
from .reuse import rendered

LISTING = "interpretations/index.md"


def interpretation_link(here: str, entry: PublicInterpretation) -> str:
    """To its page on this site, or to where it is published elsewhere."""
    if entry.has_page:
        return link(entry.model.title, relative(here, interpretation_page_path(entry)))
    assert entry.model.link  # validation: an interpretation without a page of its own has a link
    return external_link(entry.model.title, entry.model.link)


def _date(entry: PublicInterpretation, ctx: Context):
    return entry.model.date or ctx.view.publication_date(entry.document)


def interpretation_page(entry: PublicInterpretation, ctx: Context) -> str:
    here = interpretation_page_path(entry)
    document = entry.document
    validity, _ = ctx.view.validity[document.id]
    meta = field_table([
        ("解读的文件", record_link(here, document, cited_document(document))),
        ("文件有效性", f"**{validity.value}**"),
        ("解读机关", inline(entry.model.author or document.model.issuer)),
        ("发布日期", date_text(entry.model.date)),
        ("其他网站", external_link("查看", entry.model.link) if entry.model.link else None),
    ])
    return page(
        front_matter(entry.model.title, f"政策解读：{document.model.title}"),
        f"# {inline(entry.model.title)}",
        record_notices(document),
        meta,
        body(entry.model.content) if entry.model.content else None,
        ("## 解读文件\n\n" + bullet_list(file_link(here, a.file, a.title, ctx) for a in entry.model.attachments)
         if entry.model.attachments else None),
        f"阅读文件全文：{record_link(here, document, cited_document(document))}",
    )


def _entry(here: str, entry: PublicInterpretation, ctx: Context) -> str:
    """Its line in the listing. serve keeps it while its document is the same public record (whose
    interpretations, numbers included, are then the same) and the date is (4,000 lines at 10,000 records)."""
    day = _date(entry, ctx)
    return memo.of_object(("interpretation entry", here, entry.number, day), entry.document,
                          lambda: _entry_text(here, entry, day))


def _entry_text(here: str, entry: PublicInterpretation, day) -> str:
    document = entry.document
    return (f"{interpretation_link(here, entry)}<br>{date_text(day)} · "
            f"解读 {record_link(here, document, cited_document(document))}")


def _page(entry: PublicInterpretation, ctx: Context) -> str:
    """Its page; serve keeps it as it keeps a record's page (the document is the same public record and
    the view answers alike). Not kept in a cache folder: rendering one costs less than checking a kept one."""
    return rendered(("interpretation page", entry.number), entry.document, ctx,
                    functools.partial(interpretation_page, entry), kept=False)


def interpretation_pages(ctx: Context) -> dict[str, str]:
    entries = sorted(ctx.view.interpretations, key=lambda e: (_date(e, ctx), e.document.id, e.number), reverse=True)
    pages = {interpretation_page_path(e): _page(e, ctx) for e in entries if e.has_page}
    by_year = defaultdict(list)
    for entry in entries:
        by_year[f"{_date(entry, ctx).year}年"].append(entry)
    listing = Listing(LISTING, "政策解读", "按发布年度", by_year, None, filterable=INTERPRETATIONS)
    intro = (f"本栏目公开行政规范性文件的政策解读，共 {len(entries)} 篇。每篇解读链接到所解读的文件，"
             "文件页面也列出它的全部解读。")
    pages.update(grouped_listing(listing, [listing], lambda here, e: _entry(here, e, ctx), intro))
    return pages
