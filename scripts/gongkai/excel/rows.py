"""One data row of a recognised sheet -> a planned change, a finding, or a refusal with its reason.

A row of our own export names its record by 编号. A row of a register as clerks
keep it names a document by its 文号 (an item by its year and 序号); one the
catalog does not hold yet becomes a migrated record of the import batch, with
what the register did not record left out (未记载), never filled in. The
register's 有效性 (or 清理结果, or being listed in a 废止目录) is compared with
the status the catalog computes for a record it holds, and is the recorded
status of a record it does not.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Optional

from pydantic import ValidationError

from ..kinds import DOCUMENT, Kind
from ..messages import translate
from ..model.common import Publicity
from ..model.document import REGISTER_WORDS, CleanupResult, Validity, validity_from_word
from ..problems import Problem, Severity
from ..records import Catalog, Record
from ..skeleton import next_id
from .columns import ID_HEADER, VALIDITY_HEADER, Column, attribute_name, columns
from .layout import CLEANUP_HEADER, SheetLayout

# 清理结果 as decided -> the status it leaves the document in (a proposal changes nothing yet).
_CLEANUP_STATUS = {
    CleanupResult.KEEP: Validity.IN_FORCE, CleanupResult.AMEND: Validity.AMENDED,
    CleanupResult.REPEAL: Validity.REPEALED, CleanupResult.EXPIRE: Validity.EXPIRED,
}
_CLEANUP_WORDS = {"继续有效": CleanupResult.KEEP, "保留": CleanupResult.KEEP, "拟修改": CleanupResult.AMEND_PROPOSED,
                  "拟废止": CleanupResult.REPEAL_PROPOSED, "修改": CleanupResult.AMEND, "修订": CleanupResult.AMEND,
                  "废止": CleanupResult.REPEAL, "宣布失效": CleanupResult.EXPIRE, "失效": CleanupResult.EXPIRE}


@dataclass
class Change:
    path: str  # under the catalog folder
    record_id: str
    sheet: str
    row: int
    new: bool
    kind: Kind = DOCUMENT
    values: dict = field(default_factory=dict)  # alias -> (old, new)
    outside_repeals: list = field(default_factory=list)  # documents not in the catalog this one repeals


@dataclass
class SheetContext:
    """What every row of one sheet shares."""

    catalog: Catalog
    sheet: str
    layout: SheetLayout
    batch: Optional[str]  # the import batch new records of a register belong to
    today: dt.date
    taken: set[str] = field(default_factory=set)  # ids given to new records of this import


@dataclass
class RowResult:
    change: Optional[Change] = None
    problems: list[Problem] = field(default_factory=list)
    refused: bool = False


def _where(ctx: SheetContext, row: int) -> str:
    return f"表格 {ctx.sheet} 第{row}行"


def _read_values(ctx: SheetContext, row: int, cells: dict[str, Any], cell_to_value,
                 existing: Optional[Record]) -> tuple[dict, list[Problem]]:
    """alias -> (value as typed, validated value) of the row's field cells."""
    kind = ctx.layout.kind
    by_alias: dict[str, Column] = {c.alias: c for c in columns(kind)}
    values, problems = {}, []
    for alias, raw in cells.items():
        if alias not in by_alias:  # a role: 编号, the register's 序号 (unless a field of the kind), 有效性 …
            continue
        column = by_alias[alias]
        value = cell_to_value(column, raw, not ctx.layout.own_export)
        if value is None and existing is not None and getattr(existing.model, attribute_name(kind, alias)) in (None, [], False):
            continue
        try:
            typed = column.validate(value) if value is not None else None
        except ValidationError as error:
            first = error.errors(include_url=False)[0]
            detail = dict(first, loc=(alias,) + tuple(first["loc"]), input=value)
            message, hint = translate(detail, kind.model)
            problems.append(Problem(_where(ctx, row), message, hint, field=ctx.layout.headers.get(_col(ctx, alias), alias)))
            continue
        values[alias] = (value, typed)
    return values, problems


def _col(ctx: SheetContext, alias: str) -> int:
    return next(col for col, name in ctx.layout.fields.items() if name == alias)


