"""政府信息公开工作年度报告: tables computed from the catalog against hand-computed
values for the demo, every 勾稽 rule failing on a broken file with the row and
column named, outputs (page, XLSX, JSON), and the due-date reminder."""
import datetime as dt
import io
import json

import openpyxl
from conftest import FIXED_TODAY, PROJECT

from gongkai.annual.tables import application_rows, document_counts
from gongkai.kinds import ANNUAL
from gongkai.pipeline import check, render
from gongkai.view import build_view

DEMO = PROJECT / "catalog"


def edit(catalog, old, new, count=1):
    path = catalog / "annual" / "2021.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def errors_of(catalog):
    return [p for p in check(catalog, display_root="catalog", today=FIXED_TODAY).errors]


def test_demo_tables_match_hand_computed_values():
    result = check(DEMO, today=FIXED_TODAY)
    assert result.ok
    view = build_view(result.catalog, FIXED_TODAY)
    report = view.find(ANNUAL, "2021")
    # 廉江市人民政府 and its office, from catalog/documents/: published in 2021 lfg-2021-01 (07-16) and
    # lfg-2021-02 (11-19); none repealed in 2021 (lfg-2019-02 is repealed from 2022-01-01); in force on
    # 2021-12-31: lfg-2019-01 (amended), lfg-2019-02, lfg-2020-01, lfg-2021-01 (lfg-2021-02 starts 2022-01-01).
    counts = document_counts(view, report.model)
    assert (counts.issued, counts.repealed, counts.in_force) == (2, 0, 4)
    rows = application_rows(report.model)
    assert len(rows) == 25
    assert rows[0].label == "一、本年新收政府信息公开申请数量" and rows[0].counts.total == 56  # as the 2021 report says
    assert rows[-2].label == "三、本年度办理结果（七）总计" and rows[-2].counts.total == 56  # all handled within the year
    assert rows[-1].label == "四、结转下年度继续办理" and rows[-1].counts.total == 1


def test_page_xlsx_and_json():
    result = check(DEMO, today=FIXED_TODAY)
    site = render(result.catalog, FIXED_TODAY, result.problems)
    page = site.pages["annual/2021.md"]
    assert "<tr><td>行政规范性文件</td><td>2</td><td>0</td><td>4</td></tr>" in page
    assert '<tr><th colspan="2" scope="row">一、本年新收政府信息公开申请数量</th><td>48</td><td>5</td><td>0</td><td>0</td><td>2</td><td>1</td><td>56</td></tr>' in page
    book = openpyxl.load_workbook(io.BytesIO(site.files["annual/2021.xlsx"]))
    assert book.sheetnames == ["二、主动公开", "三、依申请公开", "四、复议诉讼"]
    sheet = book["三、依申请公开"]
    assert "B1:H1" in {str(r) for r in sheet.merged_cells.ranges}
    assert [c.value for c in sheet[4]] == ["一、本年新收政府信息公开申请数量", 48, 5, 0, 0, 2, 1, 56]
    assert sheet.max_row == 3 + 25
    data = json.loads(site.files["annual/2021.json"])
    assert data["二、主动公开政府信息情况"]["行政规范性文件"] == {"本年制发件数": 2, "本年废止件数": 0, "现行有效件数": 4}
    assert data["四、政府信息公开行政复议、行政诉讼情况"]["行政复议"]["总计"] == 2
    assert "annual/index.md" in site.pages and "[2021年度报告](2021.md)" in site.pages["annual/index.md"]


def test_a_row_not_adding_up_names_the_row_and_column(demo_copy):
    edit(demo_copy, "本年新收: {自然人: 48,", "本年新收: {自然人: 47,")
    messages = [str(p) for p in errors_of(demo_copy)]
    assert any("依申请公开.本年新收.总计:" in m and "「一、本年新收政府信息公开申请数量」各类申请人之和为 55，与总计 56 不一致" in m for m in messages)
    assert any("自然人列：本年新收 + 上年结转 = 48，办理结果总计 + 结转下年度 = 49" in m for m in messages)


def test_outcomes_must_add_up_to_the_total(demo_copy):
    edit(demo_copy, "    总计: {自然人: 48, 商业企业: 5, 科研机构: 0, 社会公益组织: 0, 法律服务机构: 2, 其他: 1, 总计: 56}",
         "    总计: {自然人: 49, 商业企业: 5, 科研机构: 0, 社会公益组织: 0, 法律服务机构: 2, 其他: 1, 总计: 57}")
    messages = [p.message for p in errors_of(demo_copy)]
    assert "「三、本年度办理结果（七）总计」自然人列：各项办理结果之和为 48，与填写的 49 不一致" in messages
    assert "「三、本年度办理结果（七）总计」总计列：各项办理结果之和为 56，与填写的 57 不一致" in messages


