"""Page parts shared by several kinds: paths, notices, listings, source links."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable, Optional

from .. import memo
from ..kinds import Kind
from ..load import FileInfo
from ..model.common import DocumentLink
from ..model.introspect import attribute
from ..paths import record_page, record_title
from ..records import Record
from ..unrecorded import unrecorded_facts
from ..view import SiteView
from .markdown import admonition, external_link, human_size, inline, link, relative

if TYPE_CHECKING:
    from .kept import KeptRenders

FILES_DIR = "files"
SOURCE_DIR = "source"


def source_path(record: Record) -> str:
    """The record's published data file (render_site writes one for every public record)."""
    return f"{SOURCE_DIR}/{record.catalog_path}.txt"


@dataclass
class Context:
    """Everything a page renderer may use; `copies` and `generated` collect files to publish."""

    view: SiteView
    files: dict[str, FileInfo]
    # docs path -> the checked attachment (published only if still byte-identical) or a path under catalog/
    copies: dict[str, FileInfo | str] = field(default_factory=dict)
    # docs path -> a file made from the public view (each record's data file)
    generated: dict[str, bytes] = field(default_factory=dict)
    # A build's cache folder for the record pages (reuse.rendered): none in serve, which keeps them in memory.
    kept: Optional["KeptRenders"] = None


def year_page(kind: Kind, year: int) -> str:
    return f"{kind.folder}/{year}.md"


def date_text(value: Optional[dt.date]) -> Optional[str]:
    return value.isoformat() if value else None


UNRECORDED_TEXT = "未记载"


def record_notices(record: Record) -> Optional[str]:
    """What a reader must know before the record itself: sample data, and where a migrated record came from."""
    notices = []
    if record.model.sample:
        notices.append(admonition("example", "示例数据", "本页内容为演示用示例数据，不是真实的政府信息，请勿作为办事依据。"))
    provenance = attribute(record.model, "provenance")
    if provenance is not None:
        source = provenance.source or ""
        shown = external_link(source, source) if source.startswith(("http://", "https://")) else inline(source)
        text = f"本条记录迁移自原有登记：{shown}（采集于 {provenance.taken.isoformat() if provenance.taken else UNRECORDED_TEXT}）。"
        missing = unrecorded_facts(record.model)
        if missing:
            text += ("原登记未记载：" + "、".join(inline(name) for name in missing)
                     + "。这些内容在本页显示为“未记载”，不表示相关程序没有履行或事项不存在。")
        notices.append(admonition("info", "迁移记录", text))
    return "\n\n".join(notices) or None


def known(record: Record, value: Optional[str]) -> Optional[str]:
    """A fact as shown: itself, 未记载 when a migrated record's source did not record it, else nothing."""
    if value is not None:
        return value
    return UNRECORDED_TEXT if attribute(record.model, "migrated", False) else None


def status_words(record: Record) -> str:
    """A decision's or hearing's 状态: as recorded or as its steps show it; 未记载 when neither says."""
    status = record.model.current_status
    return status.value if status is not None else UNRECORDED_TEXT


def breadcrumb(record: Record) -> str:
    """首页 › column › this page, above the title: where a reader who arrived from a search is."""
    here = record_page(record)
    column = f"{record.kind.folder}/index.md"
    label = record.kind.home.title if record.kind.home else record.kind.label
    return (f'<div class="gk-breadcrumb" markdown>当前位置：{link("首页", relative(here, "index.md"))} › '
            f'{link(label, relative(here, column))}<span class="gk-crumb-here"> › {inline(record_title(record))}</span></div>')


def record_link(from_page: str, record: Record, text: Optional[str] = None) -> str:
    # A function of the page, the text and the record (its title): serve keeps it for an unchanged
    # record, as listings link every record on every rebuild.
    return memo.of_object(("record link", from_page, text), record,
                          lambda: link(text or record_title(record), relative(from_page, record_page(record))))


def cited_document(record: Record) -> str:
    """How a normative document is cited: 《标题》（文号）."""
    return f"《{record.model.title}》（{record.model.doc_number}）"


def file_link(from_page: str, path: str, title: str, ctx: Context) -> str:
    """A published attachment: link plus size and SHA-256 so downloads can be verified.
    Only files referenced by released records are published."""
    info = ctx.files[path]
    published = f"{FILES_DIR}/{path}"
    ctx.copies[published] = info
    target = relative(from_page, published)
    extension = path.rsplit(".", 1)[-1].upper() if "." in path else "文件"
    return f"{link(title, target)}（{inline(extension)}，{human_size(info.size)}）<br>SHA-256：`{info.sha256}`"


def document_links(from_page: str, documents: Iterable[DocumentLink], ctx: Context) -> list[str]:
    items = []
    for document in documents:
        if document.file:
            items.append(file_link(from_page, document.file, document.title, ctx))
        elif document.link:
            items.append(external_link(document.title, document.link))
    return items


def bullet_list(items: Iterable[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def source_footer(from_page: str, record: Record, ctx: Context) -> str:
    """Where this page comes from: the catalog file it is made from (in the repository),
    and the page's data as published (the public fields only, render/source.py)."""
    view = ctx.view
    # Named as it sits in the project repository, whatever folder was built.
    catalog_path = f"catalog/{record.catalog_path}"
    published = source_path(record)
    data_text = "查看本页数据（YAML 和正文）" if record.kind.suffix == ".md" else "查看本页数据（YAML）"
    parts = [f"本页由目录文件 `{catalog_path}` 自动生成", link(data_text, relative(from_page, published))]
    repository = view.site.repository
    if repository:
        url = f"{repository.rstrip('/')}/blob/{view.site.branch}/{catalog_path}"
        parts.append(external_link("在代码仓库中查看修改历史", url))
    # Small and last: for those who reuse the data, not in the reader's way.
    return "---\n\n<small>" + parts[0] + "：" + "，".join(parts[1:]) + "。</small>"
