"""Render a body the way the site does: bodytext.inert and heading demotion
(render.markdown.body), Python-Markdown with the extensions and toc settings
of mkdocs.yml, then the sanitizer of the build hook."""
import html as htmllib
import re

import markdown
from pymdownx.slugs import slugify

from gongkai.htmlsafety import removed, sanitize
from gongkai.render.markdown import body

EXTENSIONS = ["toc", "admonition", "attr_list", "md_in_html", "tables"]  # as in mkdocs.yml (a test checks)
CONFIG = {"toc": {"permalink": True, "slugify": slugify(case="lower")}}

_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_ATTRIBUTE = re.compile(r"""([^\s=/"'<>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
SITE_TAGS = {"a", "blockquote", "br", "code", "div", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "img", "li",
             "ol", "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul"}
_SAFE_ADDRESS = re.compile(r"(?:https?://|mailto:|\.\./|#|[^:/?#]*(?:[/?#]|$))", re.I)


def render(text: str) -> str:
    """The body's HTML as MkDocs would make it, before sanitizing."""
    return markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIG).convert(body(text))


def render_plain(text: str) -> str:
    """The same Markdown rendered without bodytext (to compare legitimate text)."""
    return markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIG).convert(text)


def sanitizer_losses(html: str) -> list[str]:
    return removed(html, sanitize(html))


def dangers(html: str) -> list[str]:
    """What must never reach a page from a body: an element other than the
    plain ones Markdown makes, an attribute other than id/class/title/alt,
    href and src (and the tables extension's alignment style), an address
    with a scheme other than http, https or mailto."""
    found = []
    for tag, attributes in _TAG.findall(html):
        if tag.lower() not in SITE_TAGS:
            found.append(f"<{tag}>")
        for name, *values in _ATTRIBUTE.findall(attributes):
            value = htmllib.unescape(next((v for v in values if v), ""))
            name = name.lower()
            if name in ("href", "src"):
                if not _SAFE_ADDRESS.match(re.sub(r"[\x00-\x20]", "", value)):
                    found.append(f"{name}={value}")
            elif name == "style" and tag.lower() in ("td", "th") and re.fullmatch(r"text-align: (left|right|center);", value):
                continue
            elif name not in ("id", "class", "title", "alt"):
                found.append(f"{tag} {name}={value}")
    return found


def image_sources(html: str) -> list[str]:
    """Every image address in the HTML."""
    return re.findall(r'<img\b[^>]*\ssrc="([^"]*)"', html)
