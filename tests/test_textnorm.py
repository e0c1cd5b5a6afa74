"""The shared normalisation removes every invisible format character and folds full-width forms."""
import sys
import unicodedata

from gongkai.textnorm import folded, is_blank, without_invisible


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
