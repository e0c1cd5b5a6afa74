"""The models are read in one place (gongkai.model.introspect): every field of
every model has a known kind, and every location a check writes as a path of
model attributes resolves to the Chinese keys (a misspelt attribute fails here,
not as a message silently placed on the parent key)."""
import ast
import importlib
from typing import Annotated, Optional

import pytest
from conftest import PROJECT
from pydantic import AfterValidator, BaseModel

from gongkai.kinds import ALL_KINDS, COMPLIANCE, SITE
from gongkai.model import fieldkinds
from gongkai.model.annual import AnnualDisclosureReport
from gongkai.model.decision import DecisionItem
from gongkai.model.document import NormativeDocument
from gongkai.model.fieldkinds import BLOCK, CHOICE, DATE, DOC_NUMBER, FieldKind
from gongkai.model.introspect import UnknownFieldType, alias_path, fields, models

PACKAGE = PROJECT / "scripts" / "gongkai"
ALL_MODELS = models(*(kind.model for kind in (SITE, COMPLIANCE) + ALL_KINDS))
KNOWN_KINDS = {value for value in vars(fieldkinds).values() if isinstance(value, FieldKind)}
# Where checks name fields by attribute path instead of spelling the Chinese keys.
CONVERTED = ["compliance/rules/decisions.py", "compliance/rules/documents.py", "compliance/rules/publication.py",
             "markupcheck.py", "privacy/check.py", "annual/checks.py", "annual/tables.py", "attachmentcheck.py"]


def test_every_field_of_every_model_has_a_known_kind():
    assert len(ALL_MODELS) > 40
    for model in ALL_MODELS:
        for spec in fields(model):  # raises UnknownFieldType for a field it cannot name
            assert spec.kind in KNOWN_KINDS, (model, spec.name)
            assert (spec.block is not None) == (spec.kind is BLOCK), (model, spec.name)
            assert bool(spec.choices) == (spec.kind is CHOICE), (model, spec.name)


def test_field_kinds_come_from_the_markers_on_the_types():
    by_name = {spec.name: spec for spec in fields(NormativeDocument)}
    assert by_name["doc_number"].kind is DOC_NUMBER  # 文号 is text and more: the refined marker counts
    assert by_name["expires"].kind is DATE  # inside Optional
    assert by_name["interpretations"].many and by_name["interpretations"].block.__name__ == "Interpretation"


def test_a_type_that_checks_values_must_name_its_kind():
    class Unmarked(BaseModel):
        code: Optional[Annotated[str, AfterValidator(str.strip)]] = None

    class Marked(BaseModel):
        code: Optional[Annotated[str, AfterValidator(str.strip), fieldkinds.TEXT]] = None

    with pytest.raises(UnknownFieldType, match="Unmarked.code"):
        fields(Unmarked)
    assert fields(Marked)[0].kind is fieldkinds.TEXT


def test_alias_path_spells_the_keys_and_refuses_unknown_attributes():
    assert alias_path(NormativeDocument, "interpretations", 2, "content") == ("政策解读", 2, "内容")
    assert alias_path(DecisionItem, "procedure", "hearing", "materials_sent") == ("程序", "听证", "材料送达日期")
    assert alias_path(AnnualDisclosureReport, "applications", "carried_in", "total") == ("依申请公开", "上年结转", "总计")
    for wrong in [("interpretation",), ("interpretations", "content"), ("title", 0), ("title", "text"), ("标题",)]:
        with pytest.raises(AttributeError):
            alias_path(NormativeDocument, *wrong)


def _calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "alias_path":
            yield node


def _static_path(model, args: list[ast.expr]) -> tuple:
    """The attribute path as written; a value computed at run time stands for a list
    index where a list is (0), and ends the part that can be checked here otherwise."""
    path: list = []
    for arg in args:
        if isinstance(arg, ast.Constant):
            path.append(arg.value)
            continue
        try:
            alias_path(model, *path, 0)
        except AttributeError:
            break  # an attribute chosen at run time; alias_path checks it when it runs
        path.append(0)
    return tuple(path)


def test_every_attribute_path_in_the_code_resolves():
    checked = 0
    for source in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        calls = list(_calls(tree))
        if not calls:
            continue
        module = importlib.import_module("gongkai." + ".".join(source.relative_to(PACKAGE).with_suffix("").parts))
        for call in calls:
            first = call.args[0]
            if not isinstance(first, ast.Name):
                continue  # e.g. type(value): resolved when it runs
            model = getattr(module, first.id)
            path = _static_path(model, call.args[1:])
            try:
                alias_path(model, *path)
            except AttributeError as error:
                pytest.fail(f"{source.relative_to(PROJECT)}:{call.lineno}: {error}")
            checked += 1
    assert checked >= 40


def _loc_arguments(call: ast.Call):
    name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
    index = {"problem": 0, "Finding": 1}.get(name)
    if index is not None and len(call.args) > index:
        yield call.args[index]


def _spelled(node: ast.expr) -> bool:
    if isinstance(node, ast.BinOp):
        return _spelled(node.left) or _spelled(node.right)
    return isinstance(node, ast.Tuple) and any(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts)


@pytest.mark.parametrize("path", CONVERTED)
def test_checks_name_fields_by_attribute_not_by_spelled_keys(path):
    tree = ast.parse((PACKAGE / path).read_text(encoding="utf-8"))
    spelled = [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Call)
               for argument in _loc_arguments(node) if _spelled(argument)]
    assert not spelled, f"{path}: Chinese keys spelled by hand at lines {spelled}; use alias_path(Model, 'attribute', …)"


def _every_model(model: BaseModel, loc: tuple = ()):
    """The models inside a model, found by looking at every field's value (the plain definition)."""
    yield loc, model
    for name, info in type(model).model_fields.items():
        value, key = getattr(model, name), loc + (info.alias or name,)
        items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        for index, item in items:
            if isinstance(item, BaseModel):
                yield from _every_model(item, key if index is None else key + (index,))


@pytest.mark.parametrize("catalog", [PROJECT / "catalog", PROJECT / "tests" / "fixtures" / "minimal"])
def test_the_models_within_a_record_are_those_a_look_at_every_value_finds(catalog):
    from gongkai.model.walk import models_within
    from gongkai.pipeline import check

    records = list(check(catalog, "catalog").catalog.records)
    assert len(records) > 5
    for record in records:
        everywhere = list(_every_model(record.model))
        found = list(models_within(record.model))
        assert len(everywhere) > 1 and [loc for loc, _ in found] == [loc for loc, _ in everywhere]
        assert all(a is b for (_, a), (_, b) in zip(found, everywhere))
