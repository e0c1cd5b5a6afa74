"""The one reading of the catalog models' structure: for every field, its Chinese
key, what kind of value it holds (fieldkinds.py), whether it is a list, and
the model of a nested block. Every consumer reads the models through here:
messages (error translation), the field reference page, `format`, the Excel
columns and the skeletons of `new`.

`alias_path` turns a path of attribute names into the alias path problems point at,
so that a misspelt field is an error where the path is written, not a
message silently placed on the parent key.
"""
from __future__ import annotations

import functools
import types
import typing
from dataclasses import dataclass
from enum import Enum
from typing import Any, Optional, Union

from pydantic import AfterValidator, BaseModel, BeforeValidator, PlainValidator, WrapValidator
from pydantic.fields import FieldInfo

from .common import PublicationControl
from .fieldkinds import BLOCK, CHOICE, INTEGER, NUMBER, TEXT, FieldKind

_VALIDATORS = (BeforeValidator, AfterValidator, PlainValidator, WrapValidator)


class UnknownFieldType(TypeError):
    """A field whose type introspection cannot name: a type that checks its values
    itself must carry a FieldKind marker (fieldkinds.py)."""


@dataclass(frozen=True)
class FieldSpec:
    name: str  # the Python attribute
    alias: str  # the key staff type
    kind: FieldKind  # what one value is
    many: bool  # a list of such values
    keyed: bool  # a mapping from names to such values (规则级别)
    block: Optional[type[BaseModel]]  # kind BLOCK: the nested model
    choices: tuple[str, ...]  # kind CHOICE: the values allowed
    required: bool  # of a record made here
    unrecorded_allowed: bool  # a migrated record may leave it 未记载 (CatalogModel.required_unless_migrated)
    description: str
    info: FieldInfo  # pydantic's own, for defaults and for validating one value (TypeAdapter)


def _markers(metadata) -> tuple[list[FieldKind], bool]:
    """The kind markers in `metadata`, and whether it holds a validator of its own."""
    return [m for m in metadata if isinstance(m, FieldKind)], any(isinstance(m, _VALIDATORS) for m in metadata)


def _read(model: type[BaseModel], name: str, info: FieldInfo) -> FieldSpec:
    annotation: Any = info.annotation
    markers, validated = _markers(info.metadata)
    many = keyed = False
    while True:
        origin, args = typing.get_origin(annotation), typing.get_args(annotation)
        if origin is typing.Annotated:
            inner, checks = _markers(annotation.__metadata__)
            markers, validated = markers + inner, validated or checks
            annotation = args[0]
        elif origin in (Union, types.UnionType) and len([a for a in args if a is not type(None)]) == 1:
            annotation = next(a for a in args if a is not type(None))  # Optional[X]
        elif origin is list and not (many or keyed):
            many, annotation = True, args[0]
        elif origin is dict and not (many or keyed) and args[0] is str:
            keyed, annotation = True, args[1]
        else:
            break
    block = annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None
    choices = annotation if isinstance(annotation, type) and issubclass(annotation, Enum) else None
    if markers:
        kind = markers[-1]  # a refined type's marker comes after its base's
    elif validated:
        raise UnknownFieldType(f"{model.__name__}.{name}: its type checks values itself but names no FieldKind")
    elif block is not None:
        kind = BLOCK
    elif choices is not None:
        kind = CHOICE
    elif annotation in (str, int, float):
        kind = {str: TEXT, int: INTEGER, float: NUMBER}[annotation]
    else:
        raise UnknownFieldType(f"{model.__name__}.{name}: no field kind for {annotation!r}")
    relaxed = name in getattr(model, "required_unless_migrated", ())
    return FieldSpec(name, info.alias or name, kind, many, keyed, block,
                     tuple(member.value for member in choices) if choices else (), info.is_required() or relaxed,
                     relaxed, info.description or "", info)


@functools.cache
def fields(model: type[BaseModel]) -> tuple[FieldSpec, ...]:
    """The model's fields in declaration order."""
    return tuple(_read(model, name, info) for name, info in model.model_fields.items())


@functools.cache
def _by_name(model: type[BaseModel]) -> dict[str, FieldSpec]:
    return {spec.name: spec for spec in fields(model)}


