"""The shared normalisation removes every invisible format character and folds full-width forms."""
import sys
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.textnorm import first_control_character, folded, is_blank, without_invisible


def test_every_format_character_is_removed():
    missed = [hex(code) for code in range(sys.maxunicode + 1)
              if unicodedata.category(chr(code)) == "Cf" and without_invisible("a" + chr(code)) != "a"]
    assert missed == []


def test_full_width_and_invisible_forms_fold_to_the_same_text():
    assert folded("廉府办规〔２０２２〕\u200b1号") == "廉府办规〔2022〕1号"
    assert folded("\u202e４４０８８１") == "440881"
    assert folded("第\u3000一条") == "第 一条"


def test_blank_means_nothing_visible():
    assert is_blank("\u200b\u200d\u202e\u3000 \u00a0")
    assert not is_blank("\u200b示例")


# What the two checks mean, written the plain (slow) way: the fast ones must agree on any text.
def _blank_by_definition(text: str) -> bool:
    return not folded(text).strip()


_NONCHARACTERS = {chr(plane + low) for plane in range(0, 0x110000, 0x10000) for low in (0xFFFE, 0xFFFF)}


def _first_control_by_definition(text: str) -> int:
    for index, character in enumerate(text):
        code = ord(character)
        if (code <= 0x08 or 0x0B <= code <= 0x1F or 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF
                or 0xFDD0 <= code <= 0xFDEF or character in _NONCHARACTERS):
            return index
    return -1


# Characters near every edge: spaces of every kind, format characters, combining marks, compatibility
# forms that fold to a space and an accent, controls, surrogates, noncharacters, astral letters.
_EDGES = st.sampled_from(
    [" ", "\t", "\n", "\u3000", "\u00a0", "\u2002", "\u200b", "\u200d", "\u202e", "\u00ad", "\ufeff", "\U000e0020",
     "\u0301", "\u00a8", "\u203e", "\ufe4d", "\uff21", "\u2460", "示", "a", "\x00", "\x1f", "\x7f", "\x85", "\x9f",
     "\ud800", "\udfff", "\ufdd0", "\ufdef", "\ufffe", "\uffff", "\U0001fffe", "\U0010ffff", "\U00020000",
     "\U0001f600", "\U000f0000"])
_ANY_TEXT = st.text(st.one_of(_EDGES, st.characters()), max_size=12)


@given(_ANY_TEXT)
@settings(max_examples=3000, deadline=None)
def test_blank_agrees_with_its_definition(text):
    assert is_blank(text) == _blank_by_definition(text)


@given(_ANY_TEXT)
@settings(max_examples=3000, deadline=None)
def test_first_control_character_agrees_with_its_definition(text):
    assert first_control_character(text) == _first_control_by_definition(text)


def test_every_single_character_is_blank_and_control_as_defined():
    wrong = [hex(code) for code in range(sys.maxunicode + 1)
             if is_blank(chr(code)) != _blank_by_definition(chr(code))
             or first_control_character("示" + chr(code)) != _first_control_by_definition("示" + chr(code))]
    assert wrong == []
