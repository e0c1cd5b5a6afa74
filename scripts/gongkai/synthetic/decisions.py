"""Major administrative decisions (重大行政决策) and hearings (听证事项): yearly
catalogs with their items, tied to the documents the decisions produced."""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from ..kinds import DECISION, HEARING

from .common import (CITY, GOVERNMENT, LAST_DECISION_YEAR, LAST_HEARING_YEAR, LAWS, LINK_ROOT, SUBJECTS, Mix,
                     record_rng, secrecy_review, spread, write_yaml)
from .documents import DocumentPlan
from .prose import Prose

DEPARTMENTS = [
    "廉江市发展和改革局", "廉江市财政局", "廉江市自然资源局", "廉江市住房和城乡建设局",
    "廉江市交通运输局", "廉江市水务局", "廉江市农业农村局", "廉江市教育局", "廉江市卫生健康局",
    "廉江市文化广电旅游体育局", "廉江市市场监督管理局", "廉江市城市管理和综合执法局",
]
DECISION_FORMS = [  # (title ending, 类别)
    ("专项规划", "重要规划"),
    ("实施方案", "重大公共政策和措施"),
    ("建设项目", "重大公共建设项目"),
    ("保护利用方案", "重要自然资源和文化资源开发利用保护"),
    ("改革方案", "其他重大事项"),
]
HEARING_PLACES = ["市政府第一会议室", "市政府第二会议室", "市行政服务中心三楼会议室", "市人民会堂"]


@dataclass
class DecisionPlan:
    year: int
    number: int
    title: str
    category: str
    lead_unit: str
    status: str
    hearing_required: bool
    produced: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"{self.year}-{self.number:02d}"


@dataclass
class HearingPlan:
    year: int
    number: int
    title: str
    organiser: str
    decision: Optional[str]

    @property
    def id(self) -> str:
        return f"{self.year}-{self.number:02d}"


PAST_STATUSES = {"已公布": 80, "已决策": 8, "暂缓": 6, "已调出目录": 6}
CURRENT_STATUSES = {"推进中": 45, "已决策": 20, "已公布": 20, "未启动": 15}
# How far the statutory procedure went, by status: the steps recorded, in order.
PROCEDURE_STEPS = ["公众参与", "专家论证", "风险评估", "合法性审查", "集体讨论决定", "决策公布", "解读", "执行", "决策后评估"]
STEPS_REACHED = {"未启动": 0, "暂缓": 1, "已调出目录": 1, "推进中": 3, "已决策": 5, "已公布": 8}


def plan_decisions(mix: Mix, documents: list[DocumentPlan], rng: random.Random) -> list[DecisionPlan]:
    unclaimed: dict[int, list[str]] = {}  # year -> documents no decision produced yet
    for document in documents:
        unclaimed.setdefault(document.published.year, []).append(document.id)
    plans = []
    for year, count in spread(mix.decisions, mix.decision_years).items():
        statuses = CURRENT_STATUSES if year >= LAST_DECISION_YEAR else PAST_STATUSES
        for number in range(1, count + 1):
            subject, (form, category) = rng.choice(SUBJECTS), rng.choice(DECISION_FORMS)
            plan = DecisionPlan(
                year=year,
                number=number,
                title=f"{CITY}{subject}{form}",
                category=category,
                lead_unit=rng.choice(DEPARTMENTS),
                status=rng.choices(list(statuses), list(statuses.values()))[0],
                hearing_required=rng.random() < 0.2,
            )
            if plan.status == "已公布" and unclaimed.get(year) and rng.random() < 0.3:
                plan.produced.append(unclaimed[year].pop(rng.randrange(len(unclaimed[year]))))
            plans.append(plan)
    return plans


