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
from typing import Any, Optional

from openpyxl import load_workbook
from ruamel.yaml.comments import CommentedMap

from ..canonical import RecordText, canonicalize, dump_record_text, load_record_text, loose_date
from ..docno import parse_canonical, suggest
from ..problems import Problem, Severity
from ..records import Catalog
from ..yamlsource import BODY_KEY
from .cells import imported_text
from .columns import ENUMERATED, ID_HEADER, REMARKS_HEADER, SHEETS, Column, columns
from .layout import IGNORED, SheetLayout, guess_layout, looks_like_id
from .mapping import read_mapping
from .rows import Change, SheetContext, plan_row

EXCEL_EPOCH = dt.date(1899, 12, 30)
# One list item per line of the cell (Alt+Enter in Excel): items may contain any punctuation.
_LIST_SPLIT = re.compile(r"\n+")
_ENUMERATION_SPLIT = re.compile(r"[\n、；;]+")

@dataclass
class ImportPlan:
    changes: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rows_read: int = 0  # data rows of the sheets that were understood
    rows_refused: int = 0  # rows not imported, each with a problem saying why
    validity_differences: int = 0  # rows whose 有效性 differs from the status the catalog computes

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]


def _plain(value: Any) -> Any:
    """Stray spaces removed; an empty cell is None. Text keeps its full-width punctuation;
    text an export kept from running as a formula ('=…, cells.py) reads as it was."""
    if isinstance(value, str):
        return imported_text(value.strip()).strip() or None
    return value


def _folded(value: Any) -> Any:
    """Full-width digits and brackets as ASCII, for dates, numbers and 文号."""
    return unicodedata.normalize("NFKC", value).strip() if isinstance(value, str) else value


def cell_to_value(column: Column, raw: Any, enumerations: bool = False) -> Any:
    """A cell as the model would read it from YAML, before validation. `enumerations`:
    a register's cell lists units as A、B (our own export writes one item per line)."""
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
        split = _ENUMERATION_SPLIT if enumerations and column.alias in ENUMERATED else _LIST_SPLIT
        return [part.strip() for part in split.split(str(value)) if part.strip()]
    if column.kind == "int" and isinstance(value, float) and value.is_integer():
        return int(value)
    if column.kind == "text" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(int(value)) if float(value).is_integer() else str(value)
    return value


def plan_import(path: Path, catalog: Catalog, mapping: Optional[Path] = None, batch: Optional[str] = None,
                today: Optional[dt.date] = None) -> ImportPlan:
    """`mapping`: a mapping file for layouts the import cannot guess; `batch`: the import
    batch (catalog/imports.yaml) that records new rows of a register become part of."""
    plan = ImportPlan()
    book = load_workbook(path, data_only=True)
    layouts: dict[str, Optional[SheetLayout]] = {}
    if mapping is not None:
        layouts, problems = read_mapping(mapping, book)
        if problems:
            plan.problems += problems
            return plan
    for sheet in book.worksheets:
        if mapping is not None and sheet.title in layouts:
            layout = layouts[sheet.title]
            if layout is None:
                plan.notes.append(f"表格「{sheet.title}」按导入设置跳过")
                continue
        else:
            layout = guess_layout(sheet)
        if layout is None:
            _unknown_sheet(plan, sheet)
            continue
        if not _usable(plan, catalog, sheet, layout, batch):
            continue
        ctx = SheetContext(catalog, sheet.title, layout, batch, today or dt.date.today())
        by_merge: dict[str, Change] = {}
        for row in range(layout.header_row + 1, sheet.max_row + 1):
            cells = {name: sheet.cell(row, col).value for col, name in layout.fields.items() if name != IGNORED}
            if all(_plain(v) is None for v in cells.values()):
                if any(_plain(sheet.cell(row, col).value) is not None for col in range(1, sheet.max_column + 1)):
                    _unread_row(plan, sheet, row)
                continue
            plan.rows_read += 1
            cells = {k: _plain(v) if k == ID_HEADER else v for k, v in cells.items()} | layout.constants
            result = plan_row(ctx, row, cells, cell_to_value)
            plan.problems += result.problems
            plan.rows_refused += result.refused
            plan.validity_differences += sum(1 for p in result.problems if p.severity is Severity.WARNING)
            if result.change is not None:
                _merge(plan, by_merge, result.change)
    return plan


def _merge(plan: ImportPlan, by_path: dict, change: Change) -> None:
    """Several rows of a 废止目录 add to one repealing document: one change for it."""
    earlier = by_path.get(change.path)
    if earlier is not None and change.outside_repeals:
        earlier.outside_repeals += change.outside_repeals
        return
    by_path[change.path] = change
    plan.changes.append(change)


