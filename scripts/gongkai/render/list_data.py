"""The rows a column's filterable listing shows, as a small JSON file per column.

A column's index page carries a mount point for docs/assets/listing/listing.js:
with JavaScript the reader combines filters (year, unit, status, 主题分类, 类别),
sorts by date, pages through the rows and downloads exactly the rows shown as
CSV or XLSX; the filter state lives in the page address. Without JavaScript the
mount point is a link to this file and the page stays a plain paged listing
(listing.py). The columns, their headings and which ones filter are written
once here; the script is generic.
"""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from typing import Any, Callable, Optional, Union

from .. import memo
from ..kinds import DECISION, DOCUMENT, HEARING, Kind
from ..model.decision import DecisionStatus
from ..model.document import Validity, validity_label
from ..model.hearing import HearingStatus
from ..paths import interpretation_page_path, record_url
from ..records import Record
from ..view import PublicInterpretation, SiteView
from .markdown import link, relative
from .parts import UNRECORDED_TEXT, known, status_words

LIST_DIR = "lists"  # not data/: these are the listings' own rows, not published datasets
Cell = Union[str, list[str], None]
INTERPRETATIONS = "interpretations"  # the 政策解读 column: not a kind, the documents' interpretations


@dataclass(frozen=True)
class ListColumn:
    heading: str
    value: Callable[[Any, SiteView], Cell]  # of a record, or of what the column lists
    key: Optional[str] = None  # set: the column filters, under this name in the page address
    role: str = ""  # title (links to the page) | date (sorts) | status (a coloured badge)


# Each status and its badge tone: in force or done (ok), under way or pending (info), no longer
# current (off); 未记载 is "none". The badge always carries the word too, never colour alone.
_TONES = {
    Validity.IN_FORCE: "ok", Validity.AMENDED: "ok", Validity.NOT_YET: "info", Validity.REPEALED: "off", Validity.EXPIRED: "off",
    DecisionStatus.PLANNED: "info", DecisionStatus.IN_PROGRESS: "info", DecisionStatus.DECIDED: "ok",
    DecisionStatus.PUBLISHED: "ok", DecisionStatus.SUSPENDED: "off", DecisionStatus.REMOVED: "off",
    HearingStatus.PLANNED: "info", HearingStatus.NOTIFIED: "info", HearingStatus.HELD: "ok", HearingStatus.CANCELLED: "off",
}


def status_tone(record: Record, view: SiteView) -> str:
    status = view.validity[record.id][0] if record.kind is DOCUMENT else record.model.current_status
    return _TONES[status] if status is not None else "none"


def badge(record: Record, view: SiteView, words: str) -> str:
    """A status as the listings show it: its words (escaped by the caller) on a tinted ground."""
    return f'<span class="gk-badge gk-badge-{status_tone(record, view)}">{words}</span>'


def _date(record: Record, view: SiteView) -> Cell:
    published = view.publication_date(record)
    return published.isoformat() if published else None


def _year(record: Record, view: SiteView) -> Cell:
    published = view.publication_date(record)
    return f"{record.year}年" if record.kind.yearly else (f"{published.year}年" if published else UNRECORDED_TEXT)


def _validity(record: Record, view: SiteView) -> Cell:
    return validity_label(view.validity[record.id][0])


def _optional(attribute: str) -> Callable[[Record, SiteView], Cell]:
    """A fact some records lack: 未记载 when a migrated record's source did not record it."""
    def read(record: Record, view: SiteView) -> Cell:
        value = getattr(record.model, attribute)
        return known(record, value.value if hasattr(value, "value") else value)
    return read


def _title(record: Record, view: SiteView) -> Cell:
    return record.model.title


def _interpretation_date(entry: PublicInterpretation, view: SiteView) -> Cell:
    day = entry.model.date or view.publication_date(entry.document)
    return day.isoformat() if day else None


def _interpretation_address(entry: PublicInterpretation) -> str:
    """Its page here, or where it is published elsewhere (the listing marks that as leaving the site)."""
    if entry.has_page:
        return interpretation_page_path(entry)[: -len(".md")] + "/"
    assert entry.model.link  # validation: an interpretation without a page of its own has a link
    return entry.model.link


@dataclass(frozen=True)
class ListSource:
    """A column's filterable listing: its rows, their columns, each row's address and badge tone."""

    key: str  # names its data file, lists/<key>.json
    title: str
    columns: tuple[ListColumn, ...]
    items: Callable[[SiteView], list]
    address: Callable[[Any], str]  # page address relative to the site root, or an absolute link elsewhere
    tone: Callable[[Any, SiteView], str]


