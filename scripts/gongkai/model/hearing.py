"""听证: a yearly 听证目录 (older years) or a hearing inside a decision item (2024+, 粤府令第303号)."""
from __future__ import annotations

from enum import Enum
from typing import ClassVar, List, Optional

from pydantic import Field

from .common import CatalogModel, Date, DocumentLink, Link, PublicationControl, RecordId, Text, YesNo


class HearingStatus(str, Enum):
    PLANNED = "未举行"
    NOTIFIED = "已公告"
    HELD = "已举行"
    CANCELLED = "已取消"


class MaterialRole(str, Enum):
    """Which step of the hearing a file belongs to (国务院令第713号第十七条、第十八条)."""

    NOTICE = "听证公告"
    SELECTION = "参加人遴选办法"
    PARTICIPANTS = "参加人名单"
    MATERIALS = "听证材料"
    RECORD = "听证笔录"
    REPORT = "听证报告"


# Files that exist only once the hearing has been held.
AFTER_HEARING = (MaterialRole.RECORD, MaterialRole.REPORT)


class HearingMaterial(DocumentLink):
    """A hearing's file, kept on this site (文件) or linked (链接), shown at its step."""

    role: Optional[MaterialRole] = Field(default=None, alias="类型",
                                         description="听证公告 / 参加人遴选办法 / 参加人名单 / 听证材料 / 听证笔录 / 听证报告；不填则列在「相关文件」")


class Hearing(CatalogModel):
    """Everything the public needs to know about one hearing."""

    required_unless_migrated: ClassVar[tuple[str, ...]] = ("organiser",)

    organiser: Optional[Text] = Field(default=None, alias="组织单位")
    notice_date: Optional[Date] = Field(default=None, alias="公告日期", description="听证公告发布日期")
    notice_link: Optional[Link] = Field(default=None, alias="公告链接")
    selection_rules: Optional[Text] = Field(default=None, alias="参加人遴选办法", description="听证参加人的遴选规则")
    selection_published: Optional[Date] = Field(default=None, alias="遴选办法公布日期", description="参加人遴选办法向社会公布的日期")
    participants_published: Optional[Date] = Field(default=None, alias="参加人名单公布日期")
    materials_sent: Optional[Date] = Field(default=None, alias="材料送达日期", description="听证材料送达参加人的日期")
    date: Optional[Date] = Field(default=None, alias="听证日期")
    place: Optional[Text] = Field(default=None, alias="听证地点")
    record_link: Optional[Link] = Field(default=None, alias="听证报告链接", description="听证笔录或听证报告")
    record_signed: Optional[YesNo] = Field(default=None, alias="笔录经参加人签字", description="听证笔录是否经听证参加人确认签字")
    documents: List[HearingMaterial] = Field(default_factory=list, alias="文件",
                                             description="听证公告、参加人名单、听证材料、笔录和报告等文件；附件放在 catalog/files/ 下")

    def materials(self, role: Optional[MaterialRole]) -> list[HearingMaterial]:
        return [document for document in self.documents if document.role is role]

    @property
    def report_recorded(self) -> bool:
        return self.record_link is not None or any(d.role in AFTER_HEARING for d in self.documents)


class StandaloneHearing(Hearing, PublicationControl):
    """An item of a yearly 听证目录 (catalog/hearings/YYYY/YYYY-NN.yaml)."""

    required_unless_migrated = ("organiser", "status")

    number: int = Field(alias="序号", ge=1)
    title: Text = Field(alias="标题", description="听证事项名称")
    decision: Optional[RecordId] = Field(default=None, alias="所属决策", description="对应的重大行政决策事项编号，如 2021-03")
    status: Optional[HearingStatus] = Field(default=None, alias="状态")
    published: Optional[Date] = Field(default=None, alias="发布日期", description="本条目在网站公开的日期；留空则随目录发布")

    @property
    def current_status(self) -> Optional[HearingStatus]:
        """状态 as recorded, or held when its report is recorded (None: 未记载)."""
        if self.status is not None:
            return self.status
        return HearingStatus.HELD if self.report_recorded else None


class HearingCatalog(PublicationControl):
    """One year's 听证目录 (catalog/hearings/YYYY/catalog.yaml)."""

    year: int = Field(alias="年度", ge=2000, le=2100)
    authority: Text = Field(alias="制定机关")
    published: Optional[Date] = Field(default=None, alias="发布日期")
    link: Optional[Link] = Field(default=None, alias="发布链接")
    note: Optional[Text] = Field(default=None, alias="说明")

