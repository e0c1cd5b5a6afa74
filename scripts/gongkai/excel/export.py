"""Catalog -> workbook: one sheet per kind, Chinese headers, real Excel dates."""
from __future__ import annotations

import datetime as dt
from enum import Enum
from pathlib import Path
from typing import Any, Iterator

from ..kinds import DOCUMENT
from ..model.document import REGISTER_WORDS
from ..records import Catalog
from .xlsx import Sheet, workbook_bytes
from .columns import ID_HEADER, attribute_name, ROW_HEADER, SHEETS, VALIDITY_HEADER, columns

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


def _rows(kind, records: list, today: dt.date) -> Iterator[list]:
    """Each record's row, made as the sheet is written (not all held at once)."""
    for number, record in enumerate(records, 1):
        yield record_row(kind, record, number, today)


def register_sheets(records_by_kind: dict, today: dt.date) -> list[Sheet]:
    """One sheet per kind (in SHEETS order): bold frozen headers, real Excel dates; text is
    always a text cell, never a formula (cells.py, xlsx.py)."""
    return row_sheets({kind: _rows(kind, records, today) for kind, records in records_by_kind.items()})


def row_sheets(rows_by_kind: dict) -> list[Sheet]:
    """The sheets of rows already made (record_row) for the kinds given, in SHEETS order."""
    sheets = []
    for kind, title in SHEETS.items():
        if kind in rows_by_kind:
            headers = headers_for(kind)
            sheets.append(Sheet(title, headers, rows_by_kind[kind], [max(10, min(40, len(header) * 3)) for header in headers]))
    return sheets


def export_workbook(catalog: Catalog, path: Path, today: dt.date) -> dict[str, int]:
    """Write every record (public or not: this is the staff's register); returns rows per sheet."""
    records = {kind: sorted(catalog.of(kind), key=lambda r: r.id) for kind in SHEETS}
    path.write_bytes(workbook_bytes(register_sheets(records, today), today))
    return {SHEETS[kind]: len(found) for kind, found in records.items()}
