"""Spreadsheet cells that stay data (OWASP "CSV Injection").

A text cell that starts like a formula (= + - @, also full-width ＝＋－＠ and
after leading spaces; or a tab, carriage return, line feed or NUL) runs as a
formula when a spreadsheet opens the file: =HYPERLINK(…) sends readers
elsewhere, =WEBSERVICE(…) sends data out. Every export writes such text so it
cannot run:

- XLSX: the cell is typed as a string, with Excel's "quote prefix" style (what
  Excel itself stores for a typed '=…), so it shows exactly the text and stays
  text when edited;
- CSV: the text gets a leading ' (OWASP), which Excel and WPS treat as "text".

The Excel import reads the neutralised form back as the original value, so an
export imported unchanged changes nothing. Numbers are never text: a negative
number stays a number.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Iterable

from ..textnorm import folded

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell

QUOTE = "'"
_FORMULA_START = "=+-@"  # after NFKC, which folds ＝＋－＠ and the small and superscript forms
_CONTROL_START = "\t\r\n\0"


def looks_like_formula(text: str) -> bool:
    if not text:
        return False
    if text[0] in _CONTROL_START:
        return True
    if _PLAIN_START.fullmatch(text[0]):
        return False  # the usual cell: NFKC leaves such a first character as it is, never folding it away or into another
    first = folded(text).lstrip()[:1]
    return first != "" and first in _FORMULA_START


# An ASCII letter or digit, or a CJK unified ideograph: NFKC maps each to itself, composes none with what
# follows, and none is invisible (checked over every one: tests/test_formula_cells.py). Folding a whole
# cell to find its first character took a fifth of making the exports at 10,000 records.
_PLAIN_START = re.compile("[0-9A-Za-z\u4e00-\u9fff]")


def _quoted_formula(text: str) -> bool:
    """Already in the neutralised form: one or more ' before a formula-like text."""
    rest = text.lstrip(QUOTE)
    return len(rest) < len(text) and bool(rest) and looks_like_formula(rest)


def csv_text(text: str) -> str:
    """A CSV cell's text: formula-like text behind a leading '. Text that only
    looks neutralised ('=… typed on purpose) gets one more, so reading it back
    with imported_text is exact."""
    return QUOTE + text if looks_like_formula(text) or _quoted_formula(text) else text


def imported_text(text: str) -> str:
    """The original value of a cell written by csv_text or xlsx_text."""
    return text[1:] if _quoted_formula(text) else text


def xlsx_text(text: str) -> str:
    """An XLSX string cell's text: as it is (the cell type keeps it from running),
    except that text which only looks neutralised gets one more ' for imported_text."""
    return QUOTE + text if _quoted_formula(text) else text


def text_cell(sheet, text: str) -> Cell:
    """A string cell holding `text`, never a formula (openpyxl itself turns any
    str starting with = into one)."""
    from openpyxl.cell.cell import Cell  # (here: importing openpyxl took 0.15 s of every build's start, which writes no Excel with it)
    cell = Cell(sheet)  # type: ignore[call-arg]  # a cell not yet placed, as openpyxl's WriteOnlyCell makes; the stub requires row and column
    cell.value = xlsx_text(text)
    cell.data_type = "s"
    if looks_like_formula(text) or _quoted_formula(text):
        cell.quotePrefix = True
    return cell


def append_row(sheet, values: Iterable[Any]) -> None:
    """sheet.append with every text kept as text."""
    sheet.append([text_cell(sheet, value) if isinstance(value, str) else value for value in values])
