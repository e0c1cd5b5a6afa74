"""Serve's reuse of rendered parts: a record's page (or its entry in a listing) is a pure
function of the record and of what the renderer asks the view and the checked files.

In serve (memo.enabled) each such render is kept with every question it asked and the
answer it got. The next rebuild takes the kept text when the record is the very same
object (its file unchanged, its public projection unchanged) and every question, asked
again of the new view, gets the same answer: a linked record that changed is a new
object, a document that lapsed overnight has a new validity, a removed attachment is
no longer in the files. The files the render published (attachments to copy, generated
files) are published again. A build with a cache folder keeps record pages there the same
way, in a form that outlives the process (kept.py); any other build renders everything.
"""
from __future__ import annotations

import dataclasses
from typing import Any, Callable, Hashable, Iterator, Mapping, TypeVar, cast

from .. import memo
from ..load import FileInfo
from ..records import Record
from ..view import SiteView
from .parts import Context

T = TypeVar("T")

# A question: (asked of "view" or "files", how, which attribute or map, arguments, the answer).
Question = tuple[str, str, str, Any, Any]


def same(kept: Any, now: Any) -> bool:
    """Whether two answers are the same for a renderer: records by identity (a changed record
    is a new object; comparing records field by field would cost as much as rendering),
    containers element by element, other values by equality."""
    if kept is now:
        return True
    if type(kept) is not type(now) or isinstance(kept, Record):
        return False
    if isinstance(kept, (list, tuple)):
        return len(kept) == len(now) and all(same(a, b) for a, b in zip(kept, now))
    if isinstance(kept, Mapping):
        return kept.keys() == now.keys() and all(same(kept[k], now[k]) for k in kept)
    if dataclasses.is_dataclass(kept):
        return all(same(getattr(kept, f.name), getattr(now, f.name)) for f in dataclasses.fields(kept))
    return bool(kept == now)


class _AskedMap:
    """A map of the view (or the files) that notes each question asked of it."""

    def __init__(self, source: str, name: str, target: Mapping, questions: list[Question]) -> None:
        self._source, self._name, self._target, self._questions = source, name, target, questions

    def __getitem__(self, key: Hashable) -> Any:
        answer = self._target[key]
        self._questions.append((self._source, "item", self._name, key, answer))
        return answer

    def get(self, key: Hashable, default: Any = None) -> Any:
        answer = self._target.get(key, default)
        self._questions.append((self._source, "get", self._name, (key, default), answer))
        return answer

    def __contains__(self, key: Hashable) -> bool:
        answer = key in self._target
        self._questions.append((self._source, "contains", self._name, key, answer))
        return answer

    def _whole(self) -> dict:
        whole = dict(self._target)
        self._questions.append((self._source, "whole", self._name, None, whole))
        return whole

    def __iter__(self) -> Iterator:
        return iter(self._whole())

    def __len__(self) -> int:
        return len(self._whole())

    def keys(self):
        return self._whole().keys()

    def values(self):
        return self._whole().values()

    def items(self):
        return self._whole().items()


class _AskedView:
    """The view as a renderer sees it, noting each question: maps, methods and attributes."""

    def __init__(self, view: SiteView, questions: list[Question]) -> None:
        self._view, self._questions = view, questions

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._view, name)
        if isinstance(value, dict):
            return _AskedMap("view", name, value, self._questions)
        if callable(value):
            return lambda *args: self._call(name, args)
        self._questions.append(("view", "attr", name, None, value))
        return value

    def _call(self, name: str, args: tuple) -> Any:
        answer = getattr(self._view, name)(*args)
        self._questions.append(("view", "call", name, args, answer))
        return answer


def _answer(question: Question, view: SiteView, files: Mapping[str, FileInfo]) -> Any:
    source, how, name, args, _ = question
    if source == "files":
        target: Any = files
    else:
        target = getattr(view, name)
    if how == "item":
        return target[args]
    if how == "get":
        return target.get(*args)
    if how == "contains":
        return args in target
    if how == "whole":
        return dict(target)
    if how == "call":
        return target(*args)
    return target  # attr


def _as_key(value: Any) -> Any:
    """An argument as part of a question's key: records by identity, as `same` compares them."""
    if isinstance(value, Record):
        return ("record", id(value))
    if isinstance(value, tuple):
        return tuple(_as_key(item) for item in value)
    return value


def _distinct(questions: list[Question]) -> list[Question]:
    """Each question once: a render asks the same of the view again and again (half its questions
    at 1,000 records), and the view does not change while it renders."""
    seen: set = set()
    distinct = []
    for question in questions:
        key = (question[0], question[1], question[2], _as_key(question[3]))
        try:
            if key in seen:
                continue
            seen.add(key)
        except TypeError:  # an argument that cannot be a key: asked again, as it was
            pass
        distinct.append(question)
    return distinct


def _still_answered(questions: list[Question], view: SiteView, files: Mapping[str, FileInfo]) -> bool:
    for question in questions:
        try:
            answer = _answer(question, view, files)
        except (LookupError, ValueError):  # e.g. a record no longer in the view
            return False
        if not same(question[4], answer):
            return False
    return True


def rendered(tag: Hashable, subject: object, ctx: Context, render: Callable[[Context], T], kept: bool = True) -> T:
    """render(ctx), a pure function of `subject` (held by identity) and of the answers it gets
    from ctx: in serve, the last build's result while the subject and every answer are the same.
    `kept`: a build with a cache folder keeps it too (False: a page cheaper to render than to check)."""
    if not memo.enabled():
        if kept and ctx.kept is not None and isinstance(subject, Record):  # a build with a cache folder: kept.py
            return cast(T, ctx.kept.rendered(str(tag), subject, ctx, cast(Callable[[Context], str], render)))
        return render(ctx)

    def asked() -> tuple[tuple[T, dict, dict], list[Question]]:
        questions: list[Question] = []
        own = Context(view=cast(SiteView, _AskedView(ctx.view, questions)),
                      files=cast(dict, _AskedMap("files", "files", ctx.files, questions)))
        return (render(own), own.copies, own.generated), _distinct(questions)

    text, copies, generated = memo.of_object_while(("rendered", tag), subject, asked,
                                                   lambda questions: _still_answered(questions, ctx.view, ctx.files))
    ctx.copies.update(copies)  # what the render published is published again
    ctx.generated.update(generated)
    return text