def test_carry_over_must_match_last_years_report(demo_copy):
    text = (demo_copy / "annual" / "2021.yaml").read_text(encoding="utf-8")
    next_year = (text.replace("年度: 2021", "年度: 2022").replace("发布日期: 2022-03-25", "发布日期: 2023-03-25")
                 .replace("日期: 2022-03-22", "日期: 2023-03-22")
                 .replace("上年结转: {自然人: 1, 商业企业: 0, 科研机构: 0, 社会公益组织: 0, 法律服务机构: 0, 其他: 0, 总计: 1}",
                          "上年结转: {自然人: 2, 商业企业: 0, 科研机构: 0, 社会公益组织: 0, 法律服务机构: 0, 其他: 0, 总计: 2}")
                 .replace("本年新收: {自然人: 48, 商业企业: 5, 科研机构: 0, 社会公益组织: 0, 法律服务机构: 2, 其他: 1, 总计: 56}",
                          "本年新收: {自然人: 47, 商业企业: 5, 科研机构: 0, 社会公益组织: 0, 法律服务机构: 2, 其他: 1, 总计: 55}"))
    (demo_copy / "annual" / "2022.yaml").write_text(next_year, encoding="utf-8")
    problems = errors_of(demo_copy)  # 2022 adds up on its own; only the carry-over from 2021 is wrong
    assert [p.field for p in problems] == ["依申请公开.上年结转.自然人", "依申请公开.上年结转.总计"]
    assert problems[0].file == "catalog/annual/2022.yaml"
    assert problems[0].message == "自然人列：上年结转 2 件，与 2021 年报告的结转下年度 1 件不一致"


def test_review_and_lawsuit_blocks_must_add_up(demo_copy):
    edit(demo_copy, "复议后起诉: {结果维持: 0, 结果纠正: 0, 其他结果: 0, 尚未审结: 0, 总计: 0}",
         "复议后起诉: {结果维持: 0, 结果纠正: 1, 其他结果: 0, 尚未审结: 0, 总计: 0}")
    [problem] = errors_of(demo_copy)
    assert problem.field == "行政复议行政诉讼.复议后起诉.总计"
    assert problem.message == "「四、复议后起诉」结果维持、结果纠正、其他结果、尚未审结之和为 1，与总计 0 不一致"


def test_missing_report_is_a_reminder_with_the_due_date(demo_copy):
    reminders = lambda day: [p for p in check(demo_copy, display_root="catalog", today=day).problems if p.rule == "GK-ANNUAL-REPORT"]
    assert not reminders(dt.date(2022, 2, 1))  # the 2021 report exists
    [missing] = reminders(dt.date(2023, 1, 5))
    assert missing.file == "catalog/annual/" and missing.message == "2022年度政府信息公开工作年度报告还没有登记（应于 2023-03-31 前公布）"
    edit(demo_copy, "发布日期: 2022-03-25", "发布日期: 2022-04-02")
    [late] = reminders(dt.date(2022, 4, 5))
    assert late.field == "发布日期" and "应于 2022-03-31 前公布" in late.message


# Real reports leave cells blank (no 科研机构 requests, no 总计 column filled in);
# a blank is kept blank, never counted as a stated 0.
BLANK_ROW = "本年新收: {自然人: 48, 商业企业: 5, 科研机构: , 社会公益组织: , 法律服务机构: 2, 其他: 1, 总计: }"


def test_blank_cells_stay_blank_and_a_blank_total_is_not_compared(demo_copy):
    edit(demo_copy, "本年新收: {自然人: 48, 商业企业: 5, 科研机构: 0, 社会公益组织: 0, 法律服务机构: 2, 其他: 1, 总计: 56}", BLANK_ROW)
    edit(demo_copy, "行政事业性收费: 1865.3", "行政事业性收费:")
    result = check(demo_copy, today=FIXED_TODAY)
    assert result.ok, [str(p) for p in result.errors]
    site = render(result.catalog, FIXED_TODAY, result.problems)
    page = site.pages["annual/2021.md"]
    assert ('<tr><th colspan="2" scope="row">一、本年新收政府信息公开申请数量</th>'
            "<td>48</td><td>5</td><td></td><td></td><td>2</td><td>1</td><td></td></tr>") in page
    assert '<tr><td>行政事业性收费</td><td colspan="3"></td></tr>' in page
    data = json.loads(site.files["annual/2021.json"])
    assert data["三、收到和处理政府信息公开申请情况"][0]["科研机构"] is None and data["三、收到和处理政府信息公开申请情况"][0]["总计"] is None
    sheet = openpyxl.load_workbook(io.BytesIO(site.files["annual/2021.xlsx"]))["三、依申请公开"]
    assert [c.value for c in sheet[4]] == ["一、本年新收政府信息公开申请数量", 48, 5, None, None, 2, 1, None]


def test_blank_cells_add_nothing_to_a_stated_total(demo_copy):
    edit(demo_copy, "本年新收: {自然人: 48, 商业企业: 5, 科研机构: 0, 社会公益组织: 0, 法律服务机构: 2, 其他: 1, 总计: 56}",
         "本年新收: {自然人: 48, 商业企业: 5, 科研机构: , 社会公益组织: , 法律服务机构: 2, 其他: , 总计: 56}")
    messages = [p.message for p in errors_of(demo_copy)]
    assert "「一、本年新收政府信息公开申请数量」各类申请人之和为 55，与总计 56 不一致" in messages


