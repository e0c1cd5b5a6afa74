"""政府信息公开工作年度报告 (政府信息公开条例 第四十九、五十条), in the table format of
国办公开办函〔2021〕30号: the statistics a clerk fills in for one year
(catalog/annual/YYYY.yaml). The 行政规范性文件 row is computed from the catalog unless entered."""
from __future__ import annotations

from typing import Optional

from pydantic import Field, NonNegativeFloat, NonNegativeInt, model_validator
from pydantic_core import PydanticCustomError

from .common import CatalogModel, Date, PublicationControl, Text

# A cell of the official tables: a number, or blank (None) where the published
# table leaves it blank. A blank is shown blank, never turned into 0.
Count = Optional[NonNegativeInt]
FIRST_YEAR = 2021  # the tables of 国办公开办函〔2021〕30号 are used from the 2021 reports on


class Requesters(CatalogModel):
    """One row of table 三: counts by requester, and their 总计."""

    natural: Count = Field(alias="自然人")
    business: Count = Field(alias="商业企业")
    research: Count = Field(alias="科研机构")
    nonprofit: Count = Field(alias="社会公益组织")
    legal: Count = Field(alias="法律服务机构")
    other: Count = Field(alias="其他")
    total: Count = Field(alias="总计")


class Refused(CatalogModel):
    """（三）不予公开."""

    state_secret: Requesters = Field(alias="属于国家秘密")
    law_forbids: Requesters = Field(alias="其他法律行政法规禁止公开")
    three_safeties: Requesters = Field(alias="危及“三安全一稳定”")
    third_party: Requesters = Field(alias="保护第三方合法权益")
    internal_affairs: Requesters = Field(alias="属于三类内部事务信息")
    process_information: Requesters = Field(alias="属于四类过程性信息")
    enforcement_files: Requesters = Field(alias="属于行政执法案卷")
    query_matters: Requesters = Field(alias="属于行政查询事项")


class Unavailable(CatalogModel):
    """（四）无法提供."""

    not_held: Requesters = Field(alias="本机关不掌握相关政府信息")
    needs_making: Requesters = Field(alias="没有现成信息需要另行制作")
    still_unclear: Requesters = Field(alias="补正后申请内容仍不明确")


class NotProcessed(CatalogModel):
    """（五）不予处理."""

    petition: Requesters = Field(alias="信访举报投诉类申请")
    repeated: Requesters = Field(alias="重复申请")
    publications: Requesters = Field(alias="要求提供公开出版物")
    excessive: Requesters = Field(alias="无正当理由大量反复申请")
    confirmation: Requesters = Field(alias="要求行政机关确认或重新出具已获取信息")


class OtherHandling(CatalogModel):
    """（六）其他处理."""

    no_correction: Requesters = Field(alias="申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请")
    no_fee: Requesters = Field(alias="申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请")
    other: Requesters = Field(alias="其他")


class Outcomes(CatalogModel):
    """三、本年度办理结果."""

    disclosed: Requesters = Field(alias="予以公开")
    partly: Requesters = Field(alias="部分公开")
    refused: Refused = Field(alias="不予公开")
    unavailable: Unavailable = Field(alias="无法提供")
    not_processed: NotProcessed = Field(alias="不予处理")
    other: OtherHandling = Field(alias="其他处理")
    total: Requesters = Field(alias="总计")


class Applications(CatalogModel):
    """Table 三: 收到和处理政府信息公开申请情况 (aggregates only, never a requester's identity)."""

    new: Requesters = Field(alias="本年新收")
    carried_in: Requesters = Field(alias="上年结转")
    outcomes: Outcomes = Field(alias="本年度办理结果")
    carried_out: Requesters = Field(alias="结转下年度继续办理")


class IssuedCounts(CatalogModel):
    """A 规章 or 行政规范性文件 row of table 二, as a report covering several units states it."""

    issued: Count = Field(alias="本年制发件数")
    repealed: Count = Field(alias="本年废止件数")
    in_force: Count = Field(alias="现行有效件数")


class ActiveDisclosure(CatalogModel):
    """Table 二 rows that come from the year's statistics (the 规范性文件 row is computed
    from the catalog unless the report enters it)."""

    rules: Optional[IssuedCounts] = Field(default=None, alias="规章", description="留空则为 0（县级政府及部门不制定规章）")
    documents: Optional[IssuedCounts] = Field(
        default=None, alias="行政规范性文件",
        description="留空则按目录统计；报告覆盖多个单位（如全区）时照报告填写，并在「统计范围」中写明")

    licensing: Count = Field(alias="行政许可", description="本年处理决定数量")
    penalty: Count = Field(alias="行政处罚", description="本年处理决定数量")
    enforcement: Count = Field(alias="行政强制", description="本年处理决定数量")
    fees: Optional[NonNegativeFloat] = Field(alias="行政事业性收费", description="本年收费金额（万元）；留空表示原表空白")


class CaseResults(CatalogModel):
    upheld: Count = Field(alias="结果维持")
    corrected: Count = Field(alias="结果纠正")
    other: Count = Field(alias="其他结果")
    pending: Count = Field(alias="尚未审结")
    total: Count = Field(alias="总计")


class Appeals(CatalogModel):
    """Table 四: 政府信息公开行政复议、行政诉讼情况 (disclosure cases only)."""

    review: CaseResults = Field(alias="行政复议")
    direct_suit: CaseResults = Field(alias="未经复议直接起诉")
    suit_after_review: CaseResults = Field(alias="复议后起诉")


class AnnualDisclosureReport(PublicationControl):
    year: int = Field(alias="年度", ge=2000, le=2100)
    authority: Text = Field(alias="机关名称", description="报告主体，如 廉江市人民政府")
    published: Optional[Date] = Field(default=None, alias="发布日期")
    overview: Text = Field(alias="总体情况", description="一、总体情况（Markdown）")
    active: ActiveDisclosure = Field(alias="主动公开", description="二、主动公开政府信息情况中来自统计的行")
    scope: Optional[Text] = Field(default=None, alias="统计范围",
                                  description="报告统计的单位范围与本目录不同（如全区各部门）时写明；此时表二规范性文件一行照填写公布，不与目录核对")
    applications: Applications = Field(alias="依申请公开", description="三、收到和处理政府信息公开申请情况")
    appeals: Appeals = Field(alias="行政复议行政诉讼", description="四、政府信息公开行政复议、行政诉讼情况")
    problems: Text = Field(alias="存在的主要问题及改进情况", description="五（Markdown）")
    other_matters: Text = Field(alias="其他需要报告的事项", description="六（Markdown）")

    @model_validator(mode="after")
    def _table_format(self):
        if self.year < FIRST_YEAR:
            raise PydanticCustomError("gk_annual_format", "{year} 年度报告使用 2019 年的表格格式", {"year": self.year})
        return self
