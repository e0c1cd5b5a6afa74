"""Run every rule at its configured level; findings become problems with the rule id."""
from __future__ import annotations

import dataclasses
import datetime as dt

from ..model.compliance import ComplianceSettings, RuleLevel
from ..problems import Problem, Severity
from ..records import Catalog
from .rules import RULES, Context, act_date
from .workdays import CalendarGap, calendar_for

_SEVERITY = {RuleLevel.ERROR: Severity.ERROR, RuleLevel.WARNING: Severity.WARNING, RuleLevel.INFO: Severity.INFO}
SETTINGS_FILE = "catalog/compliance.yaml"


def run_rules(catalog: Catalog, settings: ComplianceSettings, today: dt.date) -> list[Problem]:
    context = Context(catalog, settings, calendar_for(settings), today)
    problems = []
    for rule in RULES:
        level = settings.levels.get(rule.id, rule.level)
        if level is RuleLevel.OFF:
            continue
        try:
            findings = list(rule.check(context))
        except CalendarGap as gap:
            problems.append(Problem(SETTINGS_FILE, f"规则 {rule.id} 需要 {gap.year} 年的节假日安排，但节假日软件包尚未收录",
                                    f"请在 {SETTINGS_FILE} 的「工作日调整」中逐日补充 {gap.year} 年的放假和调休安排", rule=rule.id))
            continue
        for finding in findings:
            if finding.record is not None and rule.in_force_from is not None:
                when = act_date(catalog, finding.record)
                if when is not None and when < rule.in_force_from:
                    continue  # no rule applies to acts before it existed
            severity = _SEVERITY[level]
            if (finding.unrecorded or finding.reminder) and severity is not Severity.INFO:
                severity = Severity.INFO
            if finding.record is None:
                problem = Problem(f"{catalog.root}/{finding.folder}", finding.message, finding.hint)
            else:
                problem = finding.record.problem(finding.loc, finding.message, finding.hint)
            problems.append(dataclasses.replace(problem, severity=severity, rule=rule.id))
    return problems
