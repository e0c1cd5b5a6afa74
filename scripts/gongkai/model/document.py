"""行政规范性文件: one record per file (catalog/documents/<编号>.md, front matter + 正文)."""
from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated, Any, List, Optional

from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from ..docno import parse_canonical, suggest
from ..textnorm import without_invisible
from .common import Attachment, CatalogModel, CommentPeriod, Date, DocumentLink, Link, PublicationControl, RecordId, Text, Units
from .fieldkinds import CHOICE, DOC_NUMBER


def _visible(value: str) -> str:
    """文号 and 统一登记号 identify a document: an invisible character (zero-width
    space, direction mark; usually pasted from a web page or chat) would make two
    numbers that look the same differ, and hide from search."""
    for index, char in enumerate(value):
        if not without_invisible(char):
            raise PydanticCustomError(
                "gk_invisible",
                "第{position}个字符处有看不见的字符 {code}，多为复制粘贴带入，请删除后重新输入这个值",
                {"value": value, "position": index + 1, "code": f"U+{ord(char):04X}"},
            )
    return value


VisibleText = Annotated[Text, AfterValidator(_visible)]


def _check_doc_number(value: str) -> str:
    if parse_canonical(value):
        return value
    guess = suggest(value)
    raise PydanticCustomError(
        "gk_docno",
        "文号不符合 GB/T 9704 格式",
        {"value": value, "suggestion": str(guess) if guess else ""},
    )


DocNumberText = Annotated[Text, AfterValidator(_visible), AfterValidator(_check_doc_number),
                          WithJsonSchema({"type": "string", "pattern": "^[^〔〕\\s]+〔\\d{4}〕[1-9]\\d*号$"}), DOC_NUMBER]


class Validity(str, Enum):
    """有效性, as on Guangdong's 政府信息公开目录 platform."""

    IN_FORCE = "现行有效"
    NOT_YET = "尚未施行"  # published, its 施行日期 still to come
    AMENDED = "已修改"
    REPEALED = "已废止"
    EXPIRED = "已失效"


# 已修改 documents stay in force as amended: they still expire and are still cleaned up.
IN_EFFECT = (Validity.IN_FORCE, Validity.AMENDED)

# 有效性 as governments' own registers and platforms write it: an amended document
# is listed 有效 (in force, in its amended form), beside which document amended it.
REGISTER_WORDS = {Validity.IN_FORCE: "有效", Validity.NOT_YET: "尚未施行", Validity.AMENDED: "有效", Validity.REPEALED: "废止",
                  Validity.EXPIRED: "失效"}
_SYNONYMS = {"未施行": Validity.NOT_YET, "有效": Validity.IN_FORCE, "现行有效": Validity.IN_FORCE, "继续有效": Validity.IN_FORCE,
             "修改": Validity.AMENDED, "已修订": Validity.AMENDED, "已修正": Validity.AMENDED,
             "废止": Validity.REPEALED, "失效": Validity.EXPIRED, "宣布失效": Validity.EXPIRED}


def validity_label(status: Validity) -> str:
    """有效性 as the public reads it: the register's own word, the amendment kept visible."""
    return "有效（已修改）" if status is Validity.AMENDED else REGISTER_WORDS[status]


# The register's words in the order listings group by them.
REGISTER_ORDER = ("有效", "尚未施行", "失效", "废止")


def validity_from_word(value: Any) -> Any:
    """有效 / 失效 / 废止 as registers write them, or this catalog's own words."""
    if isinstance(value, str):
        return _SYNONYMS.get(value.strip(), value.strip())
    return value


ValidityWord = Annotated[Validity, BeforeValidator(validity_from_word), CHOICE,
                         WithJsonSchema({"enum": sorted({v.value for v in Validity} | set(_SYNONYMS))})]


class CleanupResult(str, Enum):
    """A 清理 outcome: proposed (拟…) while the batch is under way, or as decided
    (real 清理结果 tables publish the decided outcome: 继续有效, 修改, 废止, 宣布失效)."""

    KEEP = "继续有效"
    AMEND_PROPOSED = "拟修改"
    REPEAL_PROPOSED = "拟废止"
    AMEND = "修改"
    REPEAL = "废止"
    EXPIRE = "宣布失效"


class LegalityCheck(CatalogModel):
    """合法性审核 (《广东省行政规范性文件管理规定》)."""

    date: Date = Field(alias="日期", description="审核完成日期")
    reviewer: Text = Field(alias="审核机构", description="如 廉江市司法局")
    opinion: Optional[Text] = Field(default=None, alias="意见")


