"""What one value of a catalog field is, as staff type it: a date, 是/否, a 文号 …

A field type that checks its values itself (a BeforeValidator or AfterValidator
in its `Annotated` metadata) names its kind there too, e.g.
`Date = Annotated[dt.date, BeforeValidator(_parse_date), …, DATE]`; plain Python
types (str, int, float, an Enum, a nested model) are their own kind.
model/introspect.py reads these markers, once, for every consumer of the
models' structure (messages, the field reference page, `format`, Excel
columns, skeletons). A type refined from another adds its own marker after its
base's (文号 is text, and more), and the last one counts.

Pydantic ignores metadata it does not know, so a marker changes neither
validation nor the JSON Schema.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldKind:
    name: str

    def __repr__(self) -> str:
        return f"FieldKind({self.name})"


# Marked on the field types of model/common.py, document.py and site.py:
DATE = FieldKind("date")  # YYYY-MM-DD
YES_NO = FieldKind("yes-no")  # 是 / 否
TEXT = FieldKind("text")
LINK = FieldKind("link")  # http(s)://, mailto: or a path on the site
DOC_NUMBER = FieldKind("doc-number")  # 文号, GB/T 9704
RECORD_ID = FieldKind("record-id")  # a record's file name, as a reference or 编号
SHA256 = FieldKind("sha256")  # a file's digest

# Read from the Python type itself:
INTEGER = FieldKind("integer")
NUMBER = FieldKind("number")
CHOICE = FieldKind("choice")  # an Enum: one of its values
BLOCK = FieldKind("block")  # a nested model: a group of fields
