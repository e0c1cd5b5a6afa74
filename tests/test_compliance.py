"""Compliance rules at their boundaries, the official calendar, and local settings."""
import datetime as dt
import shutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from conftest import FIXED_TODAY, drop_interpretations

from gongkai.compliance.rules import RULES
from gongkai.compliance.workdays import CalendarGap, WorkCalendar
from gongkai.pipeline import check


DECISION = "decisions/2021/2021-01.yaml"
DOCUMENT = "documents/fx-2021-02.md"
HEARING = "hearings/2021/2021-01.yaml"


def edit(catalog, path, old, new):
    target = catalog / path
    text = target.read_text(encoding="utf-8")
    assert old in text, old
    target.write_text(text.replace(old, new), encoding="utf-8")


def findings(catalog, rule, today=FIXED_TODAY):
    return [p for p in check(catalog, display_root="catalog", today=today).problems if p.rule == rule]


def test_public_comment_of_30_days_counts_as_the_civil_code_does(minimal_copy):
    """民法典第二百零一条: the starting day is not counted. From 04-01, 30 days end on 05-01."""
    assert not findings(minimal_copy, "JC-PUBLIC-COMMENT-DAYS")  # 04-01 .. 05-01
    edit(minimal_copy, DECISION, "    结束日期: 2021-05-01", "    结束日期: 2021-04-30")
    [problem] = findings(minimal_copy, "JC-PUBLIC-COMMENT-DAYS")
    assert str(problem) == ("catalog/decisions/2021/2021-01.yaml:17:11 程序.公众参与.结束日期: 征求意见 2021-04-01 至 2021-04-30 共 29 天（开始当日不计入），"
                            "少于 30 天 — 征求意见应至少到 2021-05-01；确需缩短的，在「缩短期限理由」中写明理由 [JC-PUBLIC-COMMENT-DAYS]")
    assert problem.severity.value == "warning"  # “一般不少于30日”
    edit(minimal_copy, DECISION, "    渠道: [门户网站, 意见箱]", "    渠道: [门户网站, 意见箱]\n    缩短期限理由: 上级督办时限要求")
    assert not findings(minimal_copy, "JC-PUBLIC-COMMENT-DAYS")


def test_the_30_days_bind_public_consultation_not_a_forum(minimal_copy):
    edit(minimal_copy, DECISION, "    结束日期: 2021-05-01", "    结束日期: 2021-04-01")
    assert findings(minimal_copy, "JC-PUBLIC-COMMENT-DAYS")
    edit(minimal_copy, DECISION, "    开始日期: 2021-04-01", "    方式: 座谈会\n    开始日期: 2021-04-01")
    assert not findings(minimal_copy, "JC-PUBLIC-COMMENT-DAYS")
    edit(minimal_copy, DECISION, "    方式: 座谈会", "    方式: 向社会公开征求意见")
    assert findings(minimal_copy, "JC-PUBLIC-COMMENT-DAYS")


def test_hearing_materials_7_days_before_passes_6_fails(minimal_copy):
    edit(minimal_copy, HEARING, "材料送达日期: 2021-04-12", "材料送达日期: 2021-04-13")  # hearing on 04-20
    assert not findings(minimal_copy, "JC-HEARING-MATERIALS")
    edit(minimal_copy, HEARING, "材料送达日期: 2021-04-13", "材料送达日期: 2021-04-14")
    [problem] = findings(minimal_copy, "JC-HEARING-MATERIALS")
    assert problem.field == "材料送达日期" and "不足 7 天" in problem.message


