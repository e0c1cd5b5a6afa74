"""Pull what a reader sees from a built page: its title and its main content.

Only the page's <article> counts: the header, navigation and footer repeat on
every page (the site name would make every page match 廉江) and are not what a
citizen searches for.
"""
from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Optional

_ARTICLE_START = "<article"
_ARTICLE_END = "</article>"
_SKIPPED_TAGS = {"script", "style", "template", "noscript"}
# The ¶ permalinks MkDocs adds to headings; the 当前位置 trail (the column's and page's names,
# not the page's content: an excerpt must not start there).
_SKIPPED_CLASSES = {"headerlink", "gk-breadcrumb"}
_VOID_TAGS = {"br", "img", "hr", "input", "meta", "link", "source", "wbr", "col", "area", "base", "embed", "param", "track"}


@dataclass(frozen=True)
class PageText:
    title: str
    text: str  # whitespace collapsed, as a reader would copy it


class _ArticleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title_parts: list[str] = []
        self.skip_depth = 0
        self.in_title = False
        self.title_done = False

    def handle_starttag(self, tag, attrs):
        if tag in _VOID_TAGS:
            if tag == "br":
                self.parts.append("\n")
            return
        classes = set((dict(attrs).get("class") or "").split())
        if self.skip_depth or tag in _SKIPPED_TAGS or classes & _SKIPPED_CLASSES:
            self.skip_depth += 1
            return
        if tag == "h1" and not self.title_done:
            self.in_title = True

    def handle_endtag(self, tag):
        if tag in _VOID_TAGS:
            return
        if self.skip_depth:
            self.skip_depth -= 1
            return
        if tag == "h1" and self.in_title:
            self.in_title = False
            self.title_done = True
        self.parts.append("\n")

    def handle_data(self, data):
        if self.skip_depth:
            return
        self.parts.append(data)
        if self.in_title:
            self.title_parts.append(data)


def extract(html: str) -> Optional[PageText]:
    """The article's title and text, or None for a page without an article."""
    start = html.find(_ARTICLE_START)
    end = html.rfind(_ARTICLE_END)
    if start < 0 or end < start:
        return None
    parser = _ArticleText()
    parser.feed(html[start:end + len(_ARTICLE_END)])
    parser.close()
    text = " ".join("".join(parser.parts).split())
    title = " ".join("".join(parser.title_parts).split())
    return PageText(title=title, text=text)
