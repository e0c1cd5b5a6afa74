"""Block the release of unmasked personal numbers in every field, body and
attachment of a record about to be published, and in site.yaml and
compliance.yaml, naming the place and the masked form. Messages show only
masked numbers: CI logs can be public too.

An attachment whose text cannot be read, or not completely (a scan, a picture,
an archive, an old binary Office file, one that expands past the limits of
extract.py), blocks the release as well, unless its 人工核对 records that a
person checked that very file (its SHA-256).
"""
from __future__ import annotations

import dataclasses
from pathlib import PurePosixPath
from typing import Any, Iterator, Optional

from .. import memo
from ..load import FileChangedError, FileInfo
from ..model.common import Attachment, DocumentLink, PublicationControl
from ..model.introspect import alias_path
from ..problems import Problem, Severity
from ..release import approved_for_release
from ..textnorm import folded
from ..records import Catalog, Record
from ..model.walk import nested_models
from ..yamlsource import BODY_KEY
from .detect import Hit, find_personal_numbers, masked
from .extract import Extracted, extract_text

EXEMPTIONS_KEY = alias_path(PublicationControl, "personal_data_basis")[0]
MAX_FINDINGS_PER_ATTACHMENT = 20  # a list of 5,000 IDs needs one clear message, not 5,000
_NOT_TEXT_KEYS = {"sha256"}  # hex digests: their digit runs are chance, and they are checked as digests
_EXEMPT = "确需公开的（如失信惩戒公示），在「个人信息公开依据」中登记该号码和法律依据"
_HINT = f"政府信息公开不得公开个人隐私（政府信息公开条例第十五条），请改为遮盖形式；{_EXEMPT}"
_FILE_HINT = f"请换成遮盖后的附件文件（登记了 sha256 的一并更新）；{_EXEMPT}"
_SETTINGS_HINT = "网站设置会公开在每个页面上，请删除或改为遮盖形式（办公电话请写带区号的座机号码）"


