"""Typed catalog models: the single source of truth for every catalog field.

YAML keys are the Chinese field aliases; Python attribute names are English.
The JSON Schema, docs tables and (later) Excel headers are derived from here.
"""
from .common import CatalogModel, Attachment, DocumentLink, Publicity
from .decision import DecisionCatalog, DecisionItem
from .hearing import HearingCatalog, Hearing, StandaloneHearing
from .document import NormativeDocument
from .report import AnnualReport
from .site import SiteSettings

__all__ = [
    "CatalogModel", "Attachment", "DocumentLink", "Publicity",
    "DecisionCatalog", "DecisionItem", "HearingCatalog", "Hearing",
    "StandaloneHearing", "NormativeDocument", "AnnualReport", "SiteSettings",
]