class Filing(CatalogModel):
    """备案: filed with the 人大常委会 or the upper-level government."""

    recipient: Text = Field(alias="备案机关", description="如 廉江市人大常委会、湛江市人民政府")
    date: Date = Field(alias="日期", description="报送备案日期")
    number: Optional[Text] = Field(default=None, alias="备案号")


class Interpretation(CatalogModel):
    """政策解读 published alongside the document: written here (内容, then it
    gets a page of its own that links back to the document) or elsewhere (链接)."""

    title: Text = Field(alias="名称")
    date: Optional[Date] = Field(default=None, alias="日期", description="解读发布日期")
    author: Optional[Text] = Field(default=None, alias="解读机关", description="如 廉江市住房和城乡建设局；留空则为发布机构")
    link: Optional[Link] = Field(default=None, alias="链接", description="解读在其他网站上的网址；与“内容”至少填一项")
    content: Optional[Text] = Field(default=None, alias="内容", description="解读全文（Markdown）；填写后在本站生成解读页面")
    attachments: List[Attachment] = Field(default_factory=list, alias="附件",
                                          description="以文件形式发布的解读（如图解、解读文件），放在 catalog/files/ 下；填写后在本站生成解读页面")

    @model_validator(mode="after")
    def _link_or_content(self):
        if self.link is None and self.content is None and not self.attachments:
            raise PydanticCustomError("gk_interpretation", "政策解读需要链接、内容或附件", {})
        return self


class OutsideDocument(CatalogModel):
    """A document this catalog does not hold, named as the deciding document names it."""

    doc_number: Optional[Text] = Field(default=None, alias="文号", description="原文件文号，照录原文（可为空）")
    title: Text = Field(alias="标题", description="原文件名称")
    issuer: Optional[Text] = Field(default=None, alias="发布机构")


class ClauseAction(str, Enum):
    CHANGE = "修改"
    DELETE = "删除"
    ADD = "增加"


class ClauseChange(CatalogModel):
    """One clause an amending document changes, as its text states it (将第六条修改为：……；
    删去第八条；在第七条后增加一条：……). The amended document's page shows its text as amended."""

    document: Optional[RecordId] = Field(default=None, alias="文件",
                                         description="被修改文件的编号；「修改」只列了一份文件时可不填")
    clause: Text = Field(alias="条", description="被修改、删除的条，或新增条文接在其后的条，如 第六条")
    action: ClauseAction = Field(alias="方式", description="修改 / 删除 / 增加")
    text: Optional[Text] = Field(default=None, alias="内容", description="修改后或新增的条文全文（删除时不填）")

    @model_validator(mode="after")
    def _text_unless_deleted(self):
        if self.action is ClauseAction.DELETE and self.text is not None:
            raise PydanticCustomError("gk_clause", "删除条款时不填「内容」", {})
        if self.action is not ClauseAction.DELETE and self.text is None:
            raise PydanticCustomError("gk_clause", "修改或增加条款时需要填写「内容」（修改后或新增的条文全文）", {})
        return self


class Relations(CatalogModel):
    """What this document does to earlier ones; the reverse side is derived."""

    amends: List[RecordId] = Field(default_factory=list, alias="修改", description="本文件修改的文件编号")
    repeals: List[RecordId] = Field(default_factory=list, alias="废止", description="本文件废止的文件编号")
    replaces: List[RecordId] = Field(default_factory=list, alias="替代", description="本文件替代（同时废止）的文件编号")
    repeals_outside: List[OutsideDocument] = Field(default_factory=list, alias="废止目录外文件",
                                                   description="本文件废止、但不在本目录中的文件（文号和标题照录）")
    clause_changes: List[ClauseChange] = Field(default_factory=list, alias="修改条款",
                                               description="本文件对所修改文件逐条作出的修改，照修改文件原文填写；填写后被修改文件的页面显示现行文本")
    based_on: List[RecordId] = Field(default_factory=list, alias="制定依据", description="作为本文件制定依据的本目录文件编号")

    @model_validator(mode="after")
    def _clause_targets(self):
        """A 修改条款 entry without 文件 changes the one document 修改 lists: it is filled in
        here, once, so that every later stage (and the public view's filtering) sees it."""
        if len(self.amends) != 1 or all(change.document for change in self.clause_changes):
            return self
        filled = [change if change.document else change.model_copy(update={"document": self.amends[0]})
                  for change in self.clause_changes]
        return self.model_copy(update={"clause_changes": filled})


