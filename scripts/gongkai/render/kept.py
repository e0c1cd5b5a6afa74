"""A build's cache folder for the record pages (reuse.rendered outside serve): each page is kept with
every question its render asked of the view and the checked files, and the answer it got, in a form
that outlives the process (a record as its kind, id, places and the hash of its public model; other
values as their data). A later build takes the kept page while the record is the same and every
question, asked again, gets the same answer: an edited record linked from the page changes its hash,
a document that lapsed overnight its validity, a removed attachment the files. Values of a type this
module does not know are never kept: their page is rendered every time.

The cache folder is data, never code (pagecache/store.py); a kept page is Markdown that goes through
the same MkDocs steps, sanitising and checks as any other, and the attachments it publishes are taken
from this build's checked files, by the path its own question named.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from enum import Enum
from pathlib import PurePath
from typing import Any, Callable, Mapping, Optional, cast

from pydantic import BaseModel

from ..cachestore import HEX_160, BuildCache, StoredText
from ..kinds import Kind, by_key
from ..load import FileInfo
from ..model.introspect import json_bytes
from ..records import Record
from ..view import SiteView
from .parts import FILES_DIR, Context
from .reuse import Question, _answer, _AskedMap, _AskedView, _distinct
from .source import public_digest


def _text_shape(text: Any) -> bool:
    """Whether an entry's text is [its key, its BLAKE2b-160 in hex, its size], as rendered() keeps it."""
    return (isinstance(text, list) and len(text) == 3 and isinstance(text[0], str) and isinstance(text[1], str)
            and HEX_160.fullmatch(text[1]) is not None and isinstance(text[2], int) and not isinstance(text[2], bool)
            and text[2] >= 0)


