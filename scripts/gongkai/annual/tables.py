"""The official tables as rows, in the order of 国办公开办函〔2021〕30号, each row
knowing where its numbers live in the statistics file (for messages), plus the
row of table 二 computed from the catalog."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..model.annual import AnnualDisclosureReport, Requesters
from ..model.introspect import alias_path
from ..model.document import Validity
from ..records import Catalog
from ..kinds import DOCUMENT
from ..model.document import IN_EFFECT

CHINESE_ORDINALS = "一二三四五六七八九十"
REQUESTER_COLUMNS = [(name, info.alias) for name, info in Requesters.model_fields.items()]


@dataclass(frozen=True)
class ApplicationRow:
    label: str  # as printed in the official table
    loc: tuple  # alias path in the statistics file
    counts: Requesters


def application_rows(report: AnnualDisclosureReport) -> list[ApplicationRow]:
    """The 25 rows of table 三."""
    applications = report.applications
    rows = [ApplicationRow("一、本年新收政府信息公开申请数量", alias_path(AnnualDisclosureReport, "applications", "new"), applications.new),
            ApplicationRow("二、上年结转政府信息公开申请数量", alias_path(AnnualDisclosureReport, "applications", "carried_in"),
                           applications.carried_in)]
    outcomes = applications.outcomes
    outcome_loc = alias_path(AnnualDisclosureReport, "applications", "outcomes")
    for number, (name, info) in enumerate(type(outcomes).model_fields.items()):
        value = getattr(outcomes, name)
        prefix = f"三、本年度办理结果（{CHINESE_ORDINALS[number]}）{info.alias}"
        if isinstance(value, Requesters):
            rows.append(ApplicationRow(prefix, outcome_loc + (info.alias,), value))
            continue
        for sub_number, (sub_name, sub_info) in enumerate(type(value).model_fields.items(), 1):
            rows.append(ApplicationRow(f"{prefix} {sub_number}.{sub_info.alias}", outcome_loc + (info.alias, sub_info.alias),
                                       getattr(value, sub_name)))
    rows.append(ApplicationRow("四、结转下年度继续办理", alias_path(AnnualDisclosureReport, "applications", "carried_out"), applications.carried_out))
    return rows


def outcome_rows(report: AnnualDisclosureReport) -> list[ApplicationRow]:
    """The result rows that add up to （七）总计."""
    return [row for row in application_rows(report) if row.label.startswith("三、") and "总计" not in row.label]


@dataclass(frozen=True)
class DocumentCounts:
    issued: int  # 本年制发件数
    repealed: int  # 本年废止件数
    in_force: int  # 现行有效件数 (on 31 December)


def own_documents(catalog: Catalog, authority: str) -> list:
    """Documents the reporting body issued itself (its office's included)."""
    return [r for r in catalog.of(DOCUMENT) if r.model.issuer in (authority, authority + "办公室")]


def document_counts(catalog: Catalog, report: AnnualDisclosureReport) -> DocumentCounts:
    year = report.year
    documents = own_documents(catalog, report.authority)
    year_end = dt.date(year, 12, 31)
    issued = sum(1 for r in documents if r.model.published.year == year)
    repealed = sum(1 for r in documents for c in r.model.history if c.status is Validity.REPEALED and c.date.year == year)
    in_force = sum(1 for r in documents if r.model.effective <= year_end and r.model.validity_on(year_end)[0] in IN_EFFECT)
    return DocumentCounts(issued, repealed, in_force)


def case_rows(report: AnnualDisclosureReport) -> list[tuple[str, tuple, object]]:
    appeals = report.appeals
    return [(info.alias, alias_path(AnnualDisclosureReport, "appeals", name), getattr(appeals, name)) for name, info in type(appeals).model_fields.items()]