def test_legality_review_time_is_what_the_submitter_allowed_in_official_working_days(minimal_copy):
    """第二十六条 “一般不少于7个工作日”: from submission to the meeting, whenever the reviewer answered.
    2021-09-28 (Tue) to 10-13: 9-29, 9-30, 10-8, 10-9 (调休 Saturday), 10-11, 10-12, 10-13 = 7 working days;
    the 国庆 holiday 10-1 .. 10-7 and the weekend 10-10 do not count."""
    edit(minimal_copy, DECISION, "    送审日期: 2021-05-10\n    完成日期: 2021-05-24", "    送审日期: 2021-09-28\n    完成日期: 2021-09-29")
    edit(minimal_copy, DECISION, "日期: 2021-06-01, 结果: 原则通过", "日期: 2021-10-13, 结果: 原则通过")
    edit(minimal_copy, DECISION, "    日期: 2021-06-10\n    链接", "    日期: 2021-10-25\n    链接")
    assert not findings(minimal_copy, "JC-LEGALITY-REVIEW")  # a one-day answer is the reviewer's speed, not a fault
    edit(minimal_copy, DECISION, "日期: 2021-10-13, 结果: 原则通过", "日期: 2021-10-12, 结果: 原则通过")
    [problem] = findings(minimal_copy, "JC-LEGALITY-REVIEW")
    assert "只留了 6 个工作日" in problem.message and problem.severity.value == "warning"
    edit(minimal_copy, DECISION, "    完成日期: 2021-09-29", "    完成日期: 2021-09-29\n    缩短审查期限理由: 防汛应急需要")
    assert not findings(minimal_copy, "JC-LEGALITY-REVIEW")


def test_review_before_the_meeting_is_an_error(minimal_copy):
    """第二十五条 “不得提交决策机关讨论”: the review completes before the meeting."""
    edit(minimal_copy, DECISION, "    完成日期: 2021-05-24", "    完成日期: 2021-06-01")
    assert not findings(minimal_copy, "JC-LEGALITY-FIRST")  # the same day is not after it
    edit(minimal_copy, DECISION, "    完成日期: 2021-06-01", "    完成日期: 2021-06-02")
    [problem] = findings(minimal_copy, "JC-LEGALITY-FIRST")
    assert "晚于集体讨论 2021-06-01" in problem.message and problem.severity.value == "error"


def test_validity_cap_boundary_and_provisional_titles(minimal_copy):
    """民法典第二百零一、二百零二条: five years from 2021-07-01 end on 2026-07-01."""
    edit(minimal_copy, DOCUMENT, "有效期至: 2026-06-30", "有效期至: 2026-07-01")
    assert not findings(minimal_copy, "GF-VALIDITY-CAP")
    edit(minimal_copy, DOCUMENT, "有效期至: 2026-07-01", "有效期至: 2026-07-02")
    [problem] = findings(minimal_copy, "GF-VALIDITY-CAP")
    assert problem.hint == "自施行日期 2021-07-01 起最迟为 2026-07-01"
    edit(minimal_copy, DOCUMENT, "有效期至: 2026-07-02", "有效期至: 2023-07-02")  # two years end on 2023-07-01
    edit(minimal_copy, DOCUMENT, "标题: 测试市人民政府关于修改《测试市停车管理办法》的决定", "标题: 测试市停车管理暂行办法")
    [problem] = findings(minimal_copy, "GF-VALIDITY-CAP")
    assert "超过 2 年上限" in problem.message


def test_a_leap_day_start_ends_on_the_last_day_of_february(minimal_copy):
    """第二百零二条: no 29 February in 2026, so two years from 2024-02-29 end on 2026-02-28."""
    edit(minimal_copy, DOCUMENT, "标题: 测试市人民政府关于修改《测试市停车管理办法》的决定", "标题: 测试市停车管理试行办法")
    edit(minimal_copy, DOCUMENT, "施行日期: 2021-07-01", "施行日期: 2024-02-29")
    edit(minimal_copy, DOCUMENT, "有效期至: 2026-06-30", "有效期至: 2026-02-28")
    edit(minimal_copy, DOCUMENT, "{状态: 现行有效, 日期: 2021-07-01}", "{状态: 现行有效, 日期: 2024-02-29}")
    assert not findings(minimal_copy, "GF-VALIDITY-CAP")
    edit(minimal_copy, DOCUMENT, "有效期至: 2026-02-28", "有效期至: 2026-03-01")
    [problem] = findings(minimal_copy, "GF-VALIDITY-CAP")
    assert problem.hint == "自施行日期 2024-02-29 起最迟为 2026-02-28"