def _strings(value: Any, loc: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """Every value of a record's source as it is published, with its path of keys and
    indexes: text, and numbers typed bare (电话: 13800138000 is published as text too)."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if (loc == () and key == EXEMPTIONS_KEY) or key in _NOT_TEXT_KEYS:
                continue  # the exemptions name the numbers on purpose
            yield from _strings(inner, loc + (key,))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _strings(inner, loc + (index,))
    elif isinstance(value, str):
        yield loc, value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        yield loc, str(value)  # as model.common._parse_text publishes it


def _normal(number: str) -> str:
    return "".join(ch for ch in folded(number) if ch.isalnum()).upper()


def _found(hit: Hit, where: str = "") -> str:
    return f"{where}含有未遮盖的{hit.kind}，应改为「{hit.masked}」"


def _line_of(text: str, hit: Hit) -> int:
    return text.count("\n", 0, hit.start) + 1


def _numbers_in_fields(record: Record) -> list[tuple[tuple, str, list[Hit]]]:
    """Every field's text that holds personal numbers, with them (serve: once per unchanged record)."""
    found = []
    for loc, text in _strings(record.source.data):
        hits = find_personal_numbers(text)
        if hits:
            found.append((loc, text, hits))
    return found


def _field_problems(record: Record, allowed: set[str], used: set[str]) -> Iterator[Problem]:
    for loc, text, hits in memo.of_object("personal numbers", record, lambda: _numbers_in_fields(record)):
        for hit in hits:
            if hit.digits in allowed:
                used.add(hit.digits)
                continue
            if loc == (BODY_KEY,):
                yield record.body_problem(_line_of(text, hit), _found(hit, "正文"), _HINT)
            else:
                where = f"第{_line_of(text, hit)}行" if "\n" in text else ""
                yield record.problem(loc, _found(hit, where), _HINT)


def _settings_problems(catalog: Catalog) -> Iterator[Problem]:
    """site.yaml and compliance.yaml are not records but are published (site name,
    contact details in every footer): every value is checked, named by file and field."""
    for record in catalog.settings_records:
        for loc, text in _strings(record.model.model_dump(by_alias=True, exclude_defaults=True)):
            for hit in find_personal_numbers(text):
                yield record.problem(loc, _found(hit), _SETTINGS_HINT)


@dataclasses.dataclass(frozen=True)
class _Finding:
    where: str  # the place inside the attachment
    hit: Hit


@dataclasses.dataclass(frozen=True)
class _AttachmentText:
    extracted: Extracted  # without its parts: only what was found in them is kept
    findings: tuple[_Finding, ...]


def _read_attachment(info: FileInfo) -> Optional[_AttachmentText]:
    """The attachment's text and the numbers in it; None if it changed since it was loaded
    (check_attachment_types reports that)."""
    try:
        data = info.read()
    except FileChangedError:
        return None
    extracted = extract_text(info.path, data)
    findings: dict[tuple, _Finding] = {}  # one per number and place: a sheet header is read several ways
    for part in extracted.parts:
        for hit in find_personal_numbers(part.text):
            where = masked(part.where + (f"第{_line_of(part.text, hit)}行" if part.numbered_lines else "")).strip()
            findings.setdefault((where, hit.digits), _Finding(where, hit))
    return _AttachmentText(dataclasses.replace(extracted, parts=()), tuple(findings.values()))


# (sha256, suffix) -> what was found: a file shared by several records, or the same file
# under another name, is read once, and `serve` does not read it again on every rebuild.
_TEXTS: dict[tuple[str, str], _AttachmentText] = {}


def _attachment_text(info: FileInfo) -> Optional[_AttachmentText]:
    key = (info.sha256, PurePosixPath(info.path).suffix.lower())  # the suffix decides how text is read
    if key not in _TEXTS:
        text = _read_attachment(info)
        if text is None:
            return None
        _TEXTS[key] = text
    return _TEXTS[key]


def _review_hint(info: FileInfo) -> str:
    return (f"人工核对附件不含身份证号、手机号码、银行卡号等个人信息后，在该附件下登记「人工核对」："
            f"核对人、核对日期和 sha256: {info.sha256}")


def _unchecked_problem(record: Record, loc: tuple, value: Attachment | DocumentLink, info: FileInfo,
                       extracted: Extracted) -> Optional[Problem]:
    """What stops an attachment that could not be read completely, unless a person checked this very file."""
    review = value.manual_review
    where = f"附件 {masked(value.file or '')}"
    reason = masked(extracted.problem or "")
    if review is not None and review.sha256 == info.sha256:
        return None
    if review is not None:
        return record.problem(loc + alias_path(type(value), "manual_review", "sha256"), f"{where} 在人工核对之后被改动过（sha256 不符），需要重新核对",
                              f"请重新人工核对这个文件，再把 sha256 改为 {info.sha256}")
    if extracted.too_large:
        size = "展开后过大" if extracted.too_large.expanded else "过大"
        return record.problem(loc + alias_path(type(value), "file"), f"{where} {size}（{reason}），无法完整检查个人信息",
                              f"请拆分为较小的文件；或{_review_hint(info)}")
    return record.problem(loc + alias_path(type(value), "file"), f"{where}：{reason}，无法检查其中的个人信息",
                          f"能转换为文字版 PDF、Word、Excel 的请转换；否则请{_review_hint(info)}")


def _attachment_problems(record: Record, catalog: Catalog, allowed: set[str], used: set[str]) -> Iterator[Problem]:
    for loc, value in nested_models(record.model):
        if not isinstance(value, (Attachment, DocumentLink)) or not value.file:
            continue
        info = catalog.files.get(value.file)
        if info is None:
            continue  # reported by the file checks
        text = _attachment_text(info)
        if text is None:
            continue
        if text.extracted.problem:
            problem = _unchecked_problem(record, loc, value, info, text.extracted)
            if problem:
                yield problem
        blocked = []
        for finding in text.findings:
            if finding.hit.digits in allowed:
                used.add(finding.hit.digits)
            else:
                blocked.append(finding)
        shown = masked(value.file)
        for finding in blocked[:MAX_FINDINGS_PER_ATTACHMENT]:
            yield record.problem(loc + alias_path(type(value), "file"), _found(finding.hit, f"附件 {shown} {finding.where}"), _FILE_HINT)
        if len(blocked) > MAX_FINDINGS_PER_ATTACHMENT:
            yield record.problem(loc + alias_path(type(value), "file"), f"附件 {shown} 另有 {len(blocked) - MAX_FINDINGS_PER_ATTACHMENT} 处未遮盖的个人号码（以上只列出前 {MAX_FINDINGS_PER_ATTACHMENT} 处）",
                                 "请对整个附件逐一遮盖后重新检查")


def settings_personal_data(catalog: Catalog) -> list[Problem]:
    """Personal numbers in site.yaml and compliance.yaml."""
    return list(_settings_problems(catalog))


def personal_data(catalog: Catalog, record: Record) -> list[Problem]:
    """Personal numbers in a record to be released, its fields and attachments (a cross-check of one record
    at a time)."""
    problems: list[Problem] = []
    if not approved_for_release(record.model):
        return problems  # never published, so nothing to leak; the check stays fast
    exemptions = record.model.personal_data_basis
    allowed = {_normal(e.number) for e in exemptions}
    used: set[str] = set()
    problems += _field_problems(record, allowed, used)
    problems += _attachment_problems(record, catalog, allowed, used)
    for index, exemption in enumerate(exemptions):
        if _normal(exemption.number) not in used:
            problem = record.problem(alias_path(PublicationControl, "personal_data_basis", index, "number"), "登记的号码在本记录中没有出现",
                                     "请核对号码，不再需要的请删除这一项")
            problems.append(dataclasses.replace(problem, severity=Severity.WARNING))
    return problems
