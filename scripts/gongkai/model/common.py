"""Shared field types and small value objects used by every catalog kind."""
from __future__ import annotations

import contextlib
import datetime as dt
import re
from contextvars import ContextVar
from enum import Enum
from typing import Annotated, Any, ClassVar, Iterator, List, Optional

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from ..textnorm import first_control_character, is_blank
from .fieldkinds import DATE, LINK, RECORD_ID, SHA256, TEXT, YES_NO

DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _parse_date(value: Any) -> dt.date:
    # The YAML loader keeps dates as text, so every date error is reported
    # here with the value exactly as the clerk typed it.
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not DATE_PATTERN.match(text):
        raise PydanticCustomError("gk_date", "不是有效日期", {"value": text})
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise PydanticCustomError("gk_date", "不是有效日期", {"value": text}) from None


def _parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"是", "true", "yes"}:
        return True
    if text in {"否", "false", "no"}:
        return False
    raise PydanticCustomError("gk_bool", "应填 是 或 否", {"value": value})


def _parse_text(value: Any) -> str:
    # YAML turns 2021 or 1.5 into numbers; a text field takes them as typed.
    if isinstance(value, bool) or value is None or isinstance(value, (list, dict)):
        raise PydanticCustomError("gk_text", "应为文字", {"value": value})
    text = str(value).strip()
    _refuse_hidden_characters(text)
    return text


# True while a record is validated whose every text is known free of control characters (load.RawRecord.
# texts_scanned): a scan of each text again took 0.4 s of every build at 10,000 records.
_TEXTS_SCANNED: ContextVar[bool] = ContextVar("texts scanned", default=False)


@contextlib.contextmanager
def texts_scanned(scanned: bool) -> Iterator[None]:
    """Validate within this when the texts were scanned for control characters already."""
    token = _TEXTS_SCANNED.set(scanned)
    try:
        yield
    finally:
        _TEXTS_SCANNED.reset(token)


def _refuse_hidden_characters(text: str) -> None:
    """A text value must show what it holds: no control or invalid characters,
    and not only invisible ones (zero-width spaces, direction marks)."""
    # Tab and line feed are allowed: multi-line text is normal in 正文, 内容, 说明.
    found = -1 if _TEXTS_SCANNED.get() else first_control_character(text)
    if found >= 0:
        raise PydanticCustomError(
            "gk_hidden_character", "第{position}个字符是不可见的控制字符或无效字符 {code}",
            {"value": text.encode("utf-8", "backslashreplace").decode("utf-8"),  # printable even with a lone surrogate
             "position": found + 1, "code": f"U+{ord(text[found]):04X}",
             "hint": "多为从其他软件复制带入，或 YAML 引号里的 \\ 转义；请删除该字符（编辑器里可能看不见，可删除整个值后重新输入）"})
    if text and is_blank(text):
        raise PydanticCustomError(
            "gk_only_invisible", "只有不可见字符（如零宽空格、方向控制符），等于没有填写",
            {"value": text, "hint": "请填写实际内容，或删除这一行"})


_URL_SCHEMES = ("http://", "https://", "mailto:")


def _parse_link(value: Any) -> str:
    text = _parse_text(value)
    lowered = text.lower()
    if lowered.startswith(_URL_SCHEMES):
        return text
    if ":" in text.split("/")[0]:
        raise PydanticCustomError("gk_link", "链接只能以 http://、https://、mailto: 开头，或为站内相对路径", {"value": text})
    return text


# Each type also says how it looks in the editors' JSON Schema (what staff type
# into YAML), not how Python holds it, and what kind of value it is (fieldkinds.py).
Date = Annotated[dt.date, BeforeValidator(_parse_date),
                 WithJsonSchema({"type": "string", "pattern": DATE_PATTERN.pattern, "description": "日期，格式 YYYY-MM-DD"}), DATE]
YesNo = Annotated[bool, BeforeValidator(_parse_bool), WithJsonSchema({"enum": ["是", "否", True, False]}), YES_NO]
Text = Annotated[str, BeforeValidator(_parse_text), Field(min_length=1), WithJsonSchema({"type": ["string", "number"], "minLength": 1}),
                 TEXT]
Link = Annotated[str, BeforeValidator(_parse_link), Field(min_length=1),
                 WithJsonSchema({"type": "string", "pattern": "^(https?://|mailto:|[^:]+$)"}), LINK]
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


