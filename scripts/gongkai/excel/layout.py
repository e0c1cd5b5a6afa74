"""How a sheet is laid out: which kind of record it holds, which row holds its
headers, and what each column holds.

Our own export is recognised by its sheet names and headers. A register as
clerks really keep it (any sheet name, a title row or two above the headers,
headers as real registers and platforms name them, no 编号 column) is
recognised by its headers; a sheet that lists repealed documents (a 废止目录)
by its title. What cannot be recognised is said, and the clerk can write a
mapping file instead: the tool drafts one (`import --write-mapping`), with
every guess it made, for the clerk to check and use (`import --mapping`).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Optional

from ..kinds import DECISION, DOCUMENT, REGISTER_KINDS, Kind
from ..model.common import ID_PATTERN
from ..model.document import Validity
from .columns import ID_HEADER, REMARKS_HEADER, ROW_HEADER, SHEETS, VALIDITY_HEADER, columns, kind_of_sheet

HEADER_SEARCH_ROWS = 6
CLEANUP_HEADER = "清理结果"
IGNORED = "不导入"
UNKNOWN = "未识别"
REPEAL_LIST = "废止目录"  # a sheet kind of its own in the mapping file
SKIP = "跳过"
# Columns that are not fields: the record id, the row number, the register's own 有效性
# and 清理结果 (compared with, or turned into, the status history), remarks for people.
ROLES = (ID_HEADER, ROW_HEADER, VALIDITY_HEADER, CLEANUP_HEADER, REMARKS_HEADER, IGNORED)

# Headers real registers and platforms use for a field, besides the field's own
# name and the header our export writes (columns.HEADERS). Compared without spaces.
SYNONYMS: dict[Kind, dict[str, tuple[str, ...]]] = {
    DOCUMENT: {
        "标题": ("文件名称", "名称", "文件标题", "规范性文件名称", "文件名"),
        "文号": ("发文字号", "发文号", "文件字号", "字号"),
        "发布机构": ("发文机关", "制发机关", "制定机关", "发文单位", "发布单位", "制定单位"),
        "起草单位": ("起草部门", "承办单位", "承办部门", "起草机关"),
        "成文日期": ("印发日期", "签发日期"),
        "发布日期": ("公开日期", "公布日期", "发文日期"),
        "施行日期": ("实施日期", "生效日期"),
        "有效期至": ("失效日期", "有效期截止日期"),
        "主题分类": ("分类", "主题"),
        "统一登记号": ("登记号", "登记编号"),
    },
}
for _kind in REGISTER_KINDS:
    if _kind is not DOCUMENT:
        SYNONYMS[_kind] = {"标题": ("事项名称", "决策事项", "决策事项名称", "听证事项", "听证事项名称", "名称")}
SYNONYMS[DECISION].update({"标题": ("事项名称", "决策事项", "决策事项名称", "决策项目", "名称"),
                           "承办单位": ("承办部门", "决策承办单位", "起草单位", "责任单位", "申报单位", "牵头承办单位",
                                    "组织承办部门", "牵头单位"),
                           "协办单位": ("配合单位", "协办部门", "参与单位"),
                           "拟决策时间": ("决策时间", "拟完成时间", "时间安排", "计划时间"),
                           "决策程序": ("决策事项程序", "履行程序", "法定程序"),
                           "是否听证": ("决策中是否需听证", "是否需听证", "是否需要听证"),
                           "简介": ("决策事项主要内容", "主要内容", "事项简介"),
                           "法律依据": ("决策依据", "依据")})
ROLE_SYNONYMS = {
    ROW_HEADER: ("序号", "序"),
    VALIDITY_HEADER: ("有效性", "效力状态", "时效性", "效力", "状态", "是否有效"),
    CLEANUP_HEADER: ("清理结果", "清理意见", "清理情况", "处理意见", "处理结果"),
    REMARKS_HEADER: ("备注",),
}


def normalized(header: Any) -> str:
    """A header as compared: full-width folded, without spaces or line breaks (文　号)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(header))) if header is not None else ""


@dataclass
class SheetLayout:
    kind: Kind
    header_row: int
    fields: dict[int, str]  # column -> a field alias of the kind, or one of ROLES
    headers: dict[int, str]  # column -> the header as the sheet writes it
    title: str = ""  # the text above the header row: the register's own title
    repealed: Optional[Validity] = None  # a 废止目录: every row names a document repealed (or declared lapsed)
    year: Optional[int] = None  # items of a year catalog: the year, from the mapping or the title
    repealed_by: Optional[str] = None  # a 废止目录: the catalog document whose decision it is (mapping file)
    unknown: list[int] = field(default_factory=list)  # columns with a header that is no field
    # Field alias -> a value the clerk states for every row in the mapping file (固定值), e.g. the
    # 发布机构 of a register that lists one government's own documents and so has no such column.
    constants: dict[str, Any] = field(default_factory=dict)

    @property
    def own_export(self) -> bool:
        """Our export, or a register kept from it: records are named by 编号."""
        return ID_HEADER in self.fields.values()


def _field_headers(kind: Kind) -> dict[str, str]:
    """Normalised header -> field alias, for every header the kind's fields are known by."""
    known: dict[str, str] = {}
    for column in columns(kind):
        for header in (column.alias, column.header) + SYNONYMS.get(kind, {}).get(column.alias, ()):
            known.setdefault(normalized(header), column.alias)
    return known


