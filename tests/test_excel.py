"""Excel round trip: export, import (dry run, apply), the quirks of real registers."""
import datetime as dt
import shutil

from conftest import FIXED_TODAY, MINIMAL
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from gongkai.excel.export import export_workbook
from gongkai.excel.importer import plan_import
from gongkai.pipeline import check
from test_cli import run


def export(catalog, path):
    result = check(catalog)
    assert result.ok, [str(p) for p in result.problems]
    export_workbook(result.catalog, path, FIXED_TODAY)
    return result.catalog


def test_demo_round_trip_changes_nothing(tmp_path):
    book = tmp_path / "目录.xlsx"
    assert run("export", "--format", "xlsx", "--out", str(book)).returncode == 0
    completed = run("import", str(book))
    assert completed.returncode == 0, completed.stderr
    assert "表格与目录一致，没有需要导入的内容。" in completed.stdout


# With = + - @ (and full-width forms, and ') so values that start like a formula are in the round trip too.
CJK_TEXT = st.text(alphabet=st.sampled_from(list("测试市人民政府关于规范管理办法实施意见（）、，；：“”《》〔〕0123456789ABC- 　=+@＝＋－＠'")),
                   min_size=1, max_size=40)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=CJK_TEXT, topic=CJK_TEXT, units=st.lists(CJK_TEXT, min_size=0, max_size=3),
       published=st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)))
@example(title='=HYPERLINK("x")测试', topic="'=1", units=["@单位", "-", "＋协办"], published=dt.date(2021, 3, 1))
def test_round_trip_changes_nothing_for_any_values(tmp_path_factory, title, topic, units, published):
    from ruamel.yaml import YAML

    catalog = tmp_path_factory.mktemp("rt") / "catalog"
    shutil.copytree(MINIMAL, catalog)
    yaml = YAML()
    document = catalog / "documents" / "fx-2019-01.md"
    head, front, body = document.read_text(encoding="utf-8").split("---\n", 2)
    data = yaml.load(front)
    data["标题"], data["主题分类"] = title, topic
    data["成文日期"] = data["发布日期"] = published
    decision = catalog / "decisions" / "2021" / "2021-01.yaml"
    decision_data = yaml.load(decision.read_text(encoding="utf-8"))
    decision_data["协办单位"] = units
    import io

    out = io.StringIO()
    yaml.dump(data, out)
    document.write_text("---\n" + out.getvalue() + "---\n" + body, encoding="utf-8")
    with decision.open("w", encoding="utf-8") as handle:
        yaml.dump(decision_data, handle)
    result = check(catalog)
    if not result.ok:  # values the checker itself refuses (e.g. a blank title) are not a round-trip question
        return
    book = catalog.parent / "rt.xlsx"
    export_workbook(result.catalog, book, FIXED_TODAY)
    plan = plan_import(book, result.catalog)
    assert not plan.problems and not plan.changes, (plan.problems, [c.values for c in plan.changes])


def quirky_workbook(path):
    """A register as staff keep it: a merged title row, then headers, odd cells."""
    book = Workbook()
    sheet = book.active
    sheet.title = "规范性文件"
    sheet.append(["测试市行政规范性文件目录（2021年）"])
    sheet.merge_cells("A1:H1")
    sheet.append(["序号", "编号", "文件名称", "文号", "成文日期", "发布日期", "施行日期", "备注"])
    sheet.append([1, "fx-2021-02", "测试市人民政府关于修改《测试市停车管理办法》的决定  ", "测府规[2021]第2号",
                  "2021年6月15日", 44367, "２０２１-０７-０１", "经办：张科"])  # 44367 = 2021-06-20
    sheet.append([2, "fx-2019-01", "测试市停车管理办法", "测府规（2019）1号", dt.datetime(2019, 3, 1), "2019/3/5", "2019.4.1", ""])
    book.save(path)