def _one_or_many(value: Any) -> Any:
    # One unit written as text, several as a list.
    if isinstance(value, str) and not value.strip():
        raise PydanticCustomError("string_too_short", "不能为空", {"min_length": 1})
    return [value] if isinstance(value, (str, int, float)) and not isinstance(value, bool) else value


Units = Annotated[List[Text], BeforeValidator(_one_or_many), Field(min_length=1),
                  WithJsonSchema({"anyOf": [{"type": "string", "minLength": 1},
                                            {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1}]})]
RecordId = Annotated[str, BeforeValidator(_parse_text), Field(pattern=ID_PATTERN),
                     WithJsonSchema({"type": "string", "pattern": ID_PATTERN}), RECORD_ID]
Sha256 = Annotated[str, BeforeValidator(_parse_text), Field(pattern=r"^[0-9a-f]{64}$"), SHA256]


class CatalogModel(BaseModel):
    """Base for every catalog block: unknown keys are errors, never dropped."""

    # Facts the law asks of a record made here, which a migrated record may leave
    # 未记载 when its source register never published them (validate.py holds new
    # records to them; their types are Optional for migrated ones).
    required_unless_migrated: ClassVar[tuple[str, ...]] = ()
    # Optional facts whose absence in a migrated record means "the source did not
    # record it", not "it did not happen" (a rule on them gives at most a 提示).
    unrecorded_if_absent: ClassVar[tuple[str, ...]] = ()

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        populate_by_name=False,
        str_strip_whitespace=True,
    )


class Publicity(str, Enum):
    """公开属性 (政府信息公开条例 第十九、二十七条)."""

    ACTIVE = "主动公开"
    ON_REQUEST = "依申请公开"
    WITHHELD = "不予公开"


class ManualReview(CatalogModel):
    """人工核对: a person checked an attachment whose text cannot be read automatically
    (a scan, an image, an old binary Office file, one too large) for personal data.
    It holds for the file with this SHA-256 only: a changed file must be checked again."""

    reviewer: Text = Field(alias="核对人", description="核对人员，如 市政府办公室 张某")
    date: Date = Field(alias="核对日期", description="核对日期")
    sha256: Sha256 = Field(
        alias="sha256", description="所核对文件的 SHA-256（检查时会提示）；文件改动后须重新核对")
    note: Optional[Text] = Field(default=None, alias="说明")


_MANUAL_REVIEW_HELP = "无法自动读取文字的附件（扫描件、图片、旧版 Office 文件、过大的文件）经人工核对不含个人信息后填写"


class Attachment(CatalogModel):
    """A file kept under catalog/files/, published with the site."""

    title: Text = Field(alias="名称", description="附件名称，如“政策解读图表”")
    file: Text = Field(alias="文件", description="附件在 catalog/files/ 下的路径，如 documents/lfg-2021-01/附件1.pdf")
    sha256: Optional[Sha256] = Field(
        default=None, alias="sha256", description="可选：文件的 SHA-256 校验值；填写后构建时核对文件未被改动"
    )
    # Internal, like 保密审查: exports (model_dump) leave it out.
    manual_review: Optional[ManualReview] = Field(default=None, alias="人工核对", description=_MANUAL_REVIEW_HELP, exclude=True)


class DocumentLink(CatalogModel):
    """A document that belongs to a step: either a link or an attachment file."""

    title: Text = Field(alias="名称", description="文件名称")
    link: Optional[Link] = Field(default=None, alias="链接", description="网址或站内路径")
    file: Optional[Text] = Field(default=None, alias="文件", description="catalog/files/ 下的附件路径")
    # Internal, like 保密审查: exports (model_dump) leave it out.
    manual_review: Optional[ManualReview] = Field(default=None, alias="人工核对", description=_MANUAL_REVIEW_HELP, exclude=True)


class CommentPeriod(CatalogModel):
    """A public comment period on a draft (征求意见)."""

    start: Date = Field(alias="开始日期", description="征求意见开始日期")
    end: Date = Field(alias="结束日期", description="征求意见结束日期")
    channel: Optional[Text] = Field(default=None, alias="渠道", description="如 市政府门户网站")
    link: Optional[Link] = Field(default=None, alias="链接", description="征求意见公告网址")


