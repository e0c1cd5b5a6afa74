"""Walking a validated record: every value with the alias path problems point at."""
from __future__ import annotations

from typing import Any, Iterator

from pydantic import BaseModel


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
