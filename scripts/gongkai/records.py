"""The domain types every stage after validation shares: a validated record of
some kind, records grouped by kind, and the validated catalog.

A Record is typed over its kind's model: `catalog.of(DOCUMENT)` gives records
whose `model` is a NormativeDocument. Facts about a record that need no other
record (its validity on a day, its dated steps) live on the model; facts that
need the catalog (an item's publication date is its year catalog's) live in
release.py.
"""
from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable, Generic, Iterator, Optional, Protocol

from .kinds import Kind, ModelT
from .load import FileInfo
from .messages import field_label
from .model import SiteSettings
from .model.compliance import ComplianceSettings
from .model.imports import ImportBatches
from .model.introspect import alias_path
from .problems import Problem
from .yamlsource import BODY_KEY, SourceDocument


@dataclass(frozen=True)
class Record(Generic[ModelT]):
    kind: Kind[ModelT]
    id: str
    path: str  # as problems name the file, e.g. catalog/documents/fx-2021-02.md
    model: ModelT
    source: SourceDocument  # positions of keys and values, for problems
    year: Optional[int] = None  # the year folder of yearly kinds
    catalog_path: str = ""  # relative to the catalog folder
    content: str = ""  # what it is read from, with a build's cache folder (load.RawRecord.content)

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

    @property
    def folder_year(self) -> int:
        """The year folder of a record of a yearly kind."""
        if self.year is None:
            raise ValueError(f"{self.path} lies in no year folder")
        return self.year

    def at(self, *path: str | int) -> tuple:
        """The location of an attribute path of this record's model, as problems name it:
        record.at("history", 2, "by") -> ("状态历史", 2, "依据"). AttributeError when misspelt."""
        return alias_path(type(self.model), *path)

    def body_problem(self, line_in_body: int, message: str, hint: str) -> Problem:
        """A problem on a line of the Markdown body (counted from 1), named by file and line only."""
        problem = self.problem((BODY_KEY,), message, hint)
        line = problem.line + line_in_body - 1 if problem.line is not None else None
        return dataclasses.replace(problem, line=line, column=None, field=None)


class Records(Protocol):
    """Whatever holds records by kind: the validated catalog, or the public view of it."""

    def of(self, kind: Kind[ModelT]) -> list[Record[ModelT]]: ...

    def find(self, kind: Kind[ModelT], record_id: Optional[str]) -> Optional[Record[ModelT]]: ...


class RecordSet:
    """Records grouped by kind, with constant-time lookup by id."""

    def __init__(self) -> None:
        self._by_kind: dict[str, list[Record]] = defaultdict(list)
        self._by_id: dict[tuple[str, str], Record] = {}

    def add(self, record: Record) -> None:
        self._by_kind[record.kind.key].append(record)
        self._by_id.setdefault((record.kind.key, record.id), record)

    def of(self, kind: Kind[ModelT]) -> list[Record[ModelT]]:
        return self._by_kind.get(kind.key, [])

    def find(self, kind: Kind[ModelT], record_id: Optional[str]) -> Optional[Record[ModelT]]:
        return self._by_id.get((kind.key, record_id)) if record_id else None

    def sort(self, key: Callable[[Record], Any]) -> None:
        for records in self._by_kind.values():
            records.sort(key=key)

    def __iter__(self) -> Iterator[Record]:
        for records in list(self._by_kind.values()):
            yield from records

    def __len__(self) -> int:
        return sum(len(records) for records in self._by_kind.values())


@dataclass
class Catalog:
    site: Optional[SiteSettings]
    compliance: ComplianceSettings = field(default_factory=ComplianceSettings)
    imports: ImportBatches = field(default_factory=ImportBatches)
    records: RecordSet = field(default_factory=RecordSet)
    files: dict[str, FileInfo] = field(default_factory=dict)
    # (kind key, id) of records that exist but failed validation: references
    # to them are not reported as missing, only their own problems are.
    invalid: set[tuple[str, str]] = field(default_factory=set)
    # Paths under files/ that exist but the loader refused (and reported).
    refused_files: set[str] = field(default_factory=set)
    root: str = "catalog"  # how problems name the catalog folder, e.g. for a whole column
    # site.yaml and compliance.yaml as validated records, so that checks of their
    # published values can name the line.
    settings_records: tuple[Record, ...] = ()

    def of(self, kind: Kind[ModelT]) -> list[Record[ModelT]]:
        return self.records.of(kind)

    def find(self, kind: Kind[ModelT], record_id: Optional[str]) -> Optional[Record[ModelT]]:
        return self.records.find(kind, record_id)
