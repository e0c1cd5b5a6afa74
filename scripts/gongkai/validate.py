"""Stage 2, validate: raw records -> typed models, every problem collected."""
from __future__ import annotations

import dataclasses
from typing import Optional

from pydantic import ValidationError

from . import memo
from .load import LoadedCatalog, RawRecord
from .messages import translate
from .model import SiteSettings
from .model.common import PublicationControl, texts_scanned
from .model.compliance import ComplianceSettings
from .model.introspect import attribute
from .model.imports import ImportBatches
from .problems import Problem
from .records import Catalog, Record
from .unrecorded import missing_required

_MIGRATION_HINT = ("如果这条记录是从原有登记迁移来的、原登记没有这项内容，"
                   "请添加「来源」（导入批次，或原始出处和采集日期），这一项即记为未记载")


def _missing_keys(raw: RawRecord) -> list[tuple]:
    """Top-level facts a record made here must state, missing from its file (for a record the model refused)."""
    data = raw.source.data
    model = raw.kind.model
    if not isinstance(data, dict) or data.get("来源") or not issubclass(model, PublicationControl):
        return []
    aliases = [model.model_fields[name].alias or name for name in model.required_unless_migrated]
    return [(alias,) for alias in aliases if data.get(alias) in (None, [], "")]


def _missing(loc: tuple, raw: RawRecord) -> tuple[str, str]:
    """(message, hint) for a fact a record made here must state."""
    message, hint = translate({"type": "missing", "loc": loc}, raw.kind.model)
    return message, f"{hint}；{_MIGRATION_HINT}"


def validate_record(raw: RawRecord) -> tuple[Optional[Record], list[Problem]]:
    # A raw record reused from the last build (an unchanged file) is validated as it was then.
    return memo.of_object("validated", raw, lambda: _validate_record(raw))


def _validate_record(raw: RawRecord) -> tuple[Optional[Record], list[Problem]]:
    try:
        with texts_scanned(raw.texts_scanned):
            model = raw.kind.model.model_validate(raw.source.data)
    except ValidationError as error:
        shell = Record(raw.kind, raw.id, raw.path, None, raw.source, raw.year, raw.catalog_path, raw.content)
        problems = []
        for detail in error.errors(include_url=False):
            message, hint = translate(detail, raw.kind.model)
            problems.append(shell.problem(tuple(detail["loc"]), message, hint, at_key=detail["type"] == "extra_forbidden"))
        # Reported together with the model's own problems, not one round later.
        problems += [shell.problem(loc, *_missing(loc, raw)) for loc in _missing_keys(raw)]
        return None, problems
    _share_texts(raw.source.data, model)
    record = Record(raw.kind, raw.id, raw.path, model, raw.source, raw.year, raw.catalog_path, raw.content)
    if isinstance(model, PublicationControl) and not model.migrated:
        missing = [record.problem(loc, *_missing(loc, raw)) for loc in missing_required(model)]
        if missing:  # invalid, as if the model had refused it: later stages see only complete records
            return None, missing
    return record, []


def _share_texts(data: dict, model) -> None:
    """A top-level text and the model's equal copy of it become one string: a large catalog then holds each
    正文 once, not twice (the parsed one also carries a UTF-8 copy). Later scans of the parsed values read
    the very same text."""
    for name, spec in type(model).model_fields.items():
        alias = spec.alias or name
        parsed, validated = data.get(alias), getattr(model, name, None)
        if isinstance(parsed, str) and isinstance(validated, str) and parsed == validated:
            data[alias] = validated


def _with_batch_review(record: Record, batches: ImportBatches) -> tuple[Record, list[Problem]]:
    """A migrated record of an import batch takes the batch's 来源 facts and 保密审查,
    recorded once in imports.yaml, unless it states its own."""
    provenance = attribute(record.model, "provenance")
    if provenance is None or provenance.batch is None:
        return record, []
    batch = next((b for b in batches.batches if b.id == provenance.batch), None)
    if batch is None:
        known = "、".join(b.id for b in batches.batches) or "（还没有任何批次）"
        return record, [record.problem(record.at("provenance", "batch"), f"导入批次「{provenance.batch}」不存在",
                                       f"请先在 catalog/imports.yaml 的「导入批次」中登记该批次（原始出处、采集日期、保密审查）；已有批次：{known}")]
    update: dict = {}
    if record.model.secrecy_review is None:
        update["secrecy_review"] = batch.secrecy_review
    filled = provenance.model_copy(update={"source": provenance.source or batch.source, "taken": provenance.taken or batch.taken})
    update["provenance"] = filled
    return dataclasses.replace(record, model=record.model.model_copy(update=update)), []


def validate(loaded: LoadedCatalog) -> tuple[Catalog, list[Problem]]:
    problems: list[Problem] = []
    settings: list[Record] = []
    for raw in (loaded.site, loaded.compliance, loaded.imports):
        if raw is not None:
            record, record_problems = validate_record(raw)
            problems += record_problems
            settings += [record] if record else []
    models = {type(record.model): record.model for record in settings}
    batches = models.get(ImportBatches, ImportBatches())
    catalog = Catalog(site=models.get(SiteSettings), compliance=models.get(ComplianceSettings, ComplianceSettings()), imports=batches,
                      files=dict(loaded.files), invalid=set(loaded.unreadable),
                      refused_files=set(loaded.refused_files), root=loaded.root, settings_records=tuple(settings))
    for raw in loaded.records:
        record, record_problems = validate_record(raw)
        problems += record_problems
        if record:
            record, batch_problems = _with_batch_review(record, batches)
            problems += batch_problems
            catalog.records.add(record)
        else:
            catalog.invalid.add((raw.kind.key, raw.id))
    return catalog, problems
