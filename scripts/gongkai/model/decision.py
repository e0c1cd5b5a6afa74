"""重大行政决策事项目录 and its items (《重大行政决策程序暂行条例》国务院令第713号)."""
from __future__ import annotations

from enum import Enum
from typing import List, Optional

from pydantic import Field

from .common import CatalogModel, CommentPeriod, Date, DocumentLink, Link, PublicationControl, RecordId, Text, Units, YesNo
from .hearing import Hearing


class DecisionCategory(str, Enum):
    """The five kinds of 第三条 第一款."""

    PUBLIC_POLICY = "重大公共政策和措施"
    PLANNING = "重要规划"
    RESOURCES = "重要自然资源和文化资源开发利用保护"
    CONSTRUCTION = "重大公共建设项目"
    OTHER = "其他重大事项"


class DecisionStatus(str, Enum):
    PLANNED = "未启动"
    IN_PROGRESS = "推进中"
    DECIDED = "已决策"
    PUBLISHED = "已公布"
    SUSPENDED = "暂缓"
    REMOVED = "已调出目录"


class Meeting(CatalogModel):
    required_unless_migrated = ("date",)

    name: Text = Field(alias="会议", description="会议名称，如 市政府常务会议")
    session: Optional[Text] = Field(default=None, alias="届次", description="如 十六届第45次")
    date: Optional[Date] = Field(default=None, alias="日期", description="会议日期 YYYY-MM-DD；迁移记录的原登记没有日期时可不填（未记载）")


class Adjustment(CatalogModel):
    date: Date = Field(alias="日期", description="调整日期")
    change: Text = Field(alias="内容", description="调整了什么，如 调出第3项")
    reason: Text = Field(alias="理由", description="调整理由")
    published: Optional[Date] = Field(default=None, alias="发布日期",
                                      description="调整向社会公布的日期（政府信息公开条例第二十六条：变更之日起20个工作日内）")


class PublicParticipation(CatalogModel):
    """公众参与 (第十四至十五条)."""

    method: Optional[Text] = Field(default=None, alias="方式",
                                   description="如 向社会公开征求意见、座谈会、听证会、实地走访；30日期限只适用于向社会公开征求意见（留空按公开征求意见检查）")
    start: Date = Field(alias="开始日期", description="征求意见开始日期")
    end: Date = Field(alias="结束日期", description="征求意见结束日期")
    channels: List[Text] = Field(default_factory=list, alias="渠道", description="征求意见渠道，每行一项")
    shortened_reason: Optional[Text] = Field(default=None, alias="缩短期限理由", description="征求意见少于30日时必须说明理由")
    documents: List[DocumentLink] = Field(default_factory=list, alias="文件")


class ExpertReview(CatalogModel):
    """专家论证 (第十九至二十一条)."""

    date: Date = Field(alias="日期")
    form: Optional[Text] = Field(default=None, alias="方式", description="如 论证会、书面咨询")
    summary: Optional[Text] = Field(default=None, alias="情况")
    documents: List[DocumentLink] = Field(default_factory=list, alias="文件")


class RiskAssessment(CatalogModel):
    """风险评估 (第二十二至二十四条)."""

    date: Date = Field(alias="日期")
    conclusion: Optional[Text] = Field(default=None, alias="结论")
    documents: List[DocumentLink] = Field(default_factory=list, alias="文件")


class LegalityReview(CatalogModel):
    """合法性审查 (第二十五至二十八条)."""

    submitted: Date = Field(alias="送审日期")
    completed: Optional[Date] = Field(default=None, alias="完成日期")
    reviewer: Text = Field(alias="审查机构", description="如 廉江市司法局")
    opinion: Optional[Text] = Field(default=None, alias="意见")
    shortened_reason: Optional[Text] = Field(default=None, alias="缩短审查期限理由",
                                             description="送审到集体讨论不足7个工作日的，写明理由（第二十六条：一般不少于7个工作日）")
    counsel: Optional[Text] = Field(default=None, alias="法律顾问参与",
                                    description="法律顾问、公职律师参与合法性审查的情况（第二十八条）")
    documents: List[DocumentLink] = Field(default_factory=list, alias="文件")


