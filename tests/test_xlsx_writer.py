"""The register workbook written directly (excel/xlsx.py) is a well-formed package that a real
reader (openpyxl) reads back cell for cell: text as text, formula-like text quoted, numbers,
real dates, a bold frozen header, and the document dated by the build day."""
import datetime as dt
import io
import re
import zipfile
from xml.etree import ElementTree

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from gongkai.excel.cells import xlsx_text
from gongkai.excel.xlsx import Sheet, column_letter, workbook_bytes

DAY = dt.date(2026, 12, 4)
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def read(data: bytes):
    return load_workbook(io.BytesIO(data))


def test_every_part_is_well_formed_xml_and_dated_1980():
    data = workbook_bytes([Sheet("规范性文件", ["序号", "标题"], [[1, "示例"]], [10, 20]), Sheet("A&B<\"", ["x"], [], [10])], DAY, "廉江市人民政府")
    package = zipfile.ZipFile(io.BytesIO(data))
    for entry in package.infolist():
        assert entry.date_time == (1980, 1, 1, 0, 0, 0)
        ElementTree.fromstring(package.read(entry.filename))
    book = read(data)
    assert book.sheetnames == ["规范性文件", 'A&B<"']
    assert book.properties.creator == "廉江市人民政府"
    assert book.properties.created == book.properties.modified == dt.datetime(2026, 12, 4)
    assert workbook_bytes([Sheet("x", ["a"], [["b"]], [10])], DAY) == workbook_bytes([Sheet("x", ["a"], [["b"]], [10])], DAY)


def test_cells_read_back_as_written():
    rows = [[1, "=HYPERLINK(\"http://x\")", dt.date(2021, 7, 16), -3.5, None, "  两端有空格  ", "第一行\n第二行", "A&B <c>"],
            [2, "'=1+1", dt.date(1999, 12, 31), 0, "@SUM(A1)", "－1", "", "正常"]]
    sheet = read(workbook_bytes([Sheet("表", [f"列{n}" for n in range(8)], rows, [10] * 8)], DAY))["表"]
    assert sheet.freeze_panes == "A2" and all(cell.font.b for cell in sheet[1])
    got = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2, max_col=8)]
    assert got[0] == [1, "=HYPERLINK(\"http://x\")", dt.datetime(2021, 7, 16), -3.5, None, "  两端有空格  ", "第一行\n第二行", "A&B <c>"]
    assert got[1][:6] == [2, "''=1+1", dt.datetime(1999, 12, 31), 0, "@SUM(A1)", "－1"]
    cells = list(sheet.iter_rows(min_row=2, max_row=2))[0]
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in (cells[1],))  # text, never a formula
    assert cells[2].number_format == "yyyy-mm-dd" and cells[2].is_date
    assert sheet.column_dimensions["A"].width == 10


def test_column_letters():
    assert [column_letter(n) for n in (1, 26, 27, 52, 53, 702, 703)] == ["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=40), min_size=1, max_size=6))
def test_any_text_reads_back_as_the_exports_text(texts):
    sheet = read(workbook_bytes([Sheet("表", ["h"] * len(texts), [texts], [10] * len(texts))], DAY))["表"]
    got = [cell.value for cell in next(sheet.iter_rows(min_row=2, max_row=2, max_col=len(texts)))] if sheet.max_row > 1 else [None] * len(texts)
    want = [NOT_XML.sub("", xlsx_text(text)) or None for text in texts]
    assert got == want


def _zipfile_package(parts) -> bytes:
    """The package as zipfile writes it (what excel/xlsx.py wrote with it before writing the layout itself)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts:
            entry = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            package.writestr(entry, data)
    return out.getvalue()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.from_regex(r"[A-Za-z0-9_/\[\].]{1,30}", fullmatch=True), st.binary(max_size=3000)), max_size=6,
                unique_by=lambda part: part[0]))
def test_the_package_is_the_zip_zipfile_writes(parts):
    from gongkai.excel.xlsx import _package

    assert _package(parts) == _zipfile_package(parts)
    assert [(name, zipfile.ZipFile(io.BytesIO(_package(parts))).read(name)) for name, _ in parts] == parts


def test_a_workbook_made_again_under_serve_compresses_only_the_run_of_rows_that_changed_and_is_the_same(monkeypatch):
    from gongkai import memo
    from gongkai.excel import xlsx

    rows = [[n, f"示例{n}" * 40] for n in range(2000)]
    sheets = [Sheet("规范性文件", ["序号", "标题"], rows, [10, 20])]
    cold = workbook_bytes(sheets, DAY)
    monkeypatch.setattr(memo, "_enabled", True)
    monkeypatch.setattr(memo, "_current", {})
    monkeypatch.setattr(memo, "_previous", {})
    compressed = []
    real = xlsx._flushed
    monkeypatch.setattr(xlsx, "_flushed", lambda data, before: (compressed.append(data), real(data, before))[1])
    assert workbook_bytes(sheets, DAY) == cold
    assert len(compressed) == 2 + -(-len(rows) // memo.RUN)  # the sheet's head and end, and each run of rows
    memo.next_build()
    compressed.clear()
    rows[1000] = [1000, "改过的标题"]  # a new row object: an edit
    edited = workbook_bytes(sheets, DAY)
    # The edited run, the run after it (its window changed), the head and end, and the first run (after the head).
    assert len(compressed) == 5 and sum(piece.count(b"<row ") for piece in compressed) == 3 * memo.RUN + 1
    assert any("改过的标题".encode("utf-8") in piece for piece in compressed)
    memo.next_build()
    monkeypatch.setattr(memo, "_enabled", False)
    assert edited == workbook_bytes(sheets, DAY)  # as a fresh build writes it
    sheet = zipfile.ZipFile(io.BytesIO(edited)).read("xl/worksheets/sheet1.xml").decode("utf-8")  # (zipfile checks the CRC)
    assert sheet.count("<row ") == len(rows) + 1 and "改过的标题" in sheet and "示例1000" not in sheet
    ElementTree.fromstring(sheet)
