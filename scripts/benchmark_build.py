#!/usr/bin/env python3
"""Build benchmark: how the site build scales with the size of the catalog.

For each size N the benchmark
  1. writes a synthetic but valid catalog of N record files (80 % normative
     documents, 15 % decision catalogs and items, 5 % hearing catalogs and items),
  2. builds it with `mkdocs build --strict` in a temporary copy of the project
     (the hook runs check + render + publish), measuring wall time and the peak
     memory (RSS) of that one child process,
  3. measures the HTML in site/,
  4. builds the same pages as plain Markdown (title and body text only, no hook)
     as a baseline,
and finally prints the figures and the checks against the targets. It exits 0
even when a target is missed; it exits 1 only when the benchmark itself cannot
run (invalid synthetic catalog, failed build).

    python scripts/benchmark_build.py                        # N = 1000 and 10000
    python scripts/benchmark_build.py --records 200 1000 --keep --out bench-out
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

SCRIPTS = Path(__file__).resolve().parent
PROJECT = SCRIPTS.parent
sys.path.insert(0, str(SCRIPTS))

import yaml  # noqa: E402

from gongkai.kinds import DECISION, DOCUMENT, HEARING  # noqa: E402
from gongkai.pipeline import check, render  # noqa: E402
from gongkai.problems import format_report  # noqa: E402
from gongkai.render.parts import record_page  # noqa: E402

HOOK = SCRIPTS / "mkdocs_hooks.py"
CONFIG = PROJECT / "mkdocs.yml"
STYLESHEET = Path("assets") / "gongkai.css"  # under docs/, named in mkdocs.yml extra_css
# No -q: it sets the "mkdocs" logger to ERROR, so warnings never reach the
# counter behind --strict and the build would no longer be strict. The output
# goes to a log file instead.
MKDOCS_BUILD = [sys.executable, "-m", "mkdocs", "build", "--strict"]

SEED = 20240601
TODAY = dt.date(2025, 6, 30)  # the sites are built as of this day; every record is released by then
DEFAULT_SIZES = [1000, 10000]
MIN_RECORDS = 40  # enough for at least one item of each kind

DECISION_SHARE, HEARING_SHARE = 0.15, 0.05  # the rest are normative documents
LAST_DECISION_YEAR = 2024
LAST_HEARING_YEAR = 2023  # from 2024 hearings are recorded inside decision items (粤府令第303号)
MAX_YEARS = 10
FIRST_PUBLICATION, LAST_PUBLICATION = dt.date(2015, 1, 1), dt.date(2025, 5, 31)
BODY_CHARACTERS = (1500, 3000)
RECORD_KINDS = (DOCUMENT, DECISION, HEARING)  # kinds whose pages are "record pages"

TARGET_MEDIAN_BYTES = 40 * 1024
LINEAR_SLACK = 1.1  # time(N2) <= 1.1 * N2/N1 * time(N1), i.e. 11x for 1k -> 10k

# ---------------------------------------------------------------------------
# Fixed word lists: every synthetic text is drawn from these.

CITY = "廉江市"
GOVERNMENT = "廉江市人民政府"
SITE_SETTINGS = {
    "网站名称": "廉江市人民政府政务公开（性能测试数据）",
    "机关名称": GOVERNMENT,
    "公开工作机构": "廉江市人民政府办公室",
    "办公地址": "廉江市人民大道1号",
    "联系电话": "0759-0000000",
    "办公时间": "工作日 8:30-12:00,14:30-17:30",
    "示例站点": "是",
}


@dataclass(frozen=True)
class Issuer:
    name: str
    doc_prefix: str  # 发文机关代字 of the 文号
    slug: str  # prefix of the record id (file name)
    org_code: str  # first part of the 索引号
    weight: int


ISSUERS = (
    Issuer("廉江市人民政府", "廉府规", "lfg", "11440881007050427X", 35),
    Issuer("廉江市人民政府办公室", "廉府办规", "lfbg", "114408810070504350", 25),
    Issuer("廉江市教育局", "廉教规", "ljyg", "114408810070509412", 6),
    Issuer("廉江市自然资源局", "廉自然资规", "lzrg", "11440881MB2C60817B", 6),
    Issuer("廉江市住房和城乡建设局", "廉建规", "ljsg", "114408810070511223", 8),
    Issuer("廉江市市场监督管理局", "廉市监规", "lsjg", "11440881MB2C42965K", 7),
    Issuer("廉江市卫生健康局", "廉卫健规", "lwjg", "11440881MB2C37110D", 6),
    Issuer("廉江市交通运输局", "廉交规", "ljtg", "114408810070518775", 7),
)
DEPARTMENTS = [
    "廉江市发展和改革局", "廉江市财政局", "廉江市自然资源局", "廉江市住房和城乡建设局",
    "廉江市交通运输局", "廉江市水务局", "廉江市农业农村局", "廉江市教育局", "廉江市卫生健康局",
    "廉江市文化广电旅游体育局", "廉江市市场监督管理局", "廉江市城市管理和综合执法局",
]
SUBJECTS = [
    "城市道路停车", "城乡生活垃圾分类", "农村宅基地", "城市供水", "燃气安全", "户外广告设置", "养犬",
    "城市绿化", "建筑工地扬尘污染防治", "政府投资项目", "政府采购", "国有资产", "住房公积金",
    "公共租赁住房", "义务教育学校招生", "校外培训机构", "医疗保障基金", "最低生活保障", "临时救助",
    "残疾人两项补贴", "农业机械购置补贴", "耕地保护", "河道采砂", "水土保持", "森林防火", "安全生产",
    "食品安全", "药品零售", "电梯安全", "消防安全", "旅游市场", "中小企业发展", "招商引资", "人才引进",
    "科技创新", "历史文化名镇", "文物保护", "公共文化服务", "出租汽车", "网络预约出租汽车", "物业管理",
    "国有土地上房屋征收与补偿", "集体土地征收", "公共资源交易",
]
DOCUMENT_FORMS = ["管理办法", "实施办法", "实施细则", "暂行办法", "管理规定", "若干规定", "实施意见"]
DECISION_FORMS = [  # (title ending, 类别)
    ("专项规划", "重要规划"),
    ("实施方案", "重大公共政策和措施"),
    ("建设项目", "重大公共建设项目"),
    ("保护利用方案", "重要自然资源和文化资源开发利用保护"),
    ("改革方案", "其他重大事项"),
]
TOPICS = [
    "综合政务", "国民经济管理、国有资产监管", "财政、金融、审计", "国土资源、能源", "农业、林业、水利",
    "工业、交通", "商贸、海关、旅游", "市场监管、安全生产监管", "城乡建设、环境保护", "科技、教育",
    "文化、广电、新闻出版", "卫生、体育", "劳动、人事、监察", "公安、安全、司法", "民政、扶贫、救灾",
]
LAWS = [
    "《中华人民共和国行政许可法》", "《中华人民共和国行政处罚法》", "《中华人民共和国城乡规划法》",
    "《中华人民共和国预算法》", "《中华人民共和国安全生产法》", "《中华人民共和国政府信息公开条例》",
    "《广东省行政规范性文件管理规定》", "《重大行政决策程序暂行条例》", "《广东省重大行政决策程序规定》",
]
ACTORS = [
    "市人民政府", "各镇人民政府、街道办事处", "市有关部门", "主管部门", "市司法行政部门", "市财政部门",
    "市发展和改革部门", "市市场监督管理部门", "市住房和城乡建设主管部门", "村（居）民委员会",
    "有关单位和个人", "相关行业协会",
]
ACTIONS = [
    "应当加强", "负责统筹", "依法做好", "建立健全", "积极推进", "定期开展", "协同配合做好",
    "按照职责分工负责", "加大力度推进", "严格落实",
]
OBJECTS = [
    "监督检查工作", "政府信息公开工作", "安全生产管理", "公共服务体系建设", "信用监管制度",
    "投诉举报处理机制", "专项资金使用管理", "档案管理工作", "应急处置工作", "宣传教育和业务培训",
    "数据共享和业务协同", "绩效评价工作", "风险防控工作", "基础设施建设", "行政执法协调", "便民服务措施",
]
TAILS = [
    "", "，确保各项措施落实到位", "，并及时向社会公布", "，切实提高行政效能", "，保障人民群众合法权益",
    "，所需经费纳入同级财政预算", "，具体办法另行制定", "，自觉接受社会监督", "，形成工作合力",
    "，推动经济社会高质量发展",
]
PURPOSES = ["加强监督管理", "保障公共安全", "提高公共服务水平", "优化营商环境", "维护公共利益", "促进规范有序发展"]
CHAPTERS = ["管理职责", "规划与建设", "使用与维护", "申请与审核", "资金管理", "服务保障", "信息公开", "应急处置", "监督管理", "法律责任"]
HEARING_PLACES = ["市政府第一会议室", "市政府第二会议室", "市行政服务中心三楼会议室", "市人民会堂"]
LINK_ROOT = "https://www.example.gov.cn"

# ---------------------------------------------------------------------------
# How many files of each kind.


@dataclass(frozen=True)
class Mix:
    documents: int
    decision_years: list[int]
    decisions: int  # items, not counting the year catalogs
    hearing_years: list[int]
    hearings: int

    @classmethod
    def for_total(cls, total: int) -> "Mix":
        decision_files = round(total * DECISION_SHARE)
        hearing_files = round(total * HEARING_SHARE)
        decision_years = _recent_years(decision_files, LAST_DECISION_YEAR)
        hearing_years = _recent_years(hearing_files, LAST_HEARING_YEAR)
        return cls(
            documents=total - decision_files - hearing_files,
            decision_years=decision_years,
            decisions=decision_files - len(decision_years),
            hearing_years=hearing_years,
            hearings=hearing_files - len(hearing_years),
        )

    @property
    def total(self) -> int:
        return self.documents + len(self.decision_years) + self.decisions + len(self.hearing_years) + self.hearings

    def describe(self) -> str:
        return (f"{self.documents} documents, {self.decisions} decisions in {len(self.decision_years)} year catalogs, "
                f"{self.hearings} hearings in {len(self.hearing_years)} year catalogs")


def _recent_years(files: int, last_year: int) -> list[int]:
    """About one year catalog per five files of a kind, at most MAX_YEARS, ending at last_year."""
    count = max(1, min(MAX_YEARS, files // 5))
    return list(range(last_year - count + 1, last_year + 1))


def spread(count: int, years: list[int]) -> dict[int, int]:
    """`count` items over `years`, as evenly as possible; recent years take the remainder."""
    base, extra = divmod(count, len(years))
    return {year: base + (1 if index >= len(years) - extra else 0) for index, year in enumerate(years)}


# ---------------------------------------------------------------------------
# Synthetic Chinese text.


def chinese_numeral(number: int) -> str:
    """1..999 as 一 .. 九百九十九, as used in 第N条 and 第N章."""
    digits = "零一二三四五六七八九"
    if number < 10:
        return digits[number]
    if number < 20:
        return "十" + (digits[number % 10] if number % 10 else "")
    if number < 100:
        return digits[number // 10] + "十" + (digits[number % 10] if number % 10 else "")
    hundreds, rest = divmod(number, 100)
    if rest == 0:
        return digits[hundreds] + "百"
    if rest < 10:
        return digits[hundreds] + "百零" + digits[rest]
    return digits[hundreds] + "百" + (digits[1] if rest < 20 else "") + chinese_numeral(rest)


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


class Prose:
    """Official-style Chinese text drawn from the fixed word lists."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def sentence(self) -> str:
        pick = self.rng.choice
        return f"{pick(ACTORS)}{pick(ACTIONS)}{pick(OBJECTS)}{pick(TAILS)}。"

    def sentences(self, low: int, high: int) -> str:
        return "".join(self.sentence() for _ in range(self.rng.randint(low, high)))

    def regulation(self, subject: str, form: str, issuer: str, effective: dt.date, expires: Optional[dt.date]) -> str:
        """A full 规范性文件 text: chapters of numbered articles, about BODY_CHARACTERS long."""
        own_name = "本" + form[-2:]  # 本办法, 本细则, 本规定, 本意见
        target = self.rng.randint(*BODY_CHARACTERS)
        articles = [
            f"为了规范{subject}工作，{self.rng.choice(PURPOSES)}，根据{self.rng.choice(LAWS)}等法律法规和有关规定，"
            f"结合本市实际，制定{own_name}。",
            f"本市行政区域内{subject}及其监督管理活动，适用{own_name}。",
        ]
        closing = [f"{own_name}由{issuer}负责解释。",
                   f"{own_name}自{chinese_date(effective)}起施行" + (f"，有效期至{chinese_date(expires)}。" if expires else "。")]
        chapters = [("总则", articles)]
        length = sum(map(len, articles + closing))
        while length < target:
            chapter: list[str] = []
            for _ in range(self.rng.randint(3, 6)):
                article = self.article()
                chapter.append(article)
                length += len(article)
            chapters.append((self.rng.choice(CHAPTERS), chapter))
        chapters.append(("附则", closing))
        return self.numbered(chapters)

    def article(self) -> str:
        if self.rng.random() < 0.3:
            duties = [f"({chinese_numeral(n)}){self.rng.choice(ACTIONS)}{self.rng.choice(OBJECTS)};"
                      for n in range(1, self.rng.randint(3, 6))]
            duties[-1] = duties[-1][:-1] + "。"
            return f"{self.rng.choice(ACTORS)}应当履行下列职责:\n\n" + "\n\n".join(duties)
        return self.sentences(2, 5)

    @staticmethod
    def numbered(chapters: list[tuple[str, list[str]]]) -> str:
        blocks, article_number = [], 0
        for chapter_number, (title, articles) in enumerate(chapters, 1):
            blocks.append(f"## 第{chinese_numeral(chapter_number)}章 {title}")
            for article in articles:
                article_number += 1
                blocks.append(f"第{chinese_numeral(article_number)}条 {article}")
        return "\n\n".join(blocks)


