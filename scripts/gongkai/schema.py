"""JSON Schema of every catalog kind, derived from the models, for editors.

Written to docs/schema/ (committed, and published with the site at /schema/);
each YAML catalog file names its schema in a first-line comment
(`# yaml-language-server: $schema=…`) so editors with YAML support complete
field names and flag mistakes as staff type. A test fails when the committed
files differ from what the models produce.
"""
from __future__ import annotations

import json
import posixpath
from pathlib import Path

from .kinds import ALL_KINDS, COMPLIANCE, IMPORTS, SITE, Kind
from .yamlsource import BODY_KEY

SCHEMA_DIR = "docs/schema"
MODELINE_PREFIX = "# yaml-language-server: $schema="


def schema_name(kind: Kind) -> str:
    return f"{kind.key}.json"


def schema_for(kind: Kind) -> dict:
    schema = kind.model.model_json_schema(by_alias=True, mode="validation")
    if kind.suffix == ".md":
        # 正文 is the Markdown after the front matter, not a front-matter field.
        schema["properties"].pop(BODY_KEY, None)
        schema["required"] = [name for name in schema.get("required", []) if name != BODY_KEY]
    for definition in schema.get("$defs", {}).values():
        # Class names and English docstrings mean nothing to the clerk reading a tooltip.
        definition.pop("title", None)
        definition.pop("description", None)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = kind.label
    schema["description"] = f"{kind.label}的目录文件（由数据模型自动生成，请勿手工修改）"
    return schema


def all_schemas() -> dict[str, str]:
    """File name -> JSON text, for every kind including site.yaml and compliance.yaml."""
    return {schema_name(kind): json.dumps(schema_for(kind), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
            for kind in (SITE, COMPLIANCE, IMPORTS) + ALL_KINDS}


def write_schemas(project: Path) -> list[str]:
    """Write docs/schema/*.json; returns the names of files that changed."""
    folder = project / SCHEMA_DIR
    folder.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, text in all_schemas().items():
        target = folder / name
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
            changed.append(name)
    return changed


def modeline(kind: Kind, catalog_path: str) -> str:
    """The first line of a YAML catalog file at `catalog_path` (relative to the catalog folder)."""
    depth = catalog_path.count("/") + 1  # up to the project from catalog/<...>/file
    target = posixpath.join(*([".."] * depth), SCHEMA_DIR, schema_name(kind))
    return MODELINE_PREFIX + target