def _role(kind: Kind, header: str) -> Optional[str]:
    for role, names in ROLE_SYNONYMS.items():
        if role == VALIDITY_HEADER and kind is not DOCUMENT:
            continue  # 状态 of a decision or hearing is a field of its own
        if header in (normalized(n) for n in names):
            return role
    if header == normalized(ID_HEADER):
        return ID_HEADER
    return None


def _merged_values(sheet) -> dict[tuple[int, int], Any]:
    merged = {}
    for cell_range in sheet.merged_cells.ranges:
        value = sheet.cell(cell_range.min_row, cell_range.min_col).value
        for row in range(cell_range.min_row, cell_range.max_row + 1):
            for col in range(cell_range.min_col, cell_range.max_col + 1):
                merged[(row, col)] = value
    return merged


def row_texts(sheet, row: int, merged: dict) -> dict[int, str]:
    """Column -> header text in a row; an empty cell inside a merged range takes the range's text."""
    found = {}
    for col in range(1, sheet.max_column + 1):
        value = sheet.cell(row, col).value
        if value is None:
            value = merged.get((row, col))
        if isinstance(value, str) and value.strip():
            found[col] = unicodedata.normalize("NFKC", value).strip()
    return found


def _assign(kind: Kind, headers: dict[int, str]) -> tuple[dict[int, str], list[int]]:
    known = _field_headers(kind)
    fields: dict[int, str] = {}
    unknown: list[int] = []
    for col, header in sorted(headers.items()):
        key = normalized(header)
        alias = known.get(key)
        role = _role(kind, key)
        if role == ROW_HEADER and alias == ROW_HEADER:
            role = None  # 序号 is the kind's own field (decision and hearing items)
        chosen = role or alias
        if chosen is None:
            unknown.append(col)
        elif chosen not in fields.values() or chosen in (REMARKS_HEADER, IGNORED):
            fields[col] = chosen
        else:
            unknown.append(col)  # a second column for the same field: which one holds it is the clerk's call
    return fields, unknown


def _score(kind: Kind, headers: dict[int, str]) -> int:
    """How many headers name a field of the kind; 0 unless one of them is its title."""
    fields, _ = _assign(kind, headers)
    named = [alias for alias in fields.values() if alias not in ROLES]
    return len(named) if "标题" in named else 0


def _year_in(text: str) -> Optional[int]:
    match = re.search(r"(20\d{2})\s*年", text)
    return int(match.group(1)) if match else None


def _repealed_status(text: str) -> Optional[Validity]:
    if "废止" in text:
        return Validity.REPEALED
    if "失效" in text:
        return Validity.EXPIRED
    return None


def guess_layout(sheet) -> Optional[SheetLayout]:
    """The layout of a sheet from its name and headers, or None when no kind fits."""
    merged = _merged_values(sheet)
    named_kind = kind_of_sheet(sheet.title)
    best: Optional[tuple[int, int, Kind, dict[int, str]]] = None
    for row in range(1, min(HEADER_SEARCH_ROWS, sheet.max_row) + 1):
        headers = row_texts(sheet, row, merged)
        candidates: list[Kind] = [named_kind] if named_kind else list(REGISTER_KINDS)
        for kind in candidates:
            score = _score(kind, headers) if not named_kind else len(_assign(kind, headers)[0])
            if score and (best is None or score > best[0]):
                best = (score, row, kind, headers)
    if best is None or (named_kind is None and best[0] < 2):
        return None
    _, header_row, kind, headers = best
    fields, unknown = _assign(kind, headers)
    title = " ".join(" ".join(row_texts(sheet, row, merged).values()) for row in range(1, header_row))
    layout = SheetLayout(kind, header_row, fields, headers, title.strip(), unknown=unknown)
    if kind is DOCUMENT and not layout.own_export and not ({VALIDITY_HEADER, CLEANUP_HEADER} & set(fields.values())):
        layout.repealed = _repealed_status(f"{sheet.title} {layout.title}")
    layout.year = _year_in(f"{layout.title} {sheet.title}")
    return layout


def column_letter(col: int) -> str:
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def column_number(letters: str) -> Optional[int]:
    if not re.fullmatch(r"[A-Za-z]{1,3}", letters):
        return None
    number = 0
    for char in letters.upper():
        number = number * 26 + ord(char) - ord("A") + 1
    return number


def sheet_kind_label(layout: Optional[SheetLayout]) -> str:
    if layout is None:
        return UNKNOWN
    if layout.repealed is not None:
        return REPEAL_LIST
    return SHEETS[layout.kind]


def kind_by_label(label: str) -> Optional[Kind]:
    if label == REPEAL_LIST:
        return DOCUMENT
    return next((kind for kind, sheet in SHEETS.items() if sheet == label), None)


def looks_like_id(kind: Kind, value: Any) -> bool:
    """A record's 编号 (a year catalog's is its year), not a register's row number."""
    text = str(value)
    if kind.is_year_catalog:
        return bool(re.fullmatch(r"\d{4}", text))
    return bool(re.fullmatch(ID_PATTERN, text)) and not text.isdigit()
