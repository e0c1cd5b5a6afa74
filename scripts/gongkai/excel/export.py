"""Catalog -> workbook: one sheet per kind, Chinese headers, real Excel dates."""
from __future__ import annotations

import datetime as dt
from enum import Enum
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ..kinds import DOCUMENT
from ..model.document import REGISTER_WORDS
from ..records import Catalog
from .cells import append_row
from .columns import ID_HEADER, attribute_name, ROW_HEADER, SHEETS, VALIDITY_HEADER, columns

DATE_FORMAT = "yyyy-mm-dd"
LIST_SEPARATOR = "\n"  # one item per line of the cell: items may themselves contain 、


def cell_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(item) for item in value)
    return value


def headers_for(kind) -> list[str]:
    row_number = [] if any(c.header == ROW_HEADER for c in columns(kind)) else [ROW_HEADER]
    validity = [VALIDITY_HEADER] if kind is DOCUMENT else []
    return row_number + [ID_HEADER] + [c.header for c in columns(kind)] + validity


def record_row(kind, record, number: int, today: dt.date) -> list:
    """One record as a row under headers_for(kind): 序号 (unless the kind has its own), 编号, fields, 有效性."""
    row: list = [] if any(c.header == ROW_HEADER for c in columns(kind)) else [number]
    row.append(record.id)
    row += [cell_value(getattr(record.model, attribute_name(kind, c.alias))) for c in columns(kind)]
    if kind is DOCUMENT:
        row.append(REGISTER_WORDS[record.model.validity_on(today)[0]])
    return row


def build_workbook(records_by_kind: dict, today: dt.date) -> Workbook:
    """One sheet per kind (in SHEETS order), bold frozen headers, real Excel dates;
    text is always a text cell, never a formula (cells.py)."""
    book = Workbook()
    if book.active is not None:
        book.remove(book.active)
    for kind, title in SHEETS.items():
        if kind not in records_by_kind:
            continue
        sheet = book.create_sheet(title)
        headers = headers_for(kind)
        append_row(sheet, headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for number, record in enumerate(records_by_kind[kind], 1):
            append_row(sheet, record_row(kind, record, number, today))
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, dt.date):
                    cell.number_format = DATE_FORMAT
        for index, header in enumerate(headers, 1):
            sheet.column_dimensions[get_column_letter(index)].width = max(10, min(40, len(header) * 3))
        sheet.freeze_panes = "A2"
    return book


def export_workbook(catalog: Catalog, path: Path, today: dt.date) -> dict[str, int]:
    """Write every record (public or not: this is the staff's register); returns rows per sheet."""
    records = {kind: sorted(catalog.of(kind), key=lambda r: r.id) for kind in SHEETS}
    build_workbook(records, today).save(path)
    return {SHEETS[kind]: len(found) for kind, found in records.items()}
