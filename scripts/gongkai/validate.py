"""Stage 2, validate: raw records -> typed models, every problem collected."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Iterator, Optional

from pydantic import BaseModel, ValidationError

from .kinds import Kind
from .load import FileInfo, LoadedCatalog, RawRecord
from .messages import field_label, translate
from .model import SiteSettings
from .model.compliance import ComplianceSettings
from .problems import Problem
from .yamlsource import BODY_KEY
from .recordset import RecordSet
from .yamlsource import SourceDocument


@dataclass(frozen=True)
class Record:
    kind: Kind
    id: str
    path: str
    model: Any  # the kind's CatalogModel subclass
    source: SourceDocument
    year: Optional[int] = None
    catalog_path: str = ""  # relative to the catalog folder

    def problem(self, loc: tuple, message: str, hint: str, at_key: bool = False) -> Problem:
        """A problem pointing at `loc` (alias keys and list indexes) in this record's
        file: at the value, or at the key itself when the key is what is wrong."""
        position = self.source.key_position(loc) if at_key else self.source.position(loc)
        return Problem(
            self.path,
            message,
            hint,
            position.line if position else None,
            position.column if position else None,
            field_label(loc) or None,
        )

    def body_problem(self, line_in_body: int, message: str, hint: str) -> Problem:
        """A problem on a line of the Markdown body (counted from 1), named by file and line only."""
        problem = self.problem((BODY_KEY,), message, hint)
        line = problem.line + line_in_body - 1 if problem.line is not None else None
        return dataclasses.replace(problem, line=line, column=None, field=None)


@dataclass
class Catalog:
    site: Optional[SiteSettings]
    compliance: ComplianceSettings = field(default_factory=ComplianceSettings)
    records: RecordSet = field(default_factory=RecordSet)
    files: dict[str, FileInfo] = field(default_factory=dict)
    # (kind key, id) of records that exist but failed validation: references
    # to them are not reported as missing, only their own problems are.
    invalid: set = field(default_factory=set)
    # Paths under files/ that exist but the loader refused (and reported).
    refused_files: set = field(default_factory=set)
    root: str = "catalog"  # how problems name the catalog folder, e.g. for a whole column
    # site.yaml and compliance.yaml as validated records, so that checks of their
    # published values can name the line.
    settings_records: tuple = ()

    def of(self, kind: Kind) -> list[Record]:
        return self.records.of(kind)

    def find(self, kind: Kind, record_id: str) -> Optional[Record]:
        return self.records.find(kind, record_id)


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

