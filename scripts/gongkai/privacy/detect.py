"""Find personal numbers in text, each validated so ordinary numbers do not trip it.

- 身份证号: 18 characters, a real province code, a real birth date and the
  ISO 7064 MOD 11-2 check digit (GB 11643). The 15-digit first-generation
  cards stopped being valid in 2013 and are not looked for.
- Mobile numbers: 11 digits 13x-19x, optionally +86 / 0086. Office landlines
  (area code + number, e.g. 0759-6612345) are public contact details of
  government offices and are deliberately allowed.
- Bank card numbers: 16-19 digits starting 3-6 (UnionPay 62, Visa, Mastercard,
  JCB/Amex), unbroken or in groups of four, passing the Luhn check, not all one digit.

Matching runs on the text as a reader sees it (matchtext.py: full-width digits,
invisible characters, character references and Markdown markers undone). A
number is a run of digit groups joined by at most three separator characters
(spaces of every kind, dots, hyphens and dashes): 440881 19900307 4510,
1380 0138 000 and 138-0013-8000 are numbers; letters or other characters end
a group but do not hide it (wx13800138000, Tel:13800138000). A group is never
cut apart, so a longer run of digits (索引号, 统一社会信用代码, amounts) is not
searched inside, and masked forms (138****1234) hold no such group.

Grouped forms are accepted only where a person would read one number: every
group but the first and last has at least three digits; a grouped mobile or
card number stays on one line and is set off from the digits around it (the
separator before and after it is not one it uses inside), so a row of figures
in a table (合计 12 156 2300 1200 56) is not read as a phone number. The ID
check digit makes any grouping of an ID safe to accept.

Linear time: each group starts at most a handful of windows (at most 19 digits,
groups of three or more inside), and no regular expression backtracks.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from itertools import accumulate
from typing import Iterator

from .matchtext import MatchingText, reads_as_itself

PROVINCES = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
             50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82}
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

ID_CARD = "身份证号"
MOBILE = "手机号码"
BANK_CARD = "银行卡号"
_PRIORITY = {ID_CARD: 0, BANK_CARD: 1, MOBILE: 2}  # an ID's digits may also pass as a card or phone

_GROUP = re.compile(r"[0-9]+(?:[Xx](?![0-9A-Za-z]))?")
_SPACES = "".join(chr(code) for code in range(0x3001) if chr(code).isspace())  # U+3000 is the last
_DASHES = ("-\u058a\u05be\u1400\u1806\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\u2e17\u2e1a\u2e3a\u2e3b"
           "\u2e40\u2e5d\u301c\u3030\u30a0\u30fc\ufe31\ufe32\ufe58\ufe63\uff0d\uff5e\U00010ead")
_DOTS = ".\u00b7\u2022\u2024\u2026\u2027\u2219\u22c5\u30fb\ufe52\uff0e\uff61\uff65"
_MARKERS = "*_~`"
_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
# What a separator is, for telling one number's separators from its neighbours':
# 「 - 」 and 「-」 differ, U+3000 and a space do not; a line break is its own kind.
_GAP_KIND = str.maketrans({**dict.fromkeys(_SPACES, " "), **dict.fromkeys(_LINE_BREAKS, "\n"), **dict.fromkeys(_DASHES, "-"),
                           **dict.fromkeys(_DOTS, "."), **dict.fromkeys(_MARKERS, "*")})
SEPARATORS = _SPACES + _DASHES + _DOTS + _MARKERS
_GAP = "[" + re.escape(SEPARATORS) + "]{1,3}"
_CHAIN = re.compile(rf"{_GROUP.pattern}(?:{_GAP}{_GROUP.pattern})*")  # groups and gaps share no character: no backtracking
MAX_DIGITS = 19
_LENGTHS = {11, 16, 17, 18, 19}


@dataclass(frozen=True)
class Hit:
    kind: str
    start: int  # in the text as given
    end: int
    digits: str  # the number without separators, as exemptions name it

    @property
    def masked(self) -> str:
        if self.kind == ID_CARD:
            return self.digits[:2] + "*" * 13 + self.digits[-3:]
        if self.kind == MOBILE:
            return self.digits[:3] + "****" + self.digits[-4:]
        return self.digits[:4] + "*" * (len(self.digits) - 8) + self.digits[-4:]


def valid_id_number(number: str) -> bool:
    if len(number) != 18 or not "1900" <= number[6:10] <= "2100" or not number[:17].isdigit() or int(number[:2]) not in PROVINCES:
        return False
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    if not dt.date(1900, 1, 1) <= birth <= dt.date(2100, 1, 1):
        return False
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], _ID_WEIGHTS))
    return _ID_CHECK[total % 11] == number[17].upper()


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, digit in enumerate(reversed(digits)):
        value = int(digit)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _mobile(digits: str) -> bool:
    return len(digits) == 11 and digits[0] == "1" and digits[1] in "3456789"


def _card_shape(digits: str) -> bool:
    return 16 <= len(digits) <= 19 and digits[0] in "3456" and digits.isdigit() and len(set(digits)) > 1


class _Chain:
    """Digit groups joined by short separators: the candidates for one or more numbers."""

    def __init__(self, view: str, start: int, end: int):
        self.view = view
        self.start = start
        self.groups = [group.upper() for group in _GROUP.findall(view, start, end)]
        self.gaps = _GROUP.split(view[start:end])[1:-1]  # the separator after each group but the last
        self._starts: list[int] = []

    def group_start(self, index: int) -> int:
        if not self._starts:  # built only for chains that hold a finding
            lengths = (len(text) for pair in zip(self.groups, self.gaps + [""]) for text in pair)
            self._starts = list(accumulate(lengths, initial=self.start))[::2]
        return self._starts[index]

    def country_code(self, index: int) -> bool:
        group = self.groups[index]
        return group == "0086" or (group == "86" and self.group_start(index) > 0 and self.view[self.group_start(index) - 1] == "+")

    def set_off(self, first: int, last: int) -> bool:
        """Whether groups first..last stay on one line and are not continued, with the
        separator they use, by more digits (a phone or card number has no check digit
        to tell it from a column of figures, one a line, in an extracted table)."""
        inside = {gap.translate(_GAP_KIND) for gap in self.gaps[first:last]}
        if any("\n" in kind for kind in inside):
            return False
        before = self.gaps[first - 1].translate(_GAP_KIND) if first > 0 and not self.country_code(first - 1) else None
        after = self.gaps[last].translate(_GAP_KIND) if last < len(self.groups) - 1 else None
        return before not in inside and after not in inside

    def candidates(self) -> Iterator[tuple[str, int, int, str]]:
        """(kind, view start, view end, digits) of every valid number in the chain."""
        groups = self.groups
        for first, text in enumerate(groups):
            if text[0] == "9" or (text[0] == "0" and not text.startswith("0086")):
                continue  # no province code, mobile or card number starts so
            length = 0
            for last in range(first, len(groups)):
                if last > first and (groups[last - 1][-1] == "X" or (last - 1 > first and len(groups[last - 1]) < 3)):
                    break  # a check digit ends a number; short groups only at either end
                length += len(groups[last])
                if length > MAX_DIGITS:
                    break
                if length in _LENGTHS or (last == first and length in (13, 15)):
                    yield from self._numbers(first, last, length)

    def _numbers(self, first: int, last: int, length: int) -> Iterator[tuple[str, int, int, str]]:
        groups = self.groups
        digits = "".join(groups[first:last + 1])
        single = first == last
        if length == 18 and valid_id_number(digits):
            yield ID_CARD, self.group_start(first), self.group_start(last) + len(groups[last]), digits
        if _card_shape(digits) and (single or (all(len(g) == 4 for g in groups[first:last]) and len(groups[last]) <= 4
                                               and self.set_off(first, last))) and luhn_valid(digits):
            yield BANK_CARD, self.group_start(first), self.group_start(last) + len(groups[last]), digits
        prefix = 0
        if single and length in (13, 15):
            # +8613812345678 and 008613812345678 carry the country code in the same group
            start = self.group_start(first)
            if digits.startswith("0086") if length == 15 else (digits.startswith("86") and start > 0 and self.view[start - 1] == "+"):
                digits, prefix = digits[length - 11:], length - 11
        if _mobile(digits) and (single or (len(groups[first]) >= 3 and len(groups[last]) >= 3 and self.set_off(first, last))):
            yield MOBILE, self.group_start(first) + prefix, self.group_start(last) + len(groups[last]), digits


_THREE_DIGITS = re.compile(r"[0-9]{3}")


def _hits_in(view: MatchingText) -> list[Hit]:
    hits = []
    for chain in _CHAIN.finditer(view.text):
        # Every number has 11 digits or more, so a group of three or more.
        if chain.end() - chain.start() < 11 or not _THREE_DIGITS.search(view.text, chain.start(), chain.end()):
            continue
        for kind, start, end, digits in _Chain(view.text, chain.start(), chain.end()).candidates():
            original_start, original_end = view.span(start, end)
            hits.append(Hit(kind, original_start, original_end, digits))
    return hits


def find_personal_numbers(text: str) -> list[Hit]:
    """Every personal number in `text`, in order, with its span in `text`."""
    if not text or (sum(map(text.count, "0123456789")) < 11 and reads_as_itself(text)):
        return []  # the common case, decided in C without building a matching view
    joined = MatchingText(text, "joined")
    hits = _hits_in(joined)
    if joined.text != text:
        spaced = MatchingText(text, "spaced")
        if spaced.text != joined.text:
            hits += _hits_in(spaced)
    return _without_overlaps(hits)


def masked(text: str) -> str:
    """`text` with every personal number in it shown masked: for messages that quote
    names taken from a file (a sheet, a property, an embedded file), since CI logs are public."""
    for hit in reversed(find_personal_numbers(text)):
        text = text[:hit.start] + hit.masked + text[hit.end:]
    return text


def _without_overlaps(hits: list[Hit]) -> list[Hit]:
    """IDs before cards before phones, then left to right; a hit overlapping a kept one is dropped."""
    starts: list[int] = []
    kept: list[Hit] = []  # disjoint and sorted by start, so ends are sorted too
    for hit in sorted(hits, key=lambda h: (_PRIORITY[h.kind], h.start)):
        index = bisect.bisect_left(starts, hit.end)
        if index and kept[index - 1].end > hit.start:
            continue
        starts.insert(index, hit.start)
        kept.insert(index, hit)
    return kept
