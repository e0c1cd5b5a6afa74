"""Normative documents (行政规范性文件): plans with unique numbers, amendments and
repeals between them, and the record files."""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from ..kinds import DOCUMENT

from .common import CITY, GOVERNMENT, LINK_ROOT, SUBJECTS, record_rng, secrecy_review, to_yaml
from .prose import Prose

FIRST_PUBLICATION, LAST_PUBLICATION = dt.date(2015, 1, 1), dt.date(2025, 5, 31)


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
DOCUMENT_FORMS = ["管理办法", "实施办法", "实施细则", "暂行办法", "管理规定", "若干规定", "实施意见"]
TOPICS = [
    "综合政务", "国民经济管理、国有资产监管", "财政、金融、审计", "国土资源、能源", "农业、林业、水利",
    "工业、交通", "商贸、海关、旅游", "市场监管、安全生产监管", "城乡建设、环境保护", "科技、教育",
    "文化、广电、新闻出版", "卫生、体育", "劳动、人事、监察", "公安、安全、司法", "民政、扶贫、救灾",
]


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)



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
        year = written.year
        serial = serials[(issuer.slug, year)] = serials.get((issuer.slug, year), 0) + 1
        registration = registrations[year] = registrations.get(year, 0) + 1
        subject, form = rng.choice(SUBJECTS), rng.choice(DOCUMENT_FORMS)
        # The legal validity caps: five years, two for 暂行 and 试行 documents.
        expires = add_years(effective, 2 if ("暂行" in form or "试行" in form) else 5) - dt.timedelta(days=1)
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


def cite_bases(plans: list[DocumentPlan], rng: random.Random) -> None:
    """Some department documents (8 %) take a government document in force as their 制定依据."""
    government = [p for p in plans if p.issuer.name == GOVERNMENT]
    for plan in plans:
        if plan.issuer.name == GOVERNMENT or rng.random() >= 0.08:
            continue
        earlier = [p for p in government if p.in_force_on(plan.effective)]
        if earlier:
            plan.relations["制定依据"] = [rng.choice(earlier[-20:]).id]


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
    data["保密审查"] = secrecy_review(plan.published)
    data["合法性审核"] = {"日期": plan.written - dt.timedelta(days=rng.randint(3, 15)), "审核机构": "廉江市司法局",
                     "意见": "经审核，未发现与法律法规相抵触的内容，同意提交集体审议。"}
    comment_start = plan.written - dt.timedelta(days=rng.randint(45, 90))
    data["征求意见"] = {"开始日期": comment_start, "结束日期": comment_start + dt.timedelta(days=29),
                    "渠道": "廉江市人民政府门户网站", "链接": f"{LINK_ROOT}/zqyj/{plan.id}.html"}
    data["备案"] = [{"备案机关": recipient, "日期": plan.published + dt.timedelta(days=rng.randint(5, 25)),
                   "备案号": f"备{plan.published.year}-{rng.randint(1, 300)}"}
                  for recipient in filing_recipients(plan.issuer)]
    draw = rng.random()
    if draw < 0.3:
        data["政策解读"] = [{"名称": f"{plan.title}政策解读", "日期": plan.published,
                         "链接": f"{LINK_ROOT}/zcjd/{plan.id}.html"}]
    elif draw < 0.5:  # written here: the site gets a page for it
        prose = Prose(rng)
        content = "\n\n".join(f"## {heading}\n\n{prose.sentences(2, 4)}" for heading in ("一、制定背景", "二、主要内容", "三、施行要求"))
        data["政策解读"] = [{"名称": f"《{plan.title}》解读", "日期": plan.published,
                         "解读机关": plan.issuer.name, "内容": content}]
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

