"""What a record does not state: facts a record made here must state, and facts a
migrated record's source did not record (未记载), read from the models' marks
(CatalogModel.required_unless_migrated, .unrecorded_if_absent)."""
from __future__ import annotations

from typing import Any, Iterator

from pydantic import BaseModel

from .model.walk import models_within


def _absent(value: Any) -> bool:
    return value is None or value == [] or (isinstance(value, BaseModel) and not value.model_fields_set)


def _marked(model: BaseModel, names: str) -> Iterator[tuple[tuple, str]]:
    for loc, value in models_within(model):
        owner = type(value)
        for name in getattr(owner, names):
            if _absent(getattr(value, name)):
                yield loc, owner.model_fields[name].alias or name


def missing_required(model: BaseModel) -> list[tuple]:
    """Alias paths of the facts a record made here leaves out although the law asks them."""
    return [loc + (alias,) for loc, alias in _marked(model, "required_unless_migrated")]


def unrecorded_facts(model: BaseModel) -> list[str]:
    """For a migrated record: what its source did not record, as readers name it
    (a fact inside a step is named with its step, e.g. 集体讨论决定的日期)."""
    found = list(_marked(model, "required_unless_migrated")) + list(_marked(model, "unrecorded_if_absent"))
    names = []
    for loc, alias in found:
        steps = [part for part in loc if isinstance(part, str)]
        name = f"{steps[-1]}的{alias}" if steps else alias
        if name not in names:
            names.append(name)
    return names


def is_unrecorded(model: BaseModel, attribute: str) -> bool:
    """Whether a migrated record left this top-level fact out (the source did not record it)."""
    migrated = getattr(model, "migrated", False)
    return bool(migrated) and _absent(getattr(model, attribute))
