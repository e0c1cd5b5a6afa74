"""Stage 6, render: a SiteView -> Markdown pages (path -> text), no I/O (a forked child's hand-back aside)."""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional

from .. import forked, memo
from ..load import FileInfo
from ..records import Record
from ..view import SiteView
from .decisions import decision_pages
from .documents import document_listings, document_page
from .hearings import hearing_pages
from ..cachestore import BuildCache, StoredText
from ..compliance.report import StaffReport
from .compliance_page import PAGE as COMPLIANCE_PAGE, compliance_page
from .data_page import DCAT_FILE, PAGE as DATA_PAGE, data_page, dcat_catalog
from .feed_pages import feed_page, feed_page_path
from .list_data import list_files
from .fields import PAGE as FIELDS_PAGE, fields_page
from .rules_page import PAGE as RULES_PAGE, rules_page
from ..opendata.exports import ExportFile, export_files
from ..opendata.feeds import Feed, feeds, last_changes
from ..opendata.schemas import export_schema, schema_path
from .home import about_page, home_page
from .interpretations import interpretation_pages
from .parts import Context, record_page, source_path
from .kept import KeptRenders
from .reuse import rendered
from .source import source_files
from .reports import report_pages
from ..search.site import PAGES_FILE
from ..spool import IN_MEMORY, IN_PIECES, Content, Keeper, Spool, Spooled
from .search_page import PAGE as SEARCH_PAGE, page_infos, search_page
from ..kinds import ALL_KINDS, ANNUAL, DECISION, DECISION_CATALOG, DOCUMENT, HEARING, HEARING_CATALOG, HEARING_LIST, REPORT, Kind
from ..annual.outputs import report_json, report_xlsx
from ..annual.tables import document_counts
from .annual import LISTING as ANNUAL_LISTING, annual_listing, annual_page


@dataclass
class RenderedSite:
    pages: dict[str, str | Spooled | StoredText]  # docs-tree path -> Markdown (Spooled: written to the build's spool;
    # StoredText: a kept page's, in the build's cache folder)
    copies: dict[str, FileInfo | str]  # docs-tree path -> a checked attachment to copy
    files: dict[str, Content] = field(default_factory=dict)  # docs-tree path -> generated file (data, feeds, record data)


Pages = Iterable[tuple[str, str]]  # (docs-tree path, Markdown), a page at a time


def _document_pages(ctx: Context) -> Pages:
    """Made one at a time: a build spools each record page as it comes, rather than holding every
    document's Markdown at once (measured at 30,000 records on one core: 197 MiB, the build's peak)."""
    yield from document_listings(ctx).items()
    for record in ctx.view.of(DOCUMENT):
        yield record_page(record), rendered("document page", record, ctx, functools.partial(document_page, record))
    yield from interpretation_pages(ctx).items()


def _annual_pages(ctx: Context) -> Pages:
    """Each year's 政府信息公开工作年度报告 page, and their listing."""
    for record in ctx.view.of(ANNUAL):
        yield record_page(record), annual_page(record, document_counts(ctx.view, record.model), ctx)
    yield ANNUAL_LISTING, annual_listing(ctx)


def _each(render: Callable[[Context], dict[str, str]]) -> Callable[[Context], Pages]:
    return lambda ctx: render(ctx).items()


# The pages of every kind: (the kinds a function renders, the function). Year
# catalogs and their items share their listing pages.
RENDERERS: tuple[tuple[tuple[Kind, ...], Callable[[Context], Pages]], ...] = (
    ((DECISION_CATALOG, DECISION), _each(decision_pages)),
    ((HEARING_CATALOG, HEARING, HEARING_LIST), _each(hearing_pages)),
    ((DOCUMENT,), _document_pages),
    ((REPORT,), _each(report_pages)),
    ((ANNUAL,), _annual_pages),
)


# Below this many records a second process saves less than it costs.
FORK_FROM_RECORDS = 500
# The records' data files are shared out between the child and this process in runs of this many
# (Shared): about 20 ms of work each at 10,000 records.
SOURCES_RUN = 100


