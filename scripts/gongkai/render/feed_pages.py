"""A readable page for each column's feed: what a feed is, its address to copy into a
reader, and its latest entries (the feed itself is XML, which a browser shows raw)."""
from __future__ import annotations

import datetime as dt

from ..kinds import Kind
from ..opendata.feeds import feed_path, newest
from ..view import SiteView
from .markdown import front_matter, inline, link, page, relative
from .parts import record_link

LATEST = 20


def feed_page_path(kind: Kind) -> str:
    return feed_path(kind)[: -len(".xml")] + ".md"


def feed_page(view: SiteView, kind: Kind, changed: dict[int, dt.date]) -> str:
    """`changed`: each record's last change (feeds.last_changes)."""
    here = feed_page_path(kind)
    records = newest(view.of(kind), LATEST, changed)
    address = (view.site.url or "") + feed_path(kind) if view.site and view.site.url else feed_path(kind)
    entries = [f"{day.isoformat()} · {record_link(here, r)}" for day, r in records]
    return page(
        front_matter(f"订阅：{kind.label}"),
        f"# 订阅：{inline(kind.label)}",
        "用新闻阅读器（RSS/Atom 阅读器）订阅本栏目，有新的或更新的记录时会自动收到。"
        f"把下面的订阅地址复制到阅读器中即可：\n\n`{inline(address)}`\n\n"
        + link("打开订阅文件（Atom）", relative(here, feed_path(kind))),
        f"## 最近更新（{len(entries)}）",
        "\n".join(f"- {entry}" for entry in entries) or "本栏目暂无公开的内容。",
    )