def test_quirky_cells_read_as_the_same_values(tmp_path):
    catalog = export(MINIMAL, tmp_path / "unused.xlsx")
    quirky_workbook(tmp_path / "register.xlsx")
    plan = plan_import(tmp_path / "register.xlsx", catalog)
    assert not plan.problems, [str(p) for p in plan.problems]
    assert not plan.changes, [(c.record_id, c.values) for c in plan.changes]
    assert any("备注" in note for note in plan.notes)


def test_bad_cells_are_reported_by_sheet_row_and_header_and_nothing_is_applied(minimal_copy, tmp_path):
    quirky_workbook(tmp_path / "register.xlsx")
    book = load_workbook(tmp_path / "register.xlsx")
    book["规范性文件"]["F4"] = "2019-13-05"
    book.save(tmp_path / "register.xlsx")
    before = (minimal_copy / "documents" / "fx-2019-01.md").read_text(encoding="utf-8")
    completed = run("--catalog", "catalog", "import", str(tmp_path / "register.xlsx"), "--apply", cwd=minimal_copy.parent)
    assert completed.returncode == 1
    assert '表格 规范性文件 第4行 发布日期: "2019-13-05" 不是有效日期 — 请使用 YYYY-MM-DD，如 2021-03-01' in completed.stderr
    assert (minimal_copy / "documents" / "fx-2019-01.md").read_text(encoding="utf-8") == before


def test_import_dry_run_then_apply_keeps_comments_and_order(minimal_copy, tmp_path):
    document = minimal_copy / "documents" / "fx-2021-02.md"
    document.write_text(document.read_text(encoding="utf-8").replace("有效期至: 2026-06-30", "有效期至: 2026-06-30  # 五年有效"), encoding="utf-8")
    book_path = tmp_path / "目录.xlsx"
    assert run("--catalog", "catalog", "export", "--out", str(book_path), cwd=minimal_copy.parent).returncode == 0
    book = load_workbook(book_path)
    sheet = book["规范性文件"]
    headers = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[headers.index("编号")].value == "fx-2021-02")
    row[headers.index("主题分类")].value = "城乡建设、交通"
    new = {"文件名称": "测试市新增文件", "文号": "测府规〔2021〕5号", "成文日期": "2021-12-01", "发布日期": "2021-12-05", "施行日期": "2022-01-01"}
    sheet.append([new.get(header) for header in headers])
    book.save(book_path)
    dry = run("--catalog", "catalog", "import", str(book_path), cwd=minimal_copy.parent)
    assert dry.returncode == 0, dry.stderr
    assert "将新增 1 条记录" in dry.stdout and "将修改 1 条记录" in dry.stdout
    assert "主题分类：城乡建设 → 城乡建设、交通" in dry.stdout and "这是预演" in dry.stdout
    assert "城乡建设、交通" not in document.read_text(encoding="utf-8")
    applied = run("--catalog", "catalog", "import", str(book_path), "--apply", cwd=minimal_copy.parent)
    assert applied.returncode == 0, applied.stderr
    text = document.read_text(encoding="utf-8")
    assert "主题分类: 城乡建设、交通" in text and "有效期至: 2026-06-30  # 五年有效" in text
    keys = [line.split(":")[0] for line in text.split("---\n")[1].splitlines() if line and not line.startswith(" ")]
    assert keys.index("主题分类") == keys.index("发布机构") + 1  # order kept
    new_files = list((minimal_copy / "documents").glob("doc-2021-*.md"))
    assert len(new_files) == 1 and "标题: 测试市新增文件" in new_files[0].read_text(encoding="utf-8")
    after = run("--catalog", "catalog", "check", cwd=minimal_copy.parent)
    assert after.returncode == 1 and "正文: 正文为空" in after.stderr  # the new document still needs its text


def test_unreadable_file_is_a_clear_error(tmp_path):
    bogus = tmp_path / "not-excel.xlsx"
    bogus.write_text("hello", encoding="utf-8")
    completed = run("import", str(bogus))
    assert completed.returncode == 2 and "无法读取" in completed.stderr and "Traceback" not in completed.stderr


