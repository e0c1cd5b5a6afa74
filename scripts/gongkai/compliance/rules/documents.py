"""Rules for normative documents (《广东省行政规范性文件管理规定》)."""
from __future__ import annotations

import datetime as dt
import re
from typing import Iterator, Optional

from ...kinds import DECISION, DOCUMENT
from ...model.compliance import ComplianceSettings, RuleLevel
from ...model.decision import DecisionItem
from ...model.document import NormativeDocument, Validity
from ...model.introspect import alias_path
from ...records import Record
from ...model.document import IN_EFFECT
from ..periods import after_days, after_years, deadline
from ..workdays import WorkCalendar
from . import Context, Finding, rule, unrecorded


_QUOTED = re.compile(r"《[^》]*》")


def _cap_years(settings: ComplianceSettings, title: str) -> int:
    # 关于修改《…暂行办法》的决定 is not itself provisional: look outside the 《》.
    own_words = _QUOTED.sub("", title)
    provisional = "暂行" in own_words or "试行" in own_words
    return settings.provisional_validity_years if provisional else settings.validity_years


@rule("GF-VALIDITY-CAP", "有效期不超过上限（暂行、试行文件更短）", "《广东省行政规范性文件管理规定》",
      words="规定要点：规范性文件应当规定有效期，有效期一般不超过5年；名称冠以“暂行”“试行”的，有效期一般不超过2年（有效期按民法典第二百零二条计算：2024-02-29起2年到2026-02-28）。",
      why="有效期上限是明确规定，超过为错误；没有写有效期的也为错误（迁移记录原登记未记载的只提示）", judges=(DOCUMENT,))
def validity_cap(ctx: Context, record: Record) -> Iterator[Finding]:
    model = record.model
    years = _cap_years(ctx.settings, model.title)
    start = model.in_force_from
    latest = after_years(start, years)  # 民法典第二百零二条: 2024-02-29 + 2 years ends 2026-02-28
    if model.expires is None:
        yield Finding(record, alias_path(NormativeDocument, "expires"), "没有填写有效期", f"请填写「有效期至」，自施行日期起不超过 {years} 年（最迟 {latest}）",
                      unrecorded=unrecorded(record, "expires"))
    elif model.effective is not None and model.expires > latest:
        yield Finding(record, alias_path(NormativeDocument, "expires"), f"有效期至 {model.expires} 超过 {years} 年上限",
                      f"自施行日期 {model.effective} 起最迟为 {latest}")


@rule("GF-EXPIRY-SOON", "有效期即将届满，提前提醒评估是否延续或修订", "《广东省行政规范性文件管理规定》", RuleLevel.WARNING,
      words="规定要点：有效期届满前，制定机关应当评估，需要继续施行的按程序修订或重新发布。",
      why="到期前的提醒，为警告", judges=(DOCUMENT,))
def expiry_soon(ctx: Context, record: Record) -> Iterator[Finding]:
    window = dt.timedelta(days=ctx.settings.expiry_warning_days)
    expires = record.model.expires
    if expires is None or record.model.validity_on(ctx.today)[0] not in IN_EFFECT:
        return
    if ctx.today <= expires <= ctx.today + window:
        yield Finding(record, alias_path(NormativeDocument, "expires"), f"有效期将于 {expires} 届满（还有 {(expires - ctx.today).days} 天）",
                      "请及时评估：需要继续施行的，按程序修订或重新发布")


@rule("GF-LEGALITY-CHECK", "规范性文件发布前经合法性审核", "《广东省行政规范性文件管理规定》",
      words="规定要点：规范性文件应当经合法性审核，未经合法性审核或者审核不合法的，不得提交审议、不得发布。",
      why="“不得发布”：没有审核记录或审核晚于发布为错误", judges=(DOCUMENT,))
def document_legality_check(ctx: Context, record: Record) -> Iterator[Finding]:
    check = record.model.legality_check
    if check is None:
        yield Finding(record, alias_path(NormativeDocument, "published"), "没有合法性审核记录",
                      "规范性文件发布前须经合法性审核；请补充「合法性审核」的日期和审核机构",
                      unrecorded=unrecorded(record, "legality_check"))
    elif check.date > record.model.published:
        yield Finding(record, alias_path(NormativeDocument, "legality_check", "date"), f"合法性审核 {check.date} 晚于发布日期 {record.model.published}",
                      "合法性审核应在发布前完成；请核对日期")


@rule("GF-INTERPRETATION", "规范性文件发布后及时发布政策解读", "《广东省行政规范性文件管理规定》；政务公开工作要点", RuleLevel.WARNING,
      words="规定要点：制定机关应当在规范性文件公布的同时或者及时发布政策解读。",
      why="“及时”没有确定天数，期限由本地设置：警告", judges=(DOCUMENT,))
