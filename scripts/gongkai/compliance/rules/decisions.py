"""Rules for major administrative decisions and hearings (国务院令第713号)."""
from __future__ import annotations

import datetime as dt
from typing import Iterator, Optional

from ...kinds import DECISION, DECISION_CATALOG, HEARING, ITEM_KINDS
from ...model.compliance import RuleLevel
from ...model.decision import DecisionCatalog, DecisionItem
from ...model.hearing import Hearing, StandaloneHearing
from ...model.introspect import alias_path
from ...model.common import Publicity
from ...records import Record
from ..periods import after_days, days_between
from . import ORDINANCE_713, Context, Finding, rule, unrecorded


_A3 = ("第三条第三款：决策机关可以根据本条第一款的规定，结合职责权限和本地实际，确定决策事项目录、标准，"
       "经同级党委同意后向社会公布，并根据实际情况进行调整。")


@rule("JC-PUBLIC-COMMENT-DAYS", "向社会公开征求意见不少于30日，缩短须说明理由", "《重大行政决策程序暂行条例》第十五条", RuleLevel.WARNING,
      in_force_from=ORDINANCE_713,
      words="第十五条：……公开征求意见的期限一般不少于30日；因情况紧急等原因需要缩短期限的，公开征求意见时应当予以说明。",
      why="“一般不少于”：有例外，未说明理由的为警告。天数按民法典第二百零一条计算，开始当日不计入", judges=(DECISION,))
def public_comment_days(ctx: Context, record: Record) -> Iterator[Finding]:
    minimum = ctx.settings.comment_days
    step = record.model.procedure.participation
    if step is None or step.shortened_reason or step.end < step.start:  # reversed dates: reported by crosscheck
        return
    if step.method and "公开征求意见" not in step.method:
        return  # a 座谈会 or 实地走访 is not 向社会公开征求意见: the 30 days do not bind it
    days = days_between(step.start, step.end)
    if days < minimum:
        yield Finding(record, alias_path(DecisionItem, "procedure", "participation", "end"),
                      f"征求意见 {step.start} 至 {step.end} 共 {days} 天（开始当日不计入），少于 {minimum} 天",
                      f"征求意见应至少到 {after_days(step.start, minimum)}；确需缩短的，在「缩短期限理由」中写明理由")


def _dated_hearing(record: Record) -> Optional[tuple[tuple, Hearing, dt.date]]:
    """(where, the hearing, its date) of a standalone hearing, or of a decision that held one, once it has a date."""
    if record.kind is HEARING:
        loc, hearing = (), record.model
    else:
        loc, hearing = alias_path(DecisionItem, "procedure", "hearing"), record.model.procedure.hearing
    return (loc, hearing, hearing.date) if hearing is not None and hearing.date is not None else None


@rule("JC-HEARING-MATERIALS", "听证材料在听证前规定天数送达参加人，听证公告先于听证发布", "《重大行政决策程序暂行条例》第十六条",
      in_force_from=ORDINANCE_713,
      words="第十六条：……提前公布决策草案及其说明等材料，明确听证时间、地点等信息；……听证参加人……",
      why="公告在听证之后、材料送达晚于本地规定天数，听证即失去意义：错误", judges=(HEARING, DECISION))
def hearing_materials(ctx: Context, record: Record) -> Iterator[Finding]:
    minimum = ctx.settings.hearing_material_days
    found = _dated_hearing(record)
    if found is None:
        return
    loc, hearing, held = found
    if hearing.materials_sent and days_between(hearing.materials_sent, held) < minimum:
        yield Finding(record, loc + alias_path(Hearing, "materials_sent"),
                      f"听证材料 {hearing.materials_sent} 送达，距听证日 {held} 不足 {minimum} 天",
                      f"听证材料应至少提前 {minimum} 天送达参加人；请核对日期")
    if hearing.notice_date and hearing.notice_date >= held:
        yield Finding(record, loc + alias_path(Hearing, "notice_date"), f"听证公告 {hearing.notice_date} 不早于听证日 {held}",
                      "听证公告须在举行听证前发布；请核对日期")


