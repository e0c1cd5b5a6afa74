"""Platform articles -> planned migrated document records (applied with the Excel import's apply_plan).

A document the catalog already holds (same 文号, else same 索引号) is not rewritten:
its 有效性 is compared with the platform's, a difference reported. One it does not
hold becomes a migrated record of the import batch with what the platform showed
and nothing else: 来源 is its page on the platform; what the platform did not show
stays 未记载. An article that cannot be a 行政规范性文件 record (no title, no 文号
in GB/T 9704 form, no 发布日期) is refused with the reason.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional

from pydantic import ValidationError

from ..docno import parse_canonical, suggest
from ..kinds import DOCUMENT
from ..messages import translate
from ..model.common import Publicity
from ..model.document import REGISTER_WORDS, Validity, validity_from_word
from ..problems import Problem, Severity
from ..records import Catalog, Record
from ..skeleton import next_id
from ..excel.importer import ImportPlan
from ..excel.rows import Change
from .read import Article, PlatformFileError, read_platform_file


def _where(article: Article) -> str:
    return f"{article.source_file}" + (f"（{article.title[:30]}）" if article.title else "")


def _existing(catalog: Catalog, article: Article, number: Optional[str]) -> Optional[Record]:
    for record in catalog.of(DOCUMENT):
        if number and record.model.doc_number == number:
            return record
        if article.index_number and record.model.index_number == article.index_number:
            return record
    return None


def _number(article: Article) -> tuple[Optional[str], Optional[str]]:
    """(文号 in GB/T 9704 form, or None; the reason it is refused)."""
    if not article.doc_number:
        return None, "平台没有显示文号：行政规范性文件都有文号，这一条多半不是规范性文件"
    if parse_canonical(article.doc_number):
        return article.doc_number, None
    fixed = suggest(article.doc_number)
    if fixed:
        return str(fixed), None
    return None, f"文号「{article.doc_number}」不是规范性文件的文号格式（机关代字〔年份〕序号号），多半是规章、命令或其他文件"


def _record_data(article: Article, number: str, batch: str) -> dict:
    data: dict = {"标题": article.title, "文号": number}
    optional = {"索引号": article.index_number, "发布机构": article.publisher, "主题分类": article.topic,
                "成文日期": article.written, "发布日期": article.published}
    data.update({key: value for key, value in optional.items() if value is not None})
    status = validity_from_word(article.validity) if article.validity else None
    if isinstance(status, Validity):
        data["状态历史"] = [{"状态": status.value}]  # as the platform showed it on the day taken
    if article.attachments:
        data["原发布附件"] = [{"名称": name, "链接": url} for name, url in article.attachments]
    data["公开属性"] = Publicity.ACTIVE.value  # the batch's 保密审查 approved what the platform had published
    data["来源"] = {"导入批次": batch} | ({"原始出处": article.url} if article.url else {})
    return data


def plan_platform_import(files: list[Path], catalog: Catalog, batch: Optional[str], today: dt.date) -> ImportPlan:
    plan = ImportPlan()
    if batch is None or not any(b.id == batch for b in catalog.imports.batches):
        plan.problems.append(Problem("catalog/imports.yaml", f"没有编号为「{batch or ''}」的导入批次",
                                     "平台上的文件作为迁移记录导入：请先在「导入批次」中登记本次导入（编号、原始出处、采集日期、保密审查），"
                                     "再用 --batch 批次编号 运行"))
        return plan
    articles: list[Article] = []
    for path in files:
        try:
            articles += read_platform_file(path)
        except PlatformFileError as error:
            plan.problems.append(Problem(path.name, str(error), "请保存平台列表接口返回的 JSON，或文件页面的网页（HTML）"))
    seen: dict[str, Article] = {}
    taken: set[str] = set()
    for article in articles:
        plan.rows_read += 1
        key = article.post_id or article.url or article.doc_number or article.title or str(id(article))
        if key in seen:
            _merge(seen[key], article)  # a document both listed and saved as its page: one record
            plan.rows_read -= 1
            continue
        seen[key] = article
    for article in seen.values():
        _plan_article(plan, catalog, article, batch, today, taken)
    return plan


def _merge(first: Article, second: Article) -> None:
    for name in ("url", "title", "doc_number", "index_number", "publisher", "topic", "written", "published", "validity", "text"):
        if getattr(first, name) is None:
            setattr(first, name, getattr(second, name))
    first.attachments += [a for a in second.attachments if a not in first.attachments]


def _plan_article(plan: ImportPlan, catalog: Catalog, article: Article, batch: str, today: dt.date, taken: set[str]) -> None:
    number, reason = _number(article)
    record = _existing(catalog, article, number)
    if record is not None:
        if article.validity:
            status = validity_from_word(article.validity)
            computed = record.model.validity_on(today)[0]
            if isinstance(status, Validity) and REGISTER_WORDS[status] != REGISTER_WORDS[computed]:
                plan.validity_differences += 1
                plan.problems.append(Problem(
                    _where(article), f"平台显示有效性为「{REGISTER_WORDS[status]}」，目录计算为「{REGISTER_WORDS[computed]}」（{record.id}）",
                    f"请核对 catalog/{record.catalog_path} 的「状态历史」", severity=Severity.WARNING))
        return
    if reason:
        # Platform lists hold every kind of document: one that is no 规范性文件 is left out, and said.
        plan.problems.append(Problem(_where(article), f"没有导入：{reason}", "规范性文件目录只收行政规范性文件；其他文件不导入",
                                     field="文号", severity=Severity.WARNING))
        plan.rows_refused += 1
        return
    problems = []
    if not article.title:
        problems.append(Problem(_where(article), "平台没有显示文件名称", "请保存显示了名称的列表或文件页面"))
    if article.published is None:
        problems.append(Problem(_where(article), "平台没有显示发布日期", "请保存显示了发布日期的列表或文件页面", field="发布日期"))
    if problems:
        plan.problems += problems
        plan.rows_refused += 1
        return
    assert number is not None and article.published is not None
    data = _record_data(article, number, batch)
    if article.text:
        data["正文"] = article.text
    try:
        DOCUMENT.model.model_validate(data)
    except ValidationError as error:
        plan.problems += [Problem(_where(article), *translate(d, DOCUMENT.model), field="›".join(map(str, d["loc"])))
                          for d in error.errors(include_url=False)]
        plan.rows_refused += 1
        return
    record_id = next_id(catalog, DOCUMENT, "doc", (article.written or article.published).year)
    while record_id in taken:
        stem, last = record_id.rsplit("-", 1)
        record_id = f"{stem}-{int(last) + 1:02d}"
    taken.add(record_id)
    change = Change(DOCUMENT.catalog_path(record_id), record_id, "平台", plan.rows_read, True, DOCUMENT)
    change.values = {alias: (None, value) for alias, value in data.items()}
    plan.changes.append(change)