def document_interpretation(ctx: Context, record: Record) -> Iterator[Finding]:
    allowed = ctx.settings.interpretation_workdays
    model = record.model
    if not model.interpretations:
        yield Finding(record, alias_path(NormativeDocument, "title"), "没有政策解读", "请在「政策解读」中登记解读的名称、日期和链接，或直接写解读「内容」",
                      unrecorded=unrecorded(record, "interpretations"))
    for index, interpretation in enumerate(model.interpretations):
        if interpretation.date is None or interpretation.date <= model.published or interpretation.date > ctx.today:
            continue  # no date: reported by WZ-NO-DATE
        late = ctx.calendar.working_days(model.published, interpretation.date)
        if late > allowed:
            yield Finding(record, alias_path(NormativeDocument, "interpretations", index, "date"),
                          f"政策解读 {interpretation.date} 发布，晚于文件发布（{model.published}）{late} 个工作日",
                          f"政策解读应与文件同步发布，最迟 {allowed} 个工作日内；请核对日期")


def filing_recipients(document: NormativeDocument, settings: ComplianceSettings) -> list[str]:
    """Keywords of the bodies a document must be filed with: the government's own
    documents go to the 人大常委会 and the upper government, departments' to the government."""
    government = any(issuer.endswith(("人民政府", "人民政府办公室")) for issuer in document.issuers)
    return settings.government_filing if government else settings.department_filing


def filing_due(document: NormativeDocument, settings: ComplianceSettings, calendar: WorkCalendar) -> dt.date:
    """发布后 N 天 (the day of publication not counted), past a holiday to the next working day."""
    return deadline(after_days(document.published, settings.filing_days), calendar)


def cleanup_due_date(document: NormativeDocument, settings: ComplianceSettings) -> Optional[tuple[dt.date, dt.date]]:
    """(last 清理 or 施行, next 清理 due) for a document still in force by its history."""
    if document.history and document.history[-1].status not in IN_EFFECT:
        return None
    last = max([c.date for c in document.cleanups if c.date is not None] + [document.in_force_from])
    return last, after_years(last, settings.cleanup_years)


def _own_government(document: NormativeDocument, ctx: Context) -> set[str]:
    """The bodies a government's document cannot file with: the government itself (its
    office's documents are the government's). A department files with its own government."""
    issuers = set(document.issuers)
    if not any(issuer.endswith(("人民政府", "人民政府办公室")) for issuer in issuers):
        return set()
    governments = {issuer.removesuffix("办公室") for issuer in issuers}
    return issuers | governments | ({ctx.catalog.site.government} if ctx.catalog.site else set())


@rule("GF-FILING", "规范性文件发布后在期限内报送各备案机关", "《广东省行政规范性文件管理规定》；地方各级人大常委会备案审查规定",
      words="规定要点：政府规范性文件报本级人大常委会和上一级人民政府备案，部门规范性文件报本级人民政府备案，在公布之日起规定期限内报送（期限最后一日是休假日的顺延，民法典第二百零三条）。",
      why="“应当报送备案”：期限届满没有备案为错误；向本机关自己“备案”不算", judges=(DOCUMENT,))
def document_filing(ctx: Context, record: Record) -> Iterator[Finding]:
    model = record.model
    last_day = after_days(model.published, ctx.settings.filing_days)
    # Moving the last day past a holiday needs that year's calendar: only asked when it matters.
    latest_filing = max((f.date for f in model.filings), default=last_day)
    if ctx.today <= last_day and latest_filing <= last_day:
        return
    due = filing_due(model, ctx.settings, ctx.calendar)
    own = _own_government(model, ctx)
    for keyword in filing_recipients(model, ctx.settings):
        # Filing "with" the issuing government itself is no filing with the government one level up.
        self_filed = [f for f in model.filings if keyword in f.recipient and f.recipient in own]
        matching = [(i, f) for i, f in enumerate(model.filings) if keyword in f.recipient and f.recipient not in own]
        if self_filed and not matching:
            yield Finding(record, alias_path(NormativeDocument, "filings"), f"「{self_filed[0].recipient}」是制定机关自己，不是应当报送备案的{keyword}",
                          f"政府规范性文件应报送本级人大常委会和上一级人民政府备案；请登记报送上一级{keyword}的日期")
            continue
        if not matching:
            if ctx.today > due:
                yield Finding(record, alias_path(NormativeDocument, "filings"), f"没有向{keyword}备案的记录（{due} 前应报送）",
                              f"请在「备案」中登记报送{keyword}的日期", unrecorded=unrecorded(record, "filings"))
            continue
        index, filing = matching[0]
        if filing.date > due:
            yield Finding(record, alias_path(NormativeDocument, "filings", index, "date"), f"{filing.date} 报送备案，超过发布后 {ctx.settings.filing_days} 天的期限（{due}）",
                          "请核对日期；逾期报送的，请在说明中写明原因")


