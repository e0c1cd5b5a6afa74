"""A standing 听证目录: the categories of matters that must go to a hearing, each
with its legal basis. Many governments publish one besides (or instead of) yearly
hearing lists; it has no year and no status (catalog/hearing-lists/<编号>.yaml)."""
from __future__ import annotations

from typing import List, Optional

from pydantic import Field

from .common import CatalogModel, Date, Link, PublicationControl, Text


class HearingMatter(CatalogModel):
    """One category of matters that requires a hearing."""

    title: Text = Field(alias="事项", description="需要听证的事项类别，照录原文")
    legal_basis: List[Text] = Field(default_factory=list, alias="法律依据", description="每行一项，如《中华人民共和国价格法》第二十三条")
    unit: Optional[Text] = Field(default=None, alias="承办单位")
    note: Optional[Text] = Field(default=None, alias="说明")


class HearingList(PublicationControl):
    title: Text = Field(alias="标题", description="如 廉江市重大行政决策听证事项目录")
    authority: Text = Field(alias="制定机关", description="如 廉江市人民政府")
    published: Date = Field(alias="发布日期")
    link: Optional[Link] = Field(default=None, alias="发布链接")
    matters: List[HearingMatter] = Field(alias="听证事项", min_length=1, description="目录列出的事项，按原文顺序")
    note: Optional[Text] = Field(default=None, alias="说明")