def _form_digest(form: Any) -> str:
    # (repr, not JSON: a form holds lists, texts, numbers, booleans and None only, whose repr is
    # as exact and a third of the cost; it tells True from 1 as well.)
    return hashlib.blake2b(repr(form).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


_EMPTY_DIGESTS: dict[type, str] = {list: _form_digest(["list", []]), tuple: _form_digest(["tuple", []])}


class Unkeepable(Exception):
    """A value whose form this module does not know: the page is not kept."""


class KeptRenders:
    def __init__(self, cache: BuildCache) -> None:
        self.cache = cache
        # id(object) -> (the object, its form): records and models are asked about again and again,
        # and hashing a public model costs 40 microseconds. (The object is held, so its id stays its own.)
        self._forms: dict[int, tuple[Any, Any]] = {}
        self._digests: dict[int, tuple[Any, str]] = {}
        self._prefetched: set[tuple[str, str]] = set()  # (tag, kind key)
        # A kept question (as its text) -> whether this build answers it alike: most pages ask the same
        # few questions of the view (its settings, the day, a listing), which does not change while the
        # site renders, so each is answered and hashed once, not once a page.
        self._verdicts: dict[tuple[int, int, str], bool] = {}  # (by the view and files asked, held by the render's context)
        folder = getattr(cache.store, "folder", None)
        self._location = str(folder) if folder is not None else "（内存）"  # where StoredText's entries live

    def form(self, value: Any) -> Any:
        """The value as JSON data that is equal for equal values (Unkeepable for a type not known here)."""
        if value is None or isinstance(value, (bool, int, float, str)):
            return value
        known = self._forms.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        if isinstance(value, Record):
            made: Any = ["record", value.kind.key, value.id, value.path, value.year, value.catalog_path, public_digest(value)]
        elif isinstance(value, BaseModel):  # (its hash: the forms are held through the render)
            made = ["model", type(value).__qualname__,
                    hashlib.blake2b(json_bytes(value), digest_size=20).hexdigest()]
        else:
            return self._plain_form(value)
        self._forms[id(value)] = (value, made)
        return made

    def public_digest(self, record: Record) -> str:
        """source.public_digest of the record, as its form holds it (a record page kept its form)."""
        return cast(str, self.form(record)[-1])

    def _plain_form(self, value: Any) -> Any:
        if isinstance(value, Kind):
            return ["kind", value.key]
        if isinstance(value, dt.datetime):
            raise Unkeepable(value)
        if isinstance(value, dt.date):
            return ["date", value.isoformat()]
        if isinstance(value, Enum):
            return ["enum", type(value).__qualname__, self.form(value.value)]
        if isinstance(value, PurePath):
            return ["path", str(value)]
        if isinstance(value, (list, tuple)):
            return ["list" if isinstance(value, list) else "tuple", [self.form(item) for item in value]]
        if isinstance(value, Mapping):
            return ["map", [[self.form(key), self.form(item)] for key, item in value.items()]]
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return ["data", type(value).__qualname__, [self.form(getattr(value, f.name)) for f in dataclasses.fields(value)]]
        raise Unkeepable(type(value).__name__)

    def _digest(self, value: Any) -> str:
        """A hash of the value's form. Most answers are objects of the view asked about by page after
        page (its settings, a date, a validity): each is hashed once (the view does not change while
        the site renders)."""
        primitive = value is None or isinstance(value, (bool, int, float, str))
        if not primitive and type(value) in (list, tuple) and not value:
            # (most questions a document page asks are of relations it does not have: a new empty list each time)
            return _EMPTY_DIGESTS[type(value)]
        known = None if primitive else self._digests.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        digest = _form_digest(self.form(value))
        if not primitive:
            self._digests[id(value)] = (value, digest)
        return digest

    def _key(self, tag: str, subject: Record) -> str:
        return self.cache.key("record page", tag, json.dumps(self.form(subject), ensure_ascii=False))

    def _argument(self, form: Any, view: SiteView) -> Any:
        """A question's argument from its form, as this build has it (LookupError: not any more)."""
        if form is None or isinstance(form, (bool, int, float, str)):
            return form
        if not isinstance(form, list) or not form:
            raise LookupError(form)
        tag = form[0]
        if tag == "record":
            found = view.find(self._kind(form[1]), form[2])
            if found is None or self.form(found) != form:
                raise LookupError(form)
            return found
        if tag == "kind":
            return self._kind(form[1])
        if tag == "date":
            return dt.date.fromisoformat(form[1])
        if tag in ("list", "tuple"):
            items = [self._argument(item, view) for item in form[1]]
            return items if tag == "list" else tuple(items)
        raise LookupError(form)

    @staticmethod
    def _kind(key: Any) -> Kind:
        kind = by_key(key) if isinstance(key, str) else None
        if kind is None:
            raise LookupError(key)
        return kind

    def _answered_alike(self, kept: Any, ctx: Context) -> bool:
        if not isinstance(kept, list) or len(kept) != 5:
            return False
        question = (id(ctx.view), id(ctx.files), repr(kept))
        verdict = self._verdicts.get(question)
        if verdict is None:
            verdict = self._verdicts[question] = self._answered_alike_now(kept, ctx)
        return verdict

    def _answered_alike_now(self, kept: list, ctx: Context) -> bool:
        source, how, name, argument, answer = kept
        if source not in ("view", "files") or how not in ("item", "get", "contains", "whole", "call", "attr"):
            return False
        if source == "view" and (not isinstance(name, str) or name.startswith("_") or not hasattr(ctx.view, name)):
            return False
        try:
            arguments = self._argument(argument, ctx.view)
            now = _answer(cast(Question, (source, how, name, arguments, None)), ctx.view, ctx.files)
            return self._digest(now) == answer
        except (LookupError, ValueError, TypeError, Unkeepable):
            return False

    def rendered(self, tag: str, subject: Record, ctx: Context, render: Callable[[Context], str]) -> str | StoredText:
        """render(ctx), or the page an earlier build kept for the same record and the same answers (its
        Markdown left in the store, read only should MkDocs ask for it: StoredText)."""
        try:
            self._prefetch(tag, subject.kind, ctx.view)
            key = self._key(tag, subject)
        except Unkeepable:
            return render(ctx)
        entry = self.cache.store.get(key)
        taken = self._taken(entry, ctx)
        if taken is not None:
            return taken
        questions: list[Question] = []
        own = Context(view=cast(SiteView, _AskedView(ctx.view, questions)),
                      files=cast(dict, _AskedMap("files", "files", ctx.files, questions)))
        text = render(own)
        ctx.copies.update(own.copies)
        ctx.generated.update(own.generated)
        try:
            if own.generated or not all(isinstance(info, FileInfo) and published == f"{FILES_DIR}/{info.path}"
                                        for published, info in own.copies.items()):
                raise Unkeepable("published files")
            asked = [[source, how, name, self.form(arguments), self._digest(answer)]
                     for source, how, name, arguments, answer in _distinct(questions)]
        except Unkeepable:
            return text
        # The Markdown under a key of its own, put first: the entry naming it is never kept without it.
        encoded = text.encode("utf-8")
        text_digest = hashlib.blake2b(encoded, digest_size=20).hexdigest()
        text_key = self.cache.key("record page text", text_digest)
        self.cache.store.put(text_key, text)
        self.cache.store.put(key, {"asked": asked, "text": [text_key, text_digest, len(encoded)],
                                   "copies": [cast(FileInfo, info).path for info in own.copies.values()]})
        return text

    def _prefetch(self, tag: str, kind: Kind, view: SiteView) -> None:
        """At a tag's first page of a kind, read the kept pages of every record of that kind at once."""
        if (tag, kind.key) not in self._prefetched:
            self._prefetched.add((tag, kind.key))
            self.cache.store.prefetch(self._key(tag, record) for record in view.of(kind))

    def _taken(self, entry: Any, ctx: Context) -> Optional[StoredText]:
        """The kept page of `entry` while every question is answered alike; its attachments published."""
        if not isinstance(entry, dict):
            return None
        text, asked, copies = entry.get("text"), entry.get("asked"), entry.get("copies")
        if not (_text_shape(text) and isinstance(asked, list) and isinstance(copies, list)):
            return None
        if not all(self._answered_alike(question, ctx) for question in asked):
            return None
        # Each attachment the page publishes is one of this build's checked files (its question above
        # asked for it by path and got the same file).
        if not all(isinstance(path, str) and path in ctx.files for path in copies):
            return None
        for path in copies:
            ctx.copies[f"{FILES_DIR}/{path}"] = ctx.files[path]
        text_key, text_digest, size = cast(list, text)
        self.cache.store.still_used(text_key)  # (kept as long as the entry that names it)
        return StoredText(self.cache, text_key, bytes.fromhex(text_digest), size, self._location)