def record_rng(kind: str, record_id: str) -> random.Random:
    """A generator of its own per record, so a record's text does not depend on the others."""
    return random.Random(f"{SEED}:{kind}:{record_id}")


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# ---------------------------------------------------------------------------
# Normative documents.


@dataclass
class DocumentPlan:
    id: str
    issuer: Issuer
    subject: str
    form: str
    title: str
    doc_number: str
    registration: str
    index_number: str
    topic: str
    written: dt.date
    published: dt.date
    effective: dt.date
    expires: Optional[dt.date]
    relations: dict[str, list[str]] = field(default_factory=dict)  # 修改 / 废止 -> ids
    history: list[dict] = field(default_factory=list)
    targeted: bool = False  # already amended or repealed by a later document

    def in_force_on(self, day: dt.date) -> bool:
        return not self.targeted and self.effective < day and (self.expires is None or self.expires >= day)


def plan_documents(count: int, rng: random.Random) -> list[DocumentPlan]:
    """Documents in publication order, with unique 文号, 统一登记号 and 索引号."""
    span = (LAST_PUBLICATION - FIRST_PUBLICATION).days
    published_days = sorted(FIRST_PUBLICATION + dt.timedelta(days=rng.randint(0, span)) for _ in range(count))
    weights = [issuer.weight for issuer in ISSUERS]
    serials: dict[tuple[str, int], int] = {}
    registrations: dict[int, int] = {}
    plans = []
    for published in published_days:
        issuer = rng.choices(ISSUERS, weights)[0]
        written = published - dt.timedelta(days=rng.randint(2, 15))
        effective = published + dt.timedelta(days=rng.randint(0, 30))
        expires = add_years(effective, 5) - dt.timedelta(days=1) if rng.random() < 0.7 else None
        year = written.year
        serial = serials[(issuer.slug, year)] = serials.get((issuer.slug, year), 0) + 1
        registration = registrations[year] = registrations.get(year, 0) + 1
        subject, form = rng.choice(SUBJECTS), rng.choice(DOCUMENT_FORMS)
        plans.append(DocumentPlan(
            id=f"{issuer.slug}-{year}-{serial:03d}",
            issuer=issuer,
            subject=subject,
            form=form,
            title=f"{CITY}{subject}{form}",
            doc_number=f"{issuer.doc_prefix}〔{year}〕{serial}号",
            registration=f"LJDJ-{year}-{registration:04d}",
            index_number=f"{issuer.org_code}/{year}-{serial:05d}",
            topic=rng.choice(TOPICS),
            written=written,
            published=published,
            effective=effective,
            expires=expires,
            history=[{"状态": "现行有效", "日期": effective}],
        ))
    return plans


