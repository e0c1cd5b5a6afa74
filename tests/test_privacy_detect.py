"""Personal numbers are found however they are typed or disguised, where a reader
would still read them (full-width, split by invisible characters or spaces of
any kind, dots, dashes, grouped, behind letters, as character references, part
of them in bold or code), each at its exact place in the text; ordinary numbers
(文号, 索引号, credit codes, dates, amounts, landlines, masked forms, the reference
annual report) are not; and any input, however hostile, is read in linear time."""
import sys
import time
import unicodedata

import pytest
from conftest import PROJECT

from gongkai.privacy.detect import BANK_CARD, ID_CARD, MOBILE, SEPARATORS, find_personal_numbers
from gongkai.privacy.matchtext import MatchingText, _fold_character, reads_as_itself

MOBILE_MASK = "138****8000"
ID_MASK = "44*************233"
ID = "440881199001011233"
WIDE_CARD = "".join(chr(ord(digit) + 0xFEE0) for digit in "6200000000000005")  # ６２００…

# (text, kind, masked form, the part of the text that must be named as the number)
EVASIONS = [
    ("手机13800138000", MOBILE, MOBILE_MASK, "13800138000"),
    ("full-width digits １３８００１３８０００", MOBILE, MOBILE_MASK, "１３８００１３８０００"),
    ("full-width X 11010519491231002Ｘ", ID_CARD, "11*************02X", "11010519491231002Ｘ"),
    ("half full-width 440881１９９００１０１１２３３", ID_CARD, ID_MASK, "440881１９９００１０１１２３３"),
    ("zero-width 138\u200b0013\u200b8000", MOBILE, MOBILE_MASK, "138\u200b0013\u200b8000"),
    ("word joiner 1\u20603\u206080013\u20608000", MOBILE, MOBILE_MASK, "1\u20603\u206080013\u20608000"),
    ("bidi 138\u202e00138000", MOBILE, MOBILE_MASK, "138\u202e00138000"),
    ("soft hyphen 1380\u00ad0138000", MOBILE, MOBILE_MASK, "1380\u00ad0138000"),
    ("combining underline 1\u03323\u03328\u033200138000", MOBILE, MOBILE_MASK, "1\u03323\u03328\u033200138000"),
    ("nbsp 138\u00a00013\u00a08000", MOBILE, MOBILE_MASK, "138\u00a00013\u00a08000"),
    ("narrow nbsp 138\u202f0013\u202f8000", MOBILE, MOBILE_MASK, "138\u202f0013\u202f8000"),
    ("ideographic space 138\u30000013\u30008000", MOBILE, MOBILE_MASK, "138\u30000013\u30008000"),
    ("spaces 138 0013 8000", MOBILE, MOBILE_MASK, "138 0013 8000"),
    ("grouped four, four, three: 1380 0138 000", MOBILE, MOBILE_MASK, "1380 0138 000"),
    ("hyphens 138-0013-8000", MOBILE, MOBILE_MASK, "138-0013-8000"),
    ("dots 138.0013.8000", MOBILE, MOBILE_MASK, "138.0013.8000"),
    ("en dash 138–0013–8000", MOBILE, MOBILE_MASK, "138–0013–8000"),
    ("em dash 138—0013—8000", MOBILE, MOBILE_MASK, "138—0013—8000"),
    ("minus 138\u22120013\u22128000", MOBILE, MOBILE_MASK, "138\u22120013\u22128000"),
    ("full-width hyphen 138－0013－8000", MOBILE, MOBILE_MASK, "138－0013－8000"),
    ("spaced dash 138 - 0013 - 8000", MOBILE, MOBILE_MASK, "138 - 0013 - 8000"),
    ("ID grouped 440881 19900101 1233", ID_CARD, ID_MASK, "440881 19900101 1233"),
    ("ID in fours 4408 8119 9001 0112 33", ID_CARD, ID_MASK, "4408 8119 9001 0112 33"),
    ("ID dashed 440881-19900101-1233", ID_CARD, ID_MASK, "440881-19900101-1233"),
    ("ID over two lines 440881\n19900101 1233", ID_CARD, ID_MASK, "440881\n19900101 1233"),
    ("letters before wx13800138000", MOBILE, MOBILE_MASK, "13800138000"),
    ("Tel:13800138000", MOBILE, MOBILE_MASK, "13800138000"),
    ("微信号13800138000", MOBILE, MOBILE_MASK, "13800138000"),
    ("letters after 13800138000abc", MOBILE, MOBILE_MASK, "13800138000"),
    ("+8613800138000", MOBILE, MOBILE_MASK, "13800138000"),
    ("008613800138000", MOBILE, MOBILE_MASK, "13800138000"),
    ("+86 138 0013 8000", MOBILE, MOBILE_MASK, "138 0013 8000"),
    ("decimal references &#49;&#51;&#56;00138000", MOBILE, MOBILE_MASK, "&#49;&#51;&#56;00138000"),
    ("hex references 138&#x30;&#x30;138000", MOBILE, MOBILE_MASK, "138&#x30;&#x30;138000"),
    ("named reference 138&nbsp;0013&nbsp;8000", MOBILE, MOBILE_MASK, "138&nbsp;0013&nbsp;8000"),
    ("bold part 138**0013**8000", MOBILE, MOBILE_MASK, "138**0013**8000"),
    ("bold digit 1**3**800138000", MOBILE, MOBILE_MASK, "1**3**800138000"),
    ("code part 138`0013`8000", MOBILE, MOBILE_MASK, "138`0013`8000"),
    ("emphasis 4408811990_0101_1233", ID_CARD, ID_MASK, "4408811990_0101_1233"),
    ("strike 138~~0013~~8000", MOBILE, MOBILE_MASK, "138~~0013~~8000"),
    ("html tags 138<b>0013</b>8000", MOBILE, MOBILE_MASK, "138<b>0013</b>8000"),
    ("glued by markup 2021_13800138000", MOBILE, MOBILE_MASK, "13800138000"),
    ("circled ①③⑧00138000", MOBILE, MOBILE_MASK, "①③⑧00138000"),
    ("other script digits ١٣٨٠٠١٣٨٠٠٠", MOBILE, MOBILE_MASK, "١٣٨٠٠١٣٨٠٠٠"),
    ("bank card 6200 0000 0000 0005", BANK_CARD, "6200********0005", "6200 0000 0000 0005"),
    ("bank card 6200-0000-0000-0005", BANK_CARD, "6200********0005", "6200-0000-0000-0005"),
    ("bank card full-width " + WIDE_CARD, BANK_CARD, "6200********0005", WIDE_CARD),
    ("float as published 13800138000.0", MOBILE, MOBILE_MASK, "13800138000"),
]


