"""Rules as the law words them: both sides of each boundary, holidays with 调休 make-up
days and a leap day included (民法典第二百零一至二百零三条; 国务院令第713号;
政府信息公开条例第四十九条)."""
import datetime as dt

from test_compliance import DECISION, DOCUMENT, HEARING, edit, findings

from gongkai.compliance.periods import after_days, after_months, after_years, days_between, deadline
from gongkai.compliance.rules import RULES
from gongkai.compliance.workdays import WorkCalendar
from gongkai.kinds import DOCUMENT as DOCUMENT_KIND
from gongkai.pipeline import check

CALENDAR = WorkCalendar()


def test_periods_count_as_the_civil_code_does():
    assert days_between(dt.date(2021, 4, 1), dt.date(2021, 5, 1)) == 30 and after_days(dt.date(2021, 4, 1), 30) == dt.date(2021, 5, 1)
    assert after_years(dt.date(2024, 2, 29), 2) == dt.date(2026, 2, 28)  # 第二百零二条: no corresponding day
    assert after_years(dt.date(2024, 2, 29), 4) == dt.date(2028, 2, 29)
    assert after_months(dt.date(2021, 8, 31), 6) == dt.date(2022, 2, 28) and after_months(dt.date(2021, 6, 20), 6) == dt.date(2021, 12, 20)
    # 第二百零三条: a last day in a holiday moves to the day the holiday ends; a 调休 Saturday is a working day.
    assert deadline(dt.date(2021, 10, 1), CALENDAR) == dt.date(2021, 10, 8)  # 国庆 2021-10-01 .. 10-07
    assert deadline(dt.date(2023, 1, 22), CALENDAR) == dt.date(2023, 1, 28)  # 春节 2023: 01-28 is a make-up Saturday
    assert deadline(dt.date(2024, 5, 1), CALENDAR) == dt.date(2024, 5, 6)  # 劳动节 2024-05-01 .. 05-05
    assert deadline(dt.date(2025, 10, 1), CALENDAR) == dt.date(2025, 10, 9)  # 国庆+中秋 2025-10-01 .. 10-08
    assert deadline(dt.date(2021, 10, 8), CALENDAR) == dt.date(2021, 10, 8)


def test_a_filing_due_in_a_holiday_may_be_made_when_it_ends(minimal_copy):
    """Published 2021-09-01: 30 days end on 10-01, in the 国庆 holiday, so on 10-08 (第二百零三条)."""
    edit(minimal_copy, DOCUMENT, "发布日期: 2021-06-20", "发布日期: 2021-09-01")
    edit(minimal_copy, DOCUMENT, "{备案机关: 测试市人大常委会, 日期: 2021-07-05, 备案号: 备2021-3}", "{备案机关: 测试市人大常委会, 日期: 2021-10-08, 备案号: 备2021-3}")
    edit(minimal_copy, DOCUMENT, "{备案机关: 上级市人民政府, 日期: 2021-07-06}", "{备案机关: 上级市人民政府, 日期: 2021-09-02}")
    assert not [p for p in findings(minimal_copy, "GF-FILING") if "备案第1项" in (p.field or "")]
    edit(minimal_copy, DOCUMENT, "日期: 2021-10-08, 备案号", "日期: 2021-10-09, 备案号")  # 10-09: the make-up Saturday, a day late
    [late] = [p for p in findings(minimal_copy, "GF-FILING") if "备案第1项" in (p.field or "")]
    assert "（2021-10-08）" in late.message


def test_a_government_does_not_file_with_itself(minimal_copy):
    edit(minimal_copy, DOCUMENT, "{备案机关: 上级市人民政府, 日期: 2021-07-06}", "{备案机关: 测试市人民政府, 日期: 2021-07-06}")
    [problem] = findings(minimal_copy, "GF-FILING")
    assert "「测试市人民政府」是制定机关自己" in problem.message
    edit(minimal_copy, DOCUMENT, "{备案机关: 测试市人民政府, 日期: 2021-07-06}", "{备案机关: 上级市人民政府, 日期: 2021-07-06}")
    assert not findings(minimal_copy, "GF-FILING")


def test_the_catalog_needs_the_party_committee_not_a_meeting(minimal_copy):
    """第三条第三款: 经同级党委同意后向社会公布. A meeting is a local requirement, off by default."""
    edit(minimal_copy, "decisions/2021/catalog.yaml", "审议会议: {会议: 市政府常务会议, 届次: 第9次, 日期: 2021-02-25}\n", "")
    assert not findings(minimal_copy, "JC-CATALOG-ADOPTION")
    (minimal_copy / "compliance.yaml").write_text("目录须经会议审议: 是\n", encoding="utf-8")
    [problem] = findings(minimal_copy, "JC-CATALOG-ADOPTION")
    assert "本地规定须经会议审议" in problem.message and problem.severity.value == "info"
    edit(minimal_copy, "decisions/2021/catalog.yaml", "党委同意日期: 2021-02-20\n", "")
    assert any(p.severity.value == "error" and "党委同意" in p.message for p in findings(minimal_copy, "JC-CATALOG-ADOPTION"))


