"""Walking a validated record: every value with the alias path problems point at."""
from __future__ import annotations

from typing import Any, Iterator

from pydantic import BaseModel

from .. import memo


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


def nested_models(model: BaseModel) -> list[tuple[tuple, BaseModel]]:
    """Every model inside a record's model with its alias path (attachments, document links,
    date ranges: what the cross-checks look for), found once per record model under serve
    (an unchanged file's model is the same object from rebuild to rebuild)."""
    return memo.of_object("nested models", model, lambda: [(loc, value) for loc, value in walk(model) if isinstance(value, BaseModel)])
