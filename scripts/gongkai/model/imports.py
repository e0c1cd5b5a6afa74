"""catalog/imports.yaml: the migrations that brought records in from earlier
registers and platforms, each recorded once: where from, when, and the one
保密审查 that covered every record of the batch (政府信息公开条例 第十七条)."""
from __future__ import annotations

from typing import List, Optional

from pydantic import Field

from .common import CatalogModel, Date, RecordId, SecrecyReview, Text


class ImportBatch(CatalogModel):
    id: RecordId = Field(alias="编号", description="批次编号，如 gkmlpt-2026-11；记录的「来源」用它引用本批次")
    source: Text = Field(alias="原始出处", description="原登记的网址或文件名，如 https://www.lianjiang.gov.cn/gkmlpt/index 或 规范性文件登记簿.xlsx")
    taken: Date = Field(alias="采集日期", description="从原登记取得数据的日期")
    secrecy_review: SecrecyReview = Field(alias="保密审查", description="对本批全部记录的一次保密审查（审查人、日期、结论）")
    note: Optional[Text] = Field(default=None, alias="说明")


class ImportBatches(CatalogModel):
    batches: List[ImportBatch] = Field(default_factory=list, alias="导入批次")