@rule("JC-HEARING-PARTICIPANTS", "听证参加人名单在听证前公布", "《重大行政决策程序暂行条例》第十六条", in_force_from=ORDINANCE_713,
      words="第十六条：……通过遴选的方式确定听证参加人……听证参加人名单应当提前向社会公布。",
      why="“应当提前……公布”：听证当日或之后才公布名单为错误；已举行的听证没有记录公布日期只提示补充", judges=(HEARING, DECISION))
def hearing_participants(ctx: Context, record: Record) -> Iterator[Finding]:
    found = _dated_hearing(record)
    if found is None:
        return
    loc, hearing, held = found
    where = loc + alias_path(Hearing, "participants_published")
    if hearing.participants_published and hearing.participants_published >= held:
        yield Finding(record, where, f"参加人名单 {hearing.participants_published} 公布，不早于听证日 {held}",
                      "听证参加人名单应在听证前向社会公布；请核对日期")
    elif hearing.participants_published is None and held <= ctx.today:
        yield Finding(record, where, f"听证已于 {held} 举行，没有记录参加人名单的公布日期",
                      "请填写「参加人名单公布日期」", reminder=True)


@rule("JC-LEGALITY-FIRST", "决策草案经合法性审查后才提交集体讨论", "《重大行政决策程序暂行条例》第二十五条", in_force_from=ORDINANCE_713,
      words="第二十五条：决策草案提交决策机关讨论前，应当由负责合法性审查的部门进行合法性审查。不得以征求意见等方式代替合法性审查。"
            "决策草案未经合法性审查或者经审查不合法的，不得提交决策机关讨论。",
      why="“应当”“不得”，没有例外：错误", judges=(DECISION,))
def legality_first(ctx: Context, record: Record) -> Iterator[Finding]:
    procedure = record.model.procedure
    review, meeting = procedure.legality_review, procedure.collective_decision
    if meeting is None:
        return
    if review is None or review.completed is None:
        yield Finding(record, alias_path(DecisionItem, "procedure", "collective_decision"), "已集体讨论决定，但没有完成合法性审查的记录",
                      "决策草案提交集体讨论前应当经合法性审查；请补充「合法性审查」的送审和完成日期",
                      unrecorded=record.model.migrated)
    elif meeting.date and review.completed > meeting.date:
        yield Finding(record, alias_path(DecisionItem, "procedure", "legality_review", "completed"),
                      f"合法性审查 {review.completed} 完成，晚于集体讨论 {meeting.date}", "合法性审查应在集体讨论前完成；请核对日期")


@rule("JC-LEGALITY-REVIEW", "送请合法性审查保证必要的审查时间（一般不少于7个工作日）", "《重大行政决策程序暂行条例》第二十六条", RuleLevel.WARNING,
      in_force_from=ORDINANCE_713,
      words="第二十六条：……送请合法性审查，应当保证必要的审查时间，一般不少于7个工作日。",
      why="“一般不少于”：有例外，为警告；量的是送审到集体讨论留给审查的时间，不是审查机构答复得多快", judges=(DECISION,))
def legality_review(ctx: Context, record: Record) -> Iterator[Finding]:
    minimum = ctx.settings.legality_review_workdays
    procedure = record.model.procedure
    review, meeting = procedure.legality_review, procedure.collective_decision
    if review is None or meeting is None or meeting.date is None or review.shortened_reason or meeting.date < review.submitted:
        return
    days = ctx.calendar.working_days(review.submitted, meeting.date)
    if days < minimum:
        yield Finding(record, alias_path(DecisionItem, "procedure", "legality_review", "submitted"),
                      f"合法性审查 {review.submitted} 送审，{meeting.date} 集体讨论，只留了 {days} 个工作日",
                      f"送审应保证一般不少于 {minimum} 个工作日的审查时间；确有理由缩短的，在「缩短审查期限理由」中写明")


@rule("JC-COLLECTIVE-MEETING", "决策草案经常务会议或者全体会议讨论", "《重大行政决策程序暂行条例》第三十条", in_force_from=ORDINANCE_713,
      words="第三十条：决策草案应当经决策机关常务会议或者全体会议讨论。决策机关行政首长在集体讨论的基础上作出决定。",
      why="“应当经常务会议或者全体会议”：专题会议等其他会议不算，为错误；会议名称看不出是哪种会议的为警告", judges=(DECISION,))