def test_status_the_day_before_on_and_after_expiry(minimal_copy):
    document = check(minimal_copy, today=FIXED_TODAY).catalog.find(__import__("gongkai.kinds", fromlist=["DOCUMENT"]).DOCUMENT, "fx-2021-02").model
    assert document.validity_on(dt.date(2026, 6, 29))[0].value == "现行有效"
    assert document.validity_on(dt.date(2026, 6, 30))[0].value == "现行有效"
    assert document.validity_on(dt.date(2026, 7, 1))[0].value == "已失效"


def test_expiry_warning_window(minimal_copy):
    assert not findings(minimal_copy, "GF-EXPIRY-SOON", today=dt.date(2026, 3, 31))  # 91 days before
    [problem] = findings(minimal_copy, "GF-EXPIRY-SOON", today=dt.date(2026, 4, 1))  # 90 days before
    assert problem.severity.value == "warning" and "还有 90 天" in problem.message


def test_local_settings_change_levels_and_numbers(minimal_copy):
    edit(minimal_copy, DECISION, "    结束日期: 2021-05-01", "    结束日期: 2021-04-20")
    assert findings(minimal_copy, "JC-PUBLIC-COMMENT-DAYS")[0].severity.value == "warning"
    (minimal_copy / "compliance.yaml").write_text("规则级别:\n  JC-PUBLIC-COMMENT-DAYS: 错误\n", encoding="utf-8")
    assert findings(minimal_copy, "JC-PUBLIC-COMMENT-DAYS")[0].severity.value == "error"
    (minimal_copy / "compliance.yaml").write_text("征求意见最少天数: 19\n", encoding="utf-8")
    assert not findings(minimal_copy, "JC-PUBLIC-COMMENT-DAYS")


def _day_by_day(calendar: WorkCalendar, start: dt.date, end: dt.date) -> int:
    return sum(calendar.is_workday(start + dt.timedelta(days=n)) for n in range(1, (end - start).days + 1))


@settings(max_examples=300, deadline=None)
@given(st.dates(dt.date(2019, 1, 1), dt.date(2031, 12, 31)), st.integers(-40, 800),
       st.sets(st.dates(dt.date(2029, 12, 1), dt.date(2031, 1, 31)), max_size=6))
def test_working_days_from_running_totals_are_those_counted_day_by_day(start, span, listed):
    """Across years, weekends, 调休, days compliance.yaml adds, a year it describes in full (2030) and
    years nobody describes (2031 ...): the same count, or the same CalendarGap, as counting each day."""
    end = start + dt.timedelta(days=span)
    listed_days = sorted(listed)
    calendar = WorkCalendar(set(listed_days[::2]), set(listed_days[1::2]), {2030})
    try:
        expected: int | type = _day_by_day(WorkCalendar(set(listed_days[::2]), set(listed_days[1::2]), {2030}), start, end)
    except CalendarGap:
        expected = CalendarGap
    if expected is CalendarGap:
        with pytest.raises(CalendarGap):
            calendar.working_days(start, end)
    else:
        assert calendar.working_days(start, end) == expected
        assert calendar.working_days(start, end) == expected  # again, from the kept totals


def test_a_year_missing_from_the_calendar_fails_loudly(minimal_copy):
    with pytest.raises(CalendarGap):
        WorkCalendar().working_days(dt.date(2030, 1, 2), dt.date(2030, 1, 15))
    edit(minimal_copy, DECISION, "    送审日期: 2021-05-10\n    完成日期: 2021-05-24", "    送审日期: 2030-05-10\n    完成日期: 2030-05-24")
    edit(minimal_copy, DECISION, "日期: 2021-06-01, 结果: 原则通过", "日期: 2030-06-01, 结果: 原则通过")
    result = check(minimal_copy, display_root="catalog", today=FIXED_TODAY)
    [gap] = [p for p in result.errors if "节假日安排" in p.message]
    assert gap.rule == "JC-LEGALITY-REVIEW" and "2030" in gap.hint
    (minimal_copy / "compliance.yaml").write_text("自定义年度: [2030]\n工作日调整:\n  - {日期: 2030-05-13, 类型: 休息日}\n", encoding="utf-8")
    assert not [p for p in check(minimal_copy, today=FIXED_TODAY).errors if "节假日安排" in p.message]


