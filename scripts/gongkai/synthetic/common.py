"""What the document and decision parts share: the seed, the shared names and
word lists, how many files of each kind, and writing YAML."""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

import yaml

SEED = 20240601
MIN_RECORDS = 40  # enough for at least one item of each kind

DECISION_SHARE, HEARING_SHARE = 0.15, 0.05  # the rest are normative documents
LAST_DECISION_YEAR = 2024
LAST_HEARING_YEAR = 2023  # from 2024 hearings are recorded inside decision items (粤府令第303号)
MAX_YEARS = 10

CITY = "廉江市"
GOVERNMENT = "廉江市人民政府"
LINK_ROOT = "https://www.example.gov.cn"
SUBJECTS = [
    "城市道路停车", "城乡生活垃圾分类", "农村宅基地", "城市供水", "燃气安全", "户外广告设置", "养犬",
    "城市绿化", "建筑工地扬尘污染防治", "政府投资项目", "政府采购", "国有资产", "住房公积金",
    "公共租赁住房", "义务教育学校招生", "校外培训机构", "医疗保障基金", "最低生活保障", "临时救助",
    "残疾人两项补贴", "农业机械购置补贴", "耕地保护", "河道采砂", "水土保持", "森林防火", "安全生产",
    "食品安全", "药品零售", "电梯安全", "消防安全", "旅游市场", "中小企业发展", "招商引资", "人才引进",
    "科技创新", "历史文化名镇", "文物保护", "公共文化服务", "出租汽车", "网络预约出租汽车", "物业管理",
    "国有土地上房屋征收与补偿", "集体土地征收", "公共资源交易",
]
LAWS = [
    "《中华人民共和国行政许可法》", "《中华人民共和国行政处罚法》", "《中华人民共和国城乡规划法》",
    "《中华人民共和国预算法》", "《中华人民共和国安全生产法》", "《中华人民共和国政府信息公开条例》",
    "《广东省行政规范性文件管理规定》", "《重大行政决策程序暂行条例》", "《广东省重大行政决策程序规定》",
]


@dataclass(frozen=True)
class Mix:
    """How many files of each kind."""
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


def record_rng(kind: str, record_id: str) -> random.Random:
    """A generator of its own per record, so a record's text does not depend on the others."""
    return random.Random(f"{SEED}:{kind}:{record_id}")


class _PlainDumper(yaml.SafeDumper):
    """Writes a repeated value in full, as a clerk would, never as an &anchor / *alias."""

    def ignore_aliases(self, data) -> bool:
        return True


def secrecy_review(published: dt.date) -> dict:
    """The 保密审查 every released record needs, two days before it is published."""
    return {"审查人": "市政府办公室保密审查小组", "日期": published - dt.timedelta(days=2), "结论": "同意公开"}


def to_yaml(data: dict) -> str:
    return yaml.dump(data, Dumper=_PlainDumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1_000_000)


def write_yaml(path: Path, data: dict) -> None:
    path.write_text(to_yaml(data), encoding="utf-8")
