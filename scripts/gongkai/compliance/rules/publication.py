"""Rules on publishing itself: dates, timeliness, and columns kept up to date
(政府信息公开条例; 国办秘函〔2019〕19号 政府网站检查指标)."""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Callable, Iterator, Optional

from ... import memo
from ...kinds import ANNUAL, DECISION, DECISION_CATALOG, DOCUMENT, HEARING, HEARING_CATALOG, REPORT, YEAR_CATALOGS, Kind
from ...model.annual import AnnualDisclosureReport
from ...model.common import PublicationControl, Publicity
from ...model.decision import DecisionCatalog, DecisionItem
from ...model.document import NormativeDocument
from ...model.introspect import alias_path
from ...model.compliance import ColumnWindows, ReportingBody, RuleLevel
from ...records import Record
from ...release import Released
from ..periods import after_days, after_months, deadline
from . import Context, Finding, rule


@rule("WZ-NO-DATE", "主动公开的目录和政策解读都有发布日期", "国办秘函〔2019〕19号 政府网站检查指标", RuleLevel.WARNING,
      words="检查指标：信息发布时间等要素应当完整。",
      why="网站检查指标的要求，不是法律条文：警告", judges=(*YEAR_CATALOGS, DOCUMENT))
def missing_dates(ctx: Context, record: Record) -> Iterator[Finding]:
    if record.kind is not DOCUMENT:
        if record.model.publicity is Publicity.ACTIVE and record.model.published is None:
            yield Finding(record, alias_path(PublicationControl, "publicity"), "公开属性为主动公开，但没有发布日期，网站上不会显示本目录及其事项",
                          "目录公布后请填写「发布日期」；尚未公布的可以暂时不填")
        return
    for index, interpretation in enumerate(record.model.interpretations):
        if interpretation.date is None:
            yield Finding(record, alias_path(NormativeDocument, "interpretations", index, "title"), "政策解读没有发布日期", "请填写政策解读的「日期」")


def _formed_and_published(record: Record) -> list[tuple[dt.date, str, dt.date, tuple]]:
    """(formed or changed, what, published, where the publication date is) for each piece of
    information whose both dates are known (a date a migrated source did not record is not judged)."""
    model = record.model
    found = []
    if record.kind is DOCUMENT and model.written:
        found.append((model.written, "成文", model.published, alias_path(NormativeDocument, "published")))
    if record.kind is DECISION_CATALOG and model.published:
        dates = [d for d in (model.party_approval, model.adopted_at.date if model.adopted_at else None) if d]
        if dates:
            found.append((max(dates), "审议和党委同意", model.published, alias_path(DecisionCatalog, "published")))
    if record.kind is DECISION_CATALOG:
        found += [(a.date, "目录调整", a.published, alias_path(DecisionCatalog, "adjustments", index, "published"))
                  for index, a in enumerate(model.adjustments) if a.published]
    if record.kind is DECISION:
        procedure = model.procedure
        if procedure.collective_decision and procedure.collective_decision.date and procedure.publication:
            found.append((procedure.collective_decision.date, "集体讨论决定", procedure.publication.date,
                          alias_path(DecisionItem, "procedure", "publication", "date")))
    return found


@rule("GK-TIMELINESS", "信息自形成或者变更之日起20个工作日内公开", "《中华人民共和国政府信息公开条例》第二十六条", RuleLevel.WARNING,
      words="第二十六条：属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个工作日内及时公开。法律、法规对政府信息公开的期限另有规定的，从其规定。",
      why="“应当”，但法律、法规可另定期限，且形成日期常有争议：警告", judges=(DECISION_CATALOG, DECISION, DOCUMENT))