def test_publication_needs_the_meeting_first_and_adoption_report(minimal_copy):
    """第三十二条: the 采纳情况 is owed for decisions of wide public concern or strong technicality."""
    assert not findings(minimal_copy, "JC-PUBLICATION")
    edit(minimal_copy, DECISION, "    意见采纳情况: 收到意见12条,采纳5条\n", "")
    assert not findings(minimal_copy, "JC-PUBLICATION")  # participation alone does not oblige it
    edit(minimal_copy, DECISION, "是否听证: 是", "是否听证: 是\n公众普遍关心或专业性强: 是")
    [problem] = findings(minimal_copy, "JC-PUBLICATION")
    assert "意见采纳情况" in problem.message
    edit(minimal_copy, DECISION, "    日期: 2021-06-10\n    链接", "    日期: 2021-05-31\n    链接")
    messages = [p.message for p in findings(minimal_copy, "JC-PUBLICATION")]
    assert "公布日期 2021-05-31 早于集体讨论 2021-06-01" in messages


def test_document_legality_check_before_publication(minimal_copy):
    assert not findings(minimal_copy, "GF-LEGALITY-CHECK")
    edit(minimal_copy, DOCUMENT, "合法性审核: {日期: 2021-06-10,", "合法性审核: {日期: 2021-06-21,")  # published 06-20
    [problem] = findings(minimal_copy, "GF-LEGALITY-CHECK")
    assert problem.message == "合法性审核 2021-06-21 晚于发布日期 2021-06-20"


def test_missing_interpretation_is_a_warning(minimal_copy):
    drop_interpretations(minimal_copy / DOCUMENT)
    [problem] = findings(minimal_copy, "GF-INTERPRETATION")
    assert problem.severity.value == "warning"
    assert check(minimal_copy, today=FIXED_TODAY).ok  # warnings do not block the build


def test_filing_with_each_recipient_within_the_deadline(minimal_copy):
    assert not findings(minimal_copy, "GF-FILING")  # fx-2021-02: published 06-20, filed 07-05 and 07-06
    edit(minimal_copy, DOCUMENT, "{备案机关: 测试市人大常委会, 日期: 2021-07-05, 备案号: 备2021-3}", "{备案机关: 测试市人大常委会, 日期: 2021-07-21, 备案号: 备2021-3}")
    [late] = findings(minimal_copy, "GF-FILING")  # 30 days end on 07-20
    assert late.field == "备案第1项.日期" and "超过发布后 30 天的期限（2021-07-20）" in late.message
    edit(minimal_copy, DOCUMENT, "  - {备案机关: 上级市人民政府, 日期: 2021-07-06}\n", "")
    messages = [p.message for p in findings(minimal_copy, "GF-FILING")]
    assert "没有向人民政府备案的记录（2021-07-20 前应报送）" in messages
    # Before the deadline a missing filing is not yet a finding.
    assert not [p for p in findings(minimal_copy, "GF-FILING", today=dt.date(2021, 7, 1)) if "没有向" in p.message]


def test_catalog_is_approved_and_adopted_before_publication(minimal_copy):
    assert not findings(minimal_copy, "JC-CATALOG-ADOPTION")
    edit(minimal_copy, "decisions/2021/catalog.yaml", "党委同意日期: 2021-02-20", "党委同意日期: 2021-03-02")
    [problem] = findings(minimal_copy, "JC-CATALOG-ADOPTION")
    assert problem.message == "党委同意 2021-03-02 晚于公布 2021-03-01"


def test_overdue_items_are_warned(minimal_copy):
    # 2021-01 is 已公布 (done); make it still in progress past its planned completion.
    edit(minimal_copy, DECISION, "状态: 已公布", "状态: 推进中")
    assert not findings(minimal_copy, "JC-OVERDUE", today=dt.date(2021, 12, 31))
    [problem] = findings(minimal_copy, "JC-OVERDUE", today=dt.date(2022, 1, 1))
    assert problem.severity.value == "warning"


