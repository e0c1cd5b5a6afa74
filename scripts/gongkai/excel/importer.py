"""Workbook -> planned changes to catalog files, applied only when asked.

Only the records a sheet names (by 编号) are touched, only in the columns the
sheet has, and a file is rewritten only where a value really changed: an
exported workbook imported unchanged changes nothing. Comments and key order
of edited files are kept (ruamel round trip). Cells are read the way Excel and
WPS store them: dates as date cells, serial numbers or text (2021/6/20,
2021年6月20日), 文号 with other brackets, full-width digits, stray spaces,
a title row or merged cells above the headers, and text neutralised so it
cannot run as a formula (cells.py) as the text it stands for.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from pydantic import ValidationError
from ruamel.yaml.comments import CommentedMap

from ..canonical import RecordText, canonicalize, dump_record_text, load_record_text, loose_date
from ..docno import parse_canonical, suggest
from ..messages import translate
from ..problems import Problem
from ..skeleton import next_id
from ..records import Catalog
from .cells import imported_text
from .columns import ID_HEADER, REMARKS_HEADER, ROW_HEADER, VALIDITY_HEADER, SHEETS, Column, attribute_name, columns, kind_of_sheet

EXCEL_EPOCH = dt.date(1899, 12, 30)
# One list item per line of the cell (Alt+Enter in Excel): items may contain any punctuation.
_LIST_SPLIT = re.compile(r"\n+")
HEADER_SEARCH_ROWS = 6


@dataclass
class Change:
    path: str  # under the catalog folder
    record_id: str
    sheet: str
    row: int
    new: bool
    values: dict = field(default_factory=dict)  # alias -> (old, new)


@dataclass
class ImportPlan:
    changes: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rows_read: int = 0  # data rows of the sheets that were understood


def _plain(value: Any) -> Any:
    """Stray spaces removed; an empty cell is None. Text keeps its full-width punctuation;
    text an export kept from running as a formula ('=…, cells.py) reads as it was."""
    if isinstance(value, str):
        return imported_text(value.strip()).strip() or None
    return value


def _folded(value: Any) -> Any:
    """Full-width digits and brackets as ASCII, for dates, numbers and 文号."""
    return unicodedata.normalize("NFKC", value).strip() if isinstance(value, str) else value


def cell_to_value(column: Column, raw: Any) -> Any:
    """A cell as the model would read it from YAML, before validation."""
    value = _plain(raw)
    if value is None:
        return None
    if column.kind in ("date", "docno", "int"):
        value = _folded(value)
    if column.kind == "date":
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        parsed = loose_date(value)
        return parsed if parsed is not None else str(value)
    if column.kind == "docno":
        text = str(value)
        fixed = suggest(text) if not parse_canonical(text) else None
        return str(fixed) if fixed else text
    if column.kind == "list":
        return [part.strip() for part in _LIST_SPLIT.split(str(value)) if part.strip()]
    if column.kind == "int" and isinstance(value, float) and value.is_integer():
        return int(value)
    if column.kind == "text" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(int(value)) if float(value).is_integer() else str(value)
    return value


def _header_row(sheet, known: set[str]) -> tuple[int, dict[int, str]]:
    """The row (1-based) holding most known headers, and column -> header there.
    An empty header cell inside a merged range takes the range's text."""
    merged = {}
    for cell_range in sheet.merged_cells.ranges:
        value = sheet.cell(cell_range.min_row, cell_range.min_col).value
        for row in range(cell_range.min_row, cell_range.max_row + 1):
            for col in range(cell_range.min_col, cell_range.max_col + 1):
                merged[(row, col)] = value
    best, best_headers = 1, dict[int, str]()
    for row in range(1, min(HEADER_SEARCH_ROWS, sheet.max_row) + 1):
        headers = {}
        for col in range(1, sheet.max_column + 1):
            value = sheet.cell(row, col).value
            if value is None:
                value = merged.get((row, col))
            if isinstance(value, str) and value.strip():
                headers[col] = unicodedata.normalize("NFKC", value).strip()
        if len(set(headers.values()) & known) > len(set(best_headers.values()) & known):
            best, best_headers = row, headers
    return best, best_headers


def plan_import(path: Path, catalog: Catalog) -> ImportPlan:
    plan = ImportPlan()
    book = load_workbook(path, data_only=True)
    for sheet in book.worksheets:
        kind = kind_of_sheet(sheet.title)
        if kind is None:
            _unknown_sheet(plan, sheet)
            continue
        by_header = {c.header: c for c in columns(kind)}
        header_row, headers = _header_row(sheet, set(by_header) | {ID_HEADER})
        if ID_HEADER not in headers.values():
            plan.problems.append(Problem(f"表格 {sheet.title}", f"找不到「{ID_HEADER}」列", "请保留导出时的表头行（编号一列用来对应目录文件）"))
            continue
        for col, header in sorted(headers.items()):
            if header not in by_header and header not in (ID_HEADER, ROW_HEADER, VALIDITY_HEADER):
                _unknown_column(plan, sheet, header_row, col, header, by_header)
        if VALIDITY_HEADER in headers.values() and VALIDITY_HEADER not in by_header:
            plan.notes.append(f"表格「{sheet.title}」的「{VALIDITY_HEADER}」由状态历史和有效期自动计算，表中的修改不会导入")
        taken: set[str] = set()
        for row in range(header_row + 1, sheet.max_row + 1):
            cells = {header: sheet.cell(row, col).value for col, header in headers.items()}
            if all(_plain(v) is None for v in cells.values()):
                continue
            plan.rows_read += 1
            _plan_row(plan, catalog, kind, sheet.title, row, cells, by_header, taken)
    return plan


def _filled(sheet, rows: range, columns: range) -> int:
    """How many of these rows hold anything in these columns."""
    return sum(1 for row in rows if any(_plain(sheet.cell(row, col).value) is not None for col in columns))


def _unknown_sheet(plan: ImportPlan, sheet) -> None:
    """A sheet the import does not understand: an error if it holds anything, so that
    no row is ever skipped in silence."""
    filled = _filled(sheet, range(1, sheet.max_row + 1), range(1, sheet.max_column + 1))
    if not filled:
        plan.notes.append(f"表格「{sheet.title}」是空白表格，已跳过")
        return
    plan.problems.append(Problem(
        f"表格 {sheet.title}", f"表格「{sheet.title}」不是可以导入的目录表格，其中 {filled} 行有内容，没有导入",
        "可导入的表格名为：" + "、".join(SHEETS.values()) + "。请把表格改名为对应的名称（表头与导出的表格一致），"
        "或把不需要导入的表格删除或移到另一个文件"))


def _unknown_column(plan: ImportPlan, sheet, header_row: int, col: int, header: str, by_header: dict) -> None:
    """A column whose header is no field of the sheet's kind: an error if it holds data."""
    filled = _filled(sheet, range(header_row + 1, sheet.max_row + 1), range(col, col + 1))
    if header == REMARKS_HEADER:
        plan.notes.append(f"表格「{sheet.title}」的「{header}」列是写给人看的说明，其中 {filled} 格的内容不导入；"
                          "需要保留的信息请写入对应的字段")
        return
    if not filled:
        plan.notes.append(f"表格「{sheet.title}」的「{header}」列不是目录字段，该列没有内容，已忽略")
        return
    plan.problems.append(Problem(
        f"表格 {sheet.title}", f"「{header}」列不是目录字段，其中 {filled} 个格子有内容，无法导入",
        "请把表头改为目录字段名之一（" + "、".join(by_header) + "），或删除这一列",
        field=header))


def _plan_row(plan, catalog, kind, title, row, cells, by_header, taken) -> None:
    record_id = _plain(cells.get(ID_HEADER))
    record = catalog.find(kind, str(record_id)) if record_id else None
    values, bad = {}, False
    for header, column in by_header.items():
        if header not in cells:
            continue
        value = cell_to_value(column, cells[header])
        if value is None and record is not None and getattr(record.model, attribute_name(kind, column.alias)) in (None, [], False):
            continue
        try:
            typed = column.validate(value) if value is not None else None
        except ValidationError as error:
            first = error.errors(include_url=False)[0]
            detail = dict(first, loc=(column.alias,) + tuple(first["loc"]), input=value)
            message, hint = translate(detail, kind.model)
            plan.problems.append(Problem(f"表格 {title} 第{row}行", message, hint, field=header))
            bad = True
            continue
        values[column.alias] = (value, typed)
    if bad:
        return
    if record is None:
        new_id = str(record_id) if record_id else _new_id(catalog, kind, values, taken)
        taken.add(new_id)
        change = Change(kind.catalog_path(new_id), new_id, title, row, True)
        change.values = {alias: (None, value) for alias, (value, _) in values.items() if value is not None}
        plan.changes.append(change)
        return
    change = Change(record.catalog_path, record.id, title, row, False)
    for alias, (value, typed) in values.items():
        old = getattr(record.model, attribute_name(kind, alias))
        if typed != old:
            change.values[alias] = (old, value)
    if change.values:
        plan.changes.append(change)


def _new_id(catalog, kind, values, taken) -> str:
    year = (values.get("发布日期") or values.get("成文日期") or (None, None))[1]
    year = year.year if isinstance(year, dt.date) else dt.date.today().year
    prefix = "doc" if kind.folder == "documents" else ""
    candidate = next_id(catalog, kind, prefix, year)
    while candidate in taken:
        stem, number = candidate.rsplit("-", 1)
        candidate = f"{stem}-{int(number) + 1:02d}"
    return candidate


def apply_plan(plan: ImportPlan, catalog_dir: Path) -> None:
    """Write the planned values; new records get a file of their own."""
    for change in plan.changes:
        kind = kind_of_sheet(change.sheet)
        if kind is None:
            raise ValueError(f"the plan names a sheet no kind has: {change.sheet}")
        path = catalog_dir / change.path
        if change.new:
            # A new document has no full text yet: `check` asks for it before anything is published.
            record = RecordText(CommentedMap((alias, new) for alias, (_, new) in change.values.items()), None)
            canonicalize(record.data, kind.model)
        else:
            loaded = load_record_text(path.read_text(encoding="utf-8"), kind)
            if loaded is None:
                raise ValueError(f"{path} has no fields to update")  # planned from this very file, which had them
            record = loaded
            for alias, (_, new) in change.values.items():
                if new is None:
                    record.data.pop(alias, None)
                else:
                    record.data[alias] = new
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump_record_text(record, kind, change.path), encoding="utf-8")
