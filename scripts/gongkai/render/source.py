"""Each record's published data file (source/<catalog path>.txt): the public
projection written out as YAML, never the catalog file itself, which holds
comments, internal control data (保密审查 …) and parts not yet public.

Fields come in the model's order under their Chinese names, yes/no as 是/否 and
dates as YYYY-MM-DD, as clerks write them; Markdown records (documents,
reports) keep their layout: the fields between two --- lines, then the full
text. The UTF-8 BOM makes browsers show the .txt file as UTF-8.
"""
from __future__ import annotations

import datetime as dt
from enum import Enum

import yaml

from .. import memo
from ..model.common import PublicationControl
from ..projection import public_fields
from ..textnorm import UTF8_BOM
from ..records import Record
from ..yamlsource import BODY_KEY



# Shared by every kind (公开属性, 示例数据): after the record's own fields, as in the Excel columns.
_SHARED = {info.alias for info in PublicationControl.model_fields.values()}


def source_text(record: Record) -> str:
    fields = public_fields(record.model, mode="python")
    ordered = [key for key in fields if key not in _SHARED] + [key for key in fields if key in _SHARED]
    data = _plain({key: fields[key] for key in ordered})
    if record.kind.suffix != ".md":
        return _yaml(data)
    text = data.pop(BODY_KEY, "")
    return f"---\n{_yaml(data)}---\n{text}\n"


def source_file(record: Record) -> bytes:
    # serve: a record whose public model is the same (frozen) object as at the last rebuild keeps its file.
    return memo.of_object(("source", record.kind.key), record.model, lambda: UTF8_BOM + source_text(record).encode("utf-8"))


def _shown(value) -> bool:
    """Empty values (no 备案, no 说明) are left out, as a clerk would leave them out."""
    return value is not None and value != [] and value != {}


def _plain(value):
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        plain = {key: _plain(item) for key, item in value.items()}
        return {key: item for key, item in plain.items() if _shown(item)}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if value is None or isinstance(value, (str, int, float, dt.date)):
        return value
    raise TypeError(f"unexpected value in a record: {type(value).__name__}")


# libyaml's emitter when PyYAML has it (the pure-Python one costs seconds at 10,000 records).
class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]  # a base chosen at import: both are SafeDumpers
    pass


def _text(dumper: yaml.SafeDumper, value: str):
    # Multi-line text (Markdown 内容, 总体情况 …) as a literal block, readable as typed.
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def _yaml(data: dict) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=10_000)