def test_cleanup_due_two_years_after_the_last_cleanup(minimal_copy):
    # fx-2021-02: last 清理 on 2022-11-30, in force until 2026-06-30; two years end on 2024-11-30.
    assert not findings(minimal_copy, "GF-CLEANUP-DUE", today=dt.date(2024, 11, 30))
    [problem] = findings(minimal_copy, "GF-CLEANUP-DUE", today=dt.date(2024, 12, 1))
    assert problem.severity.value == "info" and "2022-11-30" in problem.message


def test_amending_a_document_that_already_expired_is_an_error(minimal_copy):
    assert not findings(minimal_copy, "GF-BASIS-IN-FORCE")
    edit(minimal_copy, "documents/fx-2019-01.md", "有效期至: 2024-03-31", "有效期至: 2021-05-31")
    [problem] = findings(minimal_copy, "GF-BASIS-IN-FORCE")
    assert problem.file == "catalog/documents/fx-2021-02.md" and problem.message == "fx-2019-01 在本文件施行（2021-07-01）前已失效（自 2021-06-01 起）"


def test_decision_may_not_rest_on_a_document_lapsed_before_its_meeting(minimal_copy):
    # 2021-01 cites fx-2019-01 (依据文件) and was decided on 2021-06-01.
    edit(minimal_copy, "documents/fx-2019-01.md", "有效期至: 2024-03-31", "有效期至: 2021-05-30")
    problems = findings(minimal_copy, "GF-BASIS-IN-FORCE")
    decision = [p for p in problems if p.file.endswith("2021-01.yaml")]
    assert [p.field for p in decision] == ["依据文件第1项"]
    assert decision[0].message == "fx-2019-01 在集体讨论决定（2021-06-01）前已失效（自 2021-05-31 起）"


def test_a_document_citing_itself_or_a_repealed_basis(minimal_copy):
    edit(minimal_copy, DOCUMENT, "  修改: [fx-2019-01]", "  修改: [fx-2019-01]\n  制定依据: [fx-2021-02]")
    [problem] = findings(minimal_copy, "GF-BASIS-IN-FORCE")
    assert problem.field == "关系.制定依据第1项" and problem.message == "本文件制定依据了自身"


def test_basis_that_lapsed_later_is_a_warning_while_the_citing_document_is_in_force(minimal_copy):
    # fx-2021-02 (in force until 2026-06-30) takes fx-2019-01 as its basis; fx-2019-01 expires 2024-03-31.
    edit(minimal_copy, DOCUMENT, "  修改: [fx-2019-01]", "  修改: [fx-2019-01]\n  制定依据: [fx-2019-01]")
    assert not findings(minimal_copy, "GF-BASIS-LAPSED", today=dt.date(2024, 3, 31))
    [problem] = findings(minimal_copy, "GF-BASIS-LAPSED", today=dt.date(2024, 4, 1))
    assert problem.severity.value == "warning" and problem.message == "依据的 fx-2019-01 已于 2024-04-01 起已失效"
    assert not findings(minimal_copy, "GF-BASIS-LAPSED", today=dt.date(2026, 7, 1))  # the citing one has expired too


def test_interpretation_within_3_working_days(minimal_copy):
    # fx-2021-02 published on Sunday 2021-06-20: 06-21, 06-22, 06-23 are the 3 working days.
    edit(minimal_copy, DOCUMENT, "日期: 2021-06-21, 链接: https://www.csgov.example/jd/2", "日期: 2021-06-23, 链接: https://www.csgov.example/jd/2")
    assert not findings(minimal_copy, "GF-INTERPRETATION")
    edit(minimal_copy, DOCUMENT, "日期: 2021-06-23, 链接", "日期: 2021-06-24, 链接")
    [problem] = findings(minimal_copy, "GF-INTERPRETATION")
    assert problem.field == "政策解读第1项.日期" and "晚于文件发布（2021-06-20）4 个工作日" in problem.message


