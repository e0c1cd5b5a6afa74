"""The clauses (条) of a document's 正文, their paragraphs (款) and items (项): where each
begins and ends, so that an amending document's 修改条款 can be checked against the text
(crosscheck) and applied to it (render).

A clause starts with a line that begins 第N条 (Chinese or Arabic numerals, as GB/T 9704
documents write them) and runs until the next clause or heading, whether the text puts
blank lines between its paragraphs or not. Inside a clause, a line beginning （N） is an
item (项); every other non-empty line is a paragraph (款), the first one being the line
with 第N条. Text before the first clause belongs to no clause.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Generic, Optional, TypeVar

from .model.document import ClauseAction, ClauseChange

Tag = TypeVar("Tag")  # what made a change: the amending record, for the page to cite

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUMERAL = r"[零〇一二两三四五六七八九十百千\d]{1,8}"
_CLAUSE = re.compile(rf"^\s*(?:\*\*)?第({_NUMERAL})条(?![一-龥])")
_ITEM = re.compile(rf"^\s*[（(]({_NUMERAL})[）)]")
_HEADING = re.compile(r"^\s{0,3}#")
_REFERENCE = re.compile(rf"^第({_NUMERAL})条(?:第({_NUMERAL})款)?(?:第({_NUMERAL})项)?$")


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


@dataclass(frozen=True)
class ClauseRef:
    """第二条 / 第二条第二款 / 第二条第四项 as an amending decision cites it."""

    clause: int
    paragraph: Optional[int] = None  # 款
    item: Optional[int] = None  # 项


def clause_ref(name: str) -> Optional[ClauseRef]:
    """「第二条第四项」「第 6 条」 -> the reference; None when the name is not one."""
    match = _REFERENCE.match(re.sub(r"\s", "", name))
    if not match:
        return None
    numbers = [numeral(group) if group else None for group in match.groups()]
    if numbers[0] is None or any(group and number is None for group, number in zip(match.groups(), numbers)):
        return None
    return ClauseRef(numbers[0], numbers[1], numbers[2])


@dataclass
class Segment:
    number: Optional[int]  # the clause this text is; None: text outside any clause
    text: str  # its lines as written, line endings kept: joined, the segments are the text


def segments(text: str) -> list[Segment]:
    """The 正文 cut at clause starts and headings, in order."""
    parts: list[Segment] = []
    for line in text.splitlines(keepends=True):
        match = _CLAUSE.match(line)
        number = numeral(match.group(1)) if match else None
        if number is not None:
            parts.append(Segment(number, line))
        elif _HEADING.match(line) or not parts:
            parts.append(Segment(None, line))
        else:
            parts[-1].text += line  # a further 款 or 项 of the clause, blank lines, or more text outside any
    return parts


def clause_numbers(text: str) -> set[int]:
    return {segment.number for segment in segments(text) if segment.number is not None}


def _line_index(lines: list[str], ref: ClauseRef) -> Optional[int]:
    """Where the 款 or 项 `ref` names is among a clause's lines."""
    paragraph = item = 0
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        match = _ITEM.match(line)
        if match:
            item += 1
            if ref.item is not None and numeral(match.group(1)) == ref.item and (ref.paragraph is None or ref.paragraph == paragraph):
                return index
        else:
            paragraph, item = paragraph + 1, 0
            if ref.item is None and ref.paragraph == paragraph:
                return index
    return None


def has_part(clause_text: str, ref: ClauseRef) -> bool:
    """Whether the clause has the 款 or 项 `ref` names (a bare 条 always has itself)."""
    return (ref.paragraph is None and ref.item is None) or _line_index(clause_text.splitlines(keepends=True), ref) is not None


def replace_part(clause_text: str, ref: ClauseRef, new: Optional[str], after: bool = False) -> str:
    """The clause with the line `ref` names replaced by `new` (None: removed), or with `new`
    added as a line after it."""
    lines = clause_text.splitlines(keepends=True)
    index = _line_index(lines, ref)
    if index is None:
        return clause_text
    ending = lines[index][len(lines[index].rstrip("\r\n")):] or "\n"
    replacement = [] if new is None else [new.strip("\n") + ending]
    if after:
        lines[index + 1:index + 1] = replacement
    else:
        lines[index:index + 1] = replacement
    return "".join(lines)


@dataclass
class AmendedPart(Generic[Tag]):
    """A piece of the text as amended: a clause (or text outside any), with the changes made to it."""

    segment: Segment
    changes: list[tuple[Tag, ClauseChange]] = field(default_factory=list)  # in the order they were made
    was: Optional[str] = None  # the clause before its first change (None: unchanged, or added)
    added: bool = False


def amend(text: str, changes: list[tuple[Tag, ClauseChange]]) -> list[AmendedPart[Tag]]:
    """The text with each change applied in turn, as its amending decision states it: a whole
    clause changed, deleted (its number kept, marked deleted) or added after another; a 款 or
    项 changed, deleted or added after. Clauses are not renumbered. A change naming a clause
    or part the text lacks is left out (the cross-check reports it)."""
    parts: list[AmendedPart[Tag]] = [AmendedPart(segment) for segment in segments(text)]
    for tag, change in changes:
        ref = clause_ref(change.clause)
        at = next((i for i, p in enumerate(parts) if ref and p.segment.number == ref.clause and not p.added), None)
        if ref is None or at is None:
            continue
        part = parts[at]
        whole = ref.paragraph is None and ref.item is None
        if change.action is ClauseAction.ADD and whole:
            parts.insert(at + 1, AmendedPart(Segment(None, (change.text or "") + "\n"), [(tag, change)], added=True))
            continue
        if part.was is None:
            part.was = part.segment.text
        if whole:
            new = change.text if change.action is ClauseAction.CHANGE else f"{change.clause}　（本条已删除）"
            part.segment = Segment(ref.clause, (new or "") + "\n")
        else:
            kept = None if change.action is ClauseAction.DELETE else change.text
            part.segment = Segment(ref.clause, replace_part(part.segment.text, ref, kept, after=change.action is ClauseAction.ADD))
        part.changes.append((tag, change))
    return parts