def link_documents(plans: list[DocumentPlan], rng: random.Random) -> None:
    """Some later documents amend (4 %) or repeal (2 %) an earlier one still in force;
    both sides are recorded, as the cross-checks require."""
    for index, plan in enumerate(plans):
        draw = rng.random()
        if index == 0 or draw >= 0.06:
            continue
        relation, status, wording = ("修改", "已修改", "修改") if draw < 0.04 else ("废止", "已废止", "废止")
        target = next((candidate for candidate in (plans[rng.randrange(index)] for _ in range(5))
                       if candidate.in_force_on(plan.effective)), None)
        if target is None:
            continue
        target.targeted = True
        target.history.append({"状态": status, "日期": plan.effective, "依据": plan.id})
        plan.relations[relation] = [target.id]
        plan.title = f"{plan.issuer.name}关于{wording}《{target.title}》的决定"
        plan.subject, plan.form = target.subject, target.form


def document_front_matter(plan: DocumentPlan, rng: random.Random) -> dict:
    data = {
        "标题": plan.title,
        "文号": plan.doc_number,
        "统一登记号": plan.registration,
        "索引号": plan.index_number,
        "发布机构": plan.issuer.name,
        "主题分类": plan.topic,
        "成文日期": plan.written,
        "发布日期": plan.published,
        "施行日期": plan.effective,
    }
    if plan.expires:
        data["有效期至"] = plan.expires
    data["公开属性"] = "主动公开"
    data["合法性审核"] = {"日期": plan.written - dt.timedelta(days=rng.randint(3, 15)), "审核机构": "廉江市司法局",
                     "意见": "经审核，未发现与法律法规相抵触的内容，同意提交集体审议。"}
    comment_start = plan.written - dt.timedelta(days=rng.randint(45, 90))
    data["征求意见"] = {"开始日期": comment_start, "结束日期": comment_start + dt.timedelta(days=29),
                    "渠道": "廉江市人民政府门户网站", "链接": f"{LINK_ROOT}/zqyj/{plan.id}.html"}
    data["备案"] = [{"备案机关": recipient, "日期": plan.published + dt.timedelta(days=rng.randint(5, 25)),
                   "备案号": f"备{plan.published.year}-{rng.randint(1, 300)}"}
                  for recipient in filing_recipients(plan.issuer)]
    if rng.random() < 0.5:
        data["政策解读"] = [{"名称": f"{plan.title}政策解读", "日期": plan.published,
                         "链接": f"{LINK_ROOT}/zcjd/{plan.id}.html"}]
    if plan.relations:
        data["关系"] = plan.relations
    data["状态历史"] = plan.history
    cleanup_day = dt.date(2022, 11, 30)
    if plan.effective < cleanup_day and (plan.expires is None or plan.expires > cleanup_day) and rng.random() < 0.5:
        data["清理"] = [{"批次": "2022年规范性文件清理", "日期": cleanup_day, "结果": "继续有效"}]
    return data


