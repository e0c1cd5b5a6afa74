"""The last lines of defence in the built HTML.

`sanitize` passes each page's content (the HTML made from our Markdown, before
the theme wraps it) through an allowlist (nh3, the Ammonia sanitizer). Catalog
values are already escaped when pages are rendered, so on a correct build it
removes nothing; `removed` tells the hook when it did, so that never goes unseen.

`with_csp` gives every page the same fixed Content-Security-Policy: scripts
only from the site's own files (`script-src 'self'`, no inline script at all,
no hashes). The policy never looks at the page, so a script that slipped into
a page is blocked instead of being trusted. The theme's inline bootstrap code
was moved into files (overrides/partials/javascripts/, docs/assets/theme/).

`unshipped_code` is the tripwire on the finished page: an inline script, an
event-handler attribute, a `javascript:` link, a `<meta http-equiv>` or a
frame is something the project does not ship, so the hook reports it.

`SECURITY_HEADERS` are the HTTP headers for servers that can set them
(scripts/deploy/); a meta tag cannot carry frame-ancestors or nosniff.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from typing import Callable, Iterable

import lxml.html
import nh3
from lxml import etree

TAGS = {
    "a", "abbr", "blockquote", "br", "caption", "code", "dd", "del", "details", "div", "dl", "dt", "em", "h1", "h2",
    "h3", "h4", "h5", "h6", "hr", "img", "li", "ol", "p", "pre", "small", "span", "strong", "sub", "summary", "sup",
    "table", "tbody", "td", "th", "thead", "tr", "ul",
}
ATTRIBUTES = {
    "*": {"id", "class", "title"},
    "a": {"href"},
    "img": {"src", "alt"},
    "details": {"open"},
    "td": {"style", "align", "colspan", "rowspan"},
    "th": {"style", "align", "colspan", "rowspan", "scope"},
}
URL_SCHEMES = {"http", "https", "mailto"}
_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)([^>]*)>")
_ATTRIBUTE = re.compile(r"\s([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?==)")


def sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=TAGS,
        clean_content_tags={"script", "style"},
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        filter_style_properties={"text-align"},
        strip_comments=True,
    )


def _markup(html: str) -> Counter:
    """Tags and attribute names in a fragment, counted (values and order ignored)."""
    found: Counter[str] = Counter()
    for tag, attributes in _TAG.findall(html):
        found[tag.lower()] += 1
        for name in _ATTRIBUTE.findall(" " + attributes):
            found[f"{tag.lower()}@{name.lower()}"] += 1
    return found


def removed(before: str, after: str) -> list[str]:
    """What sanitizing took out: tags and attributes present before and missing after."""
    lost = _markup(before) - _markup(after)
    return sorted(lost)


# --- The policy: one fixed text for every page, whatever the page contains. ---

_DIRECTIVES = (
    ("default-src", "'self'"),
    ("script-src", "'self'"),
    ("style-src", "'self'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)
# `mkdocs serve` injects its live-reload poller as an inline script whose text
# changes with every request, so no hash can name it. The local preview alone
# allows inline scripts; the tripwire still checks each page before the
# server adds its script, and built sites never get this.
_LIVE_RELOAD_SCRIPTS = "'self' 'unsafe-inline'"
# Only honoured in an HTTP header (browsers ignore it in a meta tag, and
# Chromium logs an error for it there).
_FRAME_ANCESTORS = ("frame-ancestors", "'self'")

# Cross-origin requests carry only the site's origin, never the page or the
# search words in its address; same-origin ones keep the full address for the
# server's own logs. Also the browsers' default, stated so older ones follow it.
REFERRER_POLICY = "strict-origin-when-cross-origin"


def _policy(directives) -> str:
    return "; ".join(f"{name} {value}" for name, value in directives)


def page_policy(live_reload: bool = False) -> str:
    """The Content-Security-Policy every page carries in its meta tag."""
    directives: Iterable[tuple[str, str]] = _DIRECTIVES
    if live_reload:
        directives = [(name, _LIVE_RELOAD_SCRIPTS if name == "script-src" else value) for name, value in directives]
    return _policy(directives)


def header_policy() -> str:
    """The same policy for an HTTP header, with what only a header can say."""
    return _policy(_DIRECTIVES + (_FRAME_ANCESTORS,))


SECURITY_HEADERS = (
    ("Content-Security-Policy", header_policy()),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", REFERRER_POLICY),
    ("X-Frame-Options", "SAMEORIGIN"),  # frame-ancestors for browsers without CSP level 2
)
# Attachments under /files/ are downloaded, never displayed as a page of the site.
ATTACHMENT_HEADERS = (("Content-Disposition", "attachment"),)

_CHARSET = re.compile(r"<meta charset=[^>]*>", re.I)


def with_csp(html: str, live_reload: bool = False) -> str:
    """The page with its policy (and referrer policy) first after <meta charset>,
    before anything that could load or run."""
    meta = (f'<meta http-equiv="Content-Security-Policy" content="{page_policy(live_reload)}">'
            f'<meta name="referrer" content="{REFERRER_POLICY}">')
    charset = _CHARSET.search(html)
    if charset:
        return html[: charset.end()] + meta + html[charset.end():]
    return html.replace("<head>", "<head>" + meta, 1)


# --- The tripwire: what the project never ships, found in a finished page. ---

_DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}
_FRAMES = {"iframe", "frame", "frameset", "object", "embed", "base"}
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "xlink:href", "background"}
_SCRIPT_URL = re.compile(r"^(?:javascript|vbscript):")
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]+")  # browsers skip these inside a scheme
_EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|[/\\]{2})")  # a scheme, or // and \\ (read as //)


def _text(value: str | bytes | None) -> str:
    """An attribute name or value as text (lxml's HTML parser gives str; its types allow bytes)."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value or ""


def _snippet(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:60] + "…"


def unshipped_code(html: str) -> list[str]:
    """What in a finished page could run or redirect and is not the project's own:
    one Chinese description per finding, in page order, repeats left out."""
    if not html.strip():
        return []
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError) as error:
        return [f"网页无法解析（{error}）"]
    found: list[str] = []
    for element in root.iter():
        tag = element.tag
        if not isinstance(tag, str):  # comments and processing instructions
            continue
        tag = tag.lower()
        if tag == "script":
            found += _script_problems(element)
        elif tag in _FRAMES:
            found.append(f"<{tag}> 元素")
        elif tag == "meta" and (element.get("http-equiv") or "").strip().lower() not in ("", "content-security-policy"):
            # A policy can only forbid more (browsers enforce every one); anything else,
            # refresh above all, is not the project's.
            found.append(f"<meta http-equiv=\"{_snippet(_text(element.get('http-equiv')))}\" content=\"{_snippet(_text(element.get('content')))}\">")
        for raw_name, raw_value in element.attrib.items():
            name, value = _text(raw_name).lower(), _text(raw_value)
            if name.startswith("on"):
                found.append(f"<{tag}> 的事件属性 {name}=\"{_snippet(value)}\"")
            elif name in _URL_ATTRIBUTES and _SCRIPT_URL.match(_IGNORED_IN_URLS.sub("", value).lower()):
                found.append(f"<{tag}> 的 {name} 是脚本链接 \"{_snippet(value)}\"")
            elif name == "srcdoc":
                found.append(f"<{tag}> 的 srcdoc 属性")
    return list(dict.fromkeys(found))


