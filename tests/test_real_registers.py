"""Registers as real governments publish them get in as they are: nothing invented,
nothing skipped, and what the source did not record shown as 未记载.

The tables are in tests/fixtures/real/ (each with its source); here they become
workbooks laid out as published (a title row above the header, the header as the
register names it, no 编号 column) and are imported into a catalog of their own.
"""
import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st
from openpyxl import Workbook, load_workbook

from conftest import FIXTURES, MINIMAL
from gongkai.excel.export import export_workbook
from gongkai.excel.importer import apply_plan, plan_import
from gongkai.kinds import DECISION
from gongkai.pipeline import check, render
from gongkai.problems import Severity

REAL = FIXTURES / "real"
TODAY = dt.date(2026, 11, 30)
DECISION_TABLES = sorted(REAL.glob("*-decisions.yaml"))


def load_table(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def workbook(table: dict, path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = table["表格"]
    for title in table["标题行"]:
        sheet.append([title])
    sheet.append(table["表头"])
    for row in table["行"]:
        sheet.append(row)
    book.save(path)
    return path


def catalog_for(table: dict, root: Path, year: int) -> Path:
    """A catalog of the register's own government: its settings, the import batch
    (source, date taken, the one 保密审查) and the year catalog the items belong to."""
    catalog = root / "catalog"
    (catalog / "decisions" / str(year)).mkdir(parents=True)
    authority = table["制定机关"]
    (catalog / "site.yaml").write_text(f"网站名称: {authority}政务公开\n机关名称: {authority}\n公开工作机构: {authority}办公室\n",
                                       encoding="utf-8")
    # Only the decisions column is imported here: the other columns' checks are not this test's subject.
    (catalog / "compliance.yaml").write_text(
        "规则级别: {WZ-COLUMN-EMPTY: 关闭, WZ-COLUMN-STALE: 关闭, GK-ANNUAL-REPORT: 关闭}\n", encoding="utf-8")
    (catalog / "imports.yaml").write_text(
        "导入批次:\n"
        f"  - 编号: real-{year}\n    原始出处: {table['来源']}\n    采集日期: 2026-12-01\n"
        "    保密审查: {审查人: 政府办公室保密审查小组, 日期: 2026-12-02, 结论: 同意公开}\n", encoding="utf-8")
    (catalog / "decisions" / str(year) / "catalog.yaml").write_text(
        f"年度: {year}\n制定机关: {authority}\n发布日期: {table['发布日期']}\n发布链接: {table['来源']}\n"
        f"公开属性: 主动公开\n来源: {{导入批次: real-{year}}}\n", encoding="utf-8")
    return catalog


@pytest.mark.parametrize("source", DECISION_TABLES, ids=lambda p: p.stem)
def test_a_real_decision_catalog_gets_in_without_invented_values(source, tmp_path):
    table = load_table(source)
    year = dt.date.fromisoformat(str(table["发布日期"])).year
    catalog = catalog_for(table, tmp_path, year)
    book = workbook(table, tmp_path / "register.xlsx")
    before = check(catalog, display_root="catalog", today=TODAY)
    assert before.ok, [str(p) for p in before.problems]

    plan = plan_import(book, before.catalog, batch=f"real-{year}", today=TODAY)
    assert not plan.errors, [str(p) for p in plan.problems]
    assert plan.rows_read == len(table["行"]) and plan.rows_refused == 0
    assert [c.new for c in plan.changes] == [True] * len(table["行"])
    for change, row in zip(plan.changes, table["行"]):
        values = {alias: new for alias, (_, new) in change.values.items()}
        assert values["序号"] == row[0] and values["标题"] == row[1]
        assert "类别" not in values and "状态" not in values  # not in the source: never invented
        assert values["来源"] == {"导入批次": f"real-{year}"}

    apply_plan(plan, catalog)
    after = check(catalog, display_root="catalog", today=TODAY)
    assert after.ok, [str(p) for p in after.errors]
    # What the source did not record is at most a 提示, never an error or warning.
    assert all(p.severity is Severity.INFO for p in after.problems), [str(p) for p in after.problems]
    items = after.catalog.of(DECISION)
    assert len(items) == len(table["行"])
    site = render(after.catalog, TODAY)
    page = site.pages[f"decisions/{items[0].id}.md"]
    assert "本条记录迁移自原有登记" in page and table["来源"] in page
    assert "原登记未记载：类别、状态" in page and "| 类别 | 未记载 |" in page and "| 状态 | **未记载** |" in page


def _imported(name: str, tmp_path) -> tuple:
    table = load_table(REAL / name)
    year = dt.date.fromisoformat(str(table["发布日期"])).year
    catalog = catalog_for(table, tmp_path, year)
    plan = plan_import(workbook(table, tmp_path / "register.xlsx"), check(catalog, today=TODAY).catalog,
                       batch=f"real-{year}", today=TODAY)
    apply_plan(plan, catalog)
    result = check(catalog, display_root="catalog", today=TODAY)
    return table, result


def test_units_as_the_register_writes_them(tmp_path):
    _, zhaohua = _imported("zhaohua-2022-decisions.yaml", tmp_path / "a")
    units = {r.model.number: r.model.lead_units for r in zhaohua.catalog.of(DECISION)}
    assert units[3] == ["区级相关部门"]  # a described group, kept as written
    _, huangshi = _imported("huangshi-2024-decisions.yaml", tmp_path / "b")
    first = next(r for r in huangshi.catalog.of(DECISION) if r.model.number == 1)
    assert first.model.lead_units == ["区文旅局"] and first.model.co_units == ["区教育局", "铁投公司"]


def test_a_decision_time_across_years_and_the_planned_procedure(tmp_path):
    _, haimen = _imported("haimen-2025-decisions.yaml", tmp_path)
    item = haimen.catalog.of(DECISION)[0].model
    assert item.planned_time == "2025.12—2026.01"
    assert item.planned_steps == ["公众参与", "专家论证", "风险评估", "合法性审查", "集体讨论"]
    assert item.lead_units == ["发改委"]


def test_a_rule_does_not_judge_acts_before_it_existed(tmp_path):
    """713号 (2019-09-01) asks that a catalog be approved by the Party committee; a 2017
    catalog is not judged by it, a 2022 one is, and since its source did not record
    the approval, only as a 提示."""
    _, panyu = _imported("panyu-2017-decisions.yaml", tmp_path / "a")
    assert not [p for p in panyu.problems if p.rule == "JC-CATALOG-ADOPTION"]
    _, zhaohua = _imported("zhaohua-2022-decisions.yaml", tmp_path / "b")
    adoption = [p for p in zhaohua.problems if p.rule == "JC-CATALOG-ADOPTION"]
    assert adoption and all(p.severity is Severity.INFO for p in adoption)


def test_a_register_without_a_batch_is_refused_with_the_reason(tmp_path):
    table = load_table(REAL / "zhaohua-2022-decisions.yaml")
    catalog = catalog_for(table, tmp_path, 2022)
    plan = plan_import(workbook(table, tmp_path / "register.xlsx"), check(catalog, today=TODAY).catalog, today=TODAY)
    assert plan.errors and "原有登记" in plan.errors[0].message and not plan.changes


REGISTER_TEXT = st.text(alphabet=st.sampled_from(list("测试市人民政府关于规范管理办法实施意见（）《》“”，、 ")), min_size=1, max_size=30)
UNIT = st.sampled_from(["测试市人民政府", "测试市人民政府办公室", "中共测试市委办公室", "测试市财政局", "测试市综合实验区管委会"])
DATE_FORMS = [lambda d: f"{d.year}年{d.month}月{d.day}日", lambda d: f"{d.year}.{d.month}.{d.day}",
              lambda d: f"{d.year}/{d.month}/{d.day}", lambda d: (d - dt.date(1899, 12, 30)).days]
REGISTER_ROW = st.tuples(REGISTER_TEXT.filter(lambda t: t.strip()), st.lists(UNIT, min_size=1, max_size=2, unique=True),
                         st.dates(dt.date(2010, 1, 1), dt.date(2025, 12, 31)), st.integers(0, len(DATE_FORMS) - 1),
                         st.sampled_from(["有效", "失效", "废止"]))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(REGISTER_ROW, min_size=1, max_size=5))
def test_a_register_imported_and_exported_back_keeps_every_value(tmp_path_factory, rows):
    """Property: every value a register row had comes back out of the export unchanged
    (the 文号 in its canonical form, dates as dates, 有效性 in the register's words)."""
    root = tmp_path_factory.mktemp("register")
    catalog = root / "catalog"
    shutil.copytree(MINIMAL, catalog)
    (catalog / "imports.yaml").write_text(
        "导入批次:\n  - 编号: reg\n    原始出处: 登记簿.xlsx\n    采集日期: 2026-11-01\n"
        "    保密审查: {审查人: 办公室, 日期: 2026-11-02, 结论: 同意公开}\n", encoding="utf-8")
    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(["测试市现行规范性文件目录"])
    sheet.append(["序号", "文件名称", "发文字号", "发文机关", "印发日期", "公开日期", "效力状态"])
    for index, (title, units, day, form, validity) in enumerate(rows, start=1):
        published = day + dt.timedelta(days=3)
        sheet.append([index, title, f"测府规[2030]第{index}号", "、".join(units), DATE_FORMS[form](day), DATE_FORMS[form](published), validity])
    book.save(root / "register.xlsx")
    before = check(catalog, display_root="catalog", today=TODAY)
    plan = plan_import(root / "register.xlsx", before.catalog, batch="reg", today=TODAY)
    assert not plan.errors, [str(p) for p in plan.problems]
    apply_plan(plan, catalog)
    after = check(catalog, display_root="catalog", today=TODAY)
    assert after.ok, [str(p) for p in after.errors]
    export_workbook(after.catalog, root / "export.xlsx", TODAY)
    exported = load_workbook(root / "export.xlsx")["规范性文件"]
    headers = [c.value for c in exported[1]]
    by_number = {r[headers.index("文号")].value: [c.value for c in r] for r in exported.iter_rows(min_row=2)}
    for index, (title, units, day, _, validity) in enumerate(rows, start=1):
        row = by_number[f"测府规〔2030〕{index}号"]
        assert row[headers.index("文件名称")] == title.strip()
        assert row[headers.index("发文机关")].split("\n") == units
        assert row[headers.index("成文日期")].date() == day
        assert row[headers.index("发布日期")].date() == day + dt.timedelta(days=3)
        assert row[headers.index("有效性")] == validity


def test_a_real_standing_hearing_list_is_published_as_it_stands(tmp_path):
    """江门市环境保护局's 听证目录 (2016): categories of matters with their legal basis, no year, no status."""
    text = (REAL / "jiangmen-2016-hearing-list.yaml").read_text(encoding="utf-8")
    table = {"制定机关": "江门市环境保护局", "来源": "https://eambbs.com/html/.xxgkwgkjcgk.201611t20161123_603324.html",
             "发布日期": "2016-11-23"}
    catalog = catalog_for(table, tmp_path, 2016)
    shutil.rmtree(catalog / "decisions")
    (catalog / "hearing-lists").mkdir()
    (catalog / "hearing-lists" / "jm-hbj-2016.yaml").write_text(text, encoding="utf-8")
    result = check(catalog, display_root="catalog", today=TODAY)
    assert result.ok, [str(p) for p in result.errors]
    page = render(result.catalog, TODAY).pages["hearing-lists/jm-hbj-2016.md"]
    assert "## 听证事项（共 5 项）" in page and "本条记录迁移自原有登记" in page
    assert "| 1 | 编制江门市中、长期环境保护规划（纲要） | 《广东省重大行政决策听证规定》第四条第（二）项<br>参照" in page