def timeliness(ctx: Context, record: Record) -> Iterator[Finding]:
    allowed = ctx.settings.disclosure_workdays
    for dates in _formed_and_published(record):
        if dates[2] <= dates[0] or dates[2] > ctx.today:
            continue  # reversed dates are reported by the date checks; a future date has not happened yet
        formed, what, published, loc = dates
        days = ctx.calendar.working_days(formed, published)
        if days > allowed:
            yield Finding(record, loc, f"{formed} {what}，{published} 才公开，相隔 {days} 个工作日（超过 {allowed} 个）",
                          "信息应自形成或者变更之日起20个工作日内公开；请核对日期，确有延迟的在「说明」中写明原因")


# A kind's records in a column: each record's days of new content there (given the record and its publication date).
Updates = tuple[tuple[Kind, Callable[[Record, dt.date], list[Optional[dt.date]]]], ...]


@dataclass(frozen=True)
class Column:
    """A column (栏目) of the site, as the national website inspection counts them."""

    label: str
    folder: str  # under catalog/
    window: Callable[[ColumnWindows], Optional[int]]  # days set locally, or None
    months: int  # the inspection's own period, in calendar months
    updates: Updates  # the days on which the column got new content, record by record


def _published(record: Record, published: dt.date) -> list[Optional[dt.date]]:
    return [published]


def _decision_days(record: Record, published: dt.date) -> list[Optional[dt.date]]:
    return [published] + [step.date for _, step in record.model.procedure.dated_steps()]


def _catalog_adjustments(record: Record, published: dt.date) -> list[Optional[dt.date]]:
    return [published] + [adjustment.date for adjustment in record.model.adjustments]


def _hearing_days(record: Record, published: dt.date) -> list[Optional[dt.date]]:
    return [published, record.model.notice_date, record.model.date]


def _decision_hearing_days(record: Record, published: dt.date) -> list[Optional[dt.date]]:
    hearing = record.model.procedure.hearing
    return [hearing.notice_date, hearing.date] if hearing else []


def _interpretation_days(record: Record, published: dt.date) -> list[Optional[dt.date]]:
    return [interpretation.date for interpretation in record.model.interpretations]


COLUMNS = (
    Column("重大行政决策", "decisions/", lambda w: w.decisions, 6, ((DECISION_CATALOG, _catalog_adjustments), (DECISION, _decision_days))),
    Column("听证事项", "hearings/", lambda w: w.hearings, 6,
           ((HEARING_CATALOG, _published), (HEARING, _hearing_days), (DECISION, _decision_hearing_days))),
    Column("行政规范性文件", "documents/", lambda w: w.documents, 6, ((DOCUMENT, _published),)),
    Column("政策解读", "documents/", lambda w: w.interpretations, 6, ((DOCUMENT, _interpretation_days),)),
    Column("法治政府建设报告", "reports/", lambda w: w.reports, 12, ((REPORT, _published),)),
)


def _latest(records: list[Record], published: tuple[dt.date, ...], days_of: Callable[[Record, dt.date], list[Optional[dt.date]]],
            today: dt.date) -> Optional[dt.date]:
    return max((day for record, on in zip(records, published) for day in days_of(record, on) if day and day <= today), default=None)


def _last_update(column: Column, public: Released, today: dt.date) -> Optional[dt.date]:
    """The column's last day of new content by `today` (None: none yet). A run of records' last day is a
    function of its records and their publication dates: serve keeps it while they are the same (going
    through every record's days for each column took 0.05 s of each rebuild at 10,000 records)."""
    found = []
    for kind, days_of in column.updates:
        for run in memo.runs(public.of(kind)):
            published = tuple(map(public.publication_date, run))
            found.append(memo.of_objects(("column update", column.label, kind.key, today, published), run,
                                         functools.partial(_latest, run, published, days_of, today)))
    return max((day for day in found if day), default=None)


def _last_updates(ctx: Context) -> list[tuple[Column, Optional[dt.date]]]:
    """Each column's last day of new content so far (for the two column rules: worked out once)."""
    if ctx.catalog.site is None:
        return []  # reported by the loader; there is no site to inspect
    if "column updates" not in ctx.shared:
        ctx.shared["column updates"] = [(column, _last_update(column, ctx.released, ctx.today)) for column in COLUMNS]
    return ctx.shared["column updates"]


