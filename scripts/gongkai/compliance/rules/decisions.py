"""Rules for major administrative decisions and hearings (国务院令第713号)."""
from __future__ import annotations

import datetime as dt
from typing import Iterator, Optional

from ...kinds import DECISION, DECISION_CATALOG, HEARING, ITEM_KINDS
from ...model.compliance import RuleLevel
from ...model.decision import DecisionCatalog, DecisionItem
from ...model.hearing import Hearing, StandaloneHearing
from ...model.introspect import alias_path
from ...records import Record
from . import ORDINANCE_713, Context, Finding, rule, unrecorded


@rule("JC-PUBLIC-COMMENT-DAYS", "公开征求意见不少于规定天数，缩短须说明理由", "《重大行政决策程序暂行条例》第十五条", in_force_from=ORDINANCE_713)
def public_comment_days(ctx: Context) -> Iterator[Finding]:
    minimum = ctx.settings.comment_days
    for record in ctx.catalog.of(DECISION):
        step = record.model.procedure.participation
        if step is None or step.shortened_reason or step.end < step.start:  # reversed dates: reported by crosscheck
            continue
        days = (step.end - step.start).days + 1
        if days < minimum:
            yield Finding(record, alias_path(DecisionItem, "procedure", "participation", "end"),
                          f"征求意见 {step.start} 至 {step.end} 共 {days} 天，少于 {minimum} 天",
                          "延长征求意见期限，或在「缩短期限理由」中写明理由")


def _hearings(ctx: Context) -> Iterator[tuple[Record, tuple, Hearing]]:
    for standalone in ctx.catalog.of(HEARING):
        yield standalone, (), standalone.model
    for decision in ctx.catalog.of(DECISION):
        if decision.model.procedure.hearing is not None:
            yield decision, alias_path(DecisionItem, "procedure", "hearing"), decision.model.procedure.hearing


@rule("JC-HEARING-MATERIALS", "听证材料在听证前规定天数送达参加人，听证公告先于听证发布", "《重大行政决策程序暂行条例》第十六条", in_force_from=ORDINANCE_713)
def hearing_materials(ctx: Context) -> Iterator[Finding]:
    minimum = ctx.settings.hearing_material_days
    for record, loc, hearing in _hearings(ctx):
        if hearing.date is None:
            continue
        if hearing.materials_sent and (hearing.date - hearing.materials_sent).days < minimum:
            yield Finding(record, loc + alias_path(Hearing, "materials_sent"),
                          f"听证材料 {hearing.materials_sent} 送达，距听证日 {hearing.date} 不足 {minimum} 天",
                          f"听证材料应至少提前 {minimum} 天送达参加人；请核对日期")
        if hearing.notice_date and hearing.notice_date >= hearing.date:
            yield Finding(record, loc + alias_path(Hearing, "notice_date"), f"听证公告 {hearing.notice_date} 不早于听证日 {hearing.date}",
                          "听证公告须在举行听证前发布；请核对日期")


@rule("JC-LEGALITY-REVIEW", "合法性审查在集体讨论前完成，且不少于规定工作日", "《重大行政决策程序暂行条例》第二十五、二十六条", in_force_from=ORDINANCE_713)
def legality_review(ctx: Context) -> Iterator[Finding]:
    for record in ctx.catalog.of(DECISION):
        procedure = record.model.procedure
        review, meeting = procedure.legality_review, procedure.collective_decision
        if meeting and (review is None or review.completed is None):
            yield Finding(record, alias_path(DecisionItem, "procedure", "collective_decision"), "已集体讨论决定，但没有完成合法性审查的记录",
                          "决策草案提交集体讨论前应当经合法性审查；请补充「合法性审查」的送审和完成日期",
                          unrecorded=record.model.migrated)
            continue
        if review is None or review.completed is None:
            continue
        if meeting and meeting.date and review.completed > meeting.date:
            yield Finding(record, alias_path(DecisionItem, "procedure", "legality_review", "completed"),
                          f"合法性审查 {review.completed} 完成，晚于集体讨论 {meeting.date}", "合法性审查应在集体讨论前完成；请核对日期")
        minimum = ctx.settings.legality_review_workdays
        days = ctx.calendar.working_days(review.submitted, review.completed)
        if days < minimum:
            yield Finding(record, alias_path(DecisionItem, "procedure", "legality_review", "completed"),
                          f"合法性审查 {review.submitted} 送审、{review.completed} 完成，只有 {days} 个工作日",
                          f"审查期限一般不少于 {minimum} 个工作日；请核对日期")


@rule("JC-PUBLICATION", "决策经集体讨论后公布；经公众参与的，公布意见采纳情况", "《重大行政决策程序暂行条例》第三十、三十二条", in_force_from=ORDINANCE_713)
def decision_publication(ctx: Context) -> Iterator[Finding]:
    for record in ctx.catalog.of(DECISION):
        procedure = record.model.procedure
        published, meeting = procedure.publication, procedure.collective_decision
        if published is None:
            continue
        if meeting is None:
            yield Finding(record, alias_path(DecisionItem, "procedure", "publication"), "决策已公布，但没有集体讨论决定的记录",
                          "重大行政决策应经集体讨论决定后公布；请补充「集体讨论决定」", unrecorded=record.model.migrated)
        elif meeting.date and published.date < meeting.date:
            yield Finding(record, alias_path(DecisionItem, "procedure", "publication", "date"), f"公布日期 {published.date} 早于集体讨论 {meeting.date}",
                          "决策应在集体讨论决定后公布；请核对日期")
        if procedure.participation is not None and not published.adoption:
            yield Finding(record, alias_path(DecisionItem, "procedure", "publication"), "经过公众参与的决策，公布时没有说明意见采纳情况",
                          "请在「决策公布」中填写「意见采纳情况」，如 收到意见12条，采纳5条")


