"""Typography the browser does not do by itself in Chinese pages.

Chromium breaks an ISO date (2021-07-16) at its hyphens when a line fills up, so a date
could read "2021-" at a line's end and "07-16" on the next. Every date in a page's text is
wrapped in <span class="gk-date"> (white-space: nowrap in gongkai.css); the text itself,
what is copied and what search reads, is unchanged. Only text between tags is touched,
never an attribute.
"""
from __future__ import annotations

import re

# A tag, its quoted attribute values allowed to hold ">".
_TAG_OR_TEXT = re.compile(r"""(<(?:[^>"']|"[^"]*"|'[^']*')*>)""")
_DATE = re.compile(r"(?<![\d-])(\d{4}-\d{2}-\d{2})(?![\d-])")


def unbroken_dates(html: str) -> str:
    parts = _TAG_OR_TEXT.split(html)
    for i in range(0, len(parts), 2):  # even parts are text, odd parts are tags
        if "-" in parts[i]:
            parts[i] = _DATE.sub(r'<span class="gk-date">\1</span>', parts[i])
    return "".join(parts)