def filing_recipients(issuer: Issuer) -> list[str]:
    if issuer.name in (GOVERNMENT, "廉江市人民政府办公室"):
        return ["廉江市人大常委会", "湛江市人民政府"]
    return [GOVERNMENT]


def write_documents(catalog: Path, plans: list[DocumentPlan]) -> None:
    folder = catalog / DOCUMENT.folder
    folder.mkdir(parents=True)
    for plan in plans:
        rng = record_rng(DOCUMENT.key, plan.id)
        front = document_front_matter(plan, rng)
        body = Prose(rng).regulation(plan.subject, plan.form, plan.issuer.name, plan.effective, plan.expires)
        (folder / f"{plan.id}{DOCUMENT.suffix}").write_text(f"---\n{to_yaml(front)}---\n{body}\n", encoding="utf-8")


# ---------------------------------------------------------------------------
# Decision and hearing catalogs.


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
            decision = candidates.pop(rng.randrange(len(candidates))) if candidates else None
            if decision:
                decision.hearing_required = True
                title, organiser = f"{decision.title}听证会", decision.lead_unit
            else:
                title, organiser = f"{CITY}{rng.choice(SUBJECTS)}价格调整听证会", rng.choice(DEPARTMENTS)
            plans.append(HearingPlan(year, number, title, organiser, decision.id if decision else None))
    return plans


