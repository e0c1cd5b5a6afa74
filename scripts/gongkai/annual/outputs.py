"""The report's tables for submission (XLSX, laid out like the official tables)
and as data (JSON). Bytes out; the same bytes on every rebuild of the same day."""
from __future__ import annotations

import datetime as dt
import io
import json

from ..excel.cells import append_row
from ..excel.xlsx import fixed_zip
from ..records import Record
from .tables import (ACTIVE, APPEALS, APPLICANTS, APPLICATIONS, CASE_COLUMNS, ITEM, ORGANISATIONS, REQUESTER_COLUMNS, SUIT, DocumentCounts,
                     active_blocks, appeal_groups, application_rows, case_rows, case_values)


def report_json(record: Record, documents: DocumentCounts) -> bytes:
    model = record.model
    data = {
        "年度": model.year,
        "机关名称": model.authority,
        ACTIVE: {label: dict(zip(block.heads, values)) for block in active_blocks(model, documents) for label, values in block.rows},
        APPLICATIONS: [
            {"项目": row.label} | {alias: getattr(row.counts, name) for name, alias in REQUESTER_COLUMNS}
            for row in application_rows(model)],
        APPEALS: {label: dict(zip([head for _, head in CASE_COLUMNS], case_values(cases))) for label, _, cases in case_rows(model)},
    }
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _bold(sheet, *cells) -> None:
    from openpyxl.styles import Alignment, Font
    for cell in cells:
        sheet[cell].font = Font(bold=True)
        sheet[cell].alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def report_xlsx(record: Record, documents: DocumentCounts, today: dt.date) -> bytes:
    """Labels and numbers only, but written like every export: text never becomes a formula."""
    from openpyxl import Workbook  # (imported when a report is written: see excel/cells.text_cell)
    model = record.model
    book = Workbook()
    active_sheet = book.active
    assert active_sheet is not None  # a new workbook has one sheet
    active_sheet.title = "二、主动公开"
    cells: list[list[str | int | float | None]] = []
    for block in active_blocks(model, documents):
        cells += [[block.article], [ITEM, *block.heads]]
        cells += [[label, *values] for label, values in block.rows]
    for number, line in enumerate(cells, 1):
        append_row(active_sheet, line)
        if len(line) == 1:
            active_sheet.merge_cells(start_row=number, start_column=1, end_row=number, end_column=4)
            _bold(active_sheet, f"A{number}")
        elif len(line) == 2:
            active_sheet.merge_cells(start_row=number, start_column=2, end_row=number, end_column=4)
    active_sheet.column_dimensions["A"].width = 24

    applications = book.create_sheet("三、依申请公开")
    append_row(applications, ["项目", APPLICANTS])
    append_row(applications, ["", REQUESTER_COLUMNS[0][1], ORGANISATIONS, "", "", "", "", REQUESTER_COLUMNS[-1][1]])
    append_row(applications, ["", ""] + [alias for _, alias in REQUESTER_COLUMNS[1:6]] + [""])
    applications.merge_cells("A1:A3")
    applications.merge_cells("B1:H1")
    applications.merge_cells("B2:B3")
    applications.merge_cells("C2:G2")
    applications.merge_cells("H2:H3")
    _bold(applications, "A1", "B1", "B2", "C2", "H2")
    for row in application_rows(model):
        append_row(applications, [row.label] + [getattr(row.counts, name) for name, _ in REQUESTER_COLUMNS])
    applications.column_dimensions["A"].width = 60

    appeals = book.create_sheet("四、复议诉讼")
    review, direct, after = appeal_groups()
    width = len(CASE_COLUMNS)
    append_row(appeals, [review] + [""] * (width - 1) + [SUIT])
    append_row(appeals, [""] * width + [direct] + [""] * (width - 1) + [after])
    append_row(appeals, [head for _, head in CASE_COLUMNS] * 3)
    append_row(appeals, [v for _, _, cases in case_rows(model) for v in case_values(cases)])
    appeals.merge_cells("A1:E2")
    appeals.merge_cells("F1:O1")
    appeals.merge_cells("F2:J2")
    appeals.merge_cells("K2:O2")
    _bold(appeals, "A1", "F1", "F2", "K2")

    stamp = dt.datetime.combine(today, dt.time())
    book.properties.created = book.properties.modified = stamp
    book.properties.creator = model.authority
    book.properties.title = f"{model.authority}{model.year}年政府信息公开工作年度报告"
    buffer = io.BytesIO()
    book.save(buffer)
    return fixed_zip(buffer.getvalue(), today)