def render_site(view: SiteView, files: dict[str, FileInfo], report: StaffReport | None = None,
                second_core: bool = False, spool: Optional[Spool] = None, cache: Optional[BuildCache] = None
                ) -> RenderedSite:
    """`report`: findings and deadlines for the staff report page (only those of public records are shown).
    `second_core`: a forked child makes the data files (exports, feeds, record files) meanwhile.
    `spool`: the record pages and data files are written there as they are made, not kept in memory.
    `cache`: a build's cache folder, where the records' data files (source.source_files) and pages
    (kept.py) are kept."""
    forking = second_core and not memo.enabled() and len(view.records) >= FORK_FROM_RECORDS  # serve's reuse lives here
    in_memory = IN_PIECES if memo.enabled() else IN_MEMORY  # serve writes the pieces out itself (pagecache/preview.py)
    # The records' data files: the child makes them from the first record on once its other files are
    # made, this process from the last record on once its pages are (with a cache folder, with the hashes
    # its kept pages hold), until they meet.
    records = list(view.records)
    sources = forked.Shared(records, SOURCES_RUN)
    forking = forking and sources.between_processes
    with forked.child(functools.partial(data_files, view, spool or in_memory, cache, sources.from_front), fork=forking) as made:
        ctx = Context(view=view, files=files, kept=KeptRenders(cache) if cache is not None else None)
        pages: dict[str, str | Spooled | StoredText] = {"index.md": home_page(ctx), "about.md": about_page(ctx), FIELDS_PAGE: fields_page(),
                                           RULES_PAGE: rules_page()}
        for _, renderer in RENDERERS:
            for path, text in renderer(ctx):
                if isinstance(text, StoredText):  # a kept page: its Markdown stays in the store until asked for
                    pages[path] = text if spool else text.read().decode("utf-8")
                else:
                    pages[path] = spool.pack(text.encode("utf-8")) if spool else text
        pages[SEARCH_PAGE] = search_page()
        changed = last_changes(view)
        pages.update({feed_page_path(kind): feed_page(view, kind, changed) for kind in ALL_KINDS})
        pages[PAGES_FILE] = page_infos(view)
        pages[COMPLIANCE_PAGE] = compliance_page(view, report or StaffReport())
        own_sources = source_files(sources.from_back(), spool or in_memory, cache,
                                   ctx.kept.public_digest if ctx.kept is not None else None)
        data = made()
    pages[DATA_PAGE] = data_page(view, data.exports, data.feeds)
    generated = data.open_data
    generated.update(data.annual)
    generated.update(ctx.generated)
    generated.update(data.lists)
    made_sources = data.sources | own_sources
    generated.update((path, made_sources[path]) for path in map(source_path, records))  # (in the records' order)
    return RenderedSite(pages=pages, copies=dict(ctx.copies), files=generated)


@dataclass
class DataFiles:
    """The site's files made from the view alone, not from its pages."""

    exports: list[ExportFile]
    feeds: list[Feed]
    open_data: dict[str, Content]  # exports, their schemas, feeds and the DCAT catalog
    annual: dict[str, Content]
    lists: dict[str, Content]  # the filterable listings' data
    sources: dict[str, Content]  # every public record's data file, whatever its renderer (its page's footer links to it)


def data_files(view: SiteView, keeper: Keeper = IN_MEMORY, cache: Optional[BuildCache] = None,
               sourced: Optional[Callable[[], Iterable[Record]]] = None) -> DataFiles:
    """`keeper`: where each file goes as soon as it is made; `cache`: see render_site; `sourced`: the
    records whose data files are made here, asked for once the other files are made (default: every record)."""
    exports, atom, open_files = open_data(view, keeper)
    return DataFiles(exports, atom, open_files,
                     {path: keeper.keep(data) for path, data in annual_files(view).items()},
                     {path: keeper.keep(data) for path, data in list_files(view).items()},
                     source_files(view.records if sourced is None else sourced(), keeper, cache))


def annual_files(view: SiteView) -> dict[str, bytes]:
    """Each year's 政府信息公开工作年度报告 tables as XLSX and JSON."""
    files = {}
    for record in view.of(ANNUAL):
        documents = document_counts(view, record.model)
        files[f"annual/{record.id}.xlsx"] = report_xlsx(record, documents, view.today)
        files[f"annual/{record.id}.json"] = report_json(record, documents)
    return files


def open_data(view: SiteView, keeper: Keeper = IN_MEMORY) -> tuple[list[ExportFile], list[Feed], dict[str, Content]]:
    """Exports, their schemas, feeds and the DCAT catalog; `keeper` takes each file as it is made."""
    base_url = view.site.url or ""
    exports = export_files(view, keeper)
    atom = feeds(view, base_url)
    files: dict[str, Content] = {e.path: e.data for e in exports}
    kinds = [e.kind for e in exports if e.kind and e.form == "json"]
    for kind in kinds + [None]:
        files[schema_path(kind)] = keeper.keep(export_schema(kind, kinds).encode("utf-8"))
    files.update({f.path: keeper.keep(f.data) for f in atom})
    files[DCAT_FILE] = keeper.keep(dcat_catalog(view, exports, base_url).encode("utf-8"))
    return exports, atom, files
