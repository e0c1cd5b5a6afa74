"""Block the release of unmasked personal numbers in every field, body and
attachment of a record about to be published, naming the place and the masked
form. Messages show only masked numbers: CI logs can be public too."""
from __future__ import annotations

import dataclasses
from typing import Any, Iterator

from ..model.common import Attachment, DocumentLink
from ..problems import Problem, Severity
from ..release import approved_for_release
from ..validate import Catalog, Record, walk
from ..yamlsource import BODY_KEY
from .detect import Hit, find_personal_numbers
from .extract import extract_text

EXEMPTIONS_KEY = "个人信息公开依据"
_EXEMPT = "确需公开的（如失信惩戒公示），在「个人信息公开依据」中登记该号码和法律依据"
_HINT = f"政府信息公开不得公开个人隐私（政府信息公开条例第十五条），请改为遮盖形式；{_EXEMPT}"
_FILE_HINT = f"请换成遮盖后的附件文件（登记了 sha256 的一并更新）；{_EXEMPT}"


def _strings(value: Any, loc: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """Every string in a record's source, with its path of keys and indexes."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if loc == () and key == EXEMPTIONS_KEY:
                continue  # the exemptions name the numbers on purpose
            yield from _strings(inner, loc + (key,))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _strings(inner, loc + (index,))
    elif isinstance(value, str):
        yield loc, value


def _normal(number: str) -> str:
    return "".join(ch for ch in number if ch.isalnum()).upper()


def _found(hit: Hit, where: str = "") -> str:
    return f"{where}含有未遮盖的{hit.kind}，应改为「{hit.masked}」"


def _field_problems(record: Record, allowed: set[str], used: set[str]) -> Iterator[Problem]:
    for loc, text in _strings(record.source.data):
        for hit in find_personal_numbers(text):
            if hit.digits in allowed:
                used.add(hit.digits)
                continue
            line_in_value = text.count("\n", 0, hit.start)
            if loc == (BODY_KEY,):
                yield record.body_problem(line_in_value + 1, _found(hit, "正文"), _HINT)
            else:
                where = f"第{line_in_value + 1}行" if "\n" in text else ""
                yield record.problem(loc, _found(hit, where), _HINT)


def _attachment_problems(record: Record, catalog: Catalog, allowed: set[str], used: set[str]) -> Iterator[Problem]:
    for loc, value in walk(record.model):
        if not isinstance(value, (Attachment, DocumentLink)) or not value.file:
            continue
        info = catalog.files.get(value.file)
        if info is None:
            continue  # reported by the file checks
        where = f"附件 {value.file}"
        text = extract_text(info.path, info.read())
        if text is None or text.problem:
            why = text.problem if text else "这种文件类型无法自动读取文字"
            problem = record.problem(loc + ("文件",), f"{where}：{why}，无法检查其中的个人信息",
                                     "请人工核对附件不含身份证号、手机号码、银行卡号等个人信息；能转换为 PDF、Word、Excel 文字版的请转换")
            yield dataclasses.replace(problem, severity=Severity.WARNING)
        for part in text.parts if text else ():
            for hit in find_personal_numbers(part.text):
                if hit.digits in allowed:
                    used.add(hit.digits)
                    continue
                yield record.problem(loc + ("文件",), _found(hit, f"{where} {part.where}"),
                                     _FILE_HINT)


def check_personal_data(catalog: Catalog) -> list[Problem]:
    problems = []
    for record in catalog.records:
        if not approved_for_release(record.model):
            continue  # never published, so nothing to leak; the check stays fast
        exemptions = record.model.personal_data_basis
        allowed = {_normal(e.number) for e in exemptions}
        used: set[str] = set()
        problems += _field_problems(record, allowed, used)
        problems += _attachment_problems(record, catalog, allowed, used)
        for index, exemption in enumerate(exemptions):
            if _normal(exemption.number) not in used:
                problem = record.problem((EXEMPTIONS_KEY, index, "号码"), "登记的号码在本记录中没有出现",
                                         "请核对号码，不再需要的请删除这一项")
                problems.append(dataclasses.replace(problem, severity=Severity.WARNING))
    return problems
