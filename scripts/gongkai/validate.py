"""Stage 2, validate: raw records -> typed models, every problem collected."""
from __future__ import annotations

from typing import Any, Iterator, Optional

from pydantic import BaseModel, ValidationError

from .load import LoadedCatalog, RawRecord
from .messages import translate
from .model import SiteSettings
from .model.compliance import ComplianceSettings
from .problems import Problem
from .records import Catalog, Record


def validate_record(raw: RawRecord) -> tuple[Optional[Record], list[Problem]]:
    try:
        model = raw.kind.model.model_validate(raw.source.data)
    except ValidationError as error:
        shell = Record(raw.kind, raw.id, raw.path, None, raw.source, raw.year, raw.catalog_path)
        problems = []
        for detail in error.errors(include_url=False):
            message, hint = translate(detail, raw.kind.model)
            problems.append(shell.problem(tuple(detail["loc"]), message, hint, at_key=detail["type"] == "extra_forbidden"))
        return None, problems
    return Record(raw.kind, raw.id, raw.path, model, raw.source, raw.year, raw.catalog_path), []


def validate(loaded: LoadedCatalog) -> tuple[Catalog, list[Problem]]:
    problems: list[Problem] = []
    settings: list[Record] = []
    for raw in (loaded.site, loaded.compliance):
        if raw is not None:
            record, record_problems = validate_record(raw)
            problems += record_problems
            settings += [record] if record else []
    models = {type(record.model): record.model for record in settings}
    catalog = Catalog(site=models.get(SiteSettings), compliance=models.get(ComplianceSettings, ComplianceSettings()),
                      files=dict(loaded.files), invalid=set(loaded.unreadable),
                      refused_files=set(loaded.refused_files), root=loaded.root, settings_records=tuple(settings))
    for raw in loaded.records:
        record, record_problems = validate_record(raw)
        problems += record_problems
        if record:
            catalog.records.add(record)
        else:
            catalog.invalid.add((raw.kind.key, raw.id))
    return catalog, problems


def walk(model: BaseModel, loc: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """Every (alias path, value) inside a model, depth first, models included."""
    yield loc, model
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        key = loc + (info.alias or name,)
        if isinstance(value, BaseModel):
            yield from walk(value, key)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from walk(item, key + (index,))
                else:
                    yield key + (index,), item
        else:
            yield key, value

