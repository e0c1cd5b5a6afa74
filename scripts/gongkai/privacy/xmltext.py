"""Every piece of text in one XML part of an office file (Office Open XML, OFD)
or of a PDF's XMP metadata, each named by place, for the personal data guard.

Not an API walk but a pass over the whole tree, so nothing a format puts
somewhere unusual is missed: every paragraph (w:p, a:p: body, tables at any
depth, text boxes, headers, footers, footnotes, comments), every spreadsheet
cell (its value, cached or shared, and its formula), every other text node
(document properties, sheet headers and footers, defined names) and every
attribute value holding enough digits to be a number (hyperlink targets, field
instructions). Runs of one paragraph are joined first, so a number split
between a plain and a bold run is read as one.

The XML is parsed by lxml (libxml2) as a stream of events, no tree built, so
memory stays bounded by the largest paragraph, not by the part; nothing is
fetched from the network and libxml2's limits on depth and node size are kept
(huge_tree off). A part that declares a DTD (entities) or that libxml2 refuses
is read as plain text instead, its entities never expanded.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Optional

from lxml import etree

from .reading import Reading

_SAFE: dict[str, Any] = {"resolve_entities": False, "no_network": True, "huge_tree": False, "load_dtd": False}
# A parser target is handed entities expanded, so a part that declares a DTD
# (no Office or OFD part does) is not parsed but read as plain text.
_DOCTYPES = tuple("<!DOCTYPE".encode(encoding) for encoding in ("utf-8", "utf-16-le", "utf-16-be"))


def safe_parser() -> etree.XMLParser:
    """A parser that expands no entity, loads no DTD and fetches nothing."""
    return etree.XMLParser(**_SAFE)

_BLOCKS = {"p", "si", "is", "comment"}  # paragraphs, shared and inline strings, spreadsheet comments
_BREAKS = {"tab", "br", "cr", "ptab"}  # read as a space between the text around them
_HEADERS_FOOTERS = {"oddHeader": "页眉", "evenHeader": "偶数页页眉", "firstHeader": "首页页眉",
                    "oddFooter": "页脚", "evenFooter": "偶数页页脚", "firstFooter": "首页页脚"}
_PROPERTIES = {"title": "标题", "subject": "主题", "creator": "作者", "keywords": "关键词", "description": "备注",
               "lastModifiedBy": "最后修改者", "category": "类别", "contentStatus": "状态", "identifier": "标识",
               "Company": "单位", "Manager": "经理", "HyperlinkBase": "超链接基础"}
# Codes in a sheet header or footer: &L &C &R start a section (read as a space);
# &"font", &B, &K colour and &12 (font size) format the text after them (read as
# nothing). A size's digits run into digits typed after it, so each width is tried.
_HEADER_CODE = r'&(?:[LCR]|"[^"]*"|K[0-9A-Fa-f]{6}|K\d\d[+-]\d{3}|[PNDTFABIUSXYEGOH&]|\d{%d})'
_HEADER_CODES = [re.compile(_HEADER_CODE % width) for width in (1, 2, 3)]


def _without_header_codes(text: str, code: re.Pattern) -> str:
    return code.sub(lambda match: " " if match.group() in ("&L", "&C", "&R") else "", text)
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[Ee][+-]?\d+)?")


class SharedStrings:
    """A workbook's shared strings: cells name them by index; those no cell uses are read on their own."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self.used: set[int] = set()

    def text(self, index: str) -> str:
        try:
            position = int(index)
        except ValueError:
            return ""
        self.used.add(position)
        return self.items[position] if 0 <= position < len(self.items) else ""

    def read_unused(self, reading: Reading, label: str) -> None:
        for position, text in enumerate(self.items):
            if position not in self.used:
                reading.add(f"{label}第{position + 1}项", text)


