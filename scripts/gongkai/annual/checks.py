"""勾稽 checks of the annual report's tables: every error names the row and the
column (and the file line), so the clerk finds the cell to correct."""
from __future__ import annotations

import dataclasses

from ..kinds import ANNUAL
from ..model.annual import AnnualDisclosureReport, CaseResults, IssuedCounts, Requesters
from ..model.introspect import alias_path
from ..problems import Problem, Severity
from ..records import Catalog, Record
from .tables import REQUESTER_COLUMNS, application_rows, case_rows, document_counts, outcome_rows

_COUNT_COLUMNS = [(name, alias) for name, alias in REQUESTER_COLUMNS if name != "total"]
# Blank cells (None): published tables leave cells blank where there was nothing to
# count. A blank adds nothing to a sum; a blank total states nothing, so it is not
# compared; a whole blank column is not checked.


def _n(value: int | None) -> int:
    return value or 0


def _row_totals(record: Record) -> list[Problem]:
    problems = []
    for row in application_rows(record.model):
        added = sum(_n(getattr(row.counts, name)) for name, _ in _COUNT_COLUMNS)
        if row.counts.total is not None and added != row.counts.total:
            problems.append(record.problem(row.loc + alias_path(Requesters, "total"), f"「{row.label}」各类申请人之和为 {added}，与总计 {row.counts.total} 不一致",
                                           "总计应等于自然人与五类法人或其他组织之和；请核对这一行"))
    return problems


def _column_sums(record: Record) -> list[Problem]:
    report = record.model
    problems = []
    outcomes = report.applications.outcomes
    applications = report.applications
    for name, alias in REQUESTER_COLUMNS:
        results = sum(_n(getattr(row.counts, name)) for row in outcome_rows(report))
        total = getattr(outcomes.total, name)
        if total is not None and results != total:
            problems.append(record.problem(alias_path(AnnualDisclosureReport, "applications", "outcomes", "total", name),
                                           f"「三、本年度办理结果（七）总计」{alias}列：各项办理结果之和为 {results}，与填写的 {total} 不一致",
                                           "（七）总计应等于（一）至（六）各项之和；请核对这一列"))
        cells = [getattr(applications.new, name), getattr(applications.carried_in, name), total, getattr(applications.carried_out, name)]
        received, handled = _n(cells[0]) + _n(cells[1]), _n(cells[2]) + _n(cells[3])
        # A blank 本年新收 or 办理结果总计 leaves the balance unknown; blank carry-overs are none.
        if cells[0] is not None and cells[2] is not None and received != handled:
            problems.append(record.problem(alias_path(AnnualDisclosureReport, "applications", "carried_out", name),
                                           f"{alias}列：本年新收 + 上年结转 = {received}，办理结果总计 + 结转下年度 = {handled}，两者不等",
                                           "收到的申请应全部办结或结转下年度；请核对一、二、（七）总计和四这几行"))
    return problems


def _carry_over(record: Record, catalog: Catalog) -> list[Problem]:
    previous = catalog.find(ANNUAL, str(record.model.year - 1))
    if previous is None:
        return []
    problems = []
    for name, alias in REQUESTER_COLUMNS:
        this_year = getattr(record.model.applications.carried_in, name)
        last_year = getattr(previous.model.applications.carried_out, name)
        if _n(this_year) != _n(last_year):
            problems.append(record.problem(alias_path(AnnualDisclosureReport, "applications", "carried_in", name),
                                           f"{alias}列：上年结转 {this_year} 件，与 {record.model.year - 1} 年报告的结转下年度 {last_year} 件不一致",
                                           f"上年结转应等于 {previous.path} 中的「结转下年度继续办理」；请核对两年的数字"))
    return problems


def _case_totals(record: Record) -> list[Problem]:
    problems = []
    for label, loc, cases in case_rows(record.model):
        added = _n(cases.upheld) + _n(cases.corrected) + _n(cases.other) + _n(cases.pending)
        if cases.total is not None and added != cases.total:
            problems.append(record.problem(loc + alias_path(CaseResults, "total"), f"「四、{label}」结果维持、结果纠正、其他结果、尚未审结之和为 {added}，与总计 {cases.total} 不一致",
                                           "总计应等于四项之和；请核对这一栏"))
    return problems


def _document_row(record: Record, catalog: Catalog) -> list[Problem]:
    """An entered 规范性文件 row agrees with the catalog, unless the report covers another scope."""
    entered, report = record.model.active.documents, record.model
    if entered is None or report.scope is not None:
        return []
    counted = document_counts(catalog, report)
    problems = []
    for name in ("issued", "repealed", "in_force"):
        value, expected = getattr(entered, name), getattr(counted, name)
        if value is not None and value != expected:
            label = alias_path(IssuedCounts, name)[0]
            # A warning: the catalog may not yet hold every document the report counted (a migration under way).
            problems.append(dataclasses.replace(record.problem(alias_path(AnnualDisclosureReport, "active", "documents", name),
                                           f"表二行政规范性文件「{label}」填写 {value}，目录中{report.authority}的文件统计为 {expected}",
                                           "请核对；报告统计的范围与本目录不同（如全区各部门）时，请在「统计范围」中写明，"
                                           "也可删除这一行，由目录自动统计"), severity=Severity.WARNING))
    return problems


def check_annual_reports(catalog: Catalog) -> list[Problem]:
    problems = []
    for record in catalog.of(ANNUAL):
        if record.id != str(record.model.year):
            problems.append(record.problem(alias_path(AnnualDisclosureReport, "year"), f"年度 {record.model.year} 与文件名 {record.id} 不一致",
                                           f"文件名应为 {record.model.year}.yaml"))
        problems += _row_totals(record) + _column_sums(record) + _carry_over(record, catalog) + _case_totals(record)
        problems += _document_row(record, catalog)
    return problems

