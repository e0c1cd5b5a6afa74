"""The field reference page, derived from the typed models (never written by hand),
so the documentation cannot drift from what the checker accepts."""
from __future__ import annotations

import datetime as dt
import types
import typing
from enum import Enum
from typing import Any

from pydantic import BaseModel

from ..kinds import ALL_KINDS, SITE
from .markdown import front_matter, inline, page, table

PAGE = "about/fields.md"


_SPECIAL = {
    "_parse_date": "日期(YYYY-MM-DD)",
    "_parse_bool": "是 / 否",
    "_parse_link": "链接",
    "_check_doc_number": "文号（如 廉府规〔2021〕1号）",
}


def _metadata_names(metadata) -> set[str]:
    names = set()
    for extra in metadata:
        validator = getattr(extra, "func", None)
        if validator is not None:
            names.add(validator.__name__)
    return names


def _special(metadata) -> str | None:
    for name in _metadata_names(metadata):
        if name in _SPECIAL:
            return _SPECIAL[name]
    return None


def _describe(annotation: Any, nested: list, label: str) -> str:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        special = _special(annotation.__metadata__)
        return special or _describe(typing.get_args(annotation)[0], nested, label)
    if origin in (typing.Union, types.UnionType):
        return " 或 ".join(_describe(a, nested, label) for a in typing.get_args(annotation) if a is not type(None))
    if origin is list:
        return "列表，每项：" + _describe(typing.get_args(annotation)[0], nested, label)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return "以下之一：" + "、".join(member.value for member in annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        known = [name for name, model in nested if model is annotation]
        if not known:
            nested.append((label, annotation))
        return f"一组字段（见下方「{known[0] if known else label}」）"
    if annotation is int:
        return "整数"
    if annotation in (str,):
        return "文字"
    if annotation is dt.date:
        return "日期(YYYY-MM-DD)"
    return "文字"


def _field_rows(model: type[BaseModel], nested: list) -> list[list[str]]:
    rows = []
    for name, info in model.model_fields.items():
        required = "必填" if info.is_required() else "选填"
        alias = info.alias or name
        rows.append([f"`{alias}`", required, inline(_special(info.metadata) or _describe(info.annotation, nested, alias)), inline(info.description or "")])
    return rows


def fields_page() -> str:
    sections = []
    for kind in (SITE,) + ALL_KINDS:
        nested: list = []
        where = f"catalog/{kind.folder}/" if kind.folder else "catalog/site.yaml"
        blocks = [f"## {kind.label}", f"文件位置：`{where}`", table(["字段", "必填", "取值", "说明"], _field_rows(kind.model, nested))]
        index = 0
        while index < len(nested):  # nested blocks may themselves nest
            label, block = nested[index]
            blocks += [f"### {kind.label} › {inline(label)}", table(["字段", "必填", "取值", "说明"], _field_rows(block, nested))]
            index += 1
        sections.append("\n\n".join(blocks))
    return page(
        front_matter("目录数据字段说明"),
        "# 目录数据字段说明",
        "本页由数据模型自动生成，列出每类目录记录的全部字段。字段名与广东省政府信息公开目录的字段一一对应"
        "（文号、索引号、发布机构、主题分类、成文日期、发布日期、有效性）。",
        *sections,
    )
