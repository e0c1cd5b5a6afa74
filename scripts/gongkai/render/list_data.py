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

import json
from dataclasses import dataclass
from typing import Callable, Optional, Union

from ..kinds import DECISION, DOCUMENT, HEARING, Kind
from ..model.decision import DecisionStatus
from ..model.document import Validity, validity_label
from ..model.hearing import HearingStatus
from ..paths import record_url
from ..records import Record
from ..view import SiteView
from .markdown import link, relative
from .parts import UNRECORDED_TEXT, known, status_words

LIST_DIR = "lists"  # not data/: these are the listings' own rows, not published datasets
Cell = Union[str, list[str], None]


@dataclass(frozen=True)
class ListColumn:
    heading: str
    value: Callable[[Record, SiteView], Cell]
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


COLUMNS: dict[str, tuple[ListColumn, ...]] = {
    DOCUMENT.key: (
        ListColumn("标题", _title, role="title"),
        ListColumn("文号", lambda r, v: r.model.doc_number),
        ListColumn("发布机构", lambda r, v: list(r.model.issuers), key="issuer"),
        ListColumn("发布日期", _date, role="date"),
        ListColumn("年度", _year, key="year"),
        ListColumn("有效性", _validity, key="status", role="status"),
        ListColumn("主题分类", _optional("topic"), key="topic"),
    ),
    DECISION.key: (
        ListColumn("标题", _title, role="title"),
        ListColumn("年度", _year, key="year"),
        ListColumn("承办单位", lambda r, v: list(r.model.lead_units), key="unit"),
        ListColumn("类别", _optional("category"), key="category"),
        ListColumn("状态", lambda r, v: status_words(r), key="status", role="status"),
        ListColumn("发布日期", _date, role="date"),
    ),
    HEARING.key: (
        ListColumn("标题", _title, role="title"),
        ListColumn("年度", _year, key="year"),
        ListColumn("组织单位", _optional("organiser"), key="unit"),
        ListColumn("状态", lambda r, v: status_words(r), key="status", role="status"),
        ListColumn("发布日期", _date, role="date"),
    ),
}


LISTED_KINDS = tuple(kind for kind in (DOCUMENT, DECISION, HEARING) if kind.key in COLUMNS)


def list_data_path(kind: Kind) -> str:
    return f"{LIST_DIR}/{kind.key}.json"


def status_tone(record: Record, view: SiteView) -> str:
    status = view.validity[record.id][0] if record.kind is DOCUMENT else record.model.current_status
    return _TONES[status] if status is not None else "none"


def badge(record: Record, view: SiteView, words: str) -> str:
    """A status as the listings show it: its words (escaped by the caller) on a tinted ground."""
    return f'<span class="gk-badge gk-badge-{status_tone(record, view)}">{words}</span>'


def list_data(view: SiteView, kind: Kind) -> bytes:
    """The column's rows, newest first: each its page address, cells and badge tone."""
    columns = COLUMNS[kind.key]
    records = sorted(view.of(kind), key=lambda r: (_date(r, view) or "", r.id), reverse=True)
    rows = []
    for record in records:
        cells = [column.value(record, view) for column in columns]
        rows.append({"u": record_url(record), "c": cells, "t": status_tone(record, view)})
    document = {
        "title": kind.label,
        "columns": [{"heading": c.heading, "key": c.key, "role": c.role} for c in columns],
        "rows": rows,
    }
    return (json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def list_files(view: SiteView) -> dict[str, bytes]:
    return {list_data_path(kind): list_data(view, kind) for kind in LISTED_KINDS}


def list_mount(here: str, kind: Kind) -> str:
    """Where the script builds the filterable listing; without it, a link to the rows' file."""
    return f'<div class="gk-list" id="gk-list" markdown>{link("本栏目列表数据（JSON）", relative(here, list_data_path(kind)))}</div>'


def static_listing(text: str) -> str:
    """The plain listing, which the script hides once its own listing is shown."""
    return f'<div class="gk-list-static" markdown>\n\n{text}\n\n</div>'

