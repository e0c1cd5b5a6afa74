"""Markdown bodies (正文, 解读内容) are data too: raw HTML in them is shown as
text, and links may only go to http, https, mailto or relative addresses.

`unsafe_spans` finds what would otherwise become markup, so `check` can warn
the clerk where it is; `inert` rewrites it for rendering. The rendered HTML
is sanitized once more with an allowlist (htmlsafety.py), which must then find
nothing left to remove.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
# A tag, comment, declaration or processing instruction: what Markdown passes through as HTML.
_RAW_HTML = re.compile(r"<(?=[A-Za-z/!?])")
_AUTOLINK = re.compile(r"<(?:https?|mailto):[^<>\s]*>", re.I)
# Inline link or image destination, and reference definitions: [text](dest) / [id]: dest
_INLINE_DEST = re.compile(r"(\]\(\s*<?\s*)([A-Za-z][A-Za-z0-9+.\-]*):")
_REFERENCE_DEST = re.compile(r"^(\s{0,3}\[[^\]]+\]:\s*<?\s*)([A-Za-z][A-Za-z0-9+.\-]*):")
# A destination spelled with character references (&#106;avascript:) hides its scheme.
_ENCODED_DEST = re.compile(r"(\]\(\s*<?\s*|^\s{0,3}\[[^\]]+\]:\s*<?\s*)(&#?[A-Za-z0-9]+;?)")
# An image from another host would make every reader's browser contact it.
_EXTERNAL_IMAGE = re.compile(r"!\[[^\]]*(\]\(\s*<?\s*)(//|[A-Za-z][A-Za-z0-9+.\-]*:)")
SAFE_SCHEMES = {"http", "https", "mailto"}
# Every pattern above needs one of these; most lines of prose have none.
_SUSPECT = re.compile(r"<|\]\s*[(:]|\]\(|&#?[A-Za-z0-9]")


@dataclass(frozen=True)
class UnsafeSpan:
    line: int  # counted from 1 within the body
    text: str  # what was found, shortened for the message
    kind: str  # "html", "link" or "image"


def _outside_code(line: str) -> Iterator[tuple[int, int]]:
    """(start, end) of the parts of a line that are not inside code spans."""
    position = 0
    for match in _CODE_SPAN.finditer(line):
        yield position, match.start()
        position = match.end()
    yield position, len(line)


def _scan(line: str) -> Iterator[tuple[int, str, str]]:
    """(position, kind, text) of each unsafe piece of one line outside code: for HTML
    the "<" that opens it, for a link the "](" or "[" that makes it a link."""
    if not _SUSPECT.search(line):
        return
    for start, end in _outside_code(line):
        part = line[start:end]
        autolinks = [m.span() for m in _AUTOLINK.finditer(part)]
        for match in _RAW_HTML.finditer(part):
            if not any(a <= match.start() < b for a, b in autolinks):
                close = part.find(">", match.start())
                yield start + match.start(), "html", part[match.start(): close + 1 if close >= 0 else len(part)]
        for match in _EXTERNAL_IMAGE.finditer(part):
            yield start + match.start(1), "image", match.group(0)
        for pattern in (_INLINE_DEST, _REFERENCE_DEST, _ENCODED_DEST):
            for match in pattern.finditer(part):
                scheme = match.group(2)
                if pattern is not _ENCODED_DEST and scheme.lower() in SAFE_SCHEMES:
                    continue
                opener = match.group(1)
                offset = opener.index("]") if opener.lstrip().startswith("]") else opener.index("[")
                yield start + match.start(1) + offset, "link", scheme + ("" if pattern is _ENCODED_DEST else ":")


def unsafe_spans(markdown: str) -> list[UnsafeSpan]:
    found = []
    # The site's Markdown has no fenced code blocks, so only code spans are code.
    for number, line in enumerate(markdown.split("\n"), 1):
        for _, kind, text in _scan(line):
            found.append(UnsafeSpan(number, text if len(text) <= 40 else text[:40] + "…", kind))
    return found


def inert(markdown: str) -> str:
    """The same text with raw HTML escaped (shown as typed) and unsafe link schemes disabled."""
    if not _SUSPECT.search(markdown):
        return markdown
    out = []
    for line in markdown.split("\n"):
        # Right to left, so earlier positions stay valid. Either way the text is
        # shown as typed: "<" becomes "&lt;", and an escaped "(" or "[" makes no link.
        positions = {position for position, _, _ in _scan(line)}
        for position in sorted(positions, reverse=True):
            if line[position] == "<":
                line = line[:position] + "&lt;" + line[position + 1:]
            elif line[position] == "]":
                line = line[:position] + "]\\(" + line[position + 2:]
            else:
                line = line[:position] + "\\[" + line[position + 1:]
        out.append(line)
    return "\n".join(out)
