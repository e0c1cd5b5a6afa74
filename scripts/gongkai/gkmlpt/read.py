"""Reading what Guangdong's 政府信息公开目录 platform (gkmlpt) publishes, as saved files.

The platform's list pages are backed by JSON (`/gkmlpt/api/all/<栏目>?page=N&sid=<站点>`):
`{"classify": {...}, "articles": [ … ]}`, one object per document with `id`, `title`,
`document_number` (文号), `identifier` (索引号), `publisher` (发布机构), `date`
(成文日期, a Unix time), `display_publish_time` (发布日期, a Unix time), `created_at`,
`classify_main_name` / `classify_theme_name` (分类, 主题分类), `keywords`, `url`,
`post_url`, `is_expired` / `is_abolished` (有效性) and `attachment`. A document's
page (`/gkmlpt/content/…/post_<id>.html`) carries the same object, with the full
text in `content`, as `DETAIL: {…}` inside its `window._CONFIG` script; pages saved
as text show the labels 索引号、分类、发布机构、成文日期、名称、文号、发布日期 instead.
(Field names as real crawlers of the platform read them; see tests/fixtures/gkmlpt/.)
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Optional

from ..canonical import loose_date

MAX_FILE_BYTES = 8 * 1024 * 1024  # a saved page or list: anything larger is not one
CHINA = dt.timezone(dt.timedelta(hours=8))
_DETAIL = re.compile(r"DETAIL\s*:\s*\{")
_STATUS_MARK = re.compile(r"^\s*[【\[]\s*(已失效|已废止|失效|废止)\s*[】\]]\s*")
_LABELS = {"索引号": "identifier", "分类": "classify_main_name", "发布机构": "publisher", "成文日期": "date",
           "名称": "title", "文号": "document_number", "发布日期": "display_publish_time",
           "主题分类": "classify_theme_name", "有效性": "validity", "主题词": "keywords"}


class PlatformFileError(ValueError):
    """A file that is not a saved list or page of the platform, with the reason in Chinese."""


@dataclass
class Article:
    """One document as the platform shows it; None where the platform showed nothing."""

    source_file: str
    url: Optional[str] = None
    post_id: Optional[str] = None
    title: Optional[str] = None
    doc_number: Optional[str] = None
    index_number: Optional[str] = None
    publisher: Optional[str] = None
    topic: Optional[str] = None
    written: Optional[dt.date] = None
    published: Optional[dt.date] = None
    validity: Optional[str] = None  # 有效 / 失效 / 废止, as the platform marks it
    text: Optional[str] = None
    attachments: list[tuple[str, str]] = field(default_factory=list)  # (名称, 原网址)


def platform_date(value: Any) -> Optional[dt.date]:
    """A Unix time in seconds or milliseconds (China time), or a YYYY-MM-DD text."""
    if isinstance(value, bool) or value in (None, "", 0, "0"):
        return None
    if isinstance(value, (int, float)) or (isinstance(value, str) and value.strip().isdigit()):
        number = float(value)
        if number > 1e11:
            number /= 1000
        return dt.datetime.fromtimestamp(number, CHINA).date()
    words = str(value).split()  # "2017-04-06 10:00:00": the date, then a time
    return loose_date(words[0]) if words else None


def _text(value: Any) -> Optional[str]:
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    text = " ".join(unescape(str(value)).split())
    return text or None


class _ContentText(HTMLParser):
    """The article's HTML as plain paragraphs, and its attachment links."""

    _BLOCKS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.attachments: list[tuple[str, str]] = []
        self._link: Optional[str] = None
        self._link_text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        if tag in self._BLOCKS:
            self.parts.append("\n")
        if tag == "a":
            href = dict(attrs).get("href") or ""
            is_file = re.search(r"\.(pdf|docx?|xlsx?|wps|et|zip|rar|ofd|jpg|png)(\?|$)", href, re.I)
            self._link = href if href.startswith(("http://", "https://")) and (
                "nfw-cms-attachment" in (dict(attrs).get("class") or "") or is_file) else None
            self._link_text = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        if tag == "a" and self._link:
            name = " ".join("".join(self._link_text).split()) or self._link.rsplit("/", 1)[-1]
            self.attachments.append((name, self._link))
            self._link = None
        if tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.parts.append(data)
        if self._link:
            self._link_text.append(data)


def content_text(html: str) -> tuple[Optional[str], list[tuple[str, str]]]:
    parser = _ContentText()
    parser.feed(html)
    parser.close()
    lines = [" ".join(line.replace("\u3000", " ").split()) for line in "".join(parser.parts).split("\n")]
    paragraphs = [line for line in lines if line]
    return ("\n\n".join(paragraphs) or None), parser.attachments


