"""What a piece of text says, as a reader sees it: the one normalisation that
identity checks (文号, 统一登记号, titles), the personal data guard and
blank-value checks share, so an evasion that fools one fools none.

- Format characters (Unicode category Cf: zero-width spaces and joiners, bidi
  controls, soft hyphen, BOM) are invisible: they are removed.
- NFKC folds full-width letters and digits (１２３, Ｘ) and compatibility forms
  to their plain forms; U+3000 and no-break spaces become ordinary spaces.
"""
from __future__ import annotations

import re
import unicodedata

# Written before published .txt and .csv files so that browsers and Excel read them as
# UTF-8; removed when a clerk's file carries one (gongkai format).
UTF8_BOM = b"\xef\xbb\xbf"

# Every character of Unicode category Cf (Unicode 15; tests/test_textnorm.py checks it against unicodedata).
_FORMAT = re.compile("[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
                     "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U00013438"
                     "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]")


def without_invisible(text: str) -> str:
    """The text with invisible format characters removed (nothing else changed)."""
    if text.isascii():
        return text
    return _FORMAT.sub("", text)


def folded(text: str) -> str:
    """NFKC of the visible text: what two strings must share to look the same."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFKC", without_invisible(text))


def is_blank(text: str) -> bool:
    """True when nothing visible is left: spaces, zero-width and bidi characters only.

    The same as `not folded(text).strip()`, read character by character: NFKC never folds a
    visible character away or into a space only (a compatibility form of a space with an accent
    keeps the accent), nor composes one with a space, so the text is blank exactly when each
    character alone is. Usually the first character decides, where folding a whole 正文 cost
    a third of validating a catalog."""
    if text[:1].isalnum():  # the usual text: a letter or digit stays visible whatever the folding
        return False
    return not any(folded(character).strip() for character in text)


# C0 controls but tab and line feed, DEL, C1 controls, lone surrogates (a YAML
# "\ud800" escape) and noncharacters (U+FFFE, U+FFFF … in every plane). The search takes every
# character outside the Basic Multilingual Plane as a suspect and keeps only its noncharacters: one
# class of plain ranges is searched ten times faster than one listing the 34 noncharacters.
_SUSPECT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff\U00010000-\U0010ffff]")


def first_control_character(text: str) -> int:
    """Index of the first character no text should hold, or -1: control and
    invalid characters are invisible, never typed on purpose, and not allowed
    in XML (an XLSX cell) or by the YAML parser."""
    for found in _SUSPECT.finditer(text):
        if found.group() < "\U00010000" or ord(found.group()) & 0xFFFE == 0xFFFE:
            return found.start()
    return -1