@lru_cache(maxsize=1024)
def _local(tag: Any) -> str:
    """w:p -> p: the name without its namespace ("" for entities and comments)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _cell_value(text: str, cell_type: Optional[str], shared: Optional[SharedStrings]) -> str:
    if cell_type == "s" and shared is not None:
        return shared.text(text.strip())
    if cell_type in (None, "n") and _NUMBER.fullmatch(text.strip()):
        value = float(text)
        if value.is_integer() and abs(value) < 1e21:
            return str(int(value))  # 1.3812345678E10, as Excel may store a number typed into a cell
    return text


class _Part:
    """A parser target for one part: told of each start tag, text and end tag, in order,
    it keeps track of where in the part it is and adds each piece of text to the reading.
    No tree is built: memory is what one open paragraph holds."""

    def __init__(self, label: str, reading: Reading, shared: Optional[SharedStrings], collect_shared: bool):
        self.label = label
        self.reading = reading
        self.shared = shared
        self.collect_shared = collect_shared  # this is the shared strings part itself
        self.paragraphs = 0
        self.tables: list[list[int]] = []  # open tables: [number, row, column, tables met in the current cell]
        self.table_count = 0
        self.blocks: list[tuple[list[str], str]] = []  # open paragraphs and strings: (their text so far, place)
        self.texts: list[list[str]] = []  # the text directly in each open element outside blocks
        self.names: list[Optional[str]] = []  # the name="..." in scope (custom properties, defined names)
        self.cell: Optional[tuple[str, Optional[str]]] = None  # (reference, type) of the open cell
        self.row = 0
        self.column = 0

    def place(self) -> str:
        if self.cell:
            return self.cell[0]
        if self.tables:
            return "中".join(f"表格{number}第{row}行第{column}列" for number, row, column, _ in self.tables)
        return ""

    def start(self, tag: str, attributes: dict) -> None:
        local = _local(tag)
        self.names.append(attributes.get("name"))
        self.texts.append([])
        if local == "tbl":
            if self.tables:
                self.tables[-1][3] += 1
                number = self.tables[-1][3]
            else:
                self.table_count += 1
                number = self.table_count
            self.tables.append([number, 0, 0, 0])
        elif local == "tr" and self.tables:
            self.tables[-1][1] += 1
            self.tables[-1][2] = 0
        elif local == "tc" and self.tables:
            self.tables[-1][2] += 1
            self.tables[-1][3] = 0
        elif local == "row":
            reference = attributes.get("r") or ""
            self.row = int(reference) if reference.isdigit() else self.row + 1
            self.column = 0
        elif local == "c" and not self.blocks:
            self.column += 1
            self.cell = (attributes.get("r") or f"第{self.row}行第{self.column}列", attributes.get("t"))
        elif local in _BREAKS and self.blocks:
            self.blocks[-1][0].append(" ")
        if local in _BLOCKS:
            if local == "p" and not self.tables and not self.cell:
                self.paragraphs += 1
            where = self.place() or (f"第{self.paragraphs}段" if local == "p" else "")
            reference = attributes.get("ref")
            if local == "comment" and reference:
                where = reference
            self.blocks.append(([], where))
        for key, value in attributes.items():
            if len(value) >= 11 and sum(map(str.isdigit, value)) >= 11:  # fewer digits hold no personal number
                self.reading.add(f"{self.label}{self.place()}属性「{_local(key)}」", value)

    def data(self, text: str) -> None:
        (self.blocks[-1][0] if self.blocks else self.texts[-1]).append(text)

    def end(self, tag: str) -> None:
        local = _local(tag)
        own_text = "".join(self.texts.pop())
        if local in _BLOCKS and self.blocks:
            pieces, where = self.blocks.pop()
            text = "".join(pieces)
            if local == "si" and self.collect_shared and self.shared is not None:
                self.shared.items.append(text)
            else:
                self.reading.add(self.label + where, text)
        elif self.blocks:
            pass  # read with its paragraph
        elif self.cell and local in ("v", "f"):
            value = _cell_value(own_text, self.cell[1], self.shared) if local == "v" else own_text
            self.reading.add(self.label + self.cell[0] + ("公式" if local == "f" else ""), value)
        elif local in _HEADERS_FOOTERS:
            for code in _HEADER_CODES:
                self.reading.add(f"{self.label}{_HEADERS_FOOTERS[local]}", _without_header_codes(own_text, code))
        elif own_text and not own_text.isspace():
            name = next((n for n in reversed(self.names) if n), None)
            where = f"「{name}」" if name else ""
            if local == "definedName":
                where = f"名称定义{where}"
            elif local in _PROPERTIES:
                where += _PROPERTIES[local]
            self.reading.add(f"{self.label}{where}", own_text)
        self.names.pop()
        if local == "tbl" and self.tables:
            self.tables.pop()
        elif local == "c" and not self.blocks:
            self.cell = None

    def close(self) -> None:
        pass


def _read_as_text(data: bytes, label: str, reading: Reading) -> None:
    """A part that is not well-formed XML (Excel's VML drawings leave <br> open) or
    declares a DTD: read as text, by line. Matching reads through its tags and decodes its character
    references once (matchtext.py); entities stay unexpanded."""
    reading.add(label, data.decode("utf-8", errors="replace"), numbered_lines=True)


def read_xml(data: bytes, label: str, reading: Reading, shared: Optional[SharedStrings] = None,
             collect_shared: bool = False) -> None:
    """Add every piece of text of one XML part to `reading`, named `label` + its place."""
    if any(doctype in data for doctype in _DOCTYPES):
        _read_as_text(data, label, reading)
        return
    checkpoint = reading.checkpoint()
    try:
        etree.fromstring(data, etree.XMLParser(target=_Part(label, reading, shared, collect_shared), **_SAFE))  # type: ignore[arg-type]  # lxml calls start/end/data/close on any object; the stub wants its ParserTarget protocol
    except (etree.LxmlError, ValueError):
        reading.roll_back(checkpoint)  # read again whole, as text
        _read_as_text(data, label, reading)