class SecrecyResult(str, Enum):
    APPROVED = "同意公开"
    REFUSED = "不予公开"


class SecrecyReview(CatalogModel):
    """保密审查 before release (政府信息公开条例 第十七条: 公开前依法审查)."""

    reviewer: Text = Field(alias="审查人", description="审查人员或机构，如 市政府办公室保密审查小组")
    date: Date = Field(alias="日期", description="审查日期，不晚于发布日期")
    result: SecrecyResult = Field(alias="结论", description="同意公开 或 不予公开")
    note: Optional[Text] = Field(default=None, alias="说明")


class PersonalDataBasis(CatalogModel):
    """A personal number published on purpose, with the law that requires it (e.g. 失信惩戒公示)."""

    number: Text = Field(alias="号码", description="允许公开的身份证号、手机号码或银行卡号，与文中写法一致")
    basis: Text = Field(alias="依据", description="公开的法律依据，如《……》第X条（失信被执行人名单公示）")
    note: Optional[Text] = Field(default=None, alias="说明")


UNRECORDED = "未记载"


class Provenance(CatalogModel):
    """来源: the record was migrated from an earlier register or platform, not made here.
    What that source did not publish stays 未记载 (never filled in to satisfy the model)."""

    batch: Optional[RecordId] = Field(default=None, alias="导入批次",
                                      description="catalog/imports.yaml 中的批次编号；批次记录原始出处、采集日期和保密审查")
    source: Optional[Text] = Field(default=None, alias="原始出处", description="原登记的网址或文件名；填了导入批次时可省略")
    taken: Optional[Date] = Field(default=None, alias="采集日期", description="从原登记取得的日期；填了导入批次时可省略")
    note: Optional[Text] = Field(default=None, alias="说明")

    @model_validator(mode="after")
    def _batch_or_source(self):
        if self.batch is None and (self.source is None or self.taken is None):
            raise PydanticCustomError(
                "gk_provenance", "迁移记录需要说明来源：填写「导入批次」，或同时填写「原始出处」和「采集日期」",
                {"hint": "如 来源: {原始出处: https://www.example.gov.cn/gkmlpt/content/1/1.html, 采集日期: 2026-11-20}"})
        return self


def _drop_unrecorded(value: Any) -> tuple[Any, bool]:
    """The value with every 未记载 left out (a migrated record's unknown facts), and whether there was one."""
    if isinstance(value, str) and value.strip() == UNRECORDED:
        return None, True
    if isinstance(value, dict):
        kept, found = {}, False
        for key, item in value.items():
            item, dropped = _drop_unrecorded(item)
            found = found or dropped
            if item is not None or not dropped:
                kept[key] = item
        return kept, found
    return value, False


class PublicationControl(CatalogModel):
    """Fields every publishable record carries."""

    provenance: Optional[Provenance] = Field(default=None, alias="来源",
                                             description="迁移自原有登记或平台的记录填写；本站制作的记录不填")

    @model_validator(mode="before")
    @classmethod
    def _unrecorded_values(cls, data: Any) -> Any:
        # 未记载 written out stands for a fact the source did not record: it is the
        # same as leaving the field out, and only a migrated record may do either.
        if not isinstance(data, dict):
            return data
        kept, found = _drop_unrecorded(data)
        if found and not data.get("来源"):
            raise PydanticCustomError(
                "gk_unrecorded_new", "只有迁移记录（填写了「来源」）可以写「未记载」",
                {"hint": "本站制作的记录请填写实际内容；从原有登记迁移的记录请添加「来源」"})
        return kept

    @property
    def migrated(self) -> bool:
        return self.provenance is not None

    publicity: Publicity = Field(alias="公开属性", description="主动公开 / 依申请公开 / 不予公开；只有“主动公开”的记录会出现在网站上")
    secrecy_review: Optional[SecrecyReview] = Field(default=None, alias="保密审查",
                                                    description="公开前的保密审查记录（审查人、日期、结论）；主动公开的记录必须填写")
    personal_data_basis: List[PersonalDataBasis] = Field(default_factory=list, alias="个人信息公开依据",
                                                         description="确需公开的个人号码及其法律依据；其余身份证号、手机号码、银行卡号都不得公开")
    sample: YesNo = Field(default=False, alias="示例数据", description="是否为示例数据；示例数据在页面上醒目标注")
