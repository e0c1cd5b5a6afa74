"""Record skeletons for `new <kind>`, derived from the models: every field, a
Chinese comment saying what goes there, and the next free id and 登记号.

Required fields are written empty, so `check` names each one still to fill in;
optional fields and blocks are written as comments to uncomment when needed.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Optional

from pydantic import BaseModel

from .kinds import ALL_KINDS, DOCUMENT, Kind
from .model.introspect import field, fields
from .schema import modeline
from .records import Catalog
from .yamlsource import BODY_KEY

KINDS = {kind.command: kind for kind in ALL_KINDS}  # `gongkai new <command>`
_DEFAULTS = {"公开属性": "主动公开"}
# Optional in the model, but required for the default 公开属性 主动公开: written out, not commented.
_NEEDED_FOR_RELEASE = {"保密审查"}


def _fields(model: type[BaseModel], indent: str, commented: bool, values: dict, list_item: bool = False) -> list[str]:
    """YAML lines for every field of `model`; optional ones (and all inside an optional
    block) commented out. `list_item`: the fields form one item of a list (`- ` before the first)."""
    lines = []
    for number, spec in enumerate(fields(model)):
        alias = spec.alias
        if alias == BODY_KEY:
            continue
        active = (spec.required or alias in _NEEDED_FOR_RELEASE) and not commented
        off = "" if active else "# "
        marker = "- " if list_item and number == 0 else "  " if list_item else ""
        lines.append(f"{indent}{'  ' if list_item else ''}# {alias}：{'必填' if spec.required else '选填'}。{spec.description}".rstrip("。") + "。")
        key = f"{indent}{off}{marker}{alias}:"
        if spec.block is None:
            value = values.get(alias, _DEFAULTS.get(alias, "[]" if spec.many else ""))
            lines.append(f"{key} {value}".rstrip())
            continue
        lines.append(key)
        inner_indent = indent + ("    " if list_item else "  ")
        lines += _fields(spec.block, inner_indent, not active, {}, list_item=spec.many)
    return lines


def next_id(catalog: Catalog, kind: Kind, prefix: str, year: int) -> str:
    """The next free id such as lfg-2026-03 (documents) or 2026-04 (decision and hearing items)."""
    stem = f"{prefix}-{year}" if prefix else str(year)
    taken = [int(m.group(1)) for r in catalog.of(kind) if (m := re.fullmatch(re.escape(stem) + r"-(\d+)", r.id))]
    return f"{stem}-{max(taken, default=0) + 1:02d}"


def next_registration(catalog: Catalog, prefix: str, year: int) -> Optional[str]:
    """The next 统一登记号 of the year, numbered like the latest one (LJFG-2026-003 after
    LJFG-2026-002; LJFG-2026-001 when the year has none yet), among documents whose
    id has the same prefix (lfg: 廉府规, lfbg: 廉府办规 …)."""
    pattern = re.compile(r"^(.*-)(\d{4})-(\d+)$")
    found = [(r.model.published, m) for r in catalog.of(DOCUMENT)
             if r.id.startswith(prefix + "-") and r.model.registration and (m := pattern.match(r.model.registration))]
    if not found:
        return None
    same_year = [m for _, m in found if int(m.group(2)) == year]
    if same_year:
        last = max(same_year, key=lambda m: int(m.group(3)))
        return f"{last.group(1)}{year}-{int(last.group(3)) + 1:0{len(last.group(3))}d}"
    latest = max(found, key=lambda item: item[0])[1]
    return f"{latest.group(1)}{year}-{1:0{len(latest.group(3))}d}"


def skeleton(kind: Kind, catalog_path: str, values: dict) -> str:
    lines = _fields(kind.model, "", False, values)
    if kind.suffix == ".md":
        return "---\n" + "\n".join(lines) + "\n---\n\n（在这里写全文，使用 Markdown：用 ## 表示章标题，段落之间空一行。）\n"
    return modeline(kind, catalog_path) + "\n" + "\n".join(lines) + "\n"


def today_year(today: Optional[dt.date]) -> int:
    return (today or dt.date.today()).year


def _counts_row(model: type[BaseModel], values: Optional[BaseModel]) -> str:
    """A row of counts as one flow mapping: zeros, or the given values."""
    return "{" + ", ".join(f"{spec.alias}: {getattr(values, spec.name) if values else 0}" for spec in fields(model)) + "}"


def _annual_lines(model: type[BaseModel], indent: str, carried_in) -> list[str]:
    lines = []
    for spec in fields(model):
        if spec.block is None:
            continue
        if all(inner.block is None for inner in fields(spec.block)):  # a row of counts
            lines.append(f"{indent}{spec.alias}: {_counts_row(spec.block, carried_in if spec.name == 'carried_in' else None)}")
        else:
            lines.append(f"{indent}{spec.alias}:")
            lines += _annual_lines(spec.block, indent + "  ", carried_in)
    return lines


def _block(model: type[BaseModel], name: str) -> type[BaseModel]:
    """The model of a nested block field."""
    block = field(model, name).block
    if block is None:
        raise TypeError(f"{model.__name__}.{name} is not a block of fields")
    return block


def annual_skeleton(kind: Kind, catalog_path: str, year: int, authority: str, previous) -> str:
    """The year's statistics file: every count 0 to overwrite, 上年结转 taken from last
    year's 结转下年度 when that report exists, texts and the review left to fill in."""
    report = kind.model
    lines = [f"# {year}年度政府信息公开工作年度报告的统计数据：把 0 改为实际件数；“二、主动公开”中的行政规范性文件由系统统计。",
             f"年度: {year}", f"机关名称: {authority}", "# 发布日期：公布后填写。", "# 发布日期:",
             "总体情况: ", "主动公开:"]
    lines += [f"  {spec.alias}: 0  # {spec.description}" for spec in fields(field(report, "active").block)]
    carried = previous.model.applications.carried_out if previous else None
    lines.append("依申请公开:")
    lines += _annual_lines(_block(report, "applications"), "  ", carried)
    lines.append("行政复议行政诉讼:")
    lines += _annual_lines(_block(report, "appeals"), "  ", None)
    lines += ["存在的主要问题及改进情况: ", "其他需要报告的事项: ", "公开属性: 主动公开",
              "保密审查:", "  审查人: ", "  日期: ", "  结论: 同意公开"]
    return modeline(kind, catalog_path) + "\n" + "\n".join(lines) + "\n"