def test_participants_are_published_before_the_hearing(minimal_copy):
    mine = lambda: [p for p in findings(minimal_copy, "JC-HEARING-PARTICIPANTS") if p.file.endswith(HEARING)]
    edit(minimal_copy, HEARING, "参加人名单公布日期: 2021-04-10\n", "")
    [unrecorded] = mine()  # held, no date recorded: a reminder only
    assert unrecorded.severity.value == "info"
    edit(minimal_copy, HEARING, "材料送达日期: 2021-04-12", "材料送达日期: 2021-04-12\n参加人名单公布日期: 2021-04-19")
    assert not mine()
    edit(minimal_copy, HEARING, "参加人名单公布日期: 2021-04-19", "参加人名单公布日期: 2021-04-20")  # the hearing's own day
    [problem] = mine()
    assert problem.severity.value == "error" and "不早于听证日 2021-04-20" in problem.message


def test_the_collective_decision_is_a_standing_or_plenary_meeting(minimal_copy):
    """第三十条: 常务会议或者全体会议; a 专题会议 is neither."""
    assert not findings(minimal_copy, "JC-COLLECTIVE-MEETING")  # 市政府常务会议
    edit(minimal_copy, DECISION, "{会议: 市政府常务会议,", "{会议: 市政府专题会议,")
    [problem] = findings(minimal_copy, "JC-COLLECTIVE-MEETING")
    assert problem.severity.value == "error"
    edit(minimal_copy, DECISION, "{会议: 市政府专题会议,", "{会议: 市政府全体会议,")
    assert not findings(minimal_copy, "JC-COLLECTIVE-MEETING")


def test_opinions_are_heard_before_the_collective_decision(minimal_copy):
    """Comment closes 04-30, meeting 06-01. A comment period still open on the meeting day is an error."""
    assert not findings(minimal_copy, "JC-OPINIONS-FIRST")
    edit(minimal_copy, DECISION, "    结束日期: 2021-05-01", "    结束日期: 2021-05-31")
    assert not findings(minimal_copy, "JC-OPINIONS-FIRST")
    edit(minimal_copy, DECISION, "    结束日期: 2021-05-31", "    结束日期: 2021-06-01")
    [problem] = findings(minimal_copy, "JC-OPINIONS-FIRST")
    assert problem.severity.value == "error" and "意见还没有收齐" in problem.message
    edit(minimal_copy, DECISION, "    结束日期: 2021-06-01", "    结束日期: 2021-05-01")
    edit(minimal_copy, DECISION, "结果: 原则通过}", "结果: 原则通过, 提交意见采纳情况: 否}")
    [problem] = findings(minimal_copy, "JC-OPINIONS-FIRST")
    assert "没有报送意见采纳情况" in problem.message


def test_the_annual_report_is_a_reminder_before_its_deadline_which_moves_past_a_weekend(minimal_copy):
    """第四十九条: 3月31日前. 2024-03-31 is a Sunday: the deadline is Monday 04-01 (第二百零三条)."""
    (minimal_copy / "compliance.yaml").write_text("规则级别: {WZ-COLUMN-STALE: 关闭}\n", encoding="utf-8")
    [early] = findings(minimal_copy, "GK-ANNUAL-REPORT", today=dt.date(2024, 4, 1))
    assert early.severity.value == "info" and "2024-04-01 前公布" in early.message
    [late] = findings(minimal_copy, "GK-ANNUAL-REPORT", today=dt.date(2024, 4, 2))
    assert late.severity.value == "warning"


def test_a_published_document_is_not_in_force_before_its_start(minimal_copy):
    model = check(minimal_copy, today=dt.date(2021, 6, 25)).catalog.find(DOCUMENT_KIND, "fx-2021-02").model  # 施行 2021-07-01
    assert model.validity_on(dt.date(2021, 6, 30))[0].value == "尚未施行"
    assert model.validity_on(dt.date(2021, 7, 1))[0].value == "现行有效"


def test_every_rule_cites_its_article_and_says_why_its_level():
    for rule in RULES:
        assert rule.words and rule.why, rule.id
    cited = {rule.id: rule.source for rule in RULES}
    assert "第三条第三款" in cited["JC-CATALOG-ADOPTION"] and "第三条第三款" in cited["JC-OVERDUE"] and "第三条第三款" in cited["JC-CATALOG-FIRST"]
    assert cited["GK-ANNUAL-REPORT"].endswith("第四十九条")
