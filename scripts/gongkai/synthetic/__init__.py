"""A deterministic synthetic catalog: valid record files of every kind, in the
proportions of a real county-level government (80 % normative documents, 15 %
decision catalogs and items, 5 % hearing catalogs and items), with texts drawn
from fixed word lists. The same size always gives the same files.

    from synthetic import generate_catalog
    mix = generate_catalog(Path("catalog"), 1000)

Run from the project folder: the prose borrows sentences of the demo catalog's 2021 report.
"""
from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from .common import GOVERNMENT, MIN_RECORDS, SEED, Mix, write_yaml
from .decisions import plan_decisions, plan_hearings, write_year_folders
from .documents import cite_bases, link_documents, plan_documents, write_documents

__all__ = ["MIN_RECORDS", "TODAY", "Mix", "generate_catalog"]

TODAY = dt.date(2025, 6, 30)  # build the sites as of this day; every record is released by then

SITE_SETTINGS = {
    "网站名称": "廉江市人民政府政务公开（性能测试数据）",
    "机关名称": GOVERNMENT,
    "公开工作机构": "廉江市人民政府办公室",
    "办公地址": "廉江市人民大道1号",
    "联系电话": "0759-0000000",
    "办公时间": "工作日 8:30-12:00,14:30-17:30",
    "示例站点": "是",
}


def generate_catalog(catalog: Path, total: int) -> Mix:
    """Write a valid synthetic catalog of `total` record files into the new folder `catalog`."""
    mix = Mix.for_total(total)
    rng = random.Random(SEED)
    documents = plan_documents(mix.documents, rng)
    link_documents(documents, rng)
    cite_bases(documents, rng)
    decisions = plan_decisions(mix, documents, rng)
    hearings = plan_hearings(mix, decisions, rng)
    catalog.mkdir(parents=True)
    write_yaml(catalog / "site.yaml", SITE_SETTINGS)
    write_documents(catalog, documents)
    write_year_folders(catalog, mix, decisions, hearings)
    return mix