class StatusChange(CatalogModel):
    required_unless_migrated = ("date",)

    status: ValidityWord = Field(alias="状态", description="现行有效 / 已修改 / 已废止 / 已失效（也可写 有效、废止、失效）")
    date: Optional[Date] = Field(default=None, alias="日期", description="自该日起生效；迁移记录的原登记没有日期时可不填（未记载）")
    by: Optional[RecordId] = Field(default=None, alias="依据", description="导致状态变化的文件编号（修改、废止时必填）")
    note: Optional[Text] = Field(default=None, alias="说明")


class Cleanup(CatalogModel):
    """One 清理 batch result (documents are reviewed every two years)."""

    required_unless_migrated = ("date",)

    batch: Text = Field(alias="批次", description="如 2022年规范性文件清理")
    date: Optional[Date] = Field(default=None, alias="日期", description="迁移记录的原登记没有日期时可不填（未记载）")
    result: CleanupResult = Field(alias="结果")
    note: Optional[Text] = Field(default=None, alias="说明")


class NormativeDocument(PublicationControl):
    required_unless_migrated = ("registration", "index_number", "topic", "written", "effective", "history", "text")
    unrecorded_if_absent = ("expires", "legality_check", "filings", "interpretations")

    title: Text = Field(alias="标题", description="文件名称")
    doc_number: DocNumberText = Field(alias="文号", description="GB/T 9704 格式，如 廉府规〔2021〕1号；联合发文时填主办机关的文号")
    registration: Optional[VisibleText] = Field(default=None, alias="统一登记号", description="规范性文件统一登记号")
    index_number: Optional[Text] = Field(default=None, alias="索引号", description="政府信息公开目录索引号")
    issuers: Units = Field(alias="发布机构", description="制定机关，如 廉江市人民政府；联合发文的写成列表，主办机关在前")
    drafter: Optional[Text] = Field(default=None, alias="起草单位", description="起草（承办）部门，如 廉江市住房和城乡建设局")
    topic: Optional[Text] = Field(default=None, alias="主题分类", description="政府信息公开目录主题分类")
    written: Optional[Date] = Field(default=None, alias="成文日期")
    published: Date = Field(alias="发布日期")
    effective: Optional[Date] = Field(default=None, alias="施行日期")
    expires: Optional[Date] = Field(default=None, alias="有效期至")
    legality_check: Optional[LegalityCheck] = Field(default=None, alias="合法性审核")
    public_comment: Optional[CommentPeriod] = Field(default=None, alias="征求意见")
    filings: List[Filing] = Field(default_factory=list, alias="备案")
    interpretations: List[Interpretation] = Field(default_factory=list, alias="政策解读")
    attachments: List[Attachment] = Field(default_factory=list, alias="附件")
    original_attachments: List[DocumentLink] = Field(
        default_factory=list, alias="原发布附件",
        description="迁移记录：原发布页面上的附件，按原网址链接（本站没有保存文件副本）")
    relations: Relations = Field(default_factory=Relations, alias="关系")
    history: List[StatusChange] = Field(default_factory=list, alias="状态历史",
                                        description="有效性变化记录，第一条通常为 现行有效（施行日期）；迁移记录可只写原登记的有效性")
    cleanups: List[Cleanup] = Field(default_factory=list, alias="清理")
    text: Optional[Text] = Field(default=None, alias="正文",
                                 description="文件全文（Markdown），写在文件头 --- 之后；迁移记录的原登记没有全文时可暂缺（未记载）")

    @property
    def issuer(self) -> str:
        """The issuing bodies as one line (joint issuance: the lead body first)."""
        return "、".join(self.issuers)

    @property
    def in_force_from(self) -> dt.date:
        """施行日期, or when a migrated source did not record it, the earliest date it did record."""
        return self.effective or min(day for day in (self.written, self.published) if day is not None)

    def validity_on(self, day: dt.date) -> tuple[Validity, Optional[dt.date]]:
        """有效性 on `day` and since when (None: the source did not record the date):
        the latest status change by then, then expiry by date. An undated change (a
        migrated register's 有效性) holds from the document's start."""
        status: Validity = Validity.IN_FORCE
        since: Optional[dt.date] = self.in_force_from
        for change in self.history:
            if change.date is None or change.date <= day:
                status, since = change.status, change.date
        if status in IN_EFFECT and self.expires and self.expires < day:
            return Validity.EXPIRED, self.expires + dt.timedelta(days=1)
        if status in IN_EFFECT and self.effective and day < self.effective:
            return Validity.NOT_YET, self.published  # published, not yet in force: 尚未施行, not 现行有效
        return status, since
