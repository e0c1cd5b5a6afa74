"""The registry of catalog kinds: every fact that differs from one kind to the
next lives on its entry here, and every stage reads it from here.

Adding a kind: its model (model/), its entry below (added to ALL_KINDS), and
its pages (render/, registered in render.RENDERERS). tests/test_kinds.py walks
the registry and fails when a consumer does not cover a kind; docs for
developers: CONTRIBUTING.md.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, Optional, TypeVar

from .model import (
    AnnualReport,
    CatalogModel,
    DecisionCatalog,
    DecisionItem,
    HearingCatalog,
    NormativeDocument,
    SiteSettings,
    StandaloneHearing,
)
from .model.annual import AnnualDisclosureReport
from .model.compliance import ComplianceSettings
from .model.hearing_list import HearingList
from .model.imports import ImportBatches

ModelT = TypeVar("ModelT", bound=CatalogModel)

YEAR_CATALOG_FILE = "catalog.yaml"  # a year catalog's file, beside the items it lists
SITE_FILE = "site.yaml"
COMPLIANCE_FILE = "compliance.yaml"
IMPORTS_FILE = "imports.yaml"  # migrations from earlier registers, each with its 保密审查
FILES_FOLDER = "files"  # attachments, published as they are


@dataclass(frozen=True)
class HomeSection:
    """The kind's card on the home page."""

    title: str
    summary: str


@dataclass(frozen=True, eq=False)
class Kind(Generic[ModelT]):
    key: str  # internal name; also names its feed and export files
    label: str  # what citizens and clerks call it
    model: type[ModelT]
    folder: str  # under catalog/, and the URL folder of its pages
    suffix: str  # ".yaml" or ".md" (front matter + 正文)
    command: str  # `gongkai new <command>`
    yearly: bool = False  # files live in folder/YYYY/
    # Items only: the year catalog that lists them. Items sit in its folder and are
    # released with it (an item without its own 发布日期 takes the catalog's).
    year_catalog: Optional[Kind] = None
    is_year_catalog: bool = False  # one per year: folder/YYYY/catalog.yaml, id = the year
    sheet: Optional[str] = None  # its sheet in the Excel register; None: not in the register
    search_unit: Optional[str] = None  # model attribute search results are filtered by (制定/承办/组织/发布单位)
    latest: bool = False  # listed under 最新公开 on the home page
    home: Optional[HomeSection] = None

    def __repr__(self) -> str:
        return f"Kind({self.key})"

    def catalog_path(self, record_id: str) -> str:
        """Where a record of this kind lives, relative to the catalog folder."""
        if self.is_year_catalog:
            return f"{self.folder}/{record_id}/{YEAR_CATALOG_FILE}"
        if self.yearly:
            return f"{self.folder}/{record_id[:4]}/{record_id}{self.suffix}"
        return f"{self.folder}/{record_id}{self.suffix}"


DECISION_CATALOG: Kind[DecisionCatalog] = Kind(
    "decision-catalogs", "重大行政决策事项目录", DecisionCatalog, "decisions", ".yaml", "decision-catalog",
    yearly=True, is_year_catalog=True, sheet="重大行政决策事项目录", search_unit="authority", latest=True)
DECISION: Kind[DecisionItem] = Kind(
    "decisions", "重大行政决策事项", DecisionItem, "decisions", ".yaml", "decision",
    yearly=True, year_catalog=DECISION_CATALOG, sheet="重大行政决策事项", search_unit="lead_units", latest=True,
    home=HomeSection("重大行政决策", "年度重大行政决策事项目录，以及每个事项的公众参与、专家论证、风险评估、合法性审查、集体讨论决定等程序。"))
HEARING_CATALOG: Kind[HearingCatalog] = Kind(
    "hearing-catalogs", "听证事项目录", HearingCatalog, "hearings", ".yaml", "hearing-catalog",
    yearly=True, is_year_catalog=True, sheet="听证事项目录", search_unit="authority")
HEARING: Kind[StandaloneHearing] = Kind(
    "hearings", "听证事项", StandaloneHearing, "hearings", ".yaml", "hearing",
    yearly=True, year_catalog=HEARING_CATALOG, sheet="听证事项", search_unit="organiser", latest=True,
    home=HomeSection("听证事项", "听证事项目录、听证公告、参加人遴选、听证时间地点和听证报告。"))
# A standing list of the categories of matters that require a hearing: no year, no status.
HEARING_LIST: Kind[HearingList] = Kind(
    "hearing-lists", "听证事项目录（常设）", HearingList, "hearing-lists", ".yaml", "hearing-list",
    search_unit="authority")  # its matters are a list of blocks: no register sheet
DOCUMENT: Kind[NormativeDocument] = Kind(
    "documents", "行政规范性文件", NormativeDocument, "documents", ".md", "document",
    sheet="规范性文件", search_unit="issuers", latest=True,
    home=HomeSection("行政规范性文件", "文件全文、文号、有效性、合法性审核、备案、政策解读及修改废止情况。"))
REPORT: Kind[AnnualReport] = Kind(
    "reports", "法治政府建设年度报告", AnnualReport, "reports", ".md", "report",
    sheet="法治政府建设年度报告", search_unit="issuer", latest=True,
    home=HomeSection("法治政府建设年度报告", "每年公开的法治政府建设情况报告全文。"))
# Its statistics tables are their own outputs (annual/): no register sheet, no search labels.
ANNUAL: Kind[AnnualDisclosureReport] = Kind(
    "annual", "政府信息公开工作年度报告", AnnualDisclosureReport, "annual", ".yaml", "annual",
    home=HomeSection("信息公开年报", "每年公布的政府信息公开工作年度报告：主动公开、依申请公开、行政复议和行政诉讼的统计。"))

ALL_KINDS: tuple[Kind, ...] = (DECISION_CATALOG, DECISION, HEARING_CATALOG, HEARING, HEARING_LIST, DOCUMENT, REPORT, ANNUAL)
YEAR_CATALOGS = tuple(kind for kind in ALL_KINDS if kind.is_year_catalog)
ITEM_KINDS = tuple(kind for kind in ALL_KINDS if kind.year_catalog is not None)
# The Excel register's sheets in the order clerks meet them: the documents register
# first, items before their year catalogs.
# Every kind with a `sheet`, exactly once (tests/test_kinds.py).
REGISTER_KINDS = (DOCUMENT, DECISION, HEARING, DECISION_CATALOG, HEARING_CATALOG, REPORT)
# Kinds of their own folder (documents/, reports/, annual/), one file per record.
FLAT_KINDS = tuple(kind for kind in ALL_KINDS if not kind.yearly)

# Settings files: validated like records, never published as records.
SITE: Kind[SiteSettings] = Kind("site", "站点设置", SiteSettings, "", ".yaml", "")
COMPLIANCE: Kind[ComplianceSettings] = Kind("compliance", "规则设置", ComplianceSettings, "", ".yaml", "")
IMPORTS: Kind[ImportBatches] = Kind("imports", "导入批次", ImportBatches, "", ".yaml", "")


def items_of(catalog_kind: Kind) -> Kind:
    """The item kind a year catalog lists."""
    return next(kind for kind in ITEM_KINDS if kind.year_catalog is catalog_kind)


def by_key(key: str) -> Optional[Kind]:
    return next((kind for kind in ALL_KINDS if kind.key == key), None)


def by_folder(folder: str) -> tuple[Kind, ...]:
    return tuple(kind for kind in ALL_KINDS if kind.folder == folder)


def by_command(command: str) -> Optional[Kind]:
    return next((kind for kind in ALL_KINDS if kind.command == command), None)
