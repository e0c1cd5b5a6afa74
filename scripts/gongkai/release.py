"""Publication control: a record is released only with 公开属性 主动公开 and a
保密审查 that approved it no later than its publication date (政府信息公开条例
第十七条). Missing or contradictory reviews are errors, so nothing unreviewed
can reach the site; the public view applies the same test once more."""
from __future__ import annotations

import datetime as dt
from typing import Optional

from .kinds import ALL_KINDS, DECISION, DECISION_CATALOG, HEARING, HEARING_CATALOG
from .model.common import Publicity, SecrecyResult
from .problems import Problem
from .validate import Catalog, Record

_EXAMPLE = "保密审查: {审查人: 市政府办公室保密审查小组, 日期: YYYY-MM-DD, 结论: 同意公开}"


def publication_date(catalog: Catalog, record: Record) -> Optional[dt.date]:
    """The record's own 发布日期, or for an item without one, its year catalog's."""
    own = getattr(record.model, "published", None)
    if own or record.kind not in (DECISION, HEARING):
        return own
    year = catalog.find(DECISION_CATALOG if record.kind is DECISION else HEARING_CATALOG, str(record.year))
    return year.model.published if year else None


def approved_for_release(model) -> bool:
    review = model.secrecy_review
    return model.publicity is Publicity.ACTIVE and review is not None and review.result is SecrecyResult.APPROVED


def check_release(catalog: Catalog) -> list[Problem]:
    problems = []
    for kind in ALL_KINDS:
        for record in catalog.of(kind):
            model = record.model
            if model.publicity is not Publicity.ACTIVE:
                continue
            review = model.secrecy_review
            if review is None:
                problems.append(record.problem(("公开属性",), "主动公开的记录没有保密审查记录，不会发布",
                                               f"公开前须经保密审查；请添加一行「{_EXAMPLE}」"))
                continue
            if review.result is SecrecyResult.REFUSED:
                problems.append(record.problem(("保密审查", "结论"), "保密审查结论为不予公开，但公开属性为主动公开",
                                               "请把公开属性改为 不予公开，或经重新审查后修改结论"))
            published = publication_date(catalog, record)
            if published and review.date > published:
                problems.append(record.problem(("保密审查", "日期"), f"保密审查 {review.date} 晚于发布日期 {published}",
                                               "保密审查应在公开前完成；请核对日期"))
    return problems