def _unread_row(plan: ImportPlan, sheet, row: int) -> None:
    """A row with content only in columns that are not read (a group heading such as 一、市政府文件)."""
    text = " ".join(str(_plain(sheet.cell(row, col).value)) for col in range(1, sheet.max_column + 1)
                    if _plain(sheet.cell(row, col).value) is not None)
    plan.notes.append(f"表格「{sheet.title}」第{row}行只在不导入的列中有内容（{text[:40]}），按分组标题或说明处理，没有导入")


def _usable(plan: ImportPlan, catalog: Catalog, sheet, layout: SheetLayout, batch: Optional[str]) -> bool:
    """Whether the sheet can be imported as laid out; says why not."""
    for col in layout.unknown:
        _unknown_column(plan, sheet, layout.header_row, col, layout.headers[col], layout)
    for col, name in layout.fields.items():
        if name == REMARKS_HEADER:
            filled = _filled(sheet, range(layout.header_row + 1, sheet.max_row + 1), range(col, col + 1))
            plan.notes.append(f"表格「{sheet.title}」的「{layout.headers[col]}」列是写给人看的说明，其中 {filled} 格的内容不导入；"
                              "需要保留的信息请写入对应的字段")
    if any(p.severity is Severity.ERROR and p.file == f"表格 {sheet.title}" for p in plan.problems):
        return False
    if ID_HEADER in layout.fields.values() and not _ids_in(sheet, layout):
        # A register's own 编号 column numbers its rows: it names no record here.
        for col, name in list(layout.fields.items()):
            if name == ID_HEADER:
                layout.fields[col] = "序号" if "序号" in {c.alias for c in columns(layout.kind)} and "序号" not in layout.fields.values() else IGNORED
    if not layout.own_export:
        if batch is None:
            plan.problems.append(Problem(
                f"表格 {sheet.title}", f"表格「{sheet.title}」没有「{ID_HEADER}」列，是原有登记：其中目录没有的记录将作为迁移记录导入",
                "请先在 catalog/imports.yaml 的「导入批次」中登记本次导入（编号、原始出处、采集日期、保密审查），"
                "再加 --batch 批次编号 运行导入"))
            return False
        if not any(b.id == batch for b in catalog.imports.batches):
            plan.problems.append(Problem("catalog/imports.yaml", f"没有编号为「{batch}」的导入批次",
                                         "请先在「导入批次」中登记：编号、原始出处、采集日期、保密审查"))
            return False
    return True


def _ids_in(sheet, layout: SheetLayout) -> bool:
    col = next(c for c, name in layout.fields.items() if name == ID_HEADER)
    values = [_plain(sheet.cell(row, col).value) for row in range(layout.header_row + 1, sheet.max_row + 1)]
    values = [v for v in values if v is not None]
    return bool(values) and all(looks_like_id(layout.kind, v) for v in values)


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
        f"表格 {sheet.title}", f"没有认出表格「{sheet.title}」的内容（找不到标题、文号等表头），其中 {filled} 行有内容，没有导入",
        "可运行 gongkai import 表格.xlsx --write-mapping 导入设置.yaml 生成导入设置，在其中写明这张表的内容和各列对应的字段，"
        "再用 --mapping 导入设置.yaml 导入；不需要导入的表格在导入设置中写「内容: 跳过」。也可把表格改名为："
        + "、".join(SHEETS.values())))


def _unknown_column(plan: ImportPlan, sheet, header_row: int, col: int, header: str, layout: SheetLayout) -> None:
    """A column whose header is no field of the sheet's kind: an error if it holds data."""
    filled = _filled(sheet, range(header_row + 1, sheet.max_row + 1), range(col, col + 1))
    if not filled:
        plan.notes.append(f"表格「{sheet.title}」的「{header}」列不是目录字段，该列没有内容，已忽略")
        return
    fields = [c.alias for c in columns(layout.kind)]
    plan.problems.append(Problem(
        f"表格 {sheet.title}", f"「{header}」列不是目录字段，其中 {filled} 个格子有内容，无法导入",
        "请把表头改为目录字段名之一（" + "、".join(fields) + "），或删除这一列；"
        "也可用 --write-mapping 生成导入设置，写明这一列对应的字段（不需要的写「不导入」）",
        field=header))


def apply_plan(plan: ImportPlan, catalog_dir: Path) -> None:
    """Write the planned values; new records get a file of their own."""
    for change in plan.changes:
        kind = change.kind
        path = catalog_dir / change.path
        if change.new:
            # A new document without its full text: `check` asks for it (a migrated one shows 未记载).
            fields = {alias: new for alias, (_, new) in change.values.items()}
            body = fields.pop(BODY_KEY, None)
            record = RecordText(CommentedMap(fields), body)
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
            if change.outside_repeals:
                relations = record.data.setdefault("关系", CommentedMap())
                relations.setdefault("废止目录外文件", []).extend(change.outside_repeals)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump_record_text(record, kind, change.path), encoding="utf-8")