def year_catalog(year: int, adjustments: list[dict]) -> dict:
    data = {
        "年度": year,
        "制定机关": GOVERNMENT,
        "公开属性": "主动公开",
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
    return {"年度": year, "制定机关": GOVERNMENT, "公开属性": "主动公开", "发布日期": dt.date(year, 3, 1),
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
        "公众参与": lambda: {"开始日期": advance(0, 5), "结束日期": advance(29, 29),
                         "渠道": ["廉江市人民政府门户网站", "政务公开栏"],
                         "文件": [{"名称": "征求意见稿", "链接": web_link("zqyj")}]},
        "专家论证": lambda: {"日期": advance(5, 15), "方式": rng.choice(["论证会", "书面咨询"]), "情况": prose.sentences(1, 2)},
        "风险评估": lambda: {"日期": advance(5, 15), "结论": "风险等级为低风险，可以实施。"},
        "合法性审查": lambda: {"送审日期": advance(3, 10), "完成日期": advance(10, 20), "审查机构": "廉江市司法局",
                          "意见": "经审查，决策草案符合法律法规规定。"},
        "集体讨论决定": lambda: {"会议": "市政府常务会议", "届次": f"第{rng.randint(10, 60)}次", "日期": advance(5, 20), "结果": "原则通过"},
        "决策公布": lambda: {"日期": advance(5, 10), "链接": web_link("gb"), "意见采纳情况": f"收到意见{rng.randint(3, 60)}条，采纳{rng.randint(1, 3)}条"},
        "解读": lambda: {"日期": advance(0, 3), "链接": web_link("jd")},
        "执行": lambda: {"日期": advance(20, 40), "情况": prose.sentences(1, 2)},
        "决策后评估": lambda: {"日期": dt.date(plan.year + 2, 6, 30), "情况": prose.sentences(1, 2)},
    }
    procedure = {step: builders[step]() for step in reached}
    if plan.hearing_required and plan.year > LAST_HEARING_YEAR and reached:
        notice = advance(3, 10)
        procedure["听证"] = {"组织单位": plan.lead_unit, "公告日期": notice,
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
    data.update({"状态": "已举行" if held else "已取消", "公开属性": "主动公开"})
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
        for plan in (plan for plan in hearings if plan.year == year):
            write_yaml(folder / f"{plan.id}.yaml", hearing_item(plan, record_rng(HEARING.key, plan.id)))


class _PlainDumper(yaml.SafeDumper):
    """Writes a repeated value in full, as a clerk would, never as an &anchor / *alias."""

    def ignore_aliases(self, data) -> bool:
        return True


def to_yaml(data: dict) -> str:
    return yaml.dump(data, Dumper=_PlainDumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1_000_000)


def write_yaml(path: Path, data: dict) -> None:
    path.write_text(to_yaml(data), encoding="utf-8")


def generate_catalog(catalog: Path, total: int) -> Mix:
    """Write a valid synthetic catalog of `total` record files into the new folder `catalog`."""
    mix = Mix.for_total(total)
    rng = random.Random(SEED)
    documents = plan_documents(mix.documents, rng)
    link_documents(documents, rng)
    decisions = plan_decisions(mix, documents, rng)
    hearings = plan_hearings(mix, decisions, rng)
    catalog.mkdir(parents=True)
    write_yaml(catalog / "site.yaml", SITE_SETTINGS)
    write_documents(catalog, documents)
    write_year_folders(catalog, mix, decisions, hearings)
    return mix


# ---------------------------------------------------------------------------
# Temporary MkDocs projects and measured builds.


def top_level_blocks(text: str) -> list[tuple[Optional[str], str]]:
    """mkdocs.yml split into (top-level key, its text); comment lines go with the key below them."""
    blocks: list[tuple[Optional[str], list[str]]] = []
    pending: list[str] = []
    for line in text.splitlines(keepends=True):
        starts_key = line[:1] not in ("", " ", "\t", "\n", "#")
        if starts_key:
            blocks.append((line.split(":", 1)[0], pending + [line]))
            pending = []
        elif line.startswith("#") or pending or not blocks:
            pending.append(line)
        else:
            blocks[-1][1].append(line)
    if pending:
        blocks.append((None, pending))
    return [(key, "".join(lines)) for key, lines in blocks]


def project_config(hook: Optional[Path]) -> str:
    """The project's mkdocs.yml for a temporary project: without `watch:`, and with
    `hooks:` naming the real hook by absolute path (or without hooks for the baseline)."""
    parts = []
    for key, text in top_level_blocks(CONFIG.read_text(encoding="utf-8")):
        if key == "watch" or (key == "hooks" and hook is None):
            continue
        if key == "hooks":
            text = f"hooks:\n  - {json.dumps(str(hook))}\n\n"
        parts.append(text)
    return "".join(parts)


def make_project(folder: Path, hook: Optional[Path]) -> Path:
    """A folder with mkdocs.yml and docs/ holding the project's stylesheet; returns docs/."""
    docs = folder / "docs"
    (docs / STYLESHEET).parent.mkdir(parents=True)
    shutil.copyfile(PROJECT / "docs" / STYLESHEET, docs / STYLESHEET)
    (folder / "mkdocs.yml").write_text(project_config(hook), encoding="utf-8")
    return docs


@dataclass(frozen=True)
class BuildRun:
    seconds: float
    cpu_seconds: float
    peak_mib: float
    returncode: int
    log: str

    @property
    def warnings(self) -> list[str]:
        return [line for line in self.log.splitlines() if line.startswith(("WARNING", "ERROR"))]


def run_build(project: Path, env: dict[str, str]) -> BuildRun:
    """`mkdocs build --strict` as one child process: wall time and peak RSS from wait4."""
    log_path = project / "build.log"
    with open(log_path, "wb") as log:
        start = time.perf_counter()
        process = subprocess.Popen(MKDOCS_BUILD, cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, so Popen must not wait again
    return BuildRun(
        seconds=seconds,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        peak_mib=usage.ru_maxrss / 1024,  # KiB on Linux
        returncode=process.returncode,
        log=log_path.read_text(encoding="utf-8", errors="replace"),
    )


def build_environment(catalog: Optional[Path]) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("GONGKAI_")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    if catalog is not None:
        env["GONGKAI_CATALOG"] = str(catalog)
        env["GONGKAI_TODAY"] = TODAY.isoformat()
    return env


# ---------------------------------------------------------------------------
# The plain-Markdown baseline.


def record_texts(result) -> dict[str, tuple[str, str]]:
    """docs path -> (title, body text) of every record page, from the checked catalog."""
    texts = {}
    for record in result.catalog.records:
        if record.kind in RECORD_KINDS:
            model = record.model
            texts[record_page(record)] = (model.title, getattr(model, "body", None) or getattr(model, "summary", None) or "")
    return texts


def page_title(markdown: str) -> str:
    return next((line[2:] for line in markdown.splitlines() if line.startswith("# ")), "")


def write_plain_docs(generated_docs: Path, plain_docs: Path, texts: dict[str, tuple[str, str]]) -> int:
    """The pipeline's pages again as plain Markdown, at the same paths: record pages with
    `# title` and the body text only, every other page with its title only."""
    count = 0
    for source in sorted(generated_docs.rglob("*.md")):
        path = source.relative_to(generated_docs).as_posix()
        title, body = texts.get(path) or (page_title(source.read_text(encoding="utf-8")), "")
        target = plain_docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"# {title}\n\n{body}\n" if body else f"# {title}\n", encoding="utf-8")
        count += 1
    return count


# ---------------------------------------------------------------------------
# Measuring the built sites.


@dataclass(frozen=True)
class SiteStats:
    pages: int  # index.html files
    html_bytes: int
    record_pages: int
    record_median_bytes: float
    largest_page: str
    largest_bytes: int
    search_index_bytes: int
    site_bytes: int  # everything in site/


def html_page(docs_path: str) -> str:
    """site/ path of a docs page with directory URLs: documents/x.md -> documents/x/index.html."""
    return docs_path.removesuffix(".md") + "/index.html"


def site_stats(site: Path, record_docs_paths: list[str]) -> SiteStats:
    html = {path.relative_to(site).as_posix(): path.stat().st_size for path in site.rglob("*.html")}
    missing = [path for path in map(html_page, record_docs_paths) if path not in html]
    if missing:
        raise RuntimeError(f"{len(missing)} record pages missing from {site}, e.g. {missing[0]}")
    record_sizes = [html[html_page(path)] for path in record_docs_paths]
    largest = max(html, key=html.get)
    search_index = site / "search" / "search_index.json"
    return SiteStats(
        pages=sum(1 for path in html if path.rsplit("/", 1)[-1] == "index.html"),
        html_bytes=sum(html.values()),
        record_pages=len(record_sizes),
        record_median_bytes=statistics.median(record_sizes),
        largest_page=largest,
        largest_bytes=html[largest],
        search_index_bytes=search_index.stat().st_size if search_index.exists() else 0,
        site_bytes=sum(path.stat().st_size for path in site.rglob("*") if path.is_file()),
    )


# ---------------------------------------------------------------------------
# One size, end to end.


@dataclass
class SizeResult:
    records: int
    mix: Mix
    generation_seconds: float
    check_seconds: float
    render_seconds: float
    ours: BuildRun
    ours_site: SiteStats
    plain: BuildRun
    plain_site: SiteStats


class BenchmarkError(Exception):
    """The benchmark itself could not run (not a missed target)."""


def timed(action: Callable[[], object]) -> tuple[object, float]:
    start = time.perf_counter()
    value = action()
    return value, time.perf_counter() - start


def measure_size(records: int, work: Path) -> SizeResult:
    catalog = work / "catalog"
    print(f"\n== N = {records}: work folder {work}", flush=True)
    mix, generation_seconds = timed(lambda: generate_catalog(catalog, records))
    assert mix.total == records, (mix, records)
    print(f"   generated {mix.describe()} in {generation_seconds:.1f} s", flush=True)

    result, check_seconds = timed(lambda: check(catalog))
    if result.problems:  # warnings too: the hook logs them and --strict would stop the build
        raise BenchmarkError("the synthetic catalog is not clean:\n" + format_report(result.problems[:20]))
    _, render_seconds = timed(lambda: render(result.catalog, TODAY))
    print(f"   pipeline.check(): 0 problems in {check_seconds:.1f} s; render() {render_seconds:.1f} s", flush=True)
    texts = record_texts(result)
    record_paths = sorted(texts)
    del result

    ours_docs = make_project(work / "site-ours", HOOK)
    ours = measured_build(work / "site-ours", build_environment(catalog), "pipeline site")
    ours_site = site_stats(work / "site-ours" / "site", record_paths)

    plain_docs = make_project(work / "site-plain", None)
    write_plain_docs(ours_docs, plain_docs, texts)
    plain = measured_build(work / "site-plain", build_environment(None), "plain Markdown")
    plain_site = site_stats(work / "site-plain" / "site", record_paths)
    return SizeResult(records, mix, generation_seconds, check_seconds, render_seconds, ours, ours_site, plain, plain_site)


def measured_build(project: Path, env: dict[str, str], label: str) -> BuildRun:
    print(f"   building {label} ...", end=" ", flush=True)
    run = run_build(project, env)
    print(f"{run.seconds:.1f} s, peak {run.peak_mib:.0f} MiB", flush=True)
    for line in run.warnings[:20]:
        print(f"   mkdocs: {line}")
    if run.returncode != 0:
        tail = "\n".join(run.log.splitlines()[-30:])
        raise BenchmarkError(f"mkdocs build of the {label} failed (exit {run.returncode}), log {project / 'build.log'}:\n{tail}")
    return run


# ---------------------------------------------------------------------------
# Report.


def kib(size: float) -> str:
    return f"{size / 1024:.1f} KB"


def mib(size: float) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


ROWS: list[tuple[str, Callable[[SizeResult], str]]] = [
    ("record files (documents / decisions / hearings / year catalogs)",
     lambda r: f"{r.mix.documents} / {r.mix.decisions} / {r.mix.hearings} / {len(r.mix.decision_years) + len(r.mix.hearing_years)}"),
    ("generation time", lambda r: f"{r.generation_seconds:.1f} s"),
    ("pipeline.check() in-process", lambda r: f"{r.check_seconds:.1f} s"),
    ("pipeline render() in-process", lambda r: f"{r.render_seconds:.1f} s"),
    ("build time, ours (hook + mkdocs)", lambda r: f"{r.ours.seconds:.1f} s"),
    ("build CPU time, ours", lambda r: f"{r.ours.cpu_seconds:.1f} s"),
    ("peak RSS, ours", lambda r: f"{r.ours.peak_mib:.0f} MiB"),
    ("build time, plain Markdown", lambda r: f"{r.plain.seconds:.1f} s"),
    ("peak RSS, plain Markdown", lambda r: f"{r.plain.peak_mib:.0f} MiB"),
    ("time ratio ours/plain", lambda r: f"{r.ours.seconds / r.plain.seconds:.2f}x"),
    ("memory ratio ours/plain", lambda r: f"{r.ours.peak_mib / r.plain.peak_mib:.2f}x"),
    ("HTML pages (index.html), ours / plain", lambda r: f"{r.ours_site.pages} / {r.plain_site.pages}"),
    ("record pages", lambda r: str(r.ours_site.record_pages)),
    ("total HTML size, ours", lambda r: mib(r.ours_site.html_bytes)),
    ("total HTML size, plain", lambda r: mib(r.plain_site.html_bytes)),
    ("median record page, ours", lambda r: kib(r.ours_site.record_median_bytes)),
    ("median record page, plain", lambda r: kib(r.plain_site.record_median_bytes)),
    ("largest page, ours", lambda r: f"{kib(r.ours_site.largest_bytes)} {r.ours_site.largest_page}"),
    ("search index, ours / plain", lambda r: f"{mib(r.ours_site.search_index_bytes)} / {mib(r.plain_site.search_index_bytes)}"),
    ("whole site/ folder, ours", lambda r: mib(r.ours_site.site_bytes)),
]


def print_table(results: list[SizeResult]) -> None:
    header = ["N = " + str(r.records) for r in results]
    cells = [[render_cell(r) for r in results] for _, render_cell in ROWS]
    label_width = max(len(label) for label, _ in ROWS)
    widths = [max(len(header[i]), *(len(row[i]) for row in cells)) for i in range(len(results))]
    print("\n" + " " * label_width + "  " + "  ".join(h.rjust(w) for h, w in zip(header, widths)))
    for (label, _), row in zip(ROWS, cells):
        print(label.ljust(label_width) + "  " + "  ".join(cell.rjust(w) for cell, w in zip(row, widths)))
    print("KB = 1024 bytes, MB = 1024 KB. Plain Markdown: the same page paths; record pages hold only "
          "`# title` and the body text (documents: 正文, decisions: 简介), other pages only their title.")


def verdict(passed: bool) -> str:
    return "PASS" if passed else "FAIL"


def print_checks(results: list[SizeResult]) -> None:
    print("\nChecks against targets")
    largest = max(results, key=lambda r: r.records)
    median = largest.ours_site.record_median_bytes
    print(f"  {verdict(median <= TARGET_MEDIAN_BYTES)}  median record page at N={largest.records}: "
          f"{kib(median)} (target <= {kib(TARGET_MEDIAN_BYTES)} = {TARGET_MEDIAN_BYTES} bytes)")
    smallest = min(results, key=lambda r: r.records)
    if smallest is largest:
        print("  SKIP  linear build time: needs at least two sizes")
    else:
        limit = LINEAR_SLACK * largest.records / smallest.records
        ratio = largest.ours.seconds / smallest.ours.seconds
        print(f"  {verdict(ratio <= limit)}  build time grows linearly: time({largest.records}) / time({smallest.records}) = "
              f"{largest.ours.seconds:.1f} s / {smallest.ours.seconds:.1f} s = {ratio:.2f} (target <= {limit:.1f})")
        memory_growth = largest.ours.peak_mib / smallest.ours.peak_mib
        print(f"  INFO  peak memory growth: {largest.ours.peak_mib:.0f} MiB / {smallest.ours.peak_mib:.0f} MiB = "
              f"{memory_growth:.2f} for {largest.records / smallest.records:.0f}x the records")
    print(f"  INFO  peak memory at N={largest.records}: ours {largest.ours.peak_mib:.0f} MiB, "
          f"plain Markdown {largest.plain.peak_mib:.0f} MiB ({largest.ours.peak_mib / largest.plain.peak_mib:.2f}x), "
          f"{largest.ours.peak_mib * 1024 / largest.records:.0f} KiB per record (no numeric target set)")


# ---------------------------------------------------------------------------


def parse_arguments(argv: Optional[list[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, nargs="+", default=DEFAULT_SIZES, metavar="N",
                        help=f"catalog sizes in record files (default: {' '.join(map(str, DEFAULT_SIZES))})")
    parser.add_argument("--out", type=Path, default=None, help="folder for the work folders (default: a new temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the work folders (catalogs, docs, sites, build logs)")
    args = parser.parse_args(argv)
    if min(args.records) < MIN_RECORDS:
        parser.error(f"--records: each size must be at least {MIN_RECORDS}")
    return args


def main(argv: Optional[list[str]] = None) -> int:
    args = parse_arguments(argv)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="gongkai-bench-", dir=args.out)).resolve()
    print(f"Build benchmark: sizes {', '.join(map(str, args.records))}; site date {TODAY}; work folder {root}")
    results = []
    try:
        for records in args.records:
            work = root / f"records-{records}"
            results.append(measure_size(records, work))
            if not args.keep:
                shutil.rmtree(work)
    except BenchmarkError as error:
        print(f"\nBENCHMARK ERROR: {error}\nWork folders kept in {root}", file=sys.stderr)
        return 1
    if args.keep:
        print(f"\nWork folders kept in {root}")
    else:
        shutil.rmtree(root, ignore_errors=True)
    print_table(results)
    print_checks(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
