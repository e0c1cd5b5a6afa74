"""Markdown bodies (正文, 解读内容, the annual report's sections) are data too.

`scan` reads a body once, in time linear in its length, and returns:

- `text`: the body made inert for rendering. This is an allowlist, not a
  list of known attacks: outside code spans every character that Python-Markdown
  (with the extensions of mkdocs.yml) or MkDocs' link validation could turn
  into something other than typed text is escaped, except a small set of
  constructs in a strict form that are known to render safely:
  inline links to http, https and mailto addresses, and links and images to
  the published attachments (`../files/...`); `<https://...>` autolinks and
  e-mail autolinks; code spans on one line. So raw HTML, `{: attr}` lists,
  reference definitions, other schemes, character references in addresses,
  addresses spread over lines and foreign images all show as typed text.
- `unsafe`: where such a construct was neutralised, so `check` can warn the
  clerk at the line (kind "html", "link", "image", "page-link", "attribute",
  "reference").
- `refused`: limits that no real document reaches, beyond which
  Python-Markdown's block parser recurses too deeply or slows down
  quadratically; `check` reports them as errors ("nesting", "crowded",
  "dense", "markup"). A refused body is never scanned further.
- `local_links`: the kept links to `files/...`; `check` makes sure each is an
  attachment that is published with the page (MkDocs' strict build fails on a
  link to a file that is not there).

The rendered HTML is sanitized once more with an allowlist (htmlsafety.py),
which must then find nothing left to remove.
"""
from __future__ import annotations

import bisect
import posixpath
import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from . import memo
from .kinds import FILES_FOLDER

# Deeper nesting of lists, quotes and admonitions makes Python-Markdown's block
# parser recurse (600 levels: RecursionError); real documents use three or four.
MAX_NESTING = 10
# Headings, rules and admonitions split Python-Markdown's blocks, and each
# split copies and rescans the rest of the block: quadratic when thousands
# follow each other without a blank line. Real documents have a few per block.
MAX_SPLITS_PER_BLOCK = 100
# Lines plus Markdown punctuation: what Python-Markdown turns into elements, at
# tens of microseconds each. A large table of 3,000 rows stays below.
MAX_MARKUP = 40_000
# Python-Markdown copies a paragraph's (or list item's) text for every inline
# element and every line in it: marks and lines times length is bounded, about
# one second of work. A 200 KB paragraph may hold 2,500 of them.
MAX_BLOCK_WORK = 500_000_000

# Warnings listed per text; a hostile body could otherwise flood the report.
MAX_REPORTED = 20

SAFE_SCHEMES = ("http://", "https://", "mailto:")
# Every page that shows a body (documents/x.md, interpretations/x-1.md,
# reports/x.md, annual/2021.md) is one folder below the docs root.
_PAGE_FOLDER = "page-folder"


@dataclass(frozen=True)
class UnsafeSpan:
    line: int  # counted from 1 within the body
    text: str  # what was found, shortened for the message (for a limit: the figures)
    kind: str  # see the module docstring


@dataclass(frozen=True)
class LocalLink:
    line: int
    target: str  # path in the docs tree, e.g. files/documents/lfg-2021-01/图1.png
    text: str  # as written


@dataclass
class BodyScan:
    text: str
    unsafe: list[UnsafeSpan] = field(default_factory=list)
    refused: list[UnsafeSpan] = field(default_factory=list)
    local_links: list[LocalLink] = field(default_factory=list)
    unsafe_total: int = 0  # `unsafe` keeps the first MAX_REPORTED


def _short(text: str) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= 40 else text[:40] + "…"


# --- block level -------------------------------------------------------------

_LIST_MARKER = re.compile(r"(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$)")
_PREFIX_STARTS = frozenset(" \t>-*+!0123456789")
_RULE_OR_UNDERLINE = re.compile(r"[-=_*][-=_* \t]*")