@rule("WZ-COLUMN-EMPTY", "栏目没有任何公开内容（空白栏目）", "国办秘函〔2019〕19号 政府网站检查指标（单项否决）", RuleLevel.WARNING,
      words="检查指标（单项否决）：栏目无内容的为空白栏目。",
      why="检查指标，由本地决定是否开设栏目：警告")
def empty_columns(ctx: Context) -> Iterator[Finding]:
    for column, last in _last_updates(ctx):
        if last is None:
            yield Finding(None, (), f"栏目「{column.label}」没有公开的内容", "请发布本栏目的信息；确实不需要的栏目应从网站导航中删除",
                          folder=column.folder)


@rule("WZ-COLUMN-STALE", "栏目在规定周期内有更新", "国办秘函〔2019〕19号 政府网站检查指标（单项否决）", RuleLevel.WARNING,
      words="检查指标（单项否决）：动态、要闻类栏目2周内无更新，通知公告、政策文件类栏目6个月内无更新，人事、规划计划类栏目1年内无更新的，为栏目不更新。",
      why="检查指标，周期按日历月计算：警告")
def stale_columns(ctx: Context) -> Iterator[Finding]:
    for column, last in _last_updates(ctx):
        days = column.window(ctx.settings.column_windows)
        if last is None:
            continue
        ends = after_days(last, days) if days else after_months(last, column.months)
        if ctx.today > ends:
            period = f"{days} 天" if days else f"{column.months} 个月"
            yield Finding(None, (), f"栏目「{column.label}」最近一次更新是 {last}，已超过 {period}（到 {ends} 为止）",
                          "请及时发布本栏目的新信息；更新周期可在 compliance.yaml 的「栏目更新周期天数」中按本地要求调整",
                          folder=column.folder)


def annual_report_due(year: int, body: ReportingBody) -> dt.date:
    """Departments report by 31 January, the government itself by 31 March (条例第四十九、五十条);
    which one this site's government is, is a setting (compliance.yaml 年度报告主体), not guessed from its name."""
    return dt.date(year + 1, 3, 31) if body is ReportingBody.GOVERNMENT else dt.date(year + 1, 1, 31)


@rule("GK-ANNUAL-REPORT", "上一年度政府信息公开工作年度报告按期公布", "《中华人民共和国政府信息公开条例》第四十九条", RuleLevel.WARNING,
      words="第四十九条：县级以上人民政府部门应当在每年1月31日前向本级政府信息公开工作主管部门提交本行政机关上一年度政府信息公开工作年度报告并向社会公布。"
            "县级以上地方人民政府的政府信息公开工作主管部门应当在每年3月31日前向社会公布本级政府上一年度政府信息公开工作年度报告。",
      why="期限届满未公布为警告（期限落在休假日的顺延到下一个工作日，民法典第二百零三条）；期限前只是提示")
def annual_report(ctx: Context) -> Iterator[Finding]:
    if ctx.catalog.site is None:
        return
    year = ctx.today.year - 1
    due = deadline(annual_report_due(year, ctx.settings.reporting_body), ctx.calendar)
    record = ctx.catalog.find(ANNUAL, str(year))
    if record is None and (ANNUAL.key, str(year)) in ctx.catalog.invalid:
        return  # the file is there; its own problems are reported
    if record is None:
        yield Finding(None, (), f"{year}年度政府信息公开工作年度报告还没有登记（应于 {due} 前公布）",
                      f"请新建 annual/{year}.yaml（可参照已有年度），填写统计数据后发布", folder="annual/", reminder=ctx.today <= due)
    elif ctx.today > due and (record.model.published is None or record.model.published > due):
        yield Finding(record, alias_path(AnnualDisclosureReport, "published"), f"年度报告应于 {due} 前公布，目前发布日期为 {record.model.published or '未填写'}",
                      "请尽快公布；已公布的请填写实际发布日期")
