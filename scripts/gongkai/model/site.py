"""catalog/site.yaml: what the site says about itself and who runs it."""
from __future__ import annotations

from typing import Annotated, Optional

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from .common import CatalogModel, Link, Text, YesNo


def _plain(value: str) -> str:
    # The theme writes the site's name and copyright into every page as they are.
    if any(ch in value for ch in "<>&\"'"):
        raise PydanticCustomError("gk_plain", "不能包含 < > & \" '", {"value": value})
    return value


PlainText = Annotated[Text, AfterValidator(_plain)]


class SiteSettings(CatalogModel):
    name: PlainText = Field(alias="网站名称", description="如 廉江市人民政府 政务公开")
    government: PlainText = Field(alias="机关名称", description="如 廉江市人民政府")
    office: Text = Field(alias="公开工作机构", description="负责政府信息公开工作的机构")
    address: Optional[Text] = Field(default=None, alias="办公地址")
    phone: Optional[Text] = Field(default=None, alias="联系电话")
    hours: Optional[Text] = Field(default=None, alias="办公时间")
    url: Optional[Link] = Field(default=None, alias="网站地址",
                                description="网站的公开网址，如 https://gk.lianjiang.example/ ；订阅源、数据目录和站点地图据此写成完整网址")
    data_licence: Text = Field(default="可免费下载、使用和转载，请注明来源", alias="数据使用许可",
                               description="开放数据页面和数据目录中说明的使用许可")
    repository: Optional[Link] = Field(default=None, alias="源文件仓库", description="如 https://git.example/gk/catalog ；填写后每页链接到源文件")
    branch: Text = Field(default="main", alias="分支")
    compliance_in_nav: YesNo = Field(default=False, alias="合规报告列入导航",
                                     description="填 是 时，合规检查报告（/compliance/）出现在网站导航中；默认不列入，只供工作人员通过网址访问")
    sample_site: YesNo = Field(default=False, alias="示例站点", description="整站为演示数据时填 是，页头显示示例提示")
