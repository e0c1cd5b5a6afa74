"""What the staff compliance report shows: the findings of the check, the
deadlines coming up within HORIZON_DAYS, and the settings in force. Rendering
only lays it out (render/compliance_page.py)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..model.compliance import ComplianceSettings
from ..problems import Problem
from ..records import Catalog
from .deadlines import Deadline, upcoming_deadlines

HORIZON_DAYS = 180


@dataclass
class StaffReport:
    findings: list[Problem] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)  # already limited to HORIZON_DAYS
    settings: ComplianceSettings = field(default_factory=ComplianceSettings)
    horizon_days: int = HORIZON_DAYS


def staff_report(catalog: Catalog, today: dt.date, findings: list[Problem]) -> StaffReport:
    deadlines = upcoming_deadlines(catalog, catalog.compliance, today, HORIZON_DAYS)
    return StaffReport(list(findings), deadlines, catalog.compliance)
