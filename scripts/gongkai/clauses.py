"""The clauses (条) of a document's 正文: where each begins and ends, so that an amending
document's 修改条款 can be checked against the text (crosscheck) and applied to it (render).

A clause starts with a paragraph that begins 第N条 (Chinese or Arabic numerals, as GB/T 9704
documents write them) and runs until the next clause or heading; its 款 and 项 are the
paragraphs in between. Text before the first clause (a preamble, chapter headings) belongs
to no clause.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_CLAUSE = re.compile(r"^\s*(?:\*\*)?第([零〇一二两三四五六七八九十百千\d]{1,8})条(?![一-龥])")
_HEADING = re.compile(r"^\s{0,3}#")


def numeral(text: str) -> Optional[int]:
    """一百二十三 / 十二 / 123 -> the number; None when it is not one."""
    if text.isdigit():
        return int(text)
    total, digit = 0, None
    for char in text:
        if char in _DIGITS:
            digit = _DIGITS[char]
        elif char in _UNITS:
            total += (1 if digit is None else digit) * _UNITS[char]
            digit = None
        else:
            return None
    return total + (digit or 0)


def clause_number(name: str) -> Optional[int]:
    """「第六条」「第 6 条」 -> 6; None when the name is not a clause."""
    match = _CLAUSE.match(name.replace(" ", "").replace("\u3000", ""))
    return numeral(match.group(1)) if match else None


@dataclass
class Segment:
    number: Optional[int]  # the clause this text is; None: text outside any clause
    text: str  # its Markdown, blank-line separated paragraphs


def segments(text: str) -> list[Segment]:
    """The 正文 cut at clause starts and headings, in order; joined back they are the text."""
    parts: list[Segment] = []
    paragraphs = re.split(r"\n\s*\n", text.strip("\n"))
    for paragraph in paragraphs:
        match = _CLAUSE.match(paragraph)
        if match and numeral(match.group(1)) is not None:
            parts.append(Segment(numeral(match.group(1)), paragraph))
        elif _HEADING.match(paragraph) or not parts:
            parts.append(Segment(None, paragraph))
        else:
            parts[-1].text += "\n\n" + paragraph  # a further 款 of the clause, or more text outside any
    return parts


def clause_numbers(text: str) -> set[int]:
    return {segment.number for segment in segments(text) if segment.number is not None}
