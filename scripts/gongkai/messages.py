"""Turn pydantic's validation errors into Chinese messages a clerk can act on."""
from __future__ import annotations

import difflib
from typing import Any, Mapping, Optional, Type

from pydantic import BaseModel

from .model.fieldkinds import CHOICE
from .model.introspect import field_by_alias, fields, model_at
from .yamlsource import BODY_KEY


def field_label(loc: tuple) -> str:
    """('备案', 1, '日期') -> '备案第2项.日期' (items are counted from 1 for people)."""
    label = ""
    for part in loc:
        if isinstance(part, int):
            label += f"第{part + 1}项"
        else:
            label += ("." if label else "") + str(part)
    return label


def _allowed_keys(model: Optional[Type[BaseModel]]) -> list[str]:
    return [spec.alias for spec in fields(model)] if model is not None else []


def _enum_choices(model: Optional[Type[BaseModel]], key: Any) -> list[str]:
    spec = field_by_alias(model, key) if model is not None else None
    return list(spec.choices) if spec is not None and spec.kind is CHOICE else []


def _quote(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return "该内容"
    text = str(value)
    if len(text) > 40:
        text = text[:40] + "…"
    return f"\"{text}\""


def translate(error: Mapping[str, Any], root_model: Type[BaseModel]) -> tuple[str, str]:
    """(message, hint) for one pydantic error dict."""
    kind = error["type"]
    loc = tuple(error["loc"])
    ctx = error.get("ctx") or {}
    value = error.get("input")
    key = loc[-1] if loc else ""
    owner = model_at(root_model, loc) if loc else root_model

    if kind == "missing" and loc == (BODY_KEY,):
        return "正文为空", "请在文件头结束的那一行 --- 之后写上全文（Markdown 格式）"
    if kind == "missing":
        return "缺少必填字段", f"请添加一行「{key}: …」"
    if value is None and "input" in error and kind != "extra_forbidden":
        return "未填写", f"请在「{key}:」后填写内容（新建的模板里必填字段都留空，逐项填写即可）"
    if kind == "extra_forbidden":
        allowed = _allowed_keys(owner)
        close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.5)
        if close:
            return "未知字段（数据不会被忽略，因此必须修正）", f"是否想写「{close[0]}」?请更正字段名"
        return "未知字段（数据不会被忽略，因此必须修正）", "此处允许的字段有：" + "、".join(allowed)
    if kind == "gk_date":
        return f"{_quote(ctx.get('value', value))} 不是有效日期", "请使用 YYYY-MM-DD，如 2021-03-01"
    if kind == "gk_bool":
        return f"{_quote(value)} 不是 是/否", "请填写 是 或 否"
    if kind == "gk_text":
        return "应为文字", "请直接填写文字内容"
    if kind == "gk_link":
        return f"{_quote(ctx.get('value', value))} 不是允许的链接", "链接只能以 http://、https://、mailto: 开头，或为站内相对路径"
    if kind == "gk_docno":
        suggestion = ctx.get("suggestion")
        if suggestion:
            return f"{_quote(ctx.get('value', value))} 不符合 GB/T 9704 格式", f"应写作「{suggestion}」（六角括号〔〕、四位年份、序号不加“第”和前导零）"
        return f"{_quote(ctx.get('value', value))} 不符合 GB/T 9704 格式", "格式为 机关代字〔年份〕序号号，如 廉府规〔2021〕1号"
    if kind == "gk_invisible":
        return (f"第{ctx['position']}个字符处有看不见的字符 {ctx['code']}",
                "多为从网页或聊天软件复制带入；请删除这个值后重新输入（python -m gongkai format 可自动修正文号）")
    if kind == "gk_plain":
        return f"{_quote(ctx.get('value', value))} 含有 < > & \" ' 符号", "网站名称和机关名称会原样写入每个网页，不能使用这些符号；请删除"
    if kind == "gk_annual_format":
        return (f"{ctx['year']} 年度的报告使用国办公开办函〔2019〕60号的表格格式（表二、表三与 2021 年起的格式不同），"
                "不能按 2021 年的格式填写和生成表格",
                "2021 年以前的年度报告请作为附件或链接发布（如放在法治政府建设报告或其他栏目），不要登记在 annual/ 下")
    if kind == "gk_interpretation":
        return "政策解读既没有链接也没有内容", "请填写「链接」（解读在其他网站上的网址），或在「内容」中写解读全文"
    if kind == "enum":
        choices = _enum_choices(owner, key)
        return f"{_quote(value)} 不是可选的取值", "请填写以下之一：" + "、".join(choices)
    if kind == "string_pattern_mismatch" and key == "sha256":
        return f"{_quote(value)} 不是 SHA-256 值", "应为 64 位小写十六进制字符；不确定时请删除这一行"
    if kind == "string_pattern_mismatch":
        return f"{_quote(value)} 不是有效的编号", "编号只能用小写字母、数字和连字符，如 lfg-2021-01、2021-03"
    if kind in ("string_too_short", "too_short") and isinstance(value, str):
        return "不能为空", "请填写内容，或删除这一行"
    if kind == "too_short":
        return "至少需要填写一项", "请按示例补充至少一项"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"{_quote(value)} 不是整数", "请填写阿拉伯数字，如 3"
    if kind in ("greater_than_equal", "greater_than"):
        return f"{_quote(value)} 太小", f"应不小于 {ctx.get('ge', ctx.get('gt'))}"
    if kind in ("less_than_equal", "less_than"):
        return f"{_quote(value)} 太大", f"应不大于 {ctx.get('le', ctx.get('lt'))}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "应为一组字段", "请在下一行缩进两个空格，逐项写「字段: 值」"
    if kind == "list_type":
        return "应为列表", "请每项另起一行，缩进后以「- 」开头"
    if "hint" in ctx:  # a custom error that brings its own advice
        return str(error.get("msg", kind)), str(ctx["hint"])
    return f"取值无效（{error.get('msg', kind)}）", "请对照字段说明修改"