def _recorded_status(ctx: SheetContext, row: int, cells: dict) -> tuple[Optional[Validity], Optional[CleanupResult], list[Problem]]:
    """The status the register records for the row: its 有效性, its 清理结果, or its 废止目录."""
    layout = ctx.layout
    if layout.repealed is not None:
        return layout.repealed, None, []
    word = cells.get(VALIDITY_HEADER)
    if isinstance(word, str) and word.strip():
        status = validity_from_word(word.strip())
        if isinstance(status, Validity):
            return status, None, []
        try:
            return Validity(status), None, []
        except ValueError:
            return None, None, [Problem(_where(ctx, row), f"「{word.strip()}」不是可识别的有效性",
                                        "有效性写 有效、失效、废止（或 现行有效、已修改、已废止、已失效）",
                                        field=layout.headers.get(_col(ctx, VALIDITY_HEADER)))]
    result_word = cells.get(CLEANUP_HEADER)
    if isinstance(result_word, str) and result_word.strip():
        result = _CLEANUP_WORDS.get(result_word.strip())
        if result is None:
            return None, None, [Problem(_where(ctx, row), f"「{result_word.strip()}」不是可识别的清理结果",
                                        "清理结果写 继续有效、修改、废止、宣布失效（或 拟修改、拟废止）",
                                        field=layout.headers.get(_col(ctx, CLEANUP_HEADER)))]
        return _CLEANUP_STATUS.get(result), result, []
    return None, None, []


def _existing(ctx: SheetContext, cells: dict, values: dict) -> Optional[Record]:
    kind = ctx.layout.kind
    record_id = cells.get(ID_HEADER)
    if ctx.layout.own_export:
        return ctx.catalog.find(kind, str(record_id)) if record_id else None
    if kind is DOCUMENT:
        number = values.get("文号", (None, None))[1]
        return next((r for r in ctx.catalog.of(DOCUMENT) if number and r.model.doc_number == number), None)
    if kind.year_catalog is not None and ctx.layout.year is not None:
        number = values.get("序号", (None, None))[1]
        title = values.get("标题", (None, None))[1]
        return next((r for r in ctx.catalog.of(kind) if r.year == ctx.layout.year
                     and ((number is not None and r.model.number == number) or r.model.title == title)), None)
    return None


def plan_row(ctx: SheetContext, row: int, cells: dict[str, Any], cell_to_value) -> RowResult:
    """`cells`: field alias or role -> the raw cell value."""
    provisional, problems = _read_values(ctx, row, cells, cell_to_value, None)
    record = _existing(ctx, cells, provisional)
    values, problems = _read_values(ctx, row, cells, cell_to_value, record) if record else (provisional, problems)
    status, cleanup, status_problems = (None, None, []) if ctx.layout.kind is not DOCUMENT else _recorded_status(ctx, row, cells)
    problems += status_problems
    if problems:
        return RowResult(problems=problems, refused=True)
    if record is not None:
        return _changed(ctx, row, record, values, status)
    if not ctx.layout.own_export and ctx.layout.repealed is not None:
        return _outside_repeal(ctx, row, values)
    return _created(ctx, row, cells, values, status, cleanup)


def _changed(ctx: SheetContext, row: int, record: Record, values: dict, status: Optional[Validity]) -> RowResult:
    kind = ctx.layout.kind
    result = RowResult()
    change = Change(record.catalog_path, record.id, ctx.sheet, row, False, kind)
    for alias, (value, typed) in values.items():
        old = getattr(record.model, attribute_name(kind, alias))
        if typed != old:
            change.values[alias] = (old, value)
    if change.values:
        result.change = change
    if status is not None:
        computed = record.model.validity_on(ctx.today)[0]
        if REGISTER_WORDS[status] != REGISTER_WORDS[computed]:
            result.problems.append(Problem(
                _where(ctx, row), f"原登记的有效性为「{REGISTER_WORDS[status]}」，目录按状态历史和有效期计算为「{REGISTER_WORDS[computed]}」（{record.id}）",
                f"请核对：如文件确已{REGISTER_WORDS[status]}，请在 catalog/{record.catalog_path} 的「状态历史」中记录日期和依据；"
                "如原登记有误，请告知原登记的维护单位", severity=Severity.WARNING, field=VALIDITY_HEADER))
    return result