@pytest.mark.parametrize("text, kind, masked, shown", EVASIONS, ids=[e[0] for e in EVASIONS])
def test_every_disguise_is_read_as_the_number_it_shows(text, kind, masked, shown):
    [hit] = find_personal_numbers(text)
    assert (hit.kind, hit.masked, text[hit.start:hit.end]) == (kind, masked, shown)


def test_the_place_is_the_line_of_the_original_text():
    text = "第一行 &#49;&#51;&#56;\n**第二行**\u200b\n１３８ ００１３ ８０００ 第三行"
    [hit] = find_personal_numbers(text)
    assert text.count("\n", 0, hit.start) == 2 and text[hit.start:hit.end] == "１３８ ００１３ ８０００"


def test_several_numbers_in_one_text_each_keep_their_place():
    text = f"甲 {ID}，电话 138-0013-8000；乙 wx13900139000，卡号 6200 0000 0000 0005。"
    hits = find_personal_numbers(text)
    assert [(h.kind, text[h.start:h.end]) for h in hits] == [
        (ID_CARD, ID), (MOBILE, "138-0013-8000"), (MOBILE, "13900139000"), (BANK_CARD, "6200 0000 0000 0005")]


REAL_NUMBERS = [
    "廉府规〔2021〕1号、廉府办〔２０２１〕12号",
    "索引号 11440881007254628L/2021-00123、11440881007063258B/2025-00186",
    "统一社会信用代码 91440881MA4W8Q2X1Y、11440881007254628L",
    "日期 2021-03-01、2021.03.01、20210301、2021/03/01、2021年3月1日 2021-03-01至2021-12-31",
    "金额 1,234,567.89 元、12345678901.5 亿分、1234567.89",
    "办公电话 0759-6612345、（0759）6612345、0759 661 2345、020-12345678、12345 热线",
    "遮盖 138****8000、138 **** 8000、44*************233、6200********0005、4408**********1233",
    "合计 12 156 2300 1200 56",  # a row of figures, not a phone number
    "合计\n138\n2300\n1200\n",  # nor a column of them, one a line
    "2021 1380 0138 000 12",  # nor a run of groups continued on both sides
    "邮编 524400，页码 1-3-8-0-0-1-3-8-0-0-0",
    "1111111111111111 0000000000000000 6200000000000006",  # one digit repeated; a failed Luhn check
    "11010519491231002Y 110105194913310028 110105194912310021",  # not an ID: check letter, month 13, check digit
    "sha256 3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b",
    "GUID {13800138-0001-4000-8000-138001380000}",
]