@rule("JC-CATALOG-ADOPTION", "年度决策事项目录经党委同意、会议审议后公布", "《重大行政决策程序暂行条例》第四条；《广东省重大行政决策程序规定》", in_force_from=ORDINANCE_713)
def catalog_adoption(ctx: Context) -> Iterator[Finding]:
    for record in ctx.catalog.of(DECISION_CATALOG):
        model = record.model
        if model.published is None:
            continue
        if model.party_approval is None:
            yield Finding(record, alias_path(DecisionCatalog, "published"), "目录已公布，但没有党委同意的日期", "请填写「党委同意日期」",
                          unrecorded=unrecorded(record, "party_approval"))
        elif model.party_approval > model.published:
            yield Finding(record, alias_path(DecisionCatalog, "party_approval"), f"党委同意 {model.party_approval} 晚于公布 {model.published}", "目录应经同级党委同意后公布；请核对日期")
        if model.adopted_at is None:
            yield Finding(record, alias_path(DecisionCatalog, "published"), "目录已公布，但没有审议会议的记录", "请填写「审议会议」（会议、届次、日期）",
                          unrecorded=unrecorded(record, "adopted_at"))
        elif model.adopted_at.date is not None and model.adopted_at.date > model.published:
            yield Finding(record, alias_path(DecisionCatalog, "adopted_at", "date"), f"审议会议 {model.adopted_at.date} 晚于公布 {model.published}", "请核对日期")


@rule("JC-OVERDUE", "超过计划完成时间仍未作出决策的事项", "《重大行政决策程序暂行条例》第四条（目录管理）", RuleLevel.WARNING, in_force_from=ORDINANCE_713)
def overdue_decisions(ctx: Context) -> Iterator[Finding]:
    for record in ctx.catalog.of(DECISION):
        model = record.model
        status = model.current_status
        if model.planned_completion and model.planned_completion < ctx.today and status is not None and status.value in ("未启动", "推进中"):
            yield Finding(record, alias_path(DecisionItem, "planned_completion"), f"计划 {model.planned_completion} 完成，目前仍为「{status.value}」",
                          "请更新进展和状态；确需延期的，按程序调整目录并在年度目录的「调整」中记录")

def _first_step(record: Record) -> Optional[tuple[dt.date, str, tuple]]:
    """The earliest dated procedural step of a decision: (date, what, where)."""
    procedure = record.model.procedure
    steps = []
    if procedure.participation:
        steps.append((procedure.participation.start, "公开征求意见", alias_path(DecisionItem, "procedure", "participation", "start")))
    if procedure.hearing:
        hearing = procedure.hearing
        for day, what, name in ((hearing.notice_date, "听证公告", "notice_date"), (hearing.date, "听证", "date")):
            if day:
                steps.append((day, what, alias_path(DecisionItem, "procedure", "hearing", name)))
    steps += [(step.date, section, alias_path(DecisionItem, "procedure") + (section,) + alias_path(type(step), "date"))
              for section, step in procedure.dated_steps() if step.date is not None]
    if procedure.legality_review:
        steps.append((procedure.legality_review.submitted, "合法性审查送审", alias_path(DecisionItem, "procedure", "legality_review", "submitted")))
    return min(steps, key=lambda s: s[0]) if steps else None


def _hearing_start(record: Record) -> Optional[tuple[dt.date, str, tuple]]:
    model = record.model
    for day, what, name in ((model.notice_date, "听证公告", "notice_date"), (model.date, "听证", "date")):
        if day:
            return day, what, alias_path(StandaloneHearing, name)
    return None


# What starts an item's procedure, for every kind listed in a year catalog.
_STARTS = {DECISION: _first_step, HEARING: _hearing_start}


@rule("JC-CATALOG-FIRST", "事项在年度目录公布后才启动程序", "《重大行政决策程序暂行条例》第四条；《广东省重大行政决策程序规定》", RuleLevel.WARNING, in_force_from=ORDINANCE_713)
def catalog_before_items(ctx: Context) -> Iterator[Finding]:
    for item_kind in ITEM_KINDS:
        catalog_kind, first = item_kind.year_catalog, _STARTS[item_kind]
        assert catalog_kind is not None  # ITEM_KINDS are the kinds listed in a year catalog
        for record in ctx.catalog.of(item_kind):
            start = first(record)
            if start is None or start[0] > ctx.today:
                continue
            day, what, loc = start
            year = ctx.catalog.find(catalog_kind, str(record.year))
            if year is None:
                continue  # missing or invalid: reported by the loader and cross-checks
            published = year.model.published
            if published is None:
                yield Finding(record, loc, f"{what}（{day}）已经开始，但{record.year}年{catalog_kind.label}还没有公布",
                              "请先公布年度目录，并在 catalog.yaml 中填写「发布日期」；目录外事项应按程序调整目录后再启动")
            elif day < published:
                yield Finding(record, loc, f"{what}（{day}）早于{catalog_kind.label}公布（{published}）",
                              "请核对日期；年度中增加的事项，应先调整目录并在「调整」中记录")
