"""The import mapping file: sheet -> kind, header row, column -> field.

`import --write-mapping 导入设置.yaml` drafts it from what the import guessed
(unknown columns marked 未识别), the clerk checks and edits it, and
`import --mapping 导入设置.yaml` reads every sheet exactly as it says.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Optional

import yaml

from ..kinds import Kind
from ..model.common import ID_PATTERN
from ..model.document import Validity
from ..problems import Problem
from .columns import SHEETS, columns
from .layout import (
    IGNORED,
    REPEAL_LIST,
    ROLES,
    SKIP,
    UNKNOWN,
    SheetLayout,
    column_letter,
    column_number,
    guess_layout,
    kind_by_label,
    sheet_kind_label,
)

_KIND_CHOICES = "、".join(list(SHEETS.values()) + [REPEAL_LIST, SKIP])


def _allowed(kind: Kind) -> list[str]:
    return [c.alias for c in columns(kind)] + list(ROLES)


def draft_mapping(book) -> str:
    """The mapping file text for a workbook: every sheet with the import's guesses."""
    lines = [
        "# 导入设置：由 gongkai import --write-mapping 生成，是导入程序对每个表格的猜测。",
        "# 请逐项核对后使用：gongkai import 表格.xlsx --mapping 本文件",
        f"# 「内容」可填：{_KIND_CHOICES}（跳过：整张表不导入）。",
        f"# 「列」按列字母写该列对应的字段名；不是字段的列可写：{'、'.join(ROLES)}；写「{UNKNOWN}」的列必须改掉。",
        "# 表中没有、但全表相同且原登记写明的内容（如登记簿标题写明的发布机构），可写在「固定值」，如 固定值: {发布机构: 廉江市人民政府}。",
        "表格:",
    ]
    for sheet in book.worksheets:
        layout = guess_layout(sheet)
        lines.append(f"  - 表格: {_quoted(sheet.title)}")
        lines.append(f"    内容: {sheet_kind_label(layout)}")
        if layout is None:
            lines.append("    # 没有认出这张表格的内容：请填写「内容」「表头行」和「列」，或把「内容」改为 跳过")
            lines.append("    表头行: 1")
            continue
        lines.append(f"    表头行: {layout.header_row}")
        if layout.kind.year_catalog is not None:
            lines.append(f"    年度: {layout.year if layout.year else '  # 请填写这些事项所属目录的年度'}")
        if layout.repealed is not None:
            lines.append("    # 废止依据：作出废止决定的文件在本目录中的编号（可选；不在目录中的被废止文件将登记在该文件下）")
            lines.append("    废止依据:")
        lines.append("    列:")
        for col, header in sorted(layout.headers.items()):
            value = layout.fields.get(col, UNKNOWN)
            lines.append(f"      {column_letter(col)}: {value}  # 表头「{_comment(header)}」")
    return "\n".join(lines) + "\n"


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _comment(text: str) -> str:
    return " ".join(str(text).split())


def read_mapping(path: Path, book) -> tuple[dict[str, Optional[SheetLayout]], list[Problem]]:
    """Sheet title -> its layout as the file says (None: skip the sheet), and problems in the file."""
    where = str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        return {}, [Problem(where, f"无法读取导入设置文件：{error}", "请用 --write-mapping 重新生成，再按说明修改")]
    entries = data.get("表格") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return {}, [Problem(where, "导入设置文件里没有「表格」列表", "请用 --write-mapping 重新生成，再按说明修改")]
    layouts: dict[str, Optional[SheetLayout]] = {}
    problems: list[Problem] = []
    titles = {sheet.title: sheet for sheet in book.worksheets}
    for index, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or "表格" not in entry:
            problems.append(Problem(where, f"「表格」第{index}项缺少表格名称", "每一项以「- 表格: 表格名称」开头"))
            continue
        title = str(entry["表格"])
        if title not in titles:
            problems.append(Problem(where, f"工作簿中没有名为「{title}」的表格", "请核对表格名称：" + "、".join(titles)))
            continue
        layout, entry_problems = _entry_layout(entry, titles[title], f"{where}（表格 {title}）")
        problems += entry_problems
        layouts[title] = layout
    return layouts, problems


def _entry_layout(entry: dict, sheet, where: str) -> tuple[Optional[SheetLayout], list[Problem]]:
    label = str(entry.get("内容", "")).strip()
    if label == SKIP:
        return None, []
    kind = kind_by_label(label)
    if kind is None:
        return None, [Problem(where, f"「内容」应为以下之一：{_KIND_CHOICES}", "请按表格实际内容填写", field="内容")]
    header_row = entry.get("表头行")
    if not isinstance(header_row, int) or header_row < 1:
        return None, [Problem(where, "「表头行」应为表头所在的行号，如 2", "请填写表头所在的行号", field="表头行")]
    problems = []
    fields, headers = {}, {}
    for letter, value in (entry.get("列") or {}).items():
        col = column_number(str(letter))
        target = str(value).strip() if value is not None else ""
        if col is None:
            problems.append(Problem(where, f"「{letter}」不是列字母", "列用字母表示，如 A、B、AA", field="列"))
        elif target not in _allowed(kind):
            problems.append(Problem(where, f"{letter} 列的「{target or '（空）'}」不是{SHEETS.get(kind, kind.label)}的字段",
                                    f"可填：{'、'.join(_allowed(kind))}；不需要导入的列写 {IGNORED}", field="列"))
        else:
            fields[col] = target
            headers[col] = str(sheet.cell(header_row, col).value or target)
    layout = SheetLayout(kind, header_row, fields, headers)
    constants = entry.get("固定值") or {}
    if not isinstance(constants, dict):
        problems.append(Problem(where, "「固定值」应写成 字段: 值 的形式", "如 固定值: {发布机构: 廉江市人民政府}", field="固定值"))
        constants = {}
    for alias, value in constants.items():
        if str(alias) not in [c.alias for c in columns(kind)]:
            problems.append(Problem(where, f"「固定值」中的「{alias}」不是{SHEETS.get(kind, kind.label)}的字段",
                                    f"可填：{'、'.join(c.alias for c in columns(kind))}", field="固定值"))
        elif str(alias) in fields.values():
            problems.append(Problem(where, f"「{alias}」既有对应的列，又写了固定值", "请只保留一种", field="固定值"))
        else:
            layout.constants[str(alias)] = value
    if label == REPEAL_LIST:
        layout.repealed = guess_repealed(sheet)
        repealed_by = entry.get("废止依据")
        if repealed_by:
            if not re.fullmatch(ID_PATTERN, str(repealed_by)):
                problems.append(Problem(where, f"「废止依据」{repealed_by} 不是文件编号", "填写本目录中文件的编号，如 lfg-2023-05", field="废止依据"))
            layout.repealed_by = str(repealed_by)
    year = entry.get("年度")
    if kind.year_catalog is not None:
        if not isinstance(year, int):
            problems.append(Problem(where, "「年度」应为这些事项所属目录的年份，如 2023", "请填写年度", field="年度"))
        layout.year = year if isinstance(year, int) else None
    return layout, problems


def guess_repealed(sheet) -> Validity:
    """废止 or 失效, as the sheet's title says (废止 when it does not)."""
    guessed = guess_layout(sheet)
    return guessed.repealed if guessed is not None and guessed.repealed is not None else Validity.REPEALED
