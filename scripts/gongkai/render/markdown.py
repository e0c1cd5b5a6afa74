"""Markdown building blocks. Catalog values are data: every value placed in a
page goes through `inline()` so it can never become markup or a link."""
from __future__ import annotations

import html
import posixpath
from urllib.parse import urlsplit
import re
from typing import Iterable, Optional

from .. import memo
from ..bodytext import container_prefix, inert

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()|~])")
_BLOCK_START = re.compile(r"^([#+\->!=]|\d+[.)])")
_HEADING = re.compile(r"#{1,6}")
_SETEXT = re.compile(r"(=+|-+) *")


def inline(value: object) -> str:
    """Escape a value for use inside a Markdown line (also inside tables)."""
    text = " ".join(str(value).split())
    text = _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))
    # Characters that only mean something at the start of a line.
    return _BLOCK_START.sub(lambda m: m.group(1)[:-1] + "\\" + m.group(1)[-1], text)


def link(text: object, target: str) -> str:
    return f"[{inline(text)}]({target})"


def external_link(text: object, url: str) -> str:
    # Angle brackets keep spaces and parentheses in URLs from breaking the link.
    safe = url.replace("<", "%3C").replace(">", "%3E").replace(" ", "%20")
    return f"[{inline(text)}](<{safe}>){_leaving(url)}"


def _leaving(url: str) -> str:
    """A link that leaves the site says so, and to which host (a path on the site does not)."""
    if url.lower().startswith("mailto:"):
        return '<small class="gk-external">（电子邮件）</small>'
    if not url.lower().startswith(("http://", "https://")):
        return ""
    host = urlsplit(url).hostname or ""
    return f'<small class="gk-external">（外部网站：{html.escape(host)}）</small>'.replace("*", "&#42;").replace("_", "&#95;")


def relative(from_page: str, to_path: str) -> str:
    """Relative link between two files of the docs tree, as MkDocs validates it: what
    posixpath.relpath gives, without its two abspath calls (a page renders dozens of links)."""
    start = posixpath.dirname(from_page)
    if ".." in start or ".." in to_path or start.startswith("/") or to_path.startswith("/"):
        return posixpath.relpath(to_path, start or ".")
    here = [part for part in start.split("/") if part and part != "."]
    there = [part for part in to_path.split("/") if part and part != "."]
    common = 0
    while common < len(here) and common < len(there) and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:]) or "."


def field_table(rows: Iterable[tuple[str, Optional[str]]]) -> str:
    """Two-column 项目/内容 table; rows whose value is None are left out.
    Values must already be Markdown (escaped)."""
    lines = ["| 项目 | 内容 |", "| --- | --- |"]
    for label, value in rows:
        if value not in (None, ""):
            lines.append(f"| {label} | {value} |")
    return "\n".join(lines)


def fact_pairs(rows: Iterable[tuple[str, Optional[str]]]) -> str:
    return "\n".join(f'<dt markdown="span">{label}</dt>\n<dd markdown="span">{value}</dd>'
                     for label, value in rows if value not in (None, ""))


def meta_block(first: Iterable[tuple[str, Optional[str]]], more: Iterable[tuple[str, Optional[str]]]) -> str:
    """A record's facts as label–value pairs, two pairs to a line on wide screens (as the
    government portals' 信息公开目录 show a document's metadata). On a phone the `first` facts
    show and the rest fold under 「更多信息」 (docs/assets/reading/reading.js), so the text
    itself starts on the first screen; without JavaScript everything shows. Values are
    Markdown (escaped); rows whose value is None are left out."""
    shown, folded = fact_pairs(first), fact_pairs(more)
    parts = [f'<div class="gk-meta" markdown="1">\n<dl class="gk-meta-list" markdown="1">\n{shown}\n</dl>']
    if folded:
        parts.append(f'<details class="gk-meta-more" open markdown="1">\n<summary>更多信息</summary>\n'
                     f'<dl class="gk-meta-list" markdown="1">\n{folded}\n</dl>\n</details>')
    parts.append("</div>")
    return "\n".join(parts)


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def admonition(kind: str, title: str, text: str) -> str:
    body = "\n".join("    " + line if line else "" for line in text.split("\n"))
    return f'!!! {kind} "{title}"\n\n{body}'


def demote_headings(markdown: str, levels: int = 1) -> str:
    """Shift a record's headings below the page's own: every line that
    Python-Markdown takes for an ATX heading, that is a run of # (with or
    without a space after it) at the start of a line or after blockquote and
    list markers, and every setext heading (a block's first line underlined
    with = or -), which is rewritten as an ATX heading. The site's Markdown has
    no fenced code blocks, so no line is exempt."""
    lines = markdown.split("\n")
    out = []
    index = 0
    opens = True  # whether the line at `index` starts a block: the first line, or one after a blank line
    while index < len(lines):
        line = lines[index]
        start, _ = container_prefix(line)
        blank = not line[start:].strip()
        heading = _HEADING.match(line, start)
        if heading:
            line = line[:start] + "#" * min(6, len(heading.group(0)) + levels) + line[heading.end():]
        elif index + 1 < len(lines) and opens and not blank:
            underline = _setext_underline(lines[index + 1])
            if underline:
                level = 1 if underline.group(1).startswith("=") else 2
                line = line[:start] + "#" * min(6, level + levels) + " " + line[start:].strip()
                index += 1  # the underline is gone with the rewrite (and it is not blank)
        out.append(line)
        opens = blank
        index += 1
    return "\n".join(out)


def _setext_underline(line: str) -> Optional[re.Match]:
    """= or - alone on a line, at its start or after blockquote markers only (an
    indented underline is paragraph text to Python-Markdown)."""
    start, _ = container_prefix(line)
    if start and not line[:start].lstrip(" ").startswith(">"):
        return None
    return _SETEXT.fullmatch(line, start)


def body(markdown: str, levels: int = 1) -> str:
    """A record's Markdown body, made inert (bodytext.inert) and with its headings demoted."""
    # serve: an unchanged body is not made again
    return memo.cached(("body", markdown, levels), lambda: demote_headings(inert(markdown), levels))


def front_matter(title: str, description: str = "") -> str:
    """The page's title and description, the only front matter a page gets:
    each value is one YAML string, so no catalog value can add a key."""
    lines = ["---", f"title: {_yaml_string(title)}"]
    if description:
        lines.append(f"description: {_yaml_string(description)}")
    lines.append("---")
    return "\n".join(lines)


def _yaml_string(text: str) -> str:
    # MkDocs and Material print meta values unescaped: the title into <title>,
    # the header and the nav (text), the description into
    # <meta name="description" content="…"> (an attribute). Escaping quotes as
    # well makes one form safe in both; browsers show &quot; as ", so readers
    # see the text as typed. Whitespace (line breaks too) collapses to spaces.
    escaped = html.escape(" ".join(text.split()), quote=True)
    # Characters YAML cannot hold (the loader refuses them in catalog files; this guards other callers).
    escaped = re.sub(r"[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]", "", escaped)
    return '"' + escaped.replace("\\", "\\\\") + '"'


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def page(*blocks: Optional[str]) -> str:
    return "\n\n".join(block.strip("\n") for block in blocks if block) + "\n"