def test_items_started_before_the_catalog_was_published(minimal_copy):
    # The 2021 catalog was published on 2021-03-01; 2021-01's comment period is its first step.
    edit(minimal_copy, DECISION, "    开始日期: 2021-04-01", "    开始日期: 2021-03-01")
    assert not findings(minimal_copy, "JC-CATALOG-FIRST")
    edit(minimal_copy, DECISION, "    开始日期: 2021-03-01", "    开始日期: 2021-02-28")
    [problem] = findings(minimal_copy, "JC-CATALOG-FIRST")
    assert problem.field == "程序.公众参与.开始日期"
    assert problem.message == "公开征求意见（2021-02-28）早于重大行政决策事项目录公布（2021-03-01）"


def test_catalog_marked_public_without_a_date_is_reported(minimal_copy):
    edit(minimal_copy, "hearings/2021/catalog.yaml", "发布日期: ", "# 发布日期: ")
    [problem] = findings(minimal_copy, "WZ-NO-DATE")
    assert problem.file == "catalog/hearings/2021/catalog.yaml" and "网站上不会显示" in problem.message
    started = findings(minimal_copy, "JC-CATALOG-FIRST")  # its item's notice went out: the catalog should be public
    assert [p.file for p in started] == ["catalog/hearings/2021/2021-01.yaml"]


def test_published_within_20_working_days_of_being_made(minimal_copy):
    # fx-2021-02 published 2021-06-20; 2021-05-21 .. 06-18 holds 20 working days (端午 06-14 off).
    edit(minimal_copy, DOCUMENT, "成文日期: 2021-06-15", "成文日期: 2021-05-20")
    assert not findings(minimal_copy, "GK-TIMELINESS")
    edit(minimal_copy, DOCUMENT, "成文日期: 2021-05-20", "成文日期: 2021-05-19")
    [problem] = findings(minimal_copy, "GK-TIMELINESS")
    assert problem.field == "发布日期" and "相隔 21 个工作日" in problem.message


def _column_settings(catalog, text):
    (catalog / "compliance.yaml").write_text(text, encoding="utf-8")


def test_columns_not_updated_within_their_window(minimal_copy):
    # The documents column's newest content is fx-2021-02, published 2021-06-20.
    _column_settings(minimal_copy, "栏目更新周期天数:\n  行政规范性文件: 30\n")
    stale = lambda today: [p for p in findings(minimal_copy, "WZ-COLUMN-STALE", today) if "「行政规范性文件」" in p.message]
    assert not stale(dt.date(2021, 7, 20))
    [problem] = stale(dt.date(2021, 7, 21))
    assert problem.file == "catalog/documents/" and problem.line is None
    assert problem.message == "栏目「行政规范性文件」最近一次更新是 2021-06-20，已超过 30 天（到 2021-07-20 为止）"


def test_six_months_are_calendar_months(minimal_copy):
    """The inspection's 6个月: from 2021-06-20 to 2021-12-20, not 183 days (12-20 is day 183)."""
    (minimal_copy / "compliance.yaml").write_text("规则级别: {WZ-COLUMN-EMPTY: 关闭}\n", encoding="utf-8")
    stale = lambda today: [p for p in findings(minimal_copy, "WZ-COLUMN-STALE", today) if "「行政规范性文件」" in p.message]
    assert not stale(dt.date(2021, 12, 20))
    [problem] = stale(dt.date(2021, 12, 21))
    assert "已超过 6 个月（到 2021-12-20 为止）" in problem.message


def test_empty_columns_are_reported(minimal_copy):
    shutil.rmtree(minimal_copy / "reports")
    [problem] = findings(minimal_copy, "WZ-COLUMN-EMPTY")
    assert problem.file == "catalog/reports/" and "「法治政府建设报告」" in problem.message


def test_every_rule_has_a_description_a_source_and_a_unique_id():
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids)) >= 19
    for rule in RULES:
        assert rule.description and rule.source, rule.id
