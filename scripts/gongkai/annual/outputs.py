"""The report's tables for submission (XLSX, laid out like the official tables)
and as data (JSON). Bytes out; the same bytes on every rebuild of the same day."""
from __future__ import annotations

import datetime as dt
import io
import json

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from ..excel.cells import append_row
from ..opendata.exports import fixed_zip
from ..records import Record
from .tables import REQUESTER_COLUMNS, DocumentCounts, application_rows, case_rows

_CASE_HEADS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def _cases(cases) -> list[int]:
    return [cases.upheld, cases.corrected, cases.other, cases.pending, cases.total]


def report_json(record: Record, documents: DocumentCounts) -> bytes:
    model = record.model
    active = model.active
    data = {
        "年度": model.year,
        "机关名称": model.authority,
        "二、主动公开政府信息情况": {
            "规章": {"本年制发件数": 0, "本年废止件数": 0, "现行有效件数": 0},
            "行政规范性文件": {"本年制发件数": documents.issued, "本年废止件数": documents.repealed, "现行有效件数": documents.in_force},
            "行政许可": {"本年处理决定数量": active.licensing},
            "行政处罚": {"本年处理决定数量": active.penalty},
            "行政强制": {"本年处理决定数量": active.enforcement},
            "行政事业性收费": {"本年收费金额（万元）": active.fees},
        },
        "三、收到和处理政府信息公开申请情况": [
            dict({"项目": row.label}, **{alias: getattr(row.counts, name) for name, alias in REQUESTER_COLUMNS})
            for row in application_rows(model)],
        "四、政府信息公开行政复议、行政诉讼情况": {label: dict(zip(_CASE_HEADS, _cases(cases))) for label, _, cases in case_rows(model)},
    }
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _bold(sheet, *cells) -> None:
    for cell in cells:
        sheet[cell].font = Font(bold=True)
        sheet[cell].alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def report_xlsx(record: Record, documents: DocumentCounts, today: dt.date) -> bytes:
    """Labels and numbers only, but written like every export: text never becomes a formula."""
    model = record.model
    book = Workbook()
    active_sheet = book.active
    active_sheet.title = "二、主动公开"
    rows = [["第二十条第（一）项"], ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], ["规章", 0, 0, 0],
            ["行政规范性文件", documents.issued, documents.repealed, documents.in_force],
            ["第二十条第（五）项"], ["信息内容", "本年处理决定数量"], ["行政许可", model.active.licensing],
            ["第二十条第（六）项"], ["信息内容", "本年处理决定数量"], ["行政处罚", model.active.penalty], ["行政强制", model.active.enforcement],
            ["第二十条第（八）项"], ["信息内容", "本年收费金额（单位：万元）"], ["行政事业性收费", model.active.fees]]
    for number, row in enumerate(rows, 1):
        append_row(active_sheet, row)
        if len(row) == 1:
            active_sheet.merge_cells(start_row=number, start_column=1, end_row=number, end_column=4)
            _bold(active_sheet, f"A{number}")
        elif len(row) == 2:
            active_sheet.merge_cells(start_row=number, start_column=2, end_row=number, end_column=4)
    active_sheet.column_dimensions["A"].width = 24

    applications = book.create_sheet("三、依申请公开")
    append_row(applications, ["项目", "申请人情况"])
    append_row(applications, ["", "自然人", "法人或其他组织", "", "", "", "", "总计"])
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
    append_row(appeals, ["行政复议", "", "", "", "", "行政诉讼"])
    append_row(appeals, ["", "", "", "", "", "未经复议直接起诉", "", "", "", "", "复议后起诉"])
    append_row(appeals, _CASE_HEADS * 3)
    append_row(appeals, [v for _, _, cases in case_rows(model) for v in _cases(cases)])
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
