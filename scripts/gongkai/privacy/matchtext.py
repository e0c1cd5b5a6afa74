"""The text as a reader sees it, for matching personal numbers, with a map back
to the original so a finding names the right line.

A reader sees through what a pattern on the raw text would trip over:
- invisible format characters (zero-width spaces, bidi controls) and combining
  marks (underlines, keycaps) laid over a digit: removed;
- full-width and other compatibility forms (１２３, Ｘ, ①, U+3000): folded by
  NFKC (textnorm.folded); digits of other scripts read as the digits they are;
- HTML character references (&#49;, &nbsp;): decoded;
- Markdown emphasis and code markers (* _ ~ `) and HTML tags: removed in the
  joined view (138**0013**8000 reads as one number) and kept as separators in
  the spaced view (2021_13800138000 reads as two).

Built in one pass of a regular expression plus str.translate on runs of
non-ASCII text (skipped for runs of Chinese text and punctuation, which read as
themselves), so the cost stays linear in the length of the text.
"""
from __future__ import annotations

import bisect
import html
import re
import unicodedata
from functools import lru_cache
from itertools import accumulate
from typing import Literal

from ..textnorm import folded

_TOKEN = re.compile(
    r"(?P<tag><[A-Za-z/!?][^<>\n]{0,500}>)"
    r"|(?P<ref>&(?:#[0-9]{1,8}|#[xX][0-9A-Fa-f]{1,8}|[A-Za-z][A-Za-z0-9]{1,31});?)"
    r"|(?P<marker>[*_~`]+)"
    r"|(?P<wide>[^\x00-\x7f][^<&*_~`]*)"  # from a non-ASCII character to the next markup character
)
_PLAIN = re.compile(r"[<&*_~`]|[^\x00-\x7f]")  # nothing to rewrite without one of these
# Characters whose folding changes nothing a number is made of or separated by:
# ASCII, CJK ideographs and the usual Chinese punctuation (full-width commas,
# brackets, quotes; dashes and dots read as separators either way). Not in it:
# full-width digits, Ｘ, ＋, ＊ ＿ ｀, invisible and combining characters.
_READS_AS_ITSELF = re.compile("[\x00-\x7f\u00b7\u2010-\u2016\u2018-\u2024\u2026\u2027\u3001-\u3029\u3030-\u303f"
                              "\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff09\uff0c-\uff0f\uff1a-\uff37\uff39-\uff3e"
                              "\uff41-\uff57\uff59-\uff5d]*")


def reads_as_itself(text: str) -> bool:
    """Whether `text` needs no folding for matching (markup aside): the common case, decided in C."""
    return _READS_AS_ITSELF.fullmatch(text) is not None


# ord -> what the character reads as; filled lazily, one entry per distinct character seen.
_FOLD: dict[int, str] = {}
_KNOWN: set[str] = set()
_NOT_ONE_TO_ONE: set[str] = set()  # characters that read as none or several characters


def _fold_character(character: str) -> str:
    if unicodedata.category(character) in ("Mn", "Me"):
        return ""  # combining marks decorate the character before them
    digit = unicodedata.digit(character, None)
    if digit is not None:
        return str(digit)  # ①, ², ❶, ٣, １ ...
    return folded(character)


def _learn(characters: set[str]) -> None:
    for character in characters:
        code = ord(character)
        _FOLD[code] = character if code < 0x80 else _fold_character(character)
        if len(_FOLD[code]) != 1:
            _NOT_ONE_TO_ONE.add(character)
    _KNOWN.update(characters)


def _translated(run: str) -> tuple[str, bool]:
    """The run as it reads, and whether every character of it reads as exactly one character."""
    characters = set(run)
    new = characters.difference(_KNOWN)
    if new:
        _learn(new)
    return run.translate(_FOLD), _NOT_ONE_TO_ONE.isdisjoint(characters)


@lru_cache(maxsize=4096)
def _reference(reference: str) -> str:
    return _translated(html.unescape(reference))[0].replace("\n", " ")


# How a stretch of the matching text relates to the original: character for
# character (same or folded one to one), one token read as a whole, or a run
# whose characters fold to more or fewer characters (mapped character by character).
_SAME, _TOKEN_KIND, _IRREGULAR = 0, 1, 2


class MatchingText:
    """`text` rewritten for matching (`.text`), and `span()` to map a span of it back."""

    def __init__(self, original: str, markup: Literal["joined", "spaced"] = "joined"):
        self.original = original
        self._view_starts: list[int] = []
        self._segments: list[tuple[int, int, int]] = []  # (kind, original start, original end)
        self._offsets: dict[int, list[int]] = {}  # irregular segment -> view offset of each original character
        if not _PLAIN.search(original):
            self.text = original
            self._add(0, _SAME, 0, len(original))
            return
        pieces: list[str] = []
        length = 0
        position = 0
        for match in _TOKEN.finditer(original):
            start, end = match.span()
            if start > position:
                pieces.append(original[position:start])
                self._add(length, _SAME, position, start)
                length += start - position
            kind = match.lastgroup
            if kind == "wide" and reads_as_itself(match.group()):
                replacement, segment = match.group(), _SAME
            elif kind == "wide":
                replacement, regular = _translated(match.group())
                segment = _SAME if regular else _IRREGULAR
            elif kind == "ref":
                replacement = _reference(match.group())
                segment = _TOKEN_KIND
            elif kind == "tag":
                replacement = "" if markup == "joined" else " "
                segment = _TOKEN_KIND
            else:  # emphasis or code markers
                replacement = "" if markup == "joined" else match.group()
                segment = _TOKEN_KIND if markup == "joined" else _SAME
            if replacement:
                pieces.append(replacement)
                self._add(length, segment, start, end)
                length += len(replacement)
            position = end
        if position < len(original):
            pieces.append(original[position:])
            self._add(length, _SAME, position, len(original))
        self.text = "".join(pieces)

    def _add(self, view_start: int, kind: int, start: int, end: int) -> None:
        self._view_starts.append(view_start)
        self._segments.append((kind, start, end))

    def _original_character(self, index: int) -> tuple[int, int]:
        """The span of the original that produced character `index` of the matching text."""
        segment = bisect.bisect_right(self._view_starts, index) - 1
        kind, start, end = self._segments[segment]
        offset = index - self._view_starts[segment]
        if kind == _SAME:
            return start + offset, start + offset + 1
        if kind == _TOKEN_KIND:
            return start, end
        offsets = self._offsets.get(segment)
        if offsets is None:  # built once per run that holds a finding
            offsets = list(accumulate((len(_FOLD[ord(c)]) for c in self.original[start:end]), initial=0))
            self._offsets[segment] = offsets
        position = bisect.bisect_right(offsets, offset) - 1
        return start + position, start + position + 1

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span that reads as text[start:end] (end > start)."""
        return self._original_character(start)[0], self._original_character(end - 1)[1]