def plan_hearings(mix: Mix, decisions: list[DecisionPlan], rng: random.Random) -> list[HearingPlan]:
    """Hearing items; each belongs to a distinct decision of its year while any is left,
    and that decision is then marked as requiring a hearing."""
    free: dict[int, list[DecisionPlan]] = {}
    for decision in decisions:
        free.setdefault(decision.year, []).append(decision)
    plans = []
    for year, count in spread(mix.hearings, mix.hearing_years).items():
        for number in range(1, count + 1):
            candidates = free.get(year)
            chosen = candidates.pop(rng.randrange(len(candidates))) if candidates else None
            if chosen:
                chosen.hearing_required = True
                title, organiser = f"{chosen.title}听证会", chosen.lead_unit
            else:
                title, organiser = f"{CITY}{rng.choice(SUBJECTS)}价格调整听证会", rng.choice(DEPARTMENTS)
            plans.append(HearingPlan(year, number, title, organiser, chosen.id if chosen else None))
    return plans


def year_catalog(year: int, adjustments: list[dict]) -> dict:
    data = {
        "年度": year,
        "制定机关": GOVERNMENT,
        "公开属性": "主动公开",
        "保密审查": secrecy_review(dt.date(year, 3, 1)),
        "目录征求意见": {"开始日期": dt.date(year, 1, 5), "结束日期": dt.date(year, 2, 4), "渠道": "廉江市人民政府门户网站"},
        "党委同意日期": dt.date(year, 2, 20),
        "审议会议": {"会议": "市政府常务会议", "届次": f"第{year - 2000}次", "日期": dt.date(year, 2, 25)},
        "发布日期": dt.date(year, 3, 1),
        "发布链接": f"{LINK_ROOT}/zdjc/{year}.html",
    }
    if adjustments:
        data["调整"] = adjustments
    return data


def hearing_year_catalog(year: int) -> dict:
    return {"年度": year, "制定机关": GOVERNMENT, "公开属性": "主动公开", "保密审查": secrecy_review(dt.date(year, 3, 1)),
            "发布日期": dt.date(year, 3, 1),
            "发布链接": f"{LINK_ROOT}/tzsx/{year}.html"}


def decision_item(plan: DecisionPlan, rng: random.Random) -> dict:
    prose = Prose(rng)
    data = {
        "序号": plan.number,
        "标题": plan.title,
        "类别": plan.category,
        "承办单位": plan.lead_unit,
        "协办单位": rng.sample([d for d in DEPARTMENTS if d != plan.lead_unit], rng.randint(1, 3)),
        "法律依据": rng.sample(LAWS, rng.randint(1, 2)),
        "计划完成时间": dt.date(plan.year, 12, 31),
        "是否听证": "是" if plan.hearing_required else "否",
        "状态": plan.status,
        "公开属性": "主动公开",
        "保密审查": secrecy_review(dt.date(plan.year, 3, 1)),
    }
    if plan.produced:
        data["产生文件"] = plan.produced
    data["简介"] = prose.sentences(4, 8)
    procedure = decision_procedure(plan, rng)
    if procedure:
        data["程序"] = procedure
    return data


