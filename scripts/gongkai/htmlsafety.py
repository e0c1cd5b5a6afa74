"""The last line of defence in the built HTML.

`sanitize` passes each page's content (the HTML made from our Markdown, before
the theme wraps it) through an allowlist (nh3, the Ammonia sanitizer). Catalog
values are already escaped when pages are rendered, so on a correct build it
removes nothing; `removed` tells the hook when it did, so that never goes unseen.

`with_csp` adds a Content-Security-Policy that allows nothing but the site's
own origin, with a hash for each inline script the theme writes into the page.
"""
from __future__ import annotations

import base64
import hashlib
import re
from collections import Counter

import nh3

TAGS = {
    "a", "abbr", "blockquote", "br", "caption", "code", "del", "div", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "img", "li", "ol", "p", "pre", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "th",
    "thead", "tr", "ul",
}
ATTRIBUTES = {
    "*": {"id", "class", "title"},
    "a": {"href"},
    "img": {"src", "alt"},
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
    found = Counter()
    for tag, attributes in _TAG.findall(html):
        found[tag.lower()] += 1
        for name in _ATTRIBUTE.findall(" " + attributes):
            found[f"{tag.lower()}@{name.lower()}"] += 1
    return found


def removed(before: str, after: str) -> list[str]:
    """What sanitizing took out: tags and attributes present before and missing after."""
    lost = _markup(before) - _markup(after)
    return sorted(lost)


_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?:\s[^>]*)?>(.*?)</script>", re.S | re.I)
_CHARSET = re.compile(r"<meta charset=[^>]*>", re.I)


def csp_for(html: str) -> str:
    hashes = []
    for match in _INLINE_SCRIPT.finditer(html):
        tag = match.group(0)
        if re.search(r'type="application/(?:json|ld\+json)"', tag):
            continue  # data, never executed
        digest = base64.b64encode(hashlib.sha256(match.group(1).encode("utf-8")).digest()).decode("ascii")
        hashes.append(f"'sha256-{digest}'")
    scripts = " ".join(["'self'"] + sorted(set(hashes)))
    return ("default-src 'self'; "
            f"script-src {scripts}; "
            "style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
            "object-src 'none'; base-uri 'self'; form-action 'self'")


def with_csp(html: str) -> str:
    """The page with its policy as the first thing after <meta charset>."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{csp_for(html)}">'
    charset = _CHARSET.search(html)
    if charset:
        return html[: charset.end()] + meta + html[charset.end():]
    return html.replace("<head>", "<head>" + meta, 1)
