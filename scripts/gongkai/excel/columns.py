"""The Excel columns of each catalog kind, derived from the models: every
top-level field that fits in a cell, under the header staff already use."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Annotated, Any, Optional

from pydantic import TypeAdapter

from ..model.fieldkinds import BLOCK, CHOICE, DATE, DOC_NUMBER, INTEGER, YES_NO
from ..model.introspect import FieldSpec, field_by_alias, record_order
from ..kinds import DOCUMENT, REGISTER_KINDS, Kind
from ..yamlsource import BODY_KEY

ID_HEADER = "编号"
ROW_HEADER = "序号"
VALIDITY_HEADER = "有效性"  # documents: computed from the dates, shown but never imported
REMARKS_HEADER = "备注"  # registers' free-text remarks, for people: reported with a count, never imported

SHEETS: dict[Kind, str] = {kind: kind.sheet for kind in REGISTER_KINDS if kind.sheet}
# List fields a register writes in one cell as an enumeration (A、B): read item by item.
ENUMERATED = {"发布机构", "承办单位", "协办单位", "决策程序"}
# Field -> the header staff know from their own registers, where it differs.
HEADERS = {DOCUMENT: {"标题": "文件名称", "发布机构": "发文机关"}}


@dataclass(frozen=True)
class Column:
    header: str
    alias: str
    kind: str  # date | bool | int | enum | docno | list | text
    adapter: Any  # validates one cell's value exactly as the model does

    def validate(self, value):
        return self.adapter.validate_python(value)


# The cell kinds the importer reads differently; every other kind of value is text.
_CELL_KINDS = {DATE: "date", YES_NO: "bool", DOC_NUMBER: "docno", CHOICE: "enum", INTEGER: "int"}


def _cell_kind(spec: FieldSpec) -> Optional[str]:
    """The column kind of a field, or None when it does not fit in a cell (a block of fields)."""
    if spec.kind is BLOCK or spec.keyed:
        return None
    if spec.many:
        return "list"
    return _CELL_KINDS.get(spec.kind, "text")


@functools.cache  # building a TypeAdapter per field is slow: once per kind is enough
def columns(kind: Kind) -> tuple[Column, ...]:
    """The kind's columns: its own fields in model order, then 公开属性 and 示例数据."""
    found = []
    headers = HEADERS.get(kind, {})
    for spec in record_order(kind.model):
        column_kind = _cell_kind(spec)
        if spec.alias == BODY_KEY or column_kind is None:
            continue
        info = spec.info
        annotation: Any = Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation  # a type built at run time
        adapter: TypeAdapter[Any] = TypeAdapter(annotation)
        found.append(Column(headers.get(spec.alias, spec.alias), spec.alias, column_kind, adapter))
    return tuple(found)


def kind_of_sheet(title: str) -> Optional[Kind]:
    for kind, sheet in SHEETS.items():
        if sheet == title.strip():
            return kind
    return None


def attribute_name(kind: Kind, alias: str) -> str:
    """The model attribute behind a Chinese field name."""
    spec = field_by_alias(kind.model, alias)
    if spec is None:
        raise KeyError(alias)
    return spec.name