def decision_procedure(plan: DecisionPlan, rng: random.Random) -> dict:
    """The statutory steps reached for the plan's status, dated one after another within its year."""
    prose = Prose(rng)
    day = dt.date(plan.year, 3, 10) + dt.timedelta(days=rng.randint(0, 90))

    def advance(low: int, high: int) -> dt.date:
        nonlocal day
        day += dt.timedelta(days=rng.randint(low, high))
        return day

    def web_link(step: str) -> str:
        return f"{LINK_ROOT}/zdjc/{plan.id}/{step}.html"

    reached = PROCEDURE_STEPS[:STEPS_REACHED[plan.status]]
    if plan.year <= LAST_DECISION_YEAR - 3 and plan.status == "已公布":
        reached = PROCEDURE_STEPS  # old enough for a post-decision evaluation
    builders: dict[str, Callable[[], dict]] = {
        "公众参与": lambda: {"开始日期": advance(0, 5), "结束日期": advance(30, 30),
                         "渠道": ["廉江市人民政府门户网站", "政务公开栏"],
                         "文件": [{"名称": "征求意见稿", "链接": web_link("zqyj")}]},
        "专家论证": lambda: {"日期": advance(5, 15), "方式": rng.choice(["论证会", "书面咨询"]), "情况": prose.sentences(1, 2)},
        "风险评估": lambda: {"日期": advance(5, 15), "结论": "风险等级为低风险，可以实施。"},
        # 21 to 30 days: at least 7 working days even over a public holiday.
        "合法性审查": lambda: {"送审日期": advance(3, 10), "完成日期": advance(21, 30), "审查机构": "廉江市司法局",
                          "意见": "经审查，决策草案符合法律法规规定。"},
        "集体讨论决定": lambda: {"会议": "市政府常务会议", "届次": f"第{rng.randint(10, 60)}次", "日期": advance(5, 20), "结果": "原则通过"},
        "决策公布": lambda: {"日期": advance(5, 10), "链接": web_link("gb"), "意见采纳情况": f"收到意见{rng.randint(3, 60)}条，采纳{rng.randint(1, 3)}条"},
        "解读": lambda: {"日期": advance(0, 3), "链接": web_link("jd")},
        "执行": lambda: {"日期": advance(20, 40), "情况": prose.sentences(1, 2)},
        "决策后评估": lambda: {"日期": dt.date(plan.year + 2, 6, 30), "情况": prose.sentences(1, 2)},
    }
    procedure = {step: builders[step]() for step in reached}
    if plan.hearing_required and plan.year > LAST_HEARING_YEAR and reached:
        # Heard during the public consultation, so before the collective decision (第二十九条).
        participation = procedure.get("公众参与")
        notice = participation["开始日期"] + dt.timedelta(days=2) if participation else advance(3, 10)
        procedure["听证"] = {"组织单位": plan.lead_unit, "公告日期": notice, "参加人名单公布日期": notice + dt.timedelta(days=5),
                           "材料送达日期": notice + dt.timedelta(days=10), "听证日期": notice + dt.timedelta(days=20),
                           "听证地点": rng.choice(HEARING_PLACES)}
    return procedure


def hearing_item(plan: HearingPlan, rng: random.Random) -> dict:
    notice = dt.date(plan.year, rng.randint(4, 10), rng.randint(1, 28))
    held = rng.random() < 0.9
    data = {"序号": plan.number, "标题": plan.title}
    if plan.decision:
        data["所属决策"] = plan.decision
    data.update({
        "组织单位": plan.organiser,
        "公告日期": notice,
        "公告链接": f"{LINK_ROOT}/tzgg/{plan.id}.html",
        "参加人遴选办法": "自愿报名、随机抽取，兼顾不同群体代表",
        "参加人名单公布日期": notice + dt.timedelta(days=7),
        "材料送达日期": notice + dt.timedelta(days=10),
    })
    if held:
        data.update({"听证日期": notice + dt.timedelta(days=20), "听证地点": rng.choice(HEARING_PLACES),
                     "听证报告链接": f"{LINK_ROOT}/tzbg/{plan.id}.html"})
    data.update({"状态": "已举行" if held else "已取消", "公开属性": "主动公开",
                 "保密审查": secrecy_review(dt.date(plan.year, 3, 1))})
    return data


def catalog_adjustments(plans: list[DecisionPlan]) -> list[dict]:
    return [{"日期": dt.date(plan.year, 9, 1),
             "内容": f"{'调出' if plan.status == '已调出目录' else '暂缓'}第{plan.number}项",
             "理由": "上级政策调整，经市政府常务会议研究同意"}
            for plan in plans if plan.status in ("已调出目录", "暂缓")]


def write_year_folders(catalog: Path, mix: Mix, decisions: list[DecisionPlan], hearings: list[HearingPlan]) -> None:
    for year in mix.decision_years:
        items = [plan for plan in decisions if plan.year == year]
        folder = catalog / DECISION.folder / str(year)
        folder.mkdir(parents=True)
        write_yaml(folder / "catalog.yaml", year_catalog(year, catalog_adjustments(items)))
        for plan in items:
            write_yaml(folder / f"{plan.id}.yaml", decision_item(plan, record_rng(DECISION.key, plan.id)))
    for year in mix.hearing_years:
        folder = catalog / HEARING.folder / str(year)
        folder.mkdir(parents=True)
        write_yaml(folder / "catalog.yaml", hearing_year_catalog(year))
        for hearing in (hearing for hearing in hearings if hearing.year == year):
            write_yaml(folder / f"{hearing.id}.yaml", hearing_item(hearing, record_rng(HEARING.key, hearing.id)))