def test_amounts_are_shown_exactly_as_entered(demo_copy):
    edit(demo_copy, "行政事业性收费: 1865.3", "行政事业性收费: 18651.06")
    result = check(demo_copy, today=FIXED_TODAY)
    site = render(result.catalog, FIXED_TODAY, result.problems)
    assert '<tr><td>行政事业性收费</td><td colspan="3">18651.06</td></tr>' in site.pages["annual/2021.md"]
    assert json.loads(site.files["annual/2021.json"])["二、主动公开政府信息情况"]["行政事业性收费"] == {"本年收费金额（单位：万元）": 18651.06}


def test_a_report_in_the_2019_format_is_refused_with_the_reason(demo_copy):
    text = (demo_copy / "annual" / "2021.yaml").read_text(encoding="utf-8")
    (demo_copy / "annual" / "2020.yaml").write_text(text.replace("年度: 2021", "年度: 2020"), encoding="utf-8")
    [problem] = [p for p in errors_of(demo_copy) if p.file == "catalog/annual/2020.yaml"]
    assert problem.message.startswith("2020 年度的报告使用国办公开办函〔2019〕60号的表格格式")
    assert "作为附件或链接发布" in problem.hint


def test_a_department_reports_by_31_january(demo_copy):
    (demo_copy / "compliance.yaml").write_text(
        (demo_copy / "compliance.yaml").read_text(encoding="utf-8") + "年度报告主体: 政府部门\n", encoding="utf-8")
    found = [p for p in check(demo_copy, display_root="catalog", today=dt.date(2023, 1, 5)).problems if p.rule == "GK-ANNUAL-REPORT"]
    assert [p.message for p in found] == ["2022年度政府信息公开工作年度报告还没有登记（应于 2023-01-31 前公布）"]


# Table 二 as two real 2022 reports published it:
# 高新区社会发展局 (http://shidz.gov.cn/columns/eb1ee533-776e-41d3-86c6-3bb3ba2887fa/202301/19/51abad86-f3af-4ac7-88ac-c2f46c44222b.html):
#   规章 and 规范性文件 rows blank, 行政许可 blank, 行政处罚 3, 行政强制 blank, 行政事业性收费 blank;
# 武汉市汉阳区人民政府办公室 (https://www.hanyang.gov.cn/bmxxgk/zfgzjg/qrmzfbgs/zfxxgkndbg/202301/t20230119_2136694.shtml):
#   规范性文件 本年制发 5, 本年废止 12, 现行有效 8 — entered by the report, not counted from a catalog.
def _table_two(demo_copy, rows: str) -> None:
    path = demo_copy / "annual" / "2021.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("主动公开:\n")
    end = text.index("\n", text.index("行政事业性收费:"))
    path.write_text(text[:start] + rows + text[end:], encoding="utf-8")


def test_a_real_table_two_with_blank_rows_is_published_blank(demo_copy):
    _table_two(demo_copy, "主动公开:\n  规章: {本年制发件数: , 本年废止件数: , 现行有效件数: }\n"
                          "  行政规范性文件: {本年制发件数: , 本年废止件数: , 现行有效件数: }\n"
                          "  行政许可:\n  行政处罚: 3\n  行政强制:\n  行政事业性收费:")
    result = check(demo_copy, today=FIXED_TODAY)
    assert result.ok, [str(p) for p in result.errors]
    page = render(result.catalog, FIXED_TODAY, result.problems).pages["annual/2021.md"]
    assert "<tr><td>规章</td><td></td><td></td><td></td></tr>" in page
    assert "<tr><td>行政规范性文件</td><td></td><td></td><td></td></tr>" in page  # blank as published, not counted from the catalog
    assert '<tr><td>行政处罚</td><td colspan="3">3</td></tr>' in page and '<tr><td>行政许可</td><td colspan="3"></td></tr>' in page
    assert "照报告填写" in page


def test_an_entered_document_row_is_checked_against_the_catalog_unless_its_scope_differs(demo_copy):
    _table_two(demo_copy, "主动公开:\n  行政规范性文件: {本年制发件数: 5, 本年废止件数: 12, 现行有效件数: 8}\n"
                          "  行政许可: 0\n  行政处罚: 0\n  行政强制: 0\n  行政事业性收费: 0")
    warnings = [p.message for p in check(demo_copy, today=FIXED_TODAY).problems if "表二行政规范性文件" in p.message]
    assert any("「本年废止件数」填写 12，目录中廉江市人民政府的文件统计为" in m for m in warnings), warnings
    path = demo_copy / "annual" / "2021.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("机关名称: 廉江市人民政府\n", "机关名称: 廉江市人民政府\n统计范围: 全市各部门\n"), encoding="utf-8")
    result = check(demo_copy, today=FIXED_TODAY)
    assert not [p for p in result.problems if "表二行政规范性文件" in p.message]
    page = render(result.catalog, FIXED_TODAY, result.problems).pages["annual/2021.md"]
    assert "<tr><td>行政规范性文件</td><td>5</td><td>12</td><td>8</td></tr>" in page and "统计范围：全市各部门" in page
