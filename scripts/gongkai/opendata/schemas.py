"""JSON Schema of each export file, derived from the record models: the file's
envelope, and its records as the model's fields plus the computed ones."""
from __future__ import annotations

import functools
import json

from ..kinds import Kind
from ..model.document import REGISTER_ORDER
from ..model.common import PublicationControl
from ..schema import schema_for
from ..yamlsource import BODY_KEY
from ..projection import INTERNAL_FIELDS
from .exports import DATA_DIR, KIND_COLUMN, SCHEMA_VERSION

_COMPUTED = {
    "编号": {"type": "string", "description": "记录编号（文件名），也是网址的一部分"},
    "网址": {"type": "string", "description": "记录页面相对网站根目录的网址"},
    "发布日期": {"type": ["string", "null"], "format": "date", "description": "在网站公开的日期"},
    "有效性": {"type": "string", "enum": list(REGISTER_ORDER), "description": "按生成日期计算的有效性（规范性文件），与发布机关的文件目录写法一致；经修改后继续有效的为“有效”，修改文件见“修改文件”"},
    "修改文件": {"type": "array", "items": {"type": "string"}, "description": "修改了本文件的文件文号（规范性文件）"},
    "有效性起始日期": {"type": ["string", "null"], "format": "date"},
    KIND_COLUMN: {"type": "string", "description": "记录类别（全部数据文件）"},
}


def schema_path(kind: Kind | None) -> str:
    return f"{DATA_DIR}/{kind.key if kind else 'all'}.schema.json"


def export_schema(kind: Kind | None, kinds: list[Kind]) -> str:
    return _export_schema(kind, tuple(kinds))


@functools.lru_cache(maxsize=None)  # a function of the code alone: serve rebuilds ask again and again
def _export_schema(kind: Kind | None, kinds: tuple[Kind, ...]) -> str:
    hidden = {PublicationControl.model_fields[name].alias for name in INTERNAL_FIELDS}
    record_schemas = []
    definitions: dict = {}
    for each in ([kind] if kind else kinds):
        schema = schema_for(each)
        definitions.update(schema.pop("$defs", {}))
        for alias in hidden:
            schema["properties"].pop(alias, None)
        schema["properties"].update({k: v for k, v in _COMPUTED.items() if k != KIND_COLUMN or kind is None})
        if each.suffix == ".md":
            schema["properties"][BODY_KEY] = {"type": "string", "description": "全文（Markdown）"}
        schema["required"] = sorted(set(schema.get("required", [])) | {"编号", "网址"})
        for key in ("$schema", "title", "description"):
            schema.pop(key, None)
        schema["additionalProperties"] = False
        record_schemas.append(schema)
    envelope = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"{kind.label if kind else '全部记录'} 数据文件",
        "type": "object",
        "required": ["schema_version", "类别", "生成日期", "记录数", "记录"],
        "properties": {
            "schema_version": {"const": SCHEMA_VERSION},
            "类别": {"type": "string"},
            "生成日期": {"type": "string", "format": "date"},
            "记录数": {"type": "integer", "minimum": 0},
            "说明": {"type": "string"},
            "记录": {"type": "array", "items": record_schemas[0] if kind else {"anyOf": record_schemas}},
        },
        "$defs": definitions,
    }
    return json.dumps(envelope, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