def _outside_repeal(ctx: SheetContext, row: int, values: dict) -> RowResult:
    """A 废止目录 row naming a document the catalog does not hold: recorded on the repealing document."""
    title = values.get("标题", (None, None))[1]
    number = values.get("文号", (None, None))[0]
    repealer = ctx.catalog.find(DOCUMENT, ctx.layout.repealed_by) if ctx.layout.repealed_by else None
    if repealer is None:
        reason = (f"导入设置的「废止依据」{ctx.layout.repealed_by} 不是本目录中的文件" if ctx.layout.repealed_by
                  else "目录中没有这件文件，废止目录只有文号和标题，不能单独成为一条记录")
        return RowResult(problems=[Problem(_where(ctx, row), f"{reason}：《{title}》{number or ''}",
                                           "请用 --write-mapping 生成导入设置，在这张表的「废止依据」中填写作出废止决定的文件编号，"
                                           "这些文件将登记为它废止的目录外文件", field="文号")], refused=True)
    if any(o.title == title and o.doc_number == number for o in repealer.model.relations.repeals_outside):
        return RowResult()
    change = Change(repealer.catalog_path, repealer.id, ctx.sheet, row, False, DOCUMENT)
    entry = {"标题": title} | ({"文号": number} if number else {})
    change.outside_repeals.append(entry)
    return RowResult(change=change)


def _created(ctx: SheetContext, row: int, cells: dict, values: dict, status: Optional[Validity],
             cleanup: Optional[CleanupResult]) -> RowResult:
    kind, layout = ctx.layout.kind, ctx.layout
    data = {alias: value for alias, (value, _) in values.items() if value is not None}
    if not layout.own_export:
        data["来源"] = {"导入批次": ctx.batch}
        # The batch's 保密审查 approved what the source had already published.
        data["公开属性"] = Publicity.ACTIVE.value
        if status is not None:
            data["状态历史"] = [{"状态": status.value}]  # as of the date taken; when it began, the register did not say
        if cleanup is not None:
            data["清理"] = [{"批次": layout.title or ctx.sheet, "结果": cleanup.value}]
    year = layout.year
    if kind.year_catalog is not None:
        if year is None:
            return RowResult(problems=[Problem(_where(ctx, row), "无法确定这些事项所属目录的年度",
                                               "请用 --write-mapping 生成导入设置，在这张表的「年度」中填写年份")], refused=True)
        if ctx.catalog.find(kind.year_catalog, str(year)) is None:
            return RowResult(problems=[Problem(_where(ctx, row), f"目录中还没有 {year} 年的{kind.year_catalog.label}",
                                               f"请先建立 catalog/{kind.year_catalog.catalog_path(str(year))}（制定机关、发布日期等），再导入其中的事项")],
                             refused=True)
    if not layout.own_export:
        try:
            kind.model.model_validate(data)
        except ValidationError as error:
            return RowResult(problems=[Problem(_where(ctx, row), *translate(d, kind.model), field=_label(d))
                                       for d in error.errors(include_url=False)], refused=True)
    record_id = str(cells[ID_HEADER]) if layout.own_export and cells.get(ID_HEADER) else _new_id(ctx, values, year)
    ctx.taken.add(record_id)
    change = Change(kind.catalog_path(record_id), record_id, ctx.sheet, row, True, kind)
    change.values = {alias: (None, value) for alias, value in data.items()}
    return RowResult(change=change)


def _label(detail) -> str:
    return "›".join(str(part) for part in detail["loc"]) or "记录"


def _new_id(ctx: SheetContext, values: dict, year: Optional[int]) -> str:
    kind = ctx.layout.kind
    if year is None:
        day = (values.get("发布日期") or values.get("成文日期") or (None, None))[1]
        year = day.year if isinstance(day, dt.date) else ctx.today.year
    prefix = "doc" if kind is DOCUMENT else ""
    number = values.get("序号", (None, None))[1]
    candidate = f"{year}-{number:02d}" if kind.year_catalog is not None and isinstance(number, int) else next_id(ctx.catalog, kind, prefix, year)
    while candidate in ctx.taken or ctx.catalog.find(kind, candidate) is not None:
        stem, last = candidate.rsplit("-", 1)
        candidate = f"{stem}-{int(last) + 1:02d}"
    return candidate

