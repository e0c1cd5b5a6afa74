"""Cross-check: every attachment of a record to be released is of a type that
cannot run script on the site, by name and by content (attachmenttypes.py)."""
from __future__ import annotations

import functools
from typing import Optional

from .attachmenttypes import Refusal, refusal
from .load import FileChangedError, FileInfo
from .model.common import Attachment, DocumentLink
from .model.introspect import alias_path
from .problems import Problem
from .release import approved_for_release
from .records import Catalog, Record
from .model.walk import nested_models


def attachment_types(catalog: Catalog, record: Record) -> list[Problem]:
    """Each attachment of a record to be released is of a type that cannot run script (a cross-check of one
    record at a time)."""
    problems: list[Problem] = []
    if not approved_for_release(record.model):
        return problems  # never published; the check runs again when it is released
    for loc, value in nested_models(record.model):
        if not isinstance(value, (Attachment, DocumentLink)) or not value.file:
            continue
        info = catalog.files.get(value.file)
        if info is None:
            continue  # crosscheck.files_of reports the missing file
        found = _verdict(info)
        if found:
            problems.append(record.problem(loc + alias_path(type(value), "file"), found.message, found.hint))
    return problems


# The same file (path, size, SHA-256) as another record's, or under serve as at an earlier rebuild, is not
# read again: a file many records attach is read once (a hostile catalog's 10,000 times over).
@functools.lru_cache(maxsize=1024)
def _verdict(info: FileInfo) -> Optional[Refusal]:
    name = info.path.rsplit("/", 1)[-1]
    by_name = refusal(name, None)
    if by_name:
        return by_name  # refused whatever it holds: not read at all
    try:
        data = info.read()
    except FileChangedError as changed:
        return Refusal(changed.problems[0].message, changed.problems[0].hint)
    return refusal(name, data)
