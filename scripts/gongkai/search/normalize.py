"""Text normalisation shared by the index builder and the browser client.

Rules (mirrored exactly in docs/assets/search/search.js):
1. Unicode NFKC (full-width letters, digits and brackets become ASCII);
2. every whitespace character is removed (Chinese text has no word spaces,
   and line breaks inside a sentence must not hide a word);
3. a 文号's year brackets, typed as 〔〕 [] () 【】 ﹝﹞ (NFKC already folds
   （）［］), become 〔〕, a year written with 年 before a serial (廉府规2021年2号)
   is bracketed too, and a 第 between the year and the serial is dropped,
   so 廉府规[2021]第1号, 廉府规2021年第1号 and 廉府规〔2021〕1号 are the same text.
Letter case is kept: the ground truth is an exact substring after these rules.
"""
from __future__ import annotations

import re
import unicodedata

# Spelled out (not \s) so Python and JavaScript remove exactly the same characters.
WHITESPACE_CLASS = "\\t\\n\\v\\f\\r \\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200b\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
_WHITESPACE = re.compile(f"[{WHITESPACE_CLASS}]+")
_DOCNO_YEAR = re.compile(r"[(\[【〔﹝](\d{4})[)\]】〕﹞]")
_DOCNO_NIAN = re.compile(r"(?<!\d)(\d{4})年(?=第?\d+号)")
_DOCNO_ORDINAL = re.compile(r"〕第(?=\d)")


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = _WHITESPACE.sub("", text)
    text = _DOCNO_YEAR.sub(r"〔\1〕", text)
    text = _DOCNO_NIAN.sub(r"〔\1〕", text)
    return _DOCNO_ORDINAL.sub("〕", text)


# The core of a 文号 after normalisation, 〔2021〕1号: indexed as one more term, so a
# 文号 query is answered by one short posting list instead of the pairs 20, 02, 1号 …
# that half the documents of a large site contain.
DOCNO_CORE = re.compile(r"〔\d{4}〕\d+号")


def terms(normalized: str) -> set[str]:
    """Index terms of normalised text: every character, every overlapping pair, every 文号 core."""
    found = set(normalized)
    found.update(normalized[i:i + 2] for i in range(len(normalized) - 1))
    found.update(DOCNO_CORE.findall(normalized))
    return found