def _script_problems(element) -> list[str]:
    source = element.get("src")
    kind = (element.get("type") or "").strip().lower()
    text = element.text or ""
    if source is not None:
        if _EXTERNAL.match(source.strip()):
            return [f"外部脚本 <script src=\"{_snippet(source)}\">"]
        return [f"带 src 的脚本中还有内容 \"{_snippet(text)}\""] if text.strip() else []
    if kind in _DATA_SCRIPT_TYPES:
        # Data is never executed, but a block that is not whole JSON was ended
        # early by something in it, and what followed became markup.
        try:
            json.loads(text)
        except ValueError:
            return [f"<script type=\"{kind}\"> 数据块不是完整的 JSON（可能被提前结束）：\"{_snippet(text)}\""]
        return []
    return [f"内联脚本 <script>{_snippet(text)}</script>"]


def outside_theme_ids(slugify: Callable[[str, str], str]) -> Callable[[str, str], str]:
    """Heading ids that can never be one of the theme's own element ids (Material
    names them __config, __search, __drawer, ...): the theme's scripts look those
    up by id, and a record heading reading "__config" would come first on the page."""
    def heading_id(value: str, separator: str) -> str:
        slug = slugify(value, separator)
        return f"h{slug}" if slug.startswith("_") else slug
    return heading_id