def test_two_row_header_with_merged_cells(tmp_path):
    """编号 and 文件名称 merged down over a second header row that splits 日期 into two columns."""
    catalog = export(MINIMAL, tmp_path / "unused.xlsx")
    book = Workbook()
    sheet = book.active
    sheet.title = "规范性文件"
    sheet.append(["编号", "文件名称", "日期", None])
    sheet.append([None, None, "成文日期", "发布日期"])
    sheet.merge_cells("A1:A2")
    sheet.merge_cells("B1:B2")
    sheet.merge_cells("C1:D1")
    sheet.append(["fx-2019-01", "测试市停车管理办法", "2019-03-01", "2019-03-06"])
    book.save(tmp_path / "two-rows.xlsx")
    plan = plan_import(tmp_path / "two-rows.xlsx", catalog)
    assert not plan.problems
    assert [(c.record_id, c.values) for c in plan.changes] == [("fx-2019-01", {"发布日期": (dt.date(2019, 3, 5), dt.date(2019, 3, 6))})]


def test_a_sheet_or_column_not_understood_stops_the_import_and_says_which(minimal_copy, tmp_path):
    # A register kept by clerks: its own sheet name (the real one that was skipped with "nothing to import"),
    # and a column the catalog has no field for.
    book_path = tmp_path / "目录.xlsx"
    assert run("--catalog", "catalog", "export", "--out", str(book_path), cwd=minimal_copy.parent).returncode == 0
    book = load_workbook(book_path)
    other = book.create_sheet("2023年规范性文件目录")
    other.append(["序号", "文件名称", "发文字号"])
    other.append([1, "测试市某某管理办法", "测府规〔2023〕1号"])
    other.append([2, "测试市某某实施细则", "测府规〔2023〕2号"])
    statistics = book.create_sheet("工作统计")
    statistics.append(["月份", "件数"])
    statistics.append(["1月", 3])
    book.create_sheet("空白页")
    sheet = book["规范性文件"]
    sheet.cell(1, sheet.max_column + 1, "承办科室")
    sheet.cell(2, sheet.max_column, "法制科")
    book.save(book_path)
    completed = run("--catalog", "catalog", "import", str(book_path), cwd=minimal_copy.parent)
    assert completed.returncode == 1, completed.stdout
    # A register of the clerks' own (no 编号) is recognised, and asks for the import batch its records will belong to.
    assert "表格「2023年规范性文件目录」没有「编号」列，是原有登记" in completed.stderr and "--batch" in completed.stderr
    assert "没有认出表格「工作统计」的内容（找不到标题、文号等表头），其中 2 行有内容，没有导入" in completed.stderr
    assert "--write-mapping" in completed.stderr
    assert "承办科室: 「承办科室」列不是目录字段，其中 1 个格子有内容，无法导入" in completed.stderr
    assert "表格「空白页」是空白表格，已跳过" in completed.stdout
    assert "没有需要导入的内容" not in completed.stdout + completed.stderr


def test_the_report_counts_the_rows_read(minimal_copy, tmp_path):
    book_path = tmp_path / "目录.xlsx"
    assert run("--catalog", "catalog", "export", "--out", str(book_path), cwd=minimal_copy.parent).returncode == 0
    rows = sum(load_workbook(book_path)[name].max_row - 1 for name in load_workbook(book_path).sheetnames)
    completed = run("--catalog", "catalog", "import", str(book_path), cwd=minimal_copy.parent)
    assert completed.returncode == 0, completed.stderr
    assert f"共读取 {rows} 行：新增 0 条，修改 0 条，与目录一致 {rows} 行，不能导入 0 行。" in completed.stdout


def test_every_sheet_has_a_bold_frozen_header_and_real_dates(tmp_path):
    from conftest import PROJECT

    path = tmp_path / "目录.xlsx"
    export(PROJECT / "catalog", path)
    book = load_workbook(path)
    dates = 0
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert all(cell.font.b for cell in sheet[1]), sheet.title
        assert all(sheet.column_dimensions[cell.column_letter].width >= 10 for cell in sheet[1]), sheet.title
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, dt.datetime):
                    dates += 1
                    assert cell.number_format == "yyyy-mm-dd" and cell.is_date
    assert dates > 20
