"""文号 (document number) in GB/T 9704-2012 form: 发文机关代字〔年份〕序号号.

The canonical form uses 六角括号 〔〕, the full four-digit year and serial in
half-width Arabic digits, a serial without leading zeros and no 第. People type
other brackets, full-width digits and (by pasting) invisible characters; this
module recognises those variants so errors can suggest the canonical form and
two spellings of one 文号 are recognised as the same (`identity`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .textnorm import folded, without_invisible

CANONICAL = re.compile(r"^(?P<prefix>[^〔〕\s]+)〔(?P<year>[0-9]{4})〕(?P<serial>[1-9][0-9]*)号$")
# Brackets people actually type for the year: 〔〕 [] （） () 【】 ［］ ﹝﹞ 「」.
_LOOSE = re.compile(
    r"^(?P<prefix>[^\[\]()（）【】〔〕﹝﹞［］「」\s]+?)\s*[\[(（【〔﹝［「]\s*(?P<year>\d{2,4})\s*[\])）】〕﹞］」]\s*第?\s*(?P<serial>\d+)\s*号?$"
)


@dataclass(frozen=True)
class DocNumber:
    prefix: str
    year: int
    serial: int

    def __str__(self) -> str:
        return f"{self.prefix}〔{self.year}〕{self.serial}号"


def parse_canonical(text: str) -> Optional[DocNumber]:
    match = CANONICAL.match(text)
    if not match or without_invisible(text) != text:
        return None
    return DocNumber(match["prefix"], int(match["year"]), int(match["serial"]))


def suggest(text: str) -> Optional[DocNumber]:
    """Best-effort reading of a loosely typed 文号; None when unrecognisable."""
    match = _LOOSE.match(folded(text).strip())
    if not match:
        return None
    year = match["year"]
    if len(year) != 4:
        return None
    return DocNumber(match["prefix"], int(year), int(match["serial"]))


def identity(text: str) -> str:
    """What two spellings of one 文号 share: its canonical form when it can be read
    (brackets, 第, leading zeros, full-width digits and invisible characters do
    not matter), else the visible text folded."""
    number = suggest(text)
    return str(number) if number else folded(text).strip()
