"""Canonical form of catalog files (`format`): keys in the model's order, 文号
in GB/T 9704 brackets, dates as YYYY-MM-DD, the schema line on YAML files,
UTF-8. Comments and everything else stay as the clerk wrote them, so that
diffs show only real changes.
"""
from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from typing import Any, Optional

from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .docno import parse_canonical, suggest
from .kinds import Kind
from .model.fieldkinds import BLOCK, DATE, DOC_NUMBER
from .model.introspect import field_by_alias, record_order
from .schema import MODELINE_PREFIX, modeline
from .yamlsource import split_front_matter

_LOOSE_DATE = re.compile(r"^\s*(\d{4})\s*(?:[-/.年])\s*(\d{1,2})\s*(?:[-/.月])\s*(\d{1,2})\s*日?\s*$")


def round_trip_yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold long Chinese lines
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def loose_date(value: Any) -> Optional[dt.date]:
    """2021-3-1, 2021/03/01, 2021.3.1 and 2021年3月1日 as a date (None if not a date)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = _LOOSE_DATE.match(str(value)) if isinstance(value, str) else None
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def canonicalize(data: CommentedMap, model: type[BaseModel]) -> None:
    """In place: key order, 文号 and dates, recursively."""
    order = [spec.alias for spec in record_order(model)]
    for key in sorted(data.keys(), key=lambda k: order.index(k) if k in order else len(order)):
        data.move_to_end(key)
    for key in list(data.keys()):
        spec = field_by_alias(model, key)
        if spec is None or spec.keyed:
            continue
        value = data[key]
        if spec.kind is DATE and not spec.many:
            parsed = loose_date(value)
            if parsed is not None and not isinstance(value, dt.date):
                data[key] = parsed
        elif spec.kind is DOC_NUMBER and not spec.many and isinstance(value, str) and not parse_canonical(value):
            fixed = suggest(value)
            if fixed:
                data[key] = str(fixed)
        elif spec.kind is BLOCK and spec.block is not None and not spec.many and isinstance(value, CommentedMap):
            canonicalize(value, spec.block)
        elif spec.kind is BLOCK and spec.block is not None and spec.many and isinstance(value, CommentedSeq):
            for item in value:
                if isinstance(item, CommentedMap):
                    canonicalize(item, spec.block)


@dataclass(frozen=True)
class Formatted:
    text: str
    changed: bool


@dataclass
class RecordText:
    """A catalog file split for round-trip editing: its fields, and a Markdown record's body."""

    data: Any  # CommentedMap when the file holds fields
    body: Optional[str]  # None for YAML records


def load_record_text(text: str, kind: Kind) -> Optional[RecordText]:
    """None when the file has no front matter (Markdown) or no fields."""
    body = None
    source = text
    if kind.suffix == ".md":
        front, _, body, _ = split_front_matter(text)
        if front is None:
            return None
        source = front + "\n"
    data = round_trip_yaml().load(source)
    return RecordText(data, body) if isinstance(data, CommentedMap) else None


def dump_record_text(record: RecordText, kind: Kind, catalog_path: str) -> str:
    """The file text again: front matter and body, or YAML with its schema line first."""
    out = io.StringIO()
    round_trip_yaml().dump(record.data, out)
    dumped = out.getvalue()
    if kind.suffix == ".md":
        return "---\n" + dumped + "---\n" + (record.body or "")
    lines = dumped.split("\n")
    if lines and lines[0].startswith(MODELINE_PREFIX):
        lines = lines[1:]
    return modeline(kind, catalog_path) + "\n" + "\n".join(lines)


def format_text(text: str, kind: Kind, catalog_path: str) -> Formatted:
    """The canonical text of one catalog file (front matter only, for Markdown records)."""
    record = load_record_text(text, kind)
    if record is None:
        return Formatted(text, False)
    canonicalize(record.data, kind.model)
    result = dump_record_text(record, kind, catalog_path)
    return Formatted(result, result != text)