def collective_meeting(ctx: Context, record: Record) -> Iterator[Finding]:
    meeting = record.model.procedure.collective_decision
    if meeting is None:
        return
    name = meeting.meeting.replace(" ", "")
    where = alias_path(DecisionItem, "procedure", "collective_decision", "meeting")
    if "常务会" in name or "全体会" in name:
        return
    if any(word in name for word in ("专题会", "办公会", "协调会", "碰头会", "现场会")):
        yield Finding(record, where, f"「{meeting.meeting}」不是常务会议或者全体会议",
                      "重大行政决策草案应当经政府常务会议或者全体会议讨论决定")
    else:
        yield Finding(record, where, f"从名称看不出「{meeting.meeting}」是常务会议还是全体会议",
                      "请写明会议全称，如 市政府常务会议", reminder=True)


@rule("JC-OPINIONS-FIRST", "公众参与、听证在集体讨论前完成，并报送意见采纳情况", "《重大行政决策程序暂行条例》第十八条、第二十九条第（二）项",
      in_force_from=ORDINANCE_713,
      words="第二十九条：决策承办单位提交决策机关讨论决策草案，应当报送下列材料：……（二）履行公众参与程序的，同时报送社会公众提出的主要意见的研究采纳情况；……",
      why="“应当报送”：意见还没听完就讨论，或明确没有报送采纳情况，为错误", judges=(DECISION,))
def opinions_first(ctx: Context, record: Record) -> Iterator[Finding]:
    procedure = record.model.procedure
    meeting = procedure.collective_decision
    if meeting is None or meeting.date is None:
        return
    participation, hearing = procedure.participation, procedure.hearing
    if participation and participation.end >= meeting.date:
        yield Finding(record, alias_path(DecisionItem, "procedure", "participation", "end"),
                      f"征求意见到 {participation.end} 结束，集体讨论在 {meeting.date}，意见还没有收齐",
                      "应在征求意见结束、研究采纳后再提交集体讨论；请核对日期")
    if hearing and hearing.date and hearing.date >= meeting.date:
        yield Finding(record, alias_path(DecisionItem, "procedure", "hearing", "date"),
                      f"听证 {hearing.date} 不早于集体讨论 {meeting.date}", "听证应在集体讨论前举行；请核对日期")
    if (participation or hearing) and meeting.opinion_report is False:
        yield Finding(record, alias_path(DecisionItem, "procedure", "collective_decision", "opinion_report"),
                      "经过公众参与，提交集体讨论时没有报送意见采纳情况", "提交讨论时应同时报送公众主要意见的研究采纳情况")


@rule("JC-PUBLICATION", "决策经集体讨论后公布；公众普遍关心或专业性强的，说明意见采纳情况", "《重大行政决策程序暂行条例》第三十条、第三十二条",
      in_force_from=ORDINANCE_713,
      words="第三十二条：决策机关应当通过本级人民政府公报和政府网站以及在本行政区域内发行的报纸等途径及时公布重大行政决策。"
            "对社会公众普遍关心或者专业性、技术性较强的重大行政决策，应当说明公众意见、专家论证意见的采纳情况，"
            "通过新闻发布会、接受访谈等方式进行宣传解读。依法不予公开的除外。",
      why="“应当”：公布先于集体讨论、应当说明采纳情况而没有说明的为错误；只对公众普遍关心或专业性强的决策要求说明", judges=(DECISION,))
