"""The Excel columns of each catalog kind, derived from the models: every
top-level field that fits in a cell, under the header staff already use."""
from __future__ import annotations

import functools
import typing
from dataclasses import dataclass
from enum import Enum
from typing import Annotated, Any, Optional

from pydantic import BaseModel, TypeAdapter

from ..model.common import PublicationControl
from ..kinds import DECISION, DECISION_CATALOG, DOCUMENT, HEARING, HEARING_CATALOG, REPORT, Kind
from ..yamlsource import BODY_KEY

ID_HEADER = "编号"
ROW_HEADER = "序号"
VALIDITY_HEADER = "有效性"  # documents: computed from the dates, shown but never imported

SHEETS = {DOCUMENT: "规范性文件", DECISION: "重大行政决策事项", HEARING: "听证事项",
          DECISION_CATALOG: "重大行政决策事项目录", HEARING_CATALOG: "听证事项目录", REPORT: "法治政府建设年度报告"}
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


def _validator_names(metadata) -> set[str]:
    return {getattr(getattr(m, "func", None), "__name__", "") for m in metadata}


def _column_kind(info) -> Optional[str]:
    annotation = info.annotation
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    core = args[0] if typing.get_origin(annotation) is typing.Union and len(args) == 1 else annotation
    names = _validator_names(info.metadata) | _validator_names(getattr(core, "__metadata__", ()))
    if typing.get_origin(core) is typing.Annotated:
        core = typing.get_args(core)[0]
    if "_parse_date" in names:
        return "date"
    if "_parse_bool" in names:
        return "bool"
    if "_check_doc_number" in names:
        return "docno"
    if typing.get_origin(core) is list:
        inner = typing.get_args(core)[0]
        return "list" if not (isinstance(inner, type) and issubclass(inner, BaseModel)) else None
    if isinstance(core, type) and issubclass(core, BaseModel):
        return None
    if isinstance(core, type) and issubclass(core, Enum):
        return "enum"
    if core is int:
        return "int"
    return "text"


@functools.cache  # building a TypeAdapter per field is slow: once per kind is enough
def columns(kind: Kind) -> tuple[Column, ...]:
    """The kind's columns: its own fields in model order, then 公开属性 and 示例数据."""
    found = []
    headers = HEADERS.get(kind, {})
    for name, info in kind.model.model_fields.items():
        alias = info.alias or name
        column_kind = _column_kind(info)
        if alias == BODY_KEY or column_kind is None:
            continue
        adapter = TypeAdapter(Annotated[info.annotation, *info.metadata]) if info.metadata else TypeAdapter(info.annotation)
        found.append(Column(headers.get(alias, alias), alias, column_kind, adapter))
    shared = {info.alias for info in PublicationControl.model_fields.values()}
    return tuple([c for c in found if c.alias not in shared] + [c for c in found if c.alias in shared])


def kind_of_sheet(title: str) -> Optional[Kind]:
    for kind, sheet in SHEETS.items():
        if sheet == title.strip():
            return kind
    return None


def attribute_name(kind: Kind, alias: str) -> str:
    """The model attribute behind a Chinese field name."""
    for name, info in kind.model.model_fields.items():
        if (info.alias or name) == alias:
            return name
    raise KeyError(alias)