@pytest.mark.parametrize("text", REAL_NUMBERS)
def test_ordinary_numbers_do_not_trip_it(text):
    assert find_personal_numbers(text) == []


def test_the_reference_annual_report_raises_no_false_alarm():
    report = (PROJECT / "catalog" / "reports" / "fzzf-2021.md").read_text(encoding="utf-8")
    assert len(report) > 5_000 and find_personal_numbers(report) == []


HOSTILE = {
    "digits and spaces": "1 " * 500_000,
    "groups of three": "111 " * 250_000,
    "groups of four": "6200 " * 200_000,
    "one long run of digits": "1" * 1_000_000,
    "markers": "*_~`" * 250_000,
    "unclosed tags": "<a" * 500_000,
    "tags around digits": "<b>1</b>" * 125_000,
    "character references": "&#49;" * 200_000,
    "zero-width between digits": "1\u200b" * 500_000,
    "full-width digits": "１" * 1_000_000,
    "dots": "1.3.8." * 166_666,
    "Chinese prose": "廉江市人民政府关于印发《停车管理办法》的通知，各镇人民政府……" * 33_000,
}


@pytest.mark.parametrize("name", HOSTILE)
def test_a_megabyte_of_hostile_text_is_read_in_linear_time(name):
    text = HOSTILE[name]
    assert len(text) >= 990_000
    small = text[: len(text) // 10]
    started = time.process_time()
    find_personal_numbers(small)
    tenth = time.process_time() - started
    started = time.process_time()
    assert find_personal_numbers(text) == []
    whole = time.process_time() - started
    # Ten times the text may take about ten times as long, never a hundred (quadratic).
    assert whole < max(30 * tenth, 1.0), (name, tenth, whole)


def test_a_megabyte_of_numbers_finds_every_one():
    text = "13800138000 " * 83_000 + f"{ID} " * 1_000
    hits = find_personal_numbers(text)
    assert len(hits) == 84_000 and {h.kind for h in hits} == {MOBILE, ID_CARD}


def test_the_matching_text_maps_back_to_the_original():
    original = "前文……\u200b＜&amp;**１３８**&#x30;0138000"
    view = MatchingText(original)
    assert view.text == "前文......<&13800138000"
    start = view.text.index("138")
    assert original[slice(*view.span(start, len(view.text)))] == "１３８**&#x30;0138000"


def test_every_dash_and_space_separates_groups():
    dashes = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Pd"]
    spaces = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace() and chr(c) not in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"]
    missed = [hex(ord(c)) for c in dashes + spaces if not find_personal_numbers(f"电话 138{c}0013{c}8000")]
    assert missed == []


def test_text_read_without_folding_reads_as_folding_would():
    """The fast path (no folding) may skip only characters whose folding changes no digit, separator, check letter or sign."""
    wrong = []
    for code in range(0x80, 0x10000):
        character = chr(code)
        if not reads_as_itself(character):
            continue
        folding = _fold_character(character)
        if not folding or any(c.isdigit() or c in "Xx+*_~`" for c in folding) or \
                any(c in SEPARATORS for c in folding) != (character in SEPARATORS):
            wrong.append(hex(code))
    assert wrong == []
