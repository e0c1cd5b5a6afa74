"""Walking a validated record: the models inside it, with the alias path problems point at."""
from __future__ import annotations

import functools
import typing
from typing import Any, Iterator

from pydantic import BaseModel

from .. import memo


def models_within(model: BaseModel, loc: tuple = ()) -> Iterator[tuple[tuple, BaseModel]]:
    """Every model inside a model, itself first, depth first in field order, with its alias path. Fields
    whose type holds no model are not looked at: a record's model has few models and many other values
    (walking them all to find the models a migrated record may leave incomplete took a third of
    validating a catalog)."""
    yield loc, model
    for name, alias in _fields_holding_models(type(model)):
        value = getattr(model, name)
        key = loc + (alias,)
        if isinstance(value, BaseModel):
            yield from models_within(value, key)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from models_within(item, key + (index,))


@functools.cache
def _fields_holding_models(model_class: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """(name, alias) of the fields whose type can hold a model."""
    return tuple((name, info.alias or name) for name, info in model_class.model_fields.items() if _may_hold_model(info.annotation))


def _may_hold_model(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_may_hold_model(argument) for argument in typing.get_args(annotation))


def nested_models(model: BaseModel) -> list[tuple[tuple, BaseModel]]:
    """Every model inside a record's model with its alias path (attachments, document links,
    date ranges: what the cross-checks look for), found once per record model under serve
    (an unchanged file's model is the same object from rebuild to rebuild)."""
    return memo.of_object("nested models", model, lambda: list(models_within(model)))
