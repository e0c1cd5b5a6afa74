"""The editors' JSON Schema is derived from the models and kept in step with them."""
import json

from conftest import PROJECT

from gongkai.kinds import ALL_KINDS, SITE
from gongkai.load import load_catalog
from gongkai.schema import MODELINE_PREFIX, SCHEMA_DIR, all_schemas, modeline

import jsonschema


def test_committed_schemas_are_up_to_date():
    for name, text in all_schemas().items():
        committed = PROJECT / SCHEMA_DIR / name
        assert committed.is_file() and committed.read_text(encoding="utf-8") == text, (
            f"{SCHEMA_DIR}/{name} 与数据模型不一致：请运行 python -m gongkai schema 并提交 {SCHEMA_DIR}/")


def test_every_yaml_catalog_file_names_its_schema():
    loaded = load_catalog(PROJECT / "catalog")
    for record in loaded.records + [loaded.site]:
        if record.kind.suffix != ".yaml":
            continue
        first = (PROJECT / "catalog" / record.catalog_path).read_text(encoding="utf-8").split("\n", 1)[0]
        assert first == modeline(record.kind, record.catalog_path), record.path
        assert (PROJECT / "catalog" / record.catalog_path).parent.joinpath(first[len(MODELINE_PREFIX):]).resolve().is_file()


def test_demo_records_validate_against_the_schema():
    loaded = load_catalog(PROJECT / "catalog")
    schemas = {kind.key: json.loads(all_schemas()[f"{kind.key}.json"]) for kind in (SITE,) + ALL_KINDS}
    for record in loaded.records + [loaded.site]:
        data = {k: v for k, v in record.source.data.items() if k != "正文"}
        errors = list(jsonschema.Draft202012Validator(schemas[record.kind.key]).iter_errors(data))
        assert not errors, (record.path, [e.message for e in errors[:3]])


def test_schema_rejects_what_the_checker_rejects():
    schema = json.loads(all_schemas()["documents.json"])
    validator = jsonschema.Draft202012Validator(schema)
    assert not validator.is_valid({"标题": "x", "未知字段": 1})
    assert not validator.is_valid({"文号": "廉府规[2021]1号"})