class CollectiveDecision(CatalogModel):
    """集体讨论决定 (第三十条)."""

    required_unless_migrated = ("date",)

    meeting: Text = Field(alias="会议", description="如 市政府常务会议")
    session: Optional[Text] = Field(default=None, alias="届次")
    date: Optional[Date] = Field(default=None, alias="日期", description="迁移记录的原登记没有日期时可不填（未记载）")
    result: Optional[Text] = Field(default=None, alias="结果", description="如 原则通过")
    opinion_report: Optional[YesNo] = Field(default=None, alias="提交意见采纳情况",
                                            description="提请讨论时是否同时报送了公众意见、专家论证意见的采纳情况（第二十九条第二项）")


class DecisionPublication(CatalogModel):
    """决策公布 (第三十二条)."""

    date: Date = Field(alias="日期")
    link: Optional[Link] = Field(default=None, alias="链接")
    adoption: Optional[Text] = Field(default=None, alias="意见采纳情况", description="公众意见采纳情况说明")
    channels: List[Text] = Field(default_factory=list, alias="公布渠道", description="如 政府网站、政府公报、新闻发布会（第三十二条）")
    documents: List[DocumentLink] = Field(default_factory=list, alias="文件")


class SimpleStep(CatalogModel):
    """解读, 执行, 决策后评估: a date, what happened and its documents."""

    date: Date = Field(alias="日期")
    summary: Optional[Text] = Field(default=None, alias="情况")
    link: Optional[Link] = Field(default=None, alias="链接")
    documents: List[DocumentLink] = Field(default_factory=list, alias="文件")


class DecisionProcedure(CatalogModel):
    """Each statutory step as a dated entry; a missing step has not happened yet."""

    participation: Optional[PublicParticipation] = Field(default=None, alias="公众参与")
    hearing: Optional[Hearing] = Field(default=None, alias="听证", description="2024年起（粤府令第303号）听证随决策事项记录")
    expert_review: Optional[ExpertReview] = Field(default=None, alias="专家论证")
    expert_review_note: Optional[Text] = Field(default=None, alias="专家论证说明",
                                               description="为什么需要或不需要专家论证（第十九条：专业性、技术性较强的决策事项）")
    risk_assessment: Optional[RiskAssessment] = Field(default=None, alias="风险评估")
    risk_assessment_note: Optional[Text] = Field(default=None, alias="风险评估说明",
                                                 description="为什么需要或不需要风险评估（第二十二条）")
    fair_competition: Optional[SimpleStep] = Field(default=None, alias="公平竞争审查",
                                                   description="涉及市场主体经济活动的，公平竞争审查的日期和结论（第二十九条第一项）")
    legality_review: Optional[LegalityReview] = Field(default=None, alias="合法性审查")
    collective_decision: Optional[CollectiveDecision] = Field(default=None, alias="集体讨论决定")
    publication: Optional[DecisionPublication] = Field(default=None, alias="决策公布")
    interpretation: Optional[SimpleStep] = Field(default=None, alias="解读")
    implementation: Optional[SimpleStep] = Field(default=None, alias="执行")
    evaluation: Optional[SimpleStep] = Field(default=None, alias="决策后评估")

    def dated_steps(self) -> list[tuple[str, object]]:
        """(alias, step) for the recorded, dated steps that carry a single 日期 (公众参与,
        听证 and 合法性审查 have date ranges or several dates of their own)."""
        names = ("expert_review", "risk_assessment", "collective_decision", "publication",
                 "interpretation", "implementation", "evaluation")
        # A step a migrated source recorded without its date (集体讨论决定) has no day to list.
        return [(type(self).model_fields[n].alias or n, getattr(self, n)) for n in names
                if getattr(self, n) is not None and getattr(self, n).date is not None]


