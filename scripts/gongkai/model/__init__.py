"""Typed catalog models: the single source of truth for every catalog field.

YAML keys are the Chinese field aliases; Python attribute names are English.
Each field type names what kind of value it holds (fieldkinds.py), and
introspect.py reads the models' structure once for everything derived from
them: messages, the field reference page, `format`, Excel columns, skeletons,
and the alias paths problems point at. The JSON Schema comes from pydantic.
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
