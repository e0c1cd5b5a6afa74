"""Official-style Chinese text drawn from fixed word lists."""
from __future__ import annotations

import datetime as dt
import functools
import random
from pathlib import Path
from typing import Optional

from ..project import project_root
from .common import LAWS

BODY_CHARACTERS = (1500, 3000)
REPORT = Path("catalog") / "reports" / "fzzf-2021.md"  # in the project: the demo catalog's 2021 report
REMEDY = "公民、法人或者其他组织对依照{own}作出的行政行为不服的，可以依法申请行政复议或者提起行政诉讼。"
REMEDY_SHARE = 0.9  # most real 规范性文件 end their 法律责任 chapter like this


@functools.cache  # (read when the first catalog is made: importing needs no project)
def _report_sentences() -> list[str]:
    """Sentences of the real 2021 report, so evaluation queries (粤税通, 二维码 …)
    occur in the synthetic pages as they would on a real site."""
    text = (project_root() / REPORT).read_text(encoding="utf-8").split("---", 2)[2]
    lines = [line for line in text.split("\n") if line and not line.startswith("#")]
    return [part + "。" for line in lines for part in line.split("。") if len(part) >= 12]


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
                   self.rng.choice(_report_sentences()) + self.rng.choice(_report_sentences()),
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
        if self.rng.random() < REMEDY_SHARE:
            chapters.append(("法律责任", [REMEDY.format(own=own_name)]))
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