def decision_publication(ctx: Context, record: Record) -> Iterator[Finding]:
    procedure = record.model.procedure
    published, meeting = procedure.publication, procedure.collective_decision
    if published is None:
        return
    if meeting is None:
        yield Finding(record, alias_path(DecisionItem, "procedure", "publication"), "决策已公布，但没有集体讨论决定的记录",
                      "重大行政决策应经集体讨论决定后公布；请补充「集体讨论决定」", unrecorded=record.model.migrated)
    elif meeting.date and published.date < meeting.date:
        yield Finding(record, alias_path(DecisionItem, "procedure", "publication", "date"), f"公布日期 {published.date} 早于集体讨论 {meeting.date}",
                      "决策应在集体讨论决定后公布；请核对日期")
    if record.model.widely_concerned and record.model.publicity is Publicity.ACTIVE and not published.adoption:
        yield Finding(record, alias_path(DecisionItem, "procedure", "publication"), "公众普遍关心或专业性强的决策，公布时没有说明意见采纳情况",
                      "请在「决策公布」中填写「意见采纳情况」，如 收到意见12条，采纳5条")


@rule("JC-CATALOG-ADOPTION", "年度决策事项目录经同级党委同意后公布", "《重大行政决策程序暂行条例》第三条第三款", in_force_from=ORDINANCE_713,
      words=_A3, why="“经同级党委同意后向社会公布”：没有党委同意或同意晚于公布为错误；会议审议是本地做法，由「目录须经会议审议」设置，为警告", judges=(DECISION_CATALOG,))
def catalog_adoption(ctx: Context, record: Record) -> Iterator[Finding]:
    model = record.model
    if model.published is None:
        return
    if model.party_approval is None:
        yield Finding(record, alias_path(DecisionCatalog, "published"), "目录已公布，但没有党委同意的日期", "请填写「党委同意日期」",
                      unrecorded=unrecorded(record, "party_approval"))
    elif model.party_approval > model.published:
        yield Finding(record, alias_path(DecisionCatalog, "party_approval"), f"党委同意 {model.party_approval} 晚于公布 {model.published}", "目录应经同级党委同意后公布；请核对日期")
    if ctx.settings.catalog_meeting_required and model.adopted_at is None:
        yield Finding(record, alias_path(DecisionCatalog, "published"), "目录已公布，但没有审议会议的记录（本地规定须经会议审议）",
                      "请填写「审议会议」（会议、届次、日期）", reminder=True, unrecorded=unrecorded(record, "adopted_at"))
    elif model.adopted_at is not None and model.adopted_at.date is not None and model.adopted_at.date > model.published:
        yield Finding(record, alias_path(DecisionCatalog, "adopted_at", "date"), f"审议会议 {model.adopted_at.date} 晚于公布 {model.published}", "请核对日期")


@rule("JC-OVERDUE", "超过计划完成时间仍未作出决策的事项", "《重大行政决策程序暂行条例》第三条第三款（目录管理）", RuleLevel.WARNING,
      in_force_from=ORDINANCE_713, words=_A3, why="目录“根据实际情况进行调整”：逾期是提醒调整目录，不是违法，为警告", judges=(DECISION,))
def overdue_decisions(ctx: Context, record: Record) -> Iterator[Finding]:
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


@rule("JC-CATALOG-FIRST", "事项在年度目录公布后才启动程序", "《重大行政决策程序暂行条例》第三条第三款；《广东省重大行政决策程序规定》", RuleLevel.WARNING,
      in_force_from=ORDINANCE_713, words=_A3, why="目录外事项应先调整目录：本地做法和程序顺序的提醒，为警告", judges=ITEM_KINDS)
def catalog_before_items(ctx: Context, record: Record) -> Iterator[Finding]:
    catalog_kind = record.kind.year_catalog
    assert catalog_kind is not None  # ITEM_KINDS are the kinds listed in a year catalog
    start = _STARTS[record.kind](record)
    if start is None or start[0] > ctx.today:
        return
    day, what, loc = start
    year = ctx.catalog.find(catalog_kind, str(record.year))
    if year is None:
        return  # missing or invalid: reported by the loader and cross-checks
    published = year.model.published
    if published is None:
        yield Finding(record, loc, f"{what}（{day}）已经开始，但{record.year}年{catalog_kind.label}还没有公布",
                      "请先公布年度目录，并在 catalog.yaml 中填写「发布日期」；目录外事项应按程序调整目录后再启动")
    elif day < published:
        yield Finding(record, loc, f"{what}（{day}）早于{catalog_kind.label}公布（{published}）",
                      "请核对日期；年度中增加的事项，应先调整目录并在「调整」中记录")