class DecisionCatalog(PublicationControl):
    """One year's 重大行政决策事项目录 (catalog/decisions/YYYY/catalog.yaml)."""

    unrecorded_if_absent = ("party_approval", "adopted_at")

    year: int = Field(alias="年度", ge=2000, le=2100)
    authority: Text = Field(alias="制定机关", description="如 廉江市人民政府")
    draft_comment: Optional[CommentPeriod] = Field(default=None, alias="目录征求意见")
    party_approval: Optional[Date] = Field(default=None, alias="党委同意日期", description="报同级党委同意的日期")
    adopted_at: Optional[Meeting] = Field(default=None, alias="审议会议")
    published: Optional[Date] = Field(default=None, alias="发布日期")
    link: Optional[Link] = Field(default=None, alias="发布链接")
    adjustments: List[Adjustment] = Field(default_factory=list, alias="调整")
    note: Optional[Text] = Field(default=None, alias="说明")


class DecisionItem(PublicationControl):
    """One decision in a year's catalog (catalog/decisions/YYYY/YYYY-NN.yaml)."""

    # Published catalogs seldom carry 类别 or 状态; the state follows from the recorded steps.
    required_unless_migrated = ("category", "status")
    unrecorded_if_absent = ("procedure",)

    number: int = Field(alias="序号", ge=1, description="目录中的序号")
    title: Text = Field(alias="标题", description="决策事项名称")
    category: Optional[DecisionCategory] = Field(default=None, alias="类别", description="国务院令第713号第三条规定的五类之一")
    status: Optional[DecisionStatus] = Field(default=None, alias="状态")
    lead_units: Units = Field(alias="承办单位", description="承办（决策起草）单位；几个单位共同承办的写成列表，也可照录“区级相关部门”这类表述")
    co_units: List[Text] = Field(default_factory=list, alias="协办单位")
    legal_basis: List[Text] = Field(default_factory=list, alias="法律依据")
    basis_documents: List[RecordId] = Field(default_factory=list, alias="依据文件", description="作为决策依据的本目录规范性文件编号")
    planned_time: Optional[Text] = Field(default=None, alias="拟决策时间",
                                         description="目录公布的拟决策时间，照录原文，可跨年，如 2024年6月、2023年至2025年")
    planned_completion: Optional[Date] = Field(default=None, alias="计划完成时间")
    planned_steps: List[Text] = Field(default_factory=list, alias="决策程序",
                                      description="目录列明的拟履行程序，照录原文，如 公众参与、合法性审查、集体讨论决定")
    carried_from: Optional[RecordId] = Field(default=None, alias="上年结转",
                                             description="从往年目录结转而来的，填往年事项编号，如 2023-05")
    hearing_required: YesNo = Field(default=False, alias="是否听证")
    widely_concerned: Optional[YesNo] = Field(default=None, alias="公众普遍关心或专业性强",
                                              description="社会公众普遍关心或者专业性、技术性较强的决策，公布时应当说明意见采纳情况（第三十二条）")
    summary: Optional[Text] = Field(default=None, alias="简介")
    published: Optional[Date] = Field(default=None, alias="发布日期", description="本条目在网站公开的日期；留空则随目录发布")
    procedure: DecisionProcedure = Field(default_factory=DecisionProcedure, alias="程序")
    produced_documents: List[RecordId] = Field(default_factory=list, alias="产生文件", description="由此决策制定的规范性文件编号（catalog/documents/ 下的文件名）")

    @property
    def lead_unit(self) -> str:
        return "、".join(self.lead_units)

    @property
    def current_status(self) -> Optional[DecisionStatus]:
        """状态 as recorded, or for a migrated item that did not record it, as its steps show
        (None: neither recorded nor shown by a step: 未记载)."""
        if self.status is not None:
            return self.status
        if self.procedure.publication is not None:
            return DecisionStatus.PUBLISHED
        if self.procedure.collective_decision is not None:
            return DecisionStatus.DECIDED
        return None
