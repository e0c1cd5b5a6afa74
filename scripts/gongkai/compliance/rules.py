"""The rules: each has an id, a Chinese description, the legal source it
enforces, a default level, and a check over the validated catalog."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Callable, Iterator

from ..kinds import DECISION, DECISION_CATALOG, DOCUMENT, HEARING
from ..model.compliance import ComplianceSettings, RuleLevel
from ..validate import Catalog, Record
from ..view import current_validity
from .workdays import WorkCalendar


@dataclass(frozen=True)
class Finding:
    record: Record
    loc: tuple
    message: str
    hint: str


@dataclass(frozen=True)
class Context:
    catalog: Catalog
    settings: ComplianceSettings
    calendar: WorkCalendar
    today: dt.date


@dataclass(frozen=True)
class Rule:
    id: str
    description: str
    source: str
    level: RuleLevel
    check: Callable[[Context], Iterator[Finding]]


RULES: list[Rule] = []


def rule(rule_id: str, description: str, source: str, level: RuleLevel = RuleLevel.ERROR):
    def register(check):
        RULES.append(Rule(rule_id, description, source, level, check))
        return check
    return register


@rule("JC-PUBLIC-COMMENT-DAYS", "公开征求意见不少于规定天数，缩短须说明理由", "《重大行政决策程序暂行条例》第十五条")
def public_comment_days(ctx: Context) -> Iterator[Finding]:
    minimum = ctx.settings.comment_days
    for record in ctx.catalog.of(DECISION):
        step = record.model.procedure.participation
        if step is None or step.shortened_reason or step.end < step.start:  # reversed dates: reported by crosscheck
            continue
        days = (step.end - step.start).days + 1
        if days < minimum:
            yield Finding(record, ("程序", "公众参与", "结束日期"),
                          f"征求意见 {step.start} 至 {step.end} 共 {days} 天，少于 {minimum} 天",
                          "延长征求意见期限，或在「缩短期限理由」中写明理由")


def _hearings(ctx: Context) -> Iterator[tuple[Record, tuple, object]]:
    for record in ctx.catalog.of(HEARING):
        yield record, (), record.model
    for record in ctx.catalog.of(DECISION):
        if record.model.procedure.hearing is not None:
            yield record, ("程序", "听证"), record.model.procedure.hearing


@rule("JC-HEARING-MATERIALS", "听证材料在听证前规定天数送达参加人，听证公告先于听证发布", "《重大行政决策程序暂行条例》第十六条")
def hearing_materials(ctx: Context) -> Iterator[Finding]:
    minimum = ctx.settings.hearing_material_days
    for record, loc, hearing in _hearings(ctx):
        if hearing.date is None:
            continue
        if hearing.materials_sent and (hearing.date - hearing.materials_sent).days < minimum:
            yield Finding(record, loc + ("材料送达日期",),
                          f"听证材料 {hearing.materials_sent} 送达，距听证日 {hearing.date} 不足 {minimum} 天",
                          f"听证材料应至少提前 {minimum} 天送达参加人；请核对日期")
        if hearing.notice_date and hearing.notice_date >= hearing.date:
            yield Finding(record, loc + ("公告日期",), f"听证公告 {hearing.notice_date} 不早于听证日 {hearing.date}",
                          "听证公告须在举行听证前发布；请核对日期")


@rule("JC-LEGALITY-REVIEW", "合法性审查在集体讨论前完成，且不少于规定工作日", "《重大行政决策程序暂行条例》第二十五、二十六条")
def legality_review(ctx: Context) -> Iterator[Finding]:
    for record in ctx.catalog.of(DECISION):
        procedure = record.model.procedure
        review, meeting = procedure.legality_review, procedure.collective_decision
        if meeting and (review is None or review.completed is None):
            yield Finding(record, ("程序", "集体讨论决定"), "已集体讨论决定，但没有完成合法性审查的记录",
                          "决策草案提交集体讨论前应当经合法性审查；请补充「合法性审查」的送审和完成日期")
            continue
        if review is None or review.completed is None:
            continue
        if meeting and review.completed > meeting.date:
            yield Finding(record, ("程序", "合法性审查", "完成日期"),
                          f"合法性审查 {review.completed} 完成，晚于集体讨论 {meeting.date}", "合法性审查应在集体讨论前完成；请核对日期")
        minimum = ctx.settings.legality_review_workdays
        days = ctx.calendar.working_days(review.submitted, review.completed)
        if days < minimum:
            yield Finding(record, ("程序", "合法性审查", "完成日期"),
                          f"合法性审查 {review.submitted} 送审、{review.completed} 完成，只有 {days} 个工作日",
                          f"审查期限一般不少于 {minimum} 个工作日；请核对日期")


_QUOTED = re.compile(r"《[^》]*》")


def _cap_years(settings: ComplianceSettings, title: str) -> int:
    # 关于修改《…暂行办法》的决定 is not itself provisional: look outside the 《》.
    own_words = _QUOTED.sub("", title)
    provisional = "暂行" in own_words or "试行" in own_words
    return settings.provisional_validity_years if provisional else settings.validity_years


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@rule("GF-VALIDITY-CAP", "有效期不超过上限（暂行、试行文件更短）", "《广东省行政规范性文件管理规定》")
def validity_cap(ctx: Context) -> Iterator[Finding]:
    for record in ctx.catalog.of(DOCUMENT):
        model = record.model
        years = _cap_years(ctx.settings, model.title)
        latest = _add_years(model.effective, years) - dt.timedelta(days=1)
        if model.expires is None:
            yield Finding(record, ("有效期至",), "没有填写有效期", f"请填写「有效期至」，自施行日期起不超过 {years} 年（最迟 {latest}）")
        elif model.expires > latest:
            yield Finding(record, ("有效期至",), f"有效期至 {model.expires} 超过 {years} 年上限",
                          f"自施行日期 {model.effective} 起最迟为 {latest}")


@rule("GF-EXPIRY-SOON", "有效期即将届满，提前提醒评估是否延续或修订", "《广东省行政规范性文件管理规定》", RuleLevel.WARNING)
def expiry_soon(ctx: Context) -> Iterator[Finding]:
    window = dt.timedelta(days=ctx.settings.expiry_warning_days)
    for record in ctx.catalog.of(DOCUMENT):
        expires = record.model.expires
        if expires is None or record.model.history[-1].status.value != "现行有效":
            continue
        if ctx.today <= expires <= ctx.today + window:
            yield Finding(record, ("有效期至",), f"有效期将于 {expires} 届满（还有 {(expires - ctx.today).days} 天）",
                          "请及时评估：需要继续施行的，按程序修订或重新发布")


@rule("JC-PUBLICATION", "决策经集体讨论后公布；经公众参与的，公布意见采纳情况", "《重大行政决策程序暂行条例》第三十、三十二条")
def decision_publication(ctx: Context) -> Iterator[Finding]:
    for record in ctx.catalog.of(DECISION):
        procedure = record.model.procedure
        published, meeting = procedure.publication, procedure.collective_decision
        if published is None:
            continue
        if meeting is None:
            yield Finding(record, ("程序", "决策公布"), "决策已公布，但没有集体讨论决定的记录",
                          "重大行政决策应经集体讨论决定后公布；请补充「集体讨论决定」")
        elif published.date < meeting.date:
            yield Finding(record, ("程序", "决策公布", "日期"), f"公布日期 {published.date} 早于集体讨论 {meeting.date}",
                          "决策应在集体讨论决定后公布；请核对日期")
        if procedure.participation is not None and not published.adoption:
            yield Finding(record, ("程序", "决策公布"), "经过公众参与的决策，公布时没有说明意见采纳情况",
                          "请在「决策公布」中填写「意见采纳情况」，如 收到意见12条，采纳5条")


@rule("GF-LEGALITY-CHECK", "规范性文件发布前经合法性审核", "《广东省行政规范性文件管理规定》")
def document_legality_check(ctx: Context) -> Iterator[Finding]:
    for record in ctx.catalog.of(DOCUMENT):
        check = record.model.legality_check
        if check is None:
            yield Finding(record, ("发布日期",), "没有合法性审核记录",
                          "规范性文件发布前须经合法性审核；请补充「合法性审核」的日期和审核机构")
        elif check.date > record.model.published:
            yield Finding(record, ("合法性审核", "日期"), f"合法性审核 {check.date} 晚于发布日期 {record.model.published}",
                          "合法性审核应在发布前完成；请核对日期")


@rule("GF-INTERPRETATION", "规范性文件发布时同步发布政策解读", "《广东省行政规范性文件管理规定》；政务公开工作要点", RuleLevel.WARNING)
def document_interpretation(ctx: Context) -> Iterator[Finding]:
    for record in ctx.catalog.of(DOCUMENT):
        if not record.model.interpretations:
            yield Finding(record, ("标题",), "没有政策解读", "请在「政策解读」中登记解读材料的名称和链接")


@rule("GF-FILING", "规范性文件发布后在期限内报送各备案机关", "《广东省行政规范性文件管理规定》；地方各级人大常委会备案审查规定")
def document_filing(ctx: Context) -> Iterator[Finding]:
    deadline = dt.timedelta(days=ctx.settings.filing_days)
    for record in ctx.catalog.of(DOCUMENT):
        model = record.model
        government = model.issuer.endswith(("人民政府", "人民政府办公室"))
        recipients = ctx.settings.government_filing if government else ctx.settings.department_filing
        for keyword in recipients:
            matching = [(i, f) for i, f in enumerate(model.filings) if keyword in f.recipient]
            due = model.published + deadline
            if not matching:
                if ctx.today > due:
                    yield Finding(record, ("备案",), f"没有向{keyword}备案的记录（{due} 前应报送）",
                                  f"请在「备案」中登记报送{keyword}的日期")
                continue
            index, filing = matching[0]
            if filing.date > due:
                yield Finding(record, ("备案", index, "日期"), f"{filing.date} 报送备案，超过发布后 {ctx.settings.filing_days} 天的期限（{due}）",
                              "请核对日期；逾期报送的，请在说明中写明原因")


@rule("JC-CATALOG-ADOPTION", "年度决策事项目录经党委同意、会议审议后公布", "《重大行政决策程序暂行条例》第四条；《广东省重大行政决策程序规定》")
def catalog_adoption(ctx: Context) -> Iterator[Finding]:
    for record in ctx.catalog.of(DECISION_CATALOG):
        model = record.model
        if model.published is None:
            continue
        if model.party_approval is None:
            yield Finding(record, ("发布日期",), "目录已公布，但没有党委同意的日期", "请填写「党委同意日期」")
        elif model.party_approval > model.published:
            yield Finding(record, ("党委同意日期",), f"党委同意 {model.party_approval} 晚于公布 {model.published}", "目录应经同级党委同意后公布；请核对日期")
        if model.adopted_at is None:
            yield Finding(record, ("发布日期",), "目录已公布，但没有审议会议的记录", "请填写「审议会议」（会议、届次、日期）")
        elif model.adopted_at.date > model.published:
            yield Finding(record, ("审议会议", "日期"), f"审议会议 {model.adopted_at.date} 晚于公布 {model.published}", "请核对日期")


@rule("JC-OVERDUE", "超过计划完成时间仍未作出决策的事项", "《重大行政决策程序暂行条例》第四条（目录管理）", RuleLevel.WARNING)
def overdue_decisions(ctx: Context) -> Iterator[Finding]:
    for record in ctx.catalog.of(DECISION):
        model = record.model
        if model.planned_completion and model.planned_completion < ctx.today and model.status.value in ("未启动", "推进中"):
            yield Finding(record, ("计划完成时间",), f"计划 {model.planned_completion} 完成，目前仍为「{model.status.value}」",
                          "请更新进展和状态；确需延期的，按程序调整目录并在年度目录的「调整」中记录")


@rule("GF-CLEANUP-DUE", "规范性文件每两年清理一次", "《广东省行政规范性文件管理规定》", RuleLevel.INFO)
def cleanup_due(ctx: Context) -> Iterator[Finding]:
    years = ctx.settings.cleanup_years
    for record in ctx.catalog.of(DOCUMENT):
        model = record.model
        if model.history[-1].status.value != "现行有效" or (model.expires and model.expires < ctx.today):
            continue
        last = max([c.date for c in model.cleanups] + [model.effective])
        due = _add_years(last, years)
        if due <= ctx.today:
            yield Finding(record, ("清理",), f"上次清理（或施行）为 {last}，已超过 {years} 年",
                          "请在下一批规范性文件清理中处理，并在「清理」中记录结果")


@rule("GF-BASIS-IN-FORCE", "不得修改、废止已经失效或废止的文件", "《广东省行政规范性文件管理规定》")
def basis_in_force(ctx: Context) -> Iterator[Finding]:
    for record in ctx.catalog.of(DOCUMENT):
        relations = record.model.relations
        for key, ids in (("修改", relations.amends), ("废止", relations.repeals), ("替代", relations.replaces)):
            for index, target_id in enumerate(ids):
                target = ctx.catalog.find(DOCUMENT, target_id)
                if target is None:
                    continue
                day_before = record.model.effective - dt.timedelta(days=1)
                status, since = current_validity(target.model, day_before)
                if status.value in ("已废止", "已失效"):
                    yield Finding(record, ("关系", key, index),
                                  f"{target_id} 在本文件施行前已{status.value[1:]}（自 {since} 起）",
                                  "已经废止或失效的文件不能再被修改或废止；请核对所引用的文件编号")