def container_prefix(line: str) -> tuple[int, int]:
    """(end of the prefix, containers it opens): the blockquote markers, list
    markers and admonition marker at the start of a line. The line's
    indentation counts as nesting (one level per 4 columns) only on a line that
    opens a container, as a list item indented by 8 spaces sits three levels
    deep; indented text alone opens nothing."""
    if not line or line[0] not in _PREFIX_STARTS:
        return 0, 0
    indented = len(line[:len(line) - len(line.lstrip(" \t"))].expandtabs(4))
    position, markers, length = 0, 0, len(line)
    while position < length and markers <= MAX_NESTING:
        char = line[position]
        if char in " \t":
            position += 1
        elif char == ">":
            markers += 1
            position += 1
        elif line.startswith("!!!", position):
            markers += 1
            break
        else:
            marker = _LIST_MARKER.match(line, position)
            if not marker:
                break
            markers += 1
            position = marker.end()
    return position, markers + (indented // 4 if markers else 0)


def _splits_block(rest: str) -> bool:
    """Whether a line (after its container prefix) is a heading, rule, setext
    underline or admonition: the lines at which Python-Markdown splits a block."""
    return rest.startswith(("#", "!!!")) or bool(_RULE_OR_UNDERLINE.fullmatch(rest))


_MARKUP_CHARS = "*_`[]|&<>\\{#!"
# Lines that may open a container or split a block: the others need no look.
_STRUCTURAL_STARTS = frozenset(" \t>!#=_*+-0123456789")
_LIST_ITEM = re.compile(r" {0,3}(?:\d+\.|[*+-]) +")  # Python-Markdown's list item line


def _is_table(header: str, separator: str) -> bool:
    """Whether Python-Markdown's tables extension takes a block with these first
    two lines for a table (only plain ones; any doubt says no)."""
    header, separator = header.strip(" "), separator.strip(" ")
    if any(char in header + separator for char in "\\`"):
        return False
    left, right = header.startswith("|"), header.endswith("|")

    def cells(row: str) -> list[str]:
        return row[1 if left else 0: len(row) - 1 if right else len(row)].split("|")

    columns = cells(header)
    return len(columns) > 1 and len(cells(separator)) == len(columns) and set(separator) <= set("|:- ")


def _inline_units(lines: list[str]) -> list[tuple[int, int]]:
    """(first, end) lines of each piece of a block that Python-Markdown's
    inline processing takes as one text: table rows, list items (with their
    continuation lines), else the whole block, which can only overestimate."""
    if len(lines) > 1 and _is_table(lines[0], lines[1]):
        return [(index, index + 1) for index in range(len(lines))]
    if not _LIST_ITEM.match(lines[0]):
        return [(0, len(lines))]
    starts = [index for index, line in enumerate(lines) if _LIST_ITEM.match(line)]
    return list(zip(starts, starts[1:] + [len(lines)]))


def _limits(markdown: str) -> list[UnsafeSpan]:
    """The limits, each reported once, at the first line that passes it."""
    total = markdown.count("\n") + 1 + sum(markdown.count(char) for char in _MARKUP_CHARS)
    if total > MAX_MARKUP:
        return [UnsafeSpan(1, str(total), "markup")]  # enough said; the rest would only take time
    refused: dict[str, UnsafeSpan] = {}
    lines = markdown.split("\n")
    index = 0
    while index < len(lines):
        if not lines[index].strip(" \t"):  # blank for Python-Markdown, which expands tabs first
            index += 1
            continue
        first = index
        while index < len(lines) and lines[index].strip(" \t"):
            index += 1
        for kind, offset, text in _block_limits(lines[first:index], total):
            refused.setdefault(kind, UnsafeSpan(first + offset + 1, text, kind))
    return list(refused.values())


def _block_limits(block: list[str], body_marks: int) -> list[tuple[str, int, str]]:
    """(kind, line in the block, detail) of each limit one block passes;
    `body_marks`: the marks and lines of the whole body, a bound for any piece."""
    found = []
    splits = 0
    for offset, line in enumerate(block):
        if line[0] not in _STRUCTURAL_STARTS:
            continue
        prefix_end, depth = container_prefix(line)
        if depth > MAX_NESTING:
            found.append(("nesting", offset, str(depth)))
        if _splits_block(line[prefix_end:]):
            splits += 1
            if splits == MAX_SPLITS_PER_BLOCK + 1:
                found.append(("crowded", offset, str(splits)))
    # Python-Markdown copies a piece's whole text for each element or line it
    # finds in it, so the work grows with marks and lines times the length.
    if body_marks * sum(len(line) + 1 for line in block) <= MAX_BLOCK_WORK:
        return found  # no piece of this block can pass the bound (most blocks)
    marks = [1 + sum(line.count(char) for char in _MARKUP_CHARS) for line in block]
    for start, end in _inline_units(block):
        length = sum(len(line) + 1 for line in block[start:end])
        if sum(marks[start:end]) * length > MAX_BLOCK_WORK:
            found.append(("dense", start, f"{length},{sum(marks[start:end])}"))
            break
    return found


# --- code spans ---------------------------------------------------------------

_BACKTICKS = re.compile(r"`+")
_ESCAPED_TICK = re.compile(r"\\`")


def _any_between(positions: list[int], start: int, end: int) -> bool:
    """Whether a sorted list holds a position in [start - 1, end - 1] (a backslash
    right before a backtick inside a span, or before its closing run)."""
    index = bisect.bisect_left(positions, start - 1)
    return index < len(positions) and positions[index] <= end - 1


def _escaped(line: str, position: int) -> bool:
    """Whether the character at `position` follows an odd run of backslashes."""
    start = position
    while start > 0 and line[start - 1] == "\\":
        start -= 1
    return (position - start) % 2 == 1


def _code_spans(line: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(code spans, stray backtick runs) of one line, each as (start, end).

    A run of backticks opens a span that the next run of the same length
    closes (CommonMark; Python-Markdown 3.11 pairs them the same way). Spans
    never cross lines here, and every other backtick is escaped by `scan`, so
    Python-Markdown sees exactly these spans and no others. A span with a
    backslash before a backtick inside is left out: the tables extension
    pairs such backticks differently."""
    runs = [match.span() for match in _BACKTICKS.finditer(line)]
    if not runs:
        return [], []
    escaped_ticks = [match.start() for match in _ESCAPED_TICK.finditer(line)]
    next_same: list = [None] * len(runs)
    last: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        size = runs[index][1] - runs[index][0]
        next_same[index] = last.get(size)
        last[size] = index
    spans, stray = [], []
    index = 0
    while index < len(runs):
        start, end = runs[index]
        closer = next_same[index]
        if closer is not None and not _escaped(line, start) and not _any_between(escaped_ticks, end, runs[closer][0]):
            spans.append((start, runs[closer][1]))
            index = closer + 1
        else:
            stray.append((start, end))
            index += 1
    return spans, stray


# --- links --------------------------------------------------------------------

# The one form of link destination that is kept: on the same line, an address
# without spaces, brackets, quotes or backslashes, optionally in <>, then an
# optional plain title, then ")". Anything else is shown as typed.
_DESTINATION = re.compile(r"""
    [ \t]*
    (?: <(?P<angle>[^<>\s"'`\\()\[\]{}|]*)> | (?P<bare>[^<>\s"'`\\()\[\]{}|]+) )
    (?: [ \t]+ (?: "[^"\\`()\[\]{}<>|]*" | '[^'\\`()\[\]{}<>|]*' ) )?
    [ \t]* \)
""", re.X)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_AUTOLINK = re.compile(r"<(?:https?://[^<>\s\"'`\\]+|(?:mailto:)?[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+)>", re.I)
_BRACES = re.compile(r"\{[^{}\n]*\}")
_ATTRIBUTE_LIST = re.compile(r"\{:?[ ]*[^}\s][^}]*\}")
_REFERENCE_DEFINITION = re.compile(r"\[[^\[\]]*\]:[ \t]*(?:$|<?[^\s]*[:/.#])")


def _local_target(address: str) -> str | None:
    """The docs-tree path of a relative address as MkDocs resolves it from a
    body's page, if it is a published file; None for anything else."""
    if "&" in address or address.startswith(("/", "#")) or _SCHEME.match(address):
        return None
    path = unquote(urlsplit(address).path)
    target = posixpath.normpath(posixpath.join(_PAGE_FOLDER, path))
    if not target.startswith(FILES_FOLDER + "/") or "\\" in target:
        return None
    return target


@dataclass
class _Opener:
    line: int  # index into the body's lines
    column: int
    image: bool
    holds_link: bool = False  # a kept link or image inside: the outer one is not kept


class _Scanner:
    _SPECIAL = re.compile(r"[<\[\]{]")

    def __init__(self, lines: list[str]):
        self.lines = lines
        self.edits: dict[int, list[tuple[int, int, str]]] = {}  # line -> (column, characters replaced, replacement)
        self.result = BodyScan("")
        self.openers: list[_Opener] = []

    def edit(self, line: int, column: int, replaced: int, replacement: str) -> None:
        self.edits.setdefault(line, []).append((column, replaced, replacement))

    def report(self, line: int, kind: str, text: str) -> None:
        self.result.unsafe_total += 1
        if len(self.result.unsafe) < MAX_REPORTED:
            self.result.unsafe.append(UnsafeSpan(line + 1, _short(text), kind))

    def scan_line(self, number: int, line: str) -> None:
        spans, stray = _code_spans(line)
        for start, end in stray:
            first = start + 1 if _escaped(line, start) else start
            for column in range(first, end):
                self.edit(number, column, 0, "\\")
        line_start = len(line) - len(line.lstrip(" \t>"))
        for start, end in _gaps(spans, len(line)):
            self.report_attribute_lists(number, line, start, end)
            column = start
            while column < end:
                found = self._SPECIAL.search(line, column, end)
                if not found:
                    break
                column = self.special(number, line, found.start(), end, line_start)

    def report_attribute_lists(self, number: int, line: str, start: int, end: int) -> None:
        """Warn where a {...} would have been an attribute list: at the end of a
        line or table cell, or right after a link, emphasis or code span."""
        for braces in _BRACES.finditer(line, start, end):
            at = braces.start()
            if _escaped(line, at) or not _ATTRIBUTE_LIST.fullmatch(braces.group(0)):
                continue
            after = braces.end()
            while after < end and line[after] in " \t":
                after += 1
            if after == end or line[after] == "|" or (at > start and line[at - 1] in ")]*_`>"):
                self.report(number, "attribute", braces.group(0))

    def special(self, number: int, line: str, at: int, end: int, line_start: int) -> int:
        """Handle the special character at line[at]; return where to go on."""
        char = line[at]
        if char == "<":
            return self.angle(number, line, at, end)
        if _escaped(line, at):
            return at + 1
        if char == "{":
            self.edit(number, at, 0, "\\")
            return at + 1
        if char == "[":
            image = at > 0 and line[at - 1] == "!" and not _escaped(line, at - 1)
            self.openers.append(_Opener(number, at, image))
            if at == line_start and _REFERENCE_DEFINITION.match(line, at, end):
                self.report(number, "reference", line[at:at + 60])
            return at + 1
        return self.closer(number, line, at, end)

    def angle(self, number: int, line: str, at: int, end: int) -> int:
        following = line[at + 1: at + 2]
        if not (following.isascii() and (following.isalpha() or following in ("/", "!", "?"))) or not following:
            return at + 1  # "a < b": never a tag
        if _AUTOLINK.match(line, at, end):
            return at + 1  # brackets and braces inside it are still escaped, as everywhere
        close = line.find(">", at, min(end, at + 60))
        self.report(number, "html", line[at: close + 1 if close >= 0 else min(end, at + 60)])
        self.edit(number, at, 1, "&lt;")
        return at + 1

    def closer(self, number: int, line: str, at: int, end: int) -> int:
        opener = self.openers.pop() if self.openers else None
        if opener is not None and line.startswith("](", at):
            destination = _DESTINATION.match(line, at + 2, end)
            if self.judge(number, line, at, opener, destination) and destination is not None:  # judge keeps none without one
                if self.openers:
                    self.openers[-1].holds_link = True
                return destination.end()
        self.edit(number, at, 0, "\\")
        if opener is not None:
            self.edit(opener.line, opener.column, 0, "\\")
            if opener.holds_link and self.openers:
                self.openers[-1].holds_link = True
        return at + 1

    def judge(self, number: int, line: str, at: int, opener: _Opener, destination: re.Match | None) -> bool:
        """Whether the link or image whose text closes at line[at] ("](") is kept; reports it if not."""
        if destination is None:
            written = line[at + 1: at + 60]
            if not written.strip("(< \t") and number + 1 < len(self.lines):
                written += " " + self.lines[number + 1][:40]  # the address is on the next line
            self.report(number, "image" if opener.image else "link", written)
            return False
        address = destination.group("angle") if destination.group("angle") is not None else destination.group("bare")
        lowered = address.lower()
        if lowered.startswith(SAFE_SCHEMES):
            if opener.image:
                self.report(number, "image", address)
                return False
            return not opener.holds_link
        if lowered.startswith("//"):
            self.report(number, "image" if opener.image else "link", address)
            return False
        if _SCHEME.match(address):
            self.report(number, "link", address)
            return False
        target = _local_target(address)
        if target is None:
            # A character reference or a colon hides a scheme; anything else is a page of the site.
            self.report(number, "link" if "&" in address or ":" in address else "page-link", address)
            return False
        if opener.holds_link:
            return False
        self.result.local_links.append(LocalLink(number + 1, target, address))
        return True

    def finish(self) -> str:
        for opener in self.openers:  # never closed: shown as typed
            self.edit(opener.line, opener.column, 0, "\\")
        out = []
        for number, line in enumerate(self.lines):
            edits = self.edits.get(number)
            if edits:
                pieces, position = [], 0
                for column, replaced, replacement in sorted(edits):
                    pieces.append(line[position:column])
                    pieces.append(replacement)
                    position = column + replaced
                pieces.append(line[position:])
                line = "".join(pieces)
            out.append(line)
        return "\n".join(out)


def _gaps(spans: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """The parts of a line between its code spans."""
    gaps, position = [], 0
    for start, end in spans:
        gaps.append((position, start))
        position = end
    gaps.append((position, length))
    return gaps


# Characters without which a line holds nothing `scan` changes or limits.
_SUSPECT = re.compile(r"[<\[\]{`]")


# A one-shot build scans each body twice, checking it and rendering it (1.4 s of the render at 10,000
# records); serve's memo covers both there. From a check to the render after it, the check's results
# are kept (keep_scans, forget_scans). Keyed by the text itself: an entry is never wrong, at most unused.
_kept_scans: dict[str, "BodyScan"] = {}
_keeping = False


def keep_scans(keeping: bool = True) -> None:
    """From now on each text's scan is kept (or not), until forget_scans; what was kept before goes now."""
    global _keeping
    _kept_scans.clear()
    _keeping = keeping


def forget_scans() -> None:
    global _keeping
    _kept_scans.clear()
    _keeping = False


def scan(markdown: str) -> BodyScan:
    """What a text holds that is unsafe, refused or a local link, and its inert form. serve
    reuses the result for a text it scanned at the last rebuild (check and render both scan)."""
    if memo.enabled():
        return memo.cached(("scan", markdown), lambda: _scan(markdown))
    found = _kept_scans.get(markdown)
    if found is None:
        found = _scan(markdown)
        if _keeping:
            _kept_scans[markdown] = found
    return found


def _scan(markdown: str) -> BodyScan:
    refused = _limits(markdown)
    if refused:
        # `check` refuses such a body, so it is never published; shown as one
        # block of code it would still be inert and cheap to render.
        text = "\n".join("    " + line for line in markdown.replace("&", "&amp;").replace("<", "&lt;").split("\n"))
        return BodyScan(text, refused=refused)
    lines = markdown.split("\n")
    scanner = _Scanner(lines)
    for number, line in enumerate(lines):
        if _SUSPECT.search(line):
            scanner.scan_line(number, line)
    result = scanner.result
    result.text = scanner.finish() if scanner.edits or scanner.openers else markdown
    return result


def inert(markdown: str) -> str:
    """The same text with everything but the allowlisted Markdown shown as typed."""
    return scan(markdown).text


def unsafe_spans(markdown: str) -> list[UnsafeSpan]:
    return scan(markdown).unsafe
