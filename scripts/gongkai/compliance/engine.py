"""Run every rule at its configured level; findings become problems with the rule id.

A rule that judges records one at a time (Rule.judge) is run record by record (judging.py): serve keeps
each record's problems for the next rebuild while the record is the same object, the settings, the day
and the calendar are the same, and every record its judgment looked up is still the one it found: a save
judges again the records it changed (and those that looked them up), not the whole catalog (0.5 s of
each rebuild at 10,000 records).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from typing import Callable, Iterable, Optional, Union, cast

from ..judging import KeptVerdicts, VerdictForm, each_record
from ..kinds import Kind
from ..model.compliance import ComplianceSettings, RuleLevel
from ..problems import Problem, Severity, problems_from_json, problems_to_json
from ..records import Catalog, Record
from .rules import RULES, Context, Finding, Rule, act_date
from .workdays import CalendarGap, calendar_for

_SEVERITY = {RuleLevel.ERROR: Severity.ERROR, RuleLevel.WARNING: Severity.WARNING, RuleLevel.INFO: Severity.INFO}
SETTINGS_FILE = "catalog/compliance.yaml"

# One record's judgment by one rule: its problems, or the year the holiday calendar lacks.
Verdict = Union[list[Problem], CalendarGap]


def run_rules(catalog: Catalog, settings: ComplianceSettings, today: dt.date, kept: Optional[KeptVerdicts] = None) -> list[Problem]:
    """Every active rule's problems as of `today`. `kept`: a build's cache folder, where each record's
    verdicts are kept between builds (judging.py); its answers must cover the settings and the day."""
    context = Context(catalog, settings, calendar_for(settings), today)
    active = [(rule, settings.levels.get(rule.id, rule.level)) for rule in RULES]
    active = [(rule, level) for rule, level in active if level is not RuleLevel.OFF]
    verdicts = _record_verdicts(context, [(rule, level) for rule, level in active if rule.judge is not None], kept)
    problems = []
    for rule, level in active:
        if rule.check is None:  # judged record by record
            judged = [verdicts[id(record)][rule.id] for kind in rule.judges for record in catalog.of(kind)]
        else:
            judged = [_verdict(catalog, rule, level, functools.partial(rule.check, context))]
        missing = next((verdict for verdict in judged if isinstance(verdict, CalendarGap)), None)
        if missing is not None:  # the rule is not applied at all, and says why
            problems.append(Problem(SETTINGS_FILE, f"规则 {rule.id} 需要 {missing.year} 年的节假日安排，但节假日软件包尚未收录",
                                    f"请在 {SETTINGS_FILE} 的「工作日调整」中逐日补充 {missing.year} 年的放假和调休安排", rule=rule.id))
            continue
        for verdict in judged:
            problems += cast(list, verdict)
    return problems


def _verdict(catalog: Catalog, rule: Rule, level: RuleLevel, findings: Callable[[], Iterable[Finding]]) -> Verdict:
    """The findings as problems, or the year a rule lacked (it then judges nothing)."""
    try:
        problems = [_problem(catalog, rule, level, finding) for finding in findings()]
    except CalendarGap as gap:
        return gap
    return [problem for problem in problems if problem is not None]


def _problem(catalog: Catalog, rule: Rule, level: RuleLevel, finding: Finding) -> Optional[Problem]:
    """The finding as a problem at the rule's level; None for an act before the rule existed."""
    if finding.record is not None and rule.in_force_from is not None:
        when = act_date(catalog, finding.record)
        if when is not None and when < rule.in_force_from:
            return None  # no rule applies to acts before it existed
    severity = _SEVERITY[level]
    if (finding.unrecorded or finding.reminder) and severity is not Severity.INFO:
        severity = Severity.INFO
    if finding.record is None:
        problem = Problem(f"{catalog.root}/{finding.folder}", finding.message, finding.hint)
    else:
        problem = finding.record.problem(finding.loc, finding.message, finding.hint)
    return dataclasses.replace(problem, severity=severity, rule=rule.id)


def _verdict_to_json(verdict: Verdict) -> object:
    return {"calendar gap": verdict.year} if isinstance(verdict, CalendarGap) else problems_to_json(verdict)


def _verdict_from_json(data: object) -> Verdict:
    if isinstance(data, dict):
        year = data.get("calendar gap")
        if type(year) is not int or len(data) != 1:
            raise ValueError("a stored calendar gap names its year")
        return CalendarGap(year)
    return problems_from_json(data)


def _record_verdicts(context: Context, rules: list[tuple[Rule, RuleLevel]],
                     kept: Optional[KeptVerdicts] = None) -> dict[int, dict[str, Verdict]]:
    """id(record) -> rule id -> verdict, for every record these rules judge."""
    catalog = context.catalog
    # What every judgment depends on besides its record and the records it looks up.
    answers = (context.settings, context.today, context.calendar, catalog.site, tuple(rules))
    by_kind: dict[Kind, list[tuple[Rule, RuleLevel]]] = {}
    for rule, level in rules:
        for kind in rule.judges:
            by_kind.setdefault(kind, []).append((rule, level))

    def judged(seen_as: Catalog, record: Record) -> dict[str, Verdict]:
        own_context = dataclasses.replace(context, catalog=seen_as)
        verdicts: dict[str, Verdict] = {}
        for rule, level in by_kind[record.kind]:
            judge = rule.judge
            assert judge is not None
            verdicts[rule.id] = _verdict(seen_as, rule, level, functools.partial(judge, own_context, record))
        return verdicts

    def to_json(verdicts: dict[str, Verdict]) -> object:
        # Most records pass most rules: only the rules that found something are written out.
        return [list(verdicts), {rule_id: _verdict_to_json(verdict) for rule_id, verdict in verdicts.items() if verdict != []}]

    def from_json(record: Record, data: object) -> dict[str, Verdict]:
        rule_ids = [rule.id for rule, _ in by_kind[record.kind]]
        if not (isinstance(data, list) and len(data) == 2 and data[0] == rule_ids and isinstance(data[1], dict)
                and data[1].keys() <= set(rule_ids)):
            raise ValueError("a stored record's verdicts are those of the rules that judge it")
        found = {rule_id: _verdict_from_json(verdict) for rule_id, verdict in data[1].items()}
        return {rule_id: found.get(rule_id, []) for rule_id in rule_ids}

    form = VerdictForm(to_json, from_json)
    records = [record for kind in by_kind for record in catalog.of(kind)]
    return each_record("rule verdicts", catalog, records, judged, answers, kept=kept, form=form)
