"""The catalog kinds: where their files live, their model, their URL space."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Type

from .model.annual import AnnualDisclosureReport
from .model.compliance import ComplianceSettings
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


@dataclass(frozen=True)
class Kind:
    key: str  # internal name, also the URL folder of its pages
    label: str  # what citizens and clerks call it
    model: Type[CatalogModel]
    folder: str  # under catalog/
    suffix: str  # ".yaml" or ".md" (front matter + 正文)
    yearly: bool  # files live in folder/YYYY/


DECISION_CATALOG = Kind("decision-catalogs", "重大行政决策事项目录", DecisionCatalog, "decisions", ".yaml", True)
DECISION = Kind("decisions", "重大行政决策事项", DecisionItem, "decisions", ".yaml", True)
HEARING_CATALOG = Kind("hearing-catalogs", "听证事项目录", HearingCatalog, "hearings", ".yaml", True)
HEARING = Kind("hearings", "听证事项", StandaloneHearing, "hearings", ".yaml", True)
DOCUMENT = Kind("documents", "行政规范性文件", NormativeDocument, "documents", ".md", False)
REPORT = Kind("reports", "法治政府建设年度报告", AnnualReport, "reports", ".md", False)
ANNUAL = Kind("annual", "政府信息公开工作年度报告", AnnualDisclosureReport, "annual", ".yaml", False)

SITE = Kind("site", "站点设置", SiteSettings, "", ".yaml", False)
COMPLIANCE = Kind("compliance", "规则设置", ComplianceSettings, "", ".yaml", False)
COMPLIANCE_FILE = "compliance.yaml"

ALL_KINDS = (DECISION_CATALOG, DECISION, HEARING_CATALOG, HEARING, DOCUMENT, REPORT, ANNUAL)
YEAR_CATALOG_FILE = "catalog.yaml"
SITE_FILE = "site.yaml"
FILES_FOLDER = "files"  # attachments, published as they are
