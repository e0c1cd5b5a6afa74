"""法治政府建设年度报告 (catalog/reports/<编号>.md, front matter + 全文)."""
from __future__ import annotations

from pydantic import Field

from .common import Date, Link, PublicationControl, Text
from typing import Optional


class AnnualReport(PublicationControl):
    year: int = Field(alias="年度", ge=2000, le=2100)
    title: Text = Field(alias="标题")
    issuer: Text = Field(alias="发布机构", description="报告主体，如 廉江市人民政府")
    published: Date = Field(alias="发布日期")
    source_link: Optional[Link] = Field(default=None, alias="原文链接")
    text: Text = Field(alias="正文", description="报告全文（Markdown），写在文件头 --- 之后")
