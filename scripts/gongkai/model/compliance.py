"""catalog/compliance.yaml: the local numbers and severities of the compliance rules.

Every field has a documented default (the national or Guangdong rule), so the
file is optional; a city changes only what differs locally.
"""
from __future__ import annotations

from enum import Enum
from typing import Dict, List, Optional

from pydantic import Field

from .common import CatalogModel, Date, YesNo


class RuleLevel(str, Enum):
    ERROR = "错误"  # blocks the build
    WARNING = "警告"
    INFO = "提示"
    OFF = "关闭"


class ReportingBody(str, Enum):
    """Who publishes the 政府信息公开工作年度报告, which sets its deadline (条例第四十九、五十条)."""

    GOVERNMENT = "本级政府"  # by 31 March, including a 管委会 that reports as a government
    DEPARTMENT = "政府部门"  # by 31 January


class DayType(str, Enum):
    WORKDAY = "工作日"
    HOLIDAY = "休息日"


class CalendarDay(CatalogModel):
    date: Date = Field(alias="日期")
    kind: DayType = Field(alias="类型", description="工作日（含调休上班）或 休息日（法定节假日）")


class ColumnWindows(CatalogModel):
    """Days a column (栏目) may go without new content before it counts as not updated; left
    empty, the inspection's own period in calendar months (6 months for policy columns, a
    year for the yearly report), counted as 民法典第二百零二条 counts months."""

    decisions: Optional[int] = Field(default=None, ge=1, alias="重大行政决策", description="天数；留空为6个月")
    hearings: Optional[int] = Field(default=None, ge=1, alias="听证事项", description="天数；留空为6个月")
    documents: Optional[int] = Field(default=None, ge=1, alias="行政规范性文件", description="天数；留空为6个月")
    interpretations: Optional[int] = Field(default=None, ge=1, alias="政策解读", description="天数；留空为6个月")
    reports: Optional[int] = Field(default=None, ge=1, alias="法治政府建设报告", description="天数；留空为12个月")


class ComplianceSettings(CatalogModel):
    levels: Dict[str, RuleLevel] = Field(default_factory=dict, alias="规则级别",
                                         description="按规则编号调整级别，如 JC-PUBLIC-COMMENT-DAYS: 警告")
    comment_days: int = Field(default=30, ge=1, alias="征求意见最少天数", description="国务院令第713号第十五条：一般不少于30日")
    hearing_material_days: int = Field(default=7, ge=0, alias="听证材料提前天数", description="听证材料至少提前送达参加人的天数")
    legality_review_workdays: int = Field(default=7, ge=0, alias="合法性审查最少工作日", description="送审到审查完成至少的工作日数")
    validity_years: int = Field(default=5, ge=1, alias="有效期上限年", description="规范性文件有效期上限（年）")
    provisional_validity_years: int = Field(default=2, ge=1, alias="暂行试行有效期上限年", description="标题含“暂行”“试行”的文件有效期上限（年）")
    filing_days: int = Field(default=30, ge=0, alias="备案期限天数", description="规范性文件发布后报送备案的期限（天），按本地规定调整")
    government_filing: List[str] = Field(default_factory=lambda: ["人大常委会", "人民政府"], alias="政府文件备案机关",
                                         description="政府及其办公室制发的文件要报送的备案机关（名称中的关键词）：本级人大常委会、上一级人民政府")
    department_filing: List[str] = Field(default_factory=lambda: ["人民政府"], alias="部门文件备案机关",
                                         description="政府部门制发的文件要报送的备案机关（名称中的关键词）：本级人民政府")
    cleanup_years: int = Field(default=2, ge=1, alias="清理周期年", description="规范性文件清理周期（年）")
    expiry_warning_days: int = Field(default=90, ge=0, alias="失效提醒天数", description="有效期届满前多少天开始提醒")
    interpretation_workdays: int = Field(default=3, ge=0, alias="政策解读期限工作日",
                                         description="政策解读应在文件发布后多少个工作日内发布（0 表示同日）")
    disclosure_workdays: int = Field(default=20, ge=1, alias="公开时限工作日",
                                     description="政府信息公开条例第二十六条：信息形成或变更之日起20个工作日内公开")
    column_windows: ColumnWindows = Field(default_factory=ColumnWindows, alias="栏目更新周期天数",
                                          description="国办秘函〔2019〕19号：动态类栏目2周、政策类栏目6个月应有更新；按栏目填写天数")
    catalog_meeting_required: YesNo = Field(default=False, alias="目录须经会议审议",
                                            description="本地规定年度决策事项目录须经政府常务会议审议的填 是（国务院令第713号只要求经同级党委同意）")
    reporting_body: ReportingBody = Field(default=ReportingBody.GOVERNMENT, alias="年度报告主体",
                                          description="本级政府（3月31日前公布年度报告）或 政府部门（1月31日前公布）")
    calendar: List[CalendarDay] = Field(default_factory=list, alias="工作日调整",
                                        description="节假日软件包尚未收录的年份或调整：逐日写明工作日或休息日")
    full_years: List[int] = Field(default_factory=list, alias="自定义年度",
                                  description="完全由“工作日调整”描述的年份（其余周一至周五为工作日）")