@functools.cache
def _by_alias(model: type[BaseModel]) -> dict[str, FieldSpec]:
    return {spec.alias: spec for spec in fields(model)}


def field(model: type[BaseModel], name: str) -> FieldSpec:
    """The field behind attribute `name`; AttributeError if the model has none."""
    spec = _by_name(model).get(name)
    if spec is None:
        raise AttributeError(f"{model.__name__} has no field {name!r} (fields: {', '.join(_by_name(model))})")
    return spec


def field_by_alias(model: type[BaseModel], alias: Any) -> Optional[FieldSpec]:
    """The field behind the key staff type, or None."""
    return _by_alias(model).get(alias)


_SHARED = frozenset(PublicationControl.model_fields)


def record_order(model: type[BaseModel]) -> tuple[FieldSpec, ...]:
    """The fields in the order a record lists them: its own, then the publication
    fields every kind shares (公开属性, 保密审查 …)."""
    if not issubclass(model, PublicationControl):
        return fields(model)
    own = [spec for spec in fields(model) if spec.name not in _SHARED]
    return tuple(own + [spec for spec in fields(model) if spec.name in _SHARED])


def alias_path(model: type[BaseModel], *path: str | int) -> tuple:
    """The alias path of an attribute path, for problems and findings:
    alias_path(NormativeDocument, "interpretations", 2, "content") -> ("政策解读", 2, "内容").
    AttributeError for a field the model does not have, an index where there is
    no list, or a list item's field without the item's index."""
    aliases: list = []
    current: Optional[type[BaseModel]] = model
    list_field: Optional[FieldSpec] = None  # a list stepped into, awaiting its index
    for part in path:
        if isinstance(part, int) and not isinstance(part, bool):
            if list_field is None:
                raise AttributeError(f"index {part} in {path!r} follows no list")
            aliases.append(part)
            current, list_field = list_field.block, None
            continue
        if list_field is not None:
            raise AttributeError(f"{path!r}: {list_field.name} is a list; give the item's index before {part!r}")
        if current is None:
            raise AttributeError(f"{path!r}: {aliases[-1]!r} holds no fields, so no {part!r}")
        spec = field(current, str(part))
        aliases.append(spec.alias)
        if spec.many:
            current, list_field = None, spec
        else:
            current = spec.block
    return tuple(aliases)


def model_at(model: type[BaseModel], path: tuple) -> Optional[type[BaseModel]]:
    """The model that owns the last key of an alias path, or None."""
    current: Optional[type[BaseModel]] = model
    for part in path[:-1]:
        if isinstance(part, int):
            continue
        spec = field_by_alias(current, part) if current is not None else None
        if spec is None:
            return None
        current = spec.block
    return current


def models(*roots: type[BaseModel]) -> list[type[BaseModel]]:
    """Every model reachable from `roots` through their blocks, each once, roots first."""
    found: list[type[BaseModel]] = []
    pending = list(roots)
    while pending:
        model = pending.pop(0)
        if model not in found:
            found.append(model)
            pending += [spec.block for spec in fields(model) if spec.block is not None]
    return found


_ATTRIBUTES: dict[tuple[type, str], bool] = {}


def has_attribute(cls: type, name: str) -> bool:
    """Whether instances of `cls` have `name`: a model field or anything the class defines."""
    key = (cls, name)
    if key not in _ATTRIBUTES:
        declared = getattr(cls, "model_fields", None)  # a class, not a model instance: no miss path here
        _ATTRIBUTES[key] = bool(declared and name in declared) or any(name in vars(klass) for klass in cls.__mro__)
    return _ATTRIBUTES[key]


def attribute(value: Any, name: str, default: Any = None) -> Any:
    """getattr(value, name, default) for a model that may lack the attribute, without asking pydantic for
    it: a model's miss path is slow (about 0.3 s of a 1,000-record preview rebuild). Models forbid extra
    fields and set no attributes of their own, so what the class declares is all an instance has."""
    return getattr(value, name) if has_attribute(type(value), name) else default


def json_bytes(model: BaseModel) -> bytes:
    """The UTF-8 of model.model_dump_json(), straight from pydantic's serializer: model_dump_json decodes
    the serializer's bytes into a string, which a hash then encodes again (a third of hashing 10,000
    records' public models, in every build with a cache folder)."""
    return type(model).__pydantic_serializer__.to_json(model)
