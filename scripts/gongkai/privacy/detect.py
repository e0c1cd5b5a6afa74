"""Find personal numbers in text, each validated so ordinary numbers do not trip it.

- 身份证号: 18 characters, a real province code, a real birth date and the
  ISO 7064 MOD 11-2 check digit (GB 11643). The 15-digit first-generation
  cards stopped being valid in 2013 and are not looked for.
- Mobile numbers: 11 digits 13x-19x, optionally +86 and spaced or hyphenated.
  Office landlines (area code + number, e.g. 0759-6612345) are public contact
  details of government offices and are deliberately allowed.
- Bank card numbers: 16-19 digits starting 3-6 (UnionPay 62, Visa, Mastercard,
  JCB/Amex), optionally grouped in fours, passing the Luhn check, not all one digit.

Masked forms (138****1234, 44*************123) contain no such digit run, so
they pass. A number inside a longer run of letters or digits (索引号, 统一社会信用代码)
is not taken apart.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

PROVINCES = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
             50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82}
_EDGE_BEFORE = r"(?<![0-9A-Za-z*])"
_EDGE_AFTER = r"(?![0-9A-Za-z*])"
_ID = re.compile(_EDGE_BEFORE + r"(\d{17}[\dXx])" + _EDGE_AFTER)
_MOBILE = re.compile(_EDGE_BEFORE + r"(?:(?:\+|00)86[ -]?)?(1[3-9]\d)[ -]?(\d{4})[ -]?(\d{4})" + _EDGE_AFTER)
_CARD = re.compile(_EDGE_BEFORE + r"([3-6]\d{3}(?:[ -]?\d{4}){2,3}(?:[ -]?\d{1,3})?)" + _EDGE_AFTER)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

ID_CARD = "身份证号"
MOBILE = "手机号码"
BANK_CARD = "银行卡号"


@dataclass(frozen=True)
class Hit:
    kind: str
    start: int
    end: int
    digits: str  # the number without spaces or hyphens, as exemptions name it

    @property
    def masked(self) -> str:
        if self.kind == ID_CARD:
            return self.digits[:2] + "*" * 13 + self.digits[-3:]
        if self.kind == MOBILE:
            return self.digits[:3] + "****" + self.digits[-4:]
        return self.digits[:4] + "*" * (len(self.digits) - 8) + self.digits[-4:]


def valid_id_number(number: str) -> bool:
    if len(number) != 18 or not number[:17].isdigit() or int(number[:2]) not in PROVINCES:
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


_ANY_RUN = re.compile(r"\d{3}[ -]?\d{4}")  # every pattern above has one; dates and most text do not


def find_personal_numbers(text: str) -> list[Hit]:
    if not _ANY_RUN.search(text):
        return []
    hits: list[Hit] = []
    for match in _ID.finditer(text):
        if valid_id_number(match.group(1)):
            hits.append(Hit(ID_CARD, match.start(1), match.end(1), match.group(1).upper()))
    taken = [(h.start, h.end) for h in hits]

    def free(start: int, end: int) -> bool:
        return not any(start < b and a < end for a, b in taken)

    for match in _CARD.finditer(text):
        digits = re.sub(r"[ -]", "", match.group(1))
        if 16 <= len(digits) <= 19 and len(set(digits)) > 1 and luhn_valid(digits) and free(*match.span(1)):
            hits.append(Hit(BANK_CARD, match.start(1), match.end(1), digits))
            taken.append(match.span(1))
    for match in _MOBILE.finditer(text):
        if free(*match.span()):
            hits.append(Hit(MOBILE, match.start(), match.end(), "".join(match.groups())))
    return sorted(hits, key=lambda h: h.start)
