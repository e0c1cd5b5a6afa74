"""Atom feeds (RFC 4287) of new and changed records, overall and per kind.

Dates come from the catalog (publication, status changes, procedure steps,
interpretations), never from file times, so a rebuild of the same day writes
the same bytes. Entry ids are stable UUIDs derived from the record's address.
"""
from __future__ import annotations

import datetime as dt
import heapq
import uuid
from dataclasses import dataclass

from feedgen.feed import FeedGenerator

from .. import memo
from ..kinds import ALL_KINDS, DECISION, DECISION_CATALOG, DOCUMENT, Kind
from ..records import Record
from ..view import SiteView
from ..paths import record_title, record_url

FEEDS_DIR = "feeds"
ALL_FEED = f"{FEEDS_DIR}/all.xml"
ENTRIES = 50  # the newest; the full record set is in the exports
CHINA = dt.timezone(dt.timedelta(hours=8))


@dataclass(frozen=True)
class Feed:
    path: str
    title: str
    kind: Kind | None
    data: bytes


def feed_path(kind: Kind) -> str:
    return f"{FEEDS_DIR}/{kind.key}.xml"


def _change_dates(record: Record, view: SiteView) -> list[dt.date]:
    model = record.model
    dates = [view.publication_date(record)]
    if record.kind is DOCUMENT:
        dates += [c.date for c in model.history] + [i.date for i in model.interpretations if i.date]
        validity, since = view.validity[record.id]
        dates.append(since)
    if record.kind is DECISION:
        dates += [step.date for _, step in model.procedure.dated_steps()]
    if record.kind is DECISION_CATALOG:
        dates += [a.date for a in model.adjustments]
    return [d for d in dates if d and d <= view.today]


def last_change(record: Record, view: SiteView) -> dt.date:
    """serve keeps it while the record and what the view says of it are the same."""
    since = view.validity[record.id][1] if record.kind is DOCUMENT else None
    return memo.of_object(("last change", view.today, view.publication_date(record), since), record,
                          lambda: max(_change_dates(record, view)))


def last_changes(view: SiteView) -> dict[int, dt.date]:
    """Each public record's last_change, by its id(): serve works it out once a rebuild (the feeds and
    the feed pages both ask), keyed by the view, which is new at every rebuild."""
    return memo.of_objects("last changes", [view], lambda: {id(r): last_change(r, view) for kind in ALL_KINDS for r in view.of(kind)})


def newest(records: list[Record], count: int, changed: dict[int, dt.date]) -> list[tuple[dt.date, Record]]:
    """The `count` records changed last, with their last change (`changed`: last_changes): newest first,
    then by id, the larger first."""
    return heapq.nlargest(count, ((changed[id(r)], r) for r in records), key=lambda item: (item[0], item[1].id))


def _stamp(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=CHINA)


def _feed(view: SiteView, records: list[Record], path: str, title: str, base_url: str, changed: dict[int, dt.date]) -> bytes:
    dated = newest(records, ENTRIES, changed)
    generator = FeedGenerator()
    home = base_url or "../"
    generator.id(f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, view.site.government + '/' + path)}")
    generator.title(f"{view.site.name}：{title}")
    generator.author({"name": view.site.government})
    generator.link(href=home, rel="alternate")
    generator.link(href=(base_url + path) if base_url else path.rsplit("/", 1)[-1], rel="self")
    generator.language("zh-CN")
    generator.updated(_stamp(dated[0][0] if dated else view.today))
    for day, record in reversed(dated):  # feedgen puts each new entry first
        url = record_url(record)
        entry = generator.add_entry()
        entry.id(f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, view.site.government + '/' + url)}")
        entry.title(record_title(record))
        entry.link(href=(base_url + url) if base_url else f"../{url}", rel="alternate")
        entry.updated(_stamp(day))
        published = view.publication_date(record)
        if published:
            entry.published(_stamp(published))
        summary = f"{record.kind.label}"
        if record.kind is DOCUMENT:
            summary += f" · {record.model.doc_number} · {view.validity[record.id][0].value}"
        entry.summary(summary)
    return generator.atom_str(pretty=True)


def feeds(view: SiteView, base_url: str = "") -> list[Feed]:
    """`base_url`: the site's public address (site.yaml 网站地址), for absolute links; else relative ones."""
    everything = [r for kind in ALL_KINDS for r in view.of(kind)]
    changed = last_changes(view)  # each record is in two feeds
    found = [Feed(ALL_FEED, "全部更新", None, _feed(view, everything, ALL_FEED, "全部更新", base_url, changed))]
    for kind in ALL_KINDS:
        found.append(Feed(feed_path(kind), kind.label, kind, _feed(view, view.of(kind), feed_path(kind), kind.label, base_url, changed)))
    return found
