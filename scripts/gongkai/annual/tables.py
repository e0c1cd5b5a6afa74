"""The official tables as rows, in the order of 国办公开办函〔2021〕30号, each row
knowing where its numbers live in the statistics file (for messages), plus the
row of table 二 computed from the catalog. The tables' headings are written
here once; the page (HTML), the workbook (XLSX) and the data (JSON) take them
from here."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pydantic import BaseModel

from ..model.annual import ActiveDisclosure, AnnualDisclosureReport, Appeals, CaseResults, Requesters
from ..model.introspect import alias_path, fields
from ..model.document import IN_EFFECT, NormativeDocument, Validity
from ..records import Record, Records
from ..kinds import DOCUMENT

CHINESE_ORDINALS = "一二三四五六七八九十"
REQUESTER_COLUMNS = [(spec.name, spec.alias) for spec in fields(Requesters)]  # 自然人 … 总计
CASE_COLUMNS = [(spec.name, spec.alias) for spec in fields(CaseResults)]  # 结果维持 … 总计

# The section headings of the report, in order.
OVERVIEW, ACTIVE, APPLICATIONS, APPEALS, PROBLEMS, OTHER = (
    "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项")
# Table 三's grouped headings above REQUESTER_COLUMNS; table 四's above CASE_COLUMNS.
APPLICANTS, ORGANISATIONS = "申请人情况", "法人或其他组织"
SUIT = "行政诉讼"
ITEM = "信息内容"  # the first column of table 二


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
    for number, spec in enumerate(fields(type(outcomes))):
        value = getattr(outcomes, spec.name)
        prefix = f"三、本年度办理结果（{CHINESE_ORDINALS[number]}）{spec.alias}"
        if isinstance(value, Requesters):
            rows.append(ApplicationRow(prefix, outcome_loc + (spec.alias,), value))
            continue
        block: type[BaseModel] = type(value)
        for sub_number, sub in enumerate(fields(block), 1):
            rows.append(ApplicationRow(f"{prefix} {sub_number}.{sub.alias}", outcome_loc + (spec.alias, sub.alias),
                                       getattr(value, sub.name)))
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


def own_documents(catalog: Records, authority: str) -> list[Record[NormativeDocument]]:
    """Documents the reporting body issued itself (its office's included)."""
    own = (authority, authority + "办公室")
    return [r for r in catalog.of(DOCUMENT) if any(issuer in own for issuer in r.model.issuers)]


def document_counts(catalog: Records, report: AnnualDisclosureReport) -> DocumentCounts:
    year = report.year
    documents = own_documents(catalog, report.authority)
    year_end = dt.date(year, 12, 31)
    issued = sum(1 for r in documents if r.model.published.year == year)
    # A repeal a migrated register recorded without its date is counted in no year.
    repealed = sum(1 for r in documents for c in r.model.history
                   if c.status is Validity.REPEALED and c.date is not None and c.date.year == year)
    in_force = sum(1 for r in documents if r.model.in_force_from <= year_end and r.model.validity_on(year_end)[0] in IN_EFFECT)
    return DocumentCounts(issued, repealed, in_force)


def case_rows(report: AnnualDisclosureReport) -> list[tuple[str, tuple, CaseResults]]:
    """Table 四's blocks: (heading, where in the statistics file, the numbers)."""
    return [(spec.alias, alias_path(AnnualDisclosureReport, "appeals", spec.name), getattr(report.appeals, spec.name))
            for spec in fields(Appeals)]


@dataclass(frozen=True)
class ActiveBlock:
    """One block of table 二: the article it reports on, the headings of its
    number columns, and its rows (label, numbers)."""
    article: str
    heads: tuple[str, ...]
    rows: tuple[tuple[str, tuple[int | float | None, ...]], ...]


def _active(name: str) -> str:
    return next(spec.alias for spec in fields(ActiveDisclosure) if spec.name == name)


def active_blocks(report: AnnualDisclosureReport, documents: DocumentCounts) -> list[ActiveBlock]:
    """Table 二 (第二十条 items (一), (五), (六), (八)): 规章 is 0 unless entered (the bodies
    this site serves make none); the 规范性文件 row comes from the catalog unless the report enters it."""
    active = report.active
    decisions = ("本年处理决定数量",)
    rules: tuple[int | None, ...] = (0, 0, 0)
    if active.rules is not None:
        rules = (active.rules.issued, active.rules.repealed, active.rules.in_force)
    counted: tuple[int | None, ...] = (documents.issued, documents.repealed, documents.in_force)
    if active.documents is not None:  # as the report states it (a report covering several units)
        counted = (active.documents.issued, active.documents.repealed, active.documents.in_force)
    return [
        ActiveBlock("第二十条第（一）项", ("本年制发件数", "本年废止件数", "现行有效件数"),
                    (("规章", rules), ("行政规范性文件", counted))),
        ActiveBlock("第二十条第（五）项", decisions, ((_active("licensing"), (active.licensing,)),)),
        ActiveBlock("第二十条第（六）项", decisions, ((_active("penalty"), (active.penalty,)), (_active("enforcement"), (active.enforcement,)))),
        ActiveBlock("第二十条第（八）项", ("本年收费金额（单位：万元）",), ((_active("fees"), (active.fees,)),)),
    ]


def cell_text(value: int | float | None) -> str:
    """A table cell as published: blank stays blank, an amount exactly as entered
    (18651.06, never rounded), a whole amount without a decimal point."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def appeal_groups() -> list[str]:
    """Table 四's three blocks: 行政复议, then the two kinds of 行政诉讼."""
    return [spec.alias for spec in fields(Appeals)]


def case_values(cases: CaseResults) -> list[int | None]:
    return [getattr(cases, name) for name, _ in CASE_COLUMNS]