def _records(kind: Kind, columns: tuple[ListColumn, ...]) -> ListSource:
    return ListSource(kind.key, kind.label, columns, lambda view: list(view.of(kind)), record_url, status_tone)


SOURCES: dict[str, ListSource] = {source.key: source for source in (
    _records(DOCUMENT, (
        ListColumn("标题", _title, role="title"),
        ListColumn("文号", lambda r, v: r.model.doc_number),
        ListColumn("发布机构", lambda r, v: list(r.model.issuers), key="issuer"),
        ListColumn("发布日期", _date, role="date"),
        ListColumn("年度", _year, key="year"),
        ListColumn("有效性", _validity, key="status", role="status"),
        ListColumn("主题分类", _optional("topic"), key="topic"),
    )),
    _records(DECISION, (
        ListColumn("标题", _title, role="title"),
        ListColumn("年度", _year, key="year"),
        ListColumn("承办单位", lambda r, v: list(r.model.lead_units), key="unit"),
        ListColumn("类别", _optional("category"), key="category"),
        ListColumn("状态", lambda r, v: status_words(r), key="status", role="status"),
        ListColumn("发布日期", _date, role="date"),
    )),
    _records(HEARING, (
        ListColumn("标题", _title, role="title"),
        ListColumn("年度", _year, key="year"),
        ListColumn("组织单位", _optional("organiser"), key="unit"),
        ListColumn("状态", lambda r, v: status_words(r), key="status", role="status"),
        ListColumn("发布日期", _date, role="date"),
    )),
    ListSource(INTERPRETATIONS, "政策解读", (
        ListColumn("标题", lambda e, v: e.model.title, role="title"),
        ListColumn("解读的文件", lambda e, v: f"{e.document.model.title}（{e.document.model.doc_number}）"),
        ListColumn("解读机关", lambda e, v: e.model.author or e.document.model.issuer, key="unit"),
        ListColumn("发布日期", _interpretation_date, role="date"),
        ListColumn("年度", lambda e, v: f"{(e.model.date or v.published(e.document)).year}年", key="year"),
        ListColumn("文件有效性", lambda e, v: _validity(e.document, v), key="status", role="status"),
    ), lambda view: list(view.interpretations), _interpretation_address, lambda e, v: status_tone(e.document, v)),
)}


def list_data_path(key: str) -> str:
    return f"{LIST_DIR}/{key}.json"


def list_data(view: SiteView, source: ListSource) -> bytes:
    """The column's rows, newest first: each its address, cells and badge tone."""
    date_at = next(i for i, c in enumerate(source.columns) if c.role == "date")
    rows = sorted((_row(source, item, view, date_at) for item in source.items(view)), key=lambda row: row[:2], reverse=True)
    head = _compact({"title": source.title, "columns": [{"heading": c.heading, "key": c.key, "role": c.role} for c in source.columns]})
    # The bytes json.dumps gives for the whole document (its rows last).
    return (head[:-1] + ',"rows":[' + ",".join(encoded for _, _, encoded in rows) + "]}\n").encode("utf-8")


def _row(source: ListSource, item: Any, view: SiteView, date_at: int) -> tuple[str, str, str]:
    """(its date, its address, its encoding): the row's place in the newest-first order, and the row.
    A column asks the view only for the publication date and validity of its record (of the document,
    for an interpretation): serve keeps a row while its record is the same object and those answers are
    the same (at 10,000 records making every row took 0.2 s of each rebuild)."""
    record, number = (item.document, item.number) if isinstance(item, PublicInterpretation) else (item, 0)
    answers = (source.key, number, view.publication_date(record), view.validity.get(record.id))
    return memo.of_object(("list row", answers), record, functools.partial(_made_row, source, item, view, date_at))


def _made_row(source: ListSource, item: Any, view: SiteView, date_at: int) -> tuple[str, str, str]:
    cells = [column.value(item, view) for column in source.columns]
    address, date = source.address(item), cells[date_at]
    assert date is None or isinstance(date, str), "a date column gives its ISO date"
    return date or "", address, _compact({"u": address, "c": cells, "t": source.tone(item, view)})


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def list_files(view: SiteView) -> dict[str, bytes]:
    return {list_data_path(key): list_data(view, source) for key, source in SOURCES.items()}


def list_mount(here: str, key: str) -> str:
    """Where the script builds the filterable listing; without it, a link to the rows' file."""
    return f'<div class="gk-list" id="gk-list" markdown>{link("本栏目列表数据（JSON）", relative(here, list_data_path(key)))}</div>'


def static_listing(text: str) -> str:
    """The plain listing, which the script hides once its own listing is shown."""
    return f'<div class="gk-list-static" markdown>\n\n{text}\n\n</div>'