def article_from(data: dict, source_file: str) -> Article:
    """An article object of the platform's JSON (list item or DETAIL)."""
    title = _text(data.get("title"))
    validity = None
    if title and (mark := _STATUS_MARK.match(title)):
        validity = "废止" if "废止" in mark.group(1) else "失效"
        title = title[mark.end():].strip() or None
    if data.get("is_abolished") in (1, "1", True):
        validity = "废止"
    elif data.get("is_expired") in (1, "1", True):
        validity = "失效"
    elif data.get("is_abolished") in (0, "0", False) and data.get("is_expired") in (0, "0", False) and validity is None:
        validity = "有效"
    if isinstance(data.get("validity"), str):
        validity = data["validity"].strip() or validity
    article = Article(
        source_file=source_file,
        url=_text(data.get("url")) or _text(data.get("post_url")),
        post_id=_text(data.get("id")),
        title=title,
        doc_number=_text(data.get("document_number")),
        index_number=_text(data.get("identifier")),
        publisher=_text(data.get("publisher")),
        topic=_text(data.get("classify_theme_name")) or _text(data.get("classify_main_name")),
        written=platform_date(data.get("date")),
        published=platform_date(data.get("display_publish_time")) or platform_date(data.get("created_at")),
        validity=validity,
    )
    content = data.get("content")
    if isinstance(content, str) and content.strip():
        article.text, article.attachments = content_text(content)
    for item in data.get("attachment") or []:
        if isinstance(item, dict):
            url = _text(item.get("url") or item.get("path") or item.get("link"))
            name = _text(item.get("name") or item.get("title") or item.get("filename"))
            if url and url.startswith(("http://", "https://")):
                article.attachments.append((name or url.rsplit("/", 1)[-1], url))
    return article


def _balanced_object(text: str, start: int) -> Optional[str]:
    """The JSON object text that opens at `start` (strings and escapes respected)."""
    depth, inside, escaped = 0, False, False
    for index in range(start, len(text)):
        char = text[index]
        if inside:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                inside = False
        elif char == '"':
            inside = True
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return text[start:index + 1]
    return None


# Pages copied from a mirror in traditional characters label their fields so.
_TRADITIONAL = str.maketrans("號類發機構稱題詞", "号类发机构称题词")


def _labelled(text: str, source_file: str) -> Optional[Article]:
    """A detail page saved as text: 索引号：… 分类：… labels and their values."""
    plain, _ = content_text(text) if "<" in text else (text, [])
    plain = (plain or "").translate(_TRADITIONAL)
    names = "|".join(sorted((re.escape(label).replace("号", r"\s*号") for label in _LABELS), key=len, reverse=True))
    pattern = re.compile(rf"({names}|索\s*引\s*号|分\s*类|名\s*称|文\s*号)\s*[:：]\s*")
    found = list(pattern.finditer(plain))
    if len([m for m in found if re.sub(r"\s", "", m.group(1)) in ("索引号", "文号", "发布机构")]) < 2:
        return None
    data: dict[str, Any] = {}
    for here, following in zip(found, found[1:] + [None]):
        label = re.sub(r"\s", "", here.group(1))
        end = following.start() if following else min(len(plain), here.end() + 200)
        value = plain[here.end():end].strip().split("\n")[0].strip()
        key = _LABELS.get(label)
        if key and value and key not in data:
            data[key] = value
    return article_from(data, source_file)


def read_platform_file(path: Path) -> list[Article]:
    """The articles of a saved list (JSON) or document page (HTML or text)."""
    shown = path.name
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise PlatformFileError(f"{shown} 有 {size // 1024 // 1024} MB，不是平台的列表或文件页面")
        raw = path.read_bytes()
    except OSError as error:
        raise PlatformFileError(f"无法读取 {shown}（{error.strerror}）") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PlatformFileError(f"{shown} 不是 UTF-8 编码的文本，请按网页原样另存（UTF-8）") from None
    stripped = text.lstrip()
    if stripped.startswith("{") or stripped.startswith("["):
        try:
            data = json.loads(stripped)
        except (json.JSONDecodeError, RecursionError) as error:
            raise PlatformFileError(f"{shown} 不是有效的 JSON（{error}）") from None
        items = data.get("articles") if isinstance(data, dict) else data
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            raise PlatformFileError(f"{shown} 里没有平台列表的 articles 数组")
        return [article_from(item, shown) for item in items]
    match = _DETAIL.search(text)
    if match:
        body = _balanced_object(text, match.end() - 1)
        try:
            detail = json.loads(body) if body else None
        except (json.JSONDecodeError, RecursionError):
            detail = None
        if isinstance(detail, dict):
            return [article_from(detail, shown)]
    labelled = _labelled(text, shown)
    if labelled is not None:
        return [labelled]
    raise PlatformFileError(f"{shown} 既不是平台列表的 JSON，也没有找到文件页面的 DETAIL 数据或“索引号、文号、发布机构”等标签")