@rule("GF-CLEANUP-DUE", "规范性文件每两年清理一次", "《广东省行政规范性文件管理规定》", RuleLevel.INFO,
      words="规定要点：制定机关应当定期（每两年）对规范性文件进行清理。",
      why="周期性清理的提醒，为提示", judges=(DOCUMENT,))
def cleanup_due(ctx: Context, record: Record) -> Iterator[Finding]:
    years = ctx.settings.cleanup_years
    model = record.model
    dates = cleanup_due_date(model, ctx.settings)
    if dates is None or (model.expires and model.expires < ctx.today):
        return
    last, due = dates
    if due < ctx.today:  # the period's last day is still within it
        yield Finding(record, alias_path(NormativeDocument, "cleanups"), f"上次清理（或施行）为 {last}，已超过 {years} 年",
                      "请在下一批规范性文件清理中处理，并在「清理」中记录结果")


def _citations(record: Record) -> Iterator[tuple[tuple, str, str, Optional[dt.date]]]:
    """(where, what it does, cited id, the day it acted) for every document a document or decision cites."""
    if record.kind is DOCUMENT:
        relations = record.model.relations
        for name in ("amends", "repeals", "replaces", "based_on"):
            where = alias_path(NormativeDocument, "relations", name)
            for index, target_id in enumerate(getattr(relations, name)):
                yield where + (index,), where[-1], target_id, record.model.in_force_from
        return
    meeting = record.model.procedure.collective_decision
    for index, target_id in enumerate(record.model.basis_documents):
        yield alias_path(DecisionItem, "basis_documents", index), "依据", target_id, meeting.date if meeting else None


@rule("GF-BASIS-IN-FORCE", "不得修改、废止或依据已经失效或废止的文件", "《广东省行政规范性文件管理规定》",
      words="规定要点：已经废止或者失效的规范性文件不得作为行政管理的依据。",
      why="“不得”：错误", judges=(DOCUMENT, DECISION))
def basis_in_force(ctx: Context, record: Record) -> Iterator[Finding]:
    for loc, action, target_id, acted in _citations(record):
        if record.kind is DOCUMENT and target_id == record.id:
            yield Finding(record, loc, f"本文件{action}了自身", "请删除这一项，或改为正确的文件编号")
            continue
        target = ctx.catalog.find(DOCUMENT, target_id)
        if target is None or acted is None:
            continue
        day_before = acted - dt.timedelta(days=1)
        status, since = target.model.validity_on(day_before)
        if status in (Validity.REPEALED, Validity.EXPIRED):
            event = "本文件施行" if record.kind is DOCUMENT else "集体讨论决定"
            when = f"自 {since} 起" if since else "日期未记载"
            yield Finding(record, loc, f"{target_id} 在{event}（{acted}）前已{status.value[1:]}（{when}）",
                          f"已经废止或失效的文件不能再被{action}；请核对所引用的文件编号")


@rule("GF-BASIS-LAPSED", "现行文件或尚未决策事项的依据文件已经失效或废止", "《广东省行政规范性文件管理规定》（清理）", RuleLevel.WARNING,
      words="规定要点：上位依据废止或失效的，制定机关应当及时评估并修改或废止。",
      why="需要评估处理，为警告", judges=(DOCUMENT, DECISION))
def basis_lapsed(ctx: Context, record: Record) -> Iterator[Finding]:
    for loc, action, target_id, acted in _citations(record):
        target = ctx.catalog.find(DOCUMENT, target_id)
        if action not in ("制定依据", "依据") or target is None:
            continue
        if record.kind is DOCUMENT:
            still_current = record.model.validity_on(ctx.today)[0] in IN_EFFECT
        else:
            still_current = acted is None  # a decision not yet taken
        status, since = target.model.validity_on(ctx.today)
        lapsed_before = acted is not None and since is not None and since <= acted - dt.timedelta(days=1)  # GF-BASIS-IN-FORCE's case
        if still_current and status in (Validity.REPEALED, Validity.EXPIRED) and not lapsed_before:
            yield Finding(record, loc, f"依据的 {target_id} 已于 {since} 起{status.value}",
                          "请评估是否需要修改本文件、更新依据，并在下一次清理中处理")
