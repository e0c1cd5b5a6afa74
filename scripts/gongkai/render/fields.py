"""The field reference page, derived from the typed models (never written by hand),
so the documentation cannot drift from what the checker accepts."""
from __future__ import annotations

from pydantic import BaseModel

from ..kinds import ALL_KINDS, SITE
from ..model.fieldkinds import BLOCK, CHOICE, DATE, DOC_NUMBER, INTEGER, LINK, YES_NO
from ..model.introspect import FieldSpec, fields
from .markdown import front_matter, inline, page, table

PAGE = "about/fields.md"

# How one value of each kind is written; every other kind is 文字.
_VALUE_TEXT = {
    DATE: "日期(YYYY-MM-DD)",
    YES_NO: "是 / 否",
    LINK: "链接",
    DOC_NUMBER: "文号（如 廉府规〔2021〕1号）",
    INTEGER: "整数",
}


def _requirement(spec: FieldSpec) -> str:
    if spec.unrecorded_allowed:
        return "必填（迁移记录可为未记载）"
    return "必填" if spec.required else "选填"


def _value(spec: FieldSpec, nested: list) -> str:
    if spec.kind is CHOICE:
        return "以下之一：" + "、".join(spec.choices)
    if spec.kind is BLOCK:
        known = [label for label, model in nested if model is spec.block]
        if not known:
            nested.append((spec.alias, spec.block))
        return f"一组字段（见下方「{known[0] if known else spec.alias}」）"
    return _VALUE_TEXT.get(spec.kind, "文字")


def _describe(spec: FieldSpec, nested: list) -> str:
    if spec.many:
        return "列表，每项：" + _value(spec, nested)
    if spec.keyed:
        return "名称与取值的对照，每项取值：" + _value(spec, nested)
    return _value(spec, nested)


def _field_rows(model: type[BaseModel], nested: list) -> list[list[str]]:
    return [[f"`{spec.alias}`", _requirement(spec), inline(_describe(spec, nested)), inline(spec.description)]
            for spec in fields(model)]


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
