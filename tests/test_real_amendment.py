"""现行文本 on a real amendment: 国务院令第795号 amending 《全国年节及纪念日放假办法》
(sources: tests/fixtures/real/README.md). Its clause changes, entered as the decision states
them, are applied to the text in force before it; the clauses they touch must read as the
officially re-published text does, and what the decision does not list must not be guessed."""
import re
import unicodedata
from pathlib import Path

import pytest

from conftest import FIXED_TODAY
from gongkai.clauses import amend, segments
from gongkai.model.document import ClauseChange

REAL = Path(__file__).parent / "fixtures" / "real" / "amend"


def text_of(name: str) -> str:
    return (REAL / name).read_text(encoding="utf-8")


def clauses_of(text: str) -> dict[int, list[str]]:
    """第N条 -> its lines, compared as words: parenthesis width, spaces and end punctuation aside."""
    def words(line: str) -> str:
        return unicodedata.normalize("NFKC", re.sub(r"\s", "", line)).rstrip(";.,")
    return {s.number: [words(line) for line in s.text.splitlines() if line.strip()] for s in segments(text) if s.number}


ORIGINAL_BODY = text_of("nianjie-2013-text.txt").split("\n", 2)[2]  # the title and the revision line above 第一条
DECISION = text_of("nianjie-2024-decision.txt")
QUOTED = re.findall(r"“([^”]+)”", DECISION)  # the new wording, as the decision quotes it
# The decision's changes as a clerk enters them from its text (一、二、): where, how, the quoted words.
CHANGES = [ClauseChange.model_validate(entry) for entry in (
    {"条": "第二条第二项", "方式": "修改", "内容": QUOTED[0]},
    {"条": "第二条第四项", "方式": "修改", "内容": QUOTED[1]},
    {"条": "第六条", "方式": "增加", "内容": "第七条　" + QUOTED[2]},  # 「增加一条，作为第七条」
)]


@pytest.fixture(scope="module")
def amended() -> str:
    parts = amend(ORIGINAL_BODY, [("国务院令第795号", change) for change in CHANGES])
    assert [len(p.changes) for p in parts if p.changes] == [2, 1]  # 第二条 twice, the new clause once
    return "".join(p.segment.text for p in parts)


def test_the_decision_quotes_what_the_test_enters():
    assert QUOTED[0].startswith("（二）春节") and QUOTED[1].startswith("（四）劳动节") and QUOTED[2].startswith("全体公民放假的假日")


def test_what_the_decision_lists_reads_as_the_official_text(amended):
    ours = clauses_of(amended)
    official = clauses_of(text_of("nianjie-2024-consolidated.txt"))
    # 第二条第二项 and 第四项 as re-published (the decision quotes them without the list's 「；」).
    assert ours[2][2] == official[2][2] and ours[2][4] == official[2][4]
    # The new clause follows 第六条 and reads as the official 第七条; the old 第七条 keeps its
    # number here (the page says numbers are the original's) and is the official 第八条.
    lines = [line for line in amended.splitlines() if line.strip()]
    added = lines[next(i for i, line in enumerate(lines) if line.startswith("第六条")) + 1]
    assert clauses_of(added)[7] == official[7]
    assert ours[7] == [official[8][0].replace("第八条", "第七条")]
    # Clauses the decision does not touch are as they were, and as the official text has them.
    for number in (1, 3, 4, 5):
        assert ours[number] == official[number]


def test_what_the_decision_does_not_list_is_not_guessed(amended):
    """「此外，对条文顺序和个别文字作相应调整和修改」: 元旦, 10月1日至3日, 周六、周日 are in the
    official text, but no clause change states them, so the text keeps its wording."""
    ours = clauses_of(amended)
    official = clauses_of(text_of("nianjie-2024-consolidated.txt"))
    assert "新年" in ours[2][1] and "元旦" in official[2][1]
    assert "星期六" in ours[6][0] and "周六" in official[6][0]
    assert ours[2][7] != official[2][7]  # 10月1日、2日、3日 / 10月1日至3日


def test_the_page_cites_each_change_and_keeps_the_text_as_published(minimal_copy):
    """The same real text as a catalog document amended by another: the page marks the changed
    clause with both 项 and the decision, and keeps the text as published."""
    from gongkai.pipeline import check, render

    original = (minimal_copy / "documents" / "fx-2019-01.md").read_text(encoding="utf-8")
    head = original.split("\n---\n", 1)[0]
    (minimal_copy / "documents" / "fx-2019-01.md").write_text(head + "\n---\n" + ORIGINAL_BODY, encoding="utf-8")
    amending = minimal_copy / "documents" / "fx-2021-02.md"
    text = amending.read_text(encoding="utf-8")
    entries = ", ".join(f'{{条: {c.clause}, 方式: {c.action.value}, 内容: "{c.text}"}}' for c in CHANGES)
    amending.write_text(text.replace("  修改: [fx-2019-01]\n", f"  修改: [fx-2019-01]\n  修改条款: [{entries}]\n"), encoding="utf-8")
    result = check(minimal_copy)
    assert result.ok, [str(p) for p in result.errors]
    page = render(result.catalog, FIXED_TODAY).pages["documents/fx-2019-01.md"]
    assert "本条第二项、第四项根据[测府规〔2021〕2号](fx-2021-02.md)修改，自 2021-07-01 起施行。" in page
    assert "本条根据[测府规〔2021〕2号](fx-2021-02.md)增加（接在第六条之后），自 2021-07-01 起施行。" in page
    assert "（一）新年，放假1天(1月1日)；" in page.split('<details class="gk-original"')[1]
