"""Personal data guard: 身份证号 (GB 11643 check digit), mobile numbers and bank
cards (Luhn) are found in fields, bodies and PDF/Word/Excel attachments, named by
place with the masked form; masked forms, exemptions and ordinary numbers pass.
Disguised numbers: test_privacy_detect.py; every part of an attachment, what
cannot be read and the limits: test_privacy_attachments.py; numbers typed bare,
site.yaml and compliance.yaml: test_privacy_sources.py."""
import io
import re
import subprocess
import sys

import docx
import openpyxl
import pytest
from conftest import FIXED_TODAY, PROJECT
from fpdf import FPDF

from gongkai.pipeline import check
from gongkai.privacy.detect import BANK_CARD, ID_CARD, MOBILE, find_personal_numbers, luhn_valid, valid_id_number

GB11643_EXAMPLE = "11010519491231002X"  # the worked example of GB 11643-1999


@pytest.mark.parametrize("text, kind, masked", [
    (f"身份证号：{GB11643_EXAMPLE}。", ID_CARD, "11*************02X"),
    ("另一人 440881199001011233", ID_CARD, "44*************233"),  # check digit worked by hand: 273 mod 11 = 9, the 10th of 10X98765432 is 3
    ("联系人手机13812345678", MOBILE, "138****5678"),
    ("手机 +86 138-1234-5678", MOBILE, "138****5678"),
    ("卡号 4111 1111 1111 1111", BANK_CARD, "4111********1111"),
    ("银联 6200000000000005", BANK_CARD, "6200********0005"),
])
def test_personal_numbers_are_found(text, kind, masked):
    [hit] = find_personal_numbers(text)
    assert hit.kind == kind and hit.masked == masked


@pytest.mark.parametrize("text", [
    "11010519491231002X 改一位校验码：110105194912310021",  # only the valid one counts
    "138****1234、44*************123、6222********1234",  # masked forms
    "廉府规〔2021〕1号 索引号 11440881007063258B/2025-00186 000000000000000000/2021-00001",
    "统一社会信用代码 91440881MA4W8Q2X1Y，资金 1234567890.12 元，2021-03-01，20210301",
    "办公电话 0759-6612345、（0759）6612345、12345 热线",
    "登记号 LJFG-2021-001，邮编 524400，4111111111111112（校验位不对）",
    "1111111111111111 0000000000000000",  # one digit repeated
])
def test_ordinary_numbers_do_not_trip_it(text):
    hits = find_personal_numbers(text)
    assert [h.digits for h in hits] in ([], [GB11643_EXAMPLE])


def test_check_digits():
    assert valid_id_number(GB11643_EXAMPLE) and not valid_id_number("110105194913310028")  # month 13
    assert luhn_valid("79927398713") and not luhn_valid("79927398710")  # the textbook Luhn example


def run_check(catalog):
    return subprocess.run([sys.executable, "-m", "gongkai", "--catalog", str(catalog), "--today", FIXED_TODAY.isoformat(), "check"],
                          capture_output=True, text=True, cwd=PROJECT, env={"PATH": "/usr/bin:/bin"})


def test_field_and_body_hits_block_the_build_and_never_print_the_number(minimal_copy):
    decision = minimal_copy / "decisions" / "2021" / "2021-01.yaml"
    decision.write_text(decision.read_text(encoding="utf-8").replace("承办单位: 测试市住房和城乡建设局",
                                                                   f"承办单位: 测试市住房和城乡建设局（联系人身份证{GB11643_EXAMPLE}）"), encoding="utf-8")
    document = minimal_copy / "documents" / "fx-2021-02.md"
    document.write_text(document.read_text(encoding="utf-8") + "\n咨询电话：13812345678\n", encoding="utf-8")
    completed = run_check(minimal_copy)
    assert completed.returncode == 1 and "Traceback" not in completed.stderr
    assert "2021-01.yaml:4:7 承办单位: 含有未遮盖的身份证号，应改为「11*************02X」" in completed.stderr
    assert "fx-2021-02.md:44 正文含有未遮盖的手机号码，应改为「138****5678」" in completed.stderr
    assert GB11643_EXAMPLE not in completed.stderr + completed.stdout and "13812345678" not in completed.stderr


def attach(catalog, name: str, data: bytes) -> None:
    """Attach a file to fx-2021-02 (published) in place of its plan.txt."""
    target = catalog / "files" / "documents" / "fx-2021-02" / name
    target.write_bytes(data)
    path = catalog / "documents" / "fx-2021-02.md"
    path.write_text(re.sub(r"文件: documents/fx-2021-02/[^}\s,]+", f"文件: documents/fx-2021-02/{name}", path.read_text(encoding="utf-8")),
                    encoding="utf-8")


def pdf_with(lines_by_page: list[list[str]]) -> bytes:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    for lines in lines_by_page:
        pdf.add_page()
        for line in lines:
            pdf.cell(0, 10, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def docx_with_table(rows: list[list[str]]) -> bytes:
    document = docx.Document()
    document.add_paragraph("Subsidy list")
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_with(cells: dict) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "名单"
    for coordinate, value in cells.items():
        sheet[coordinate] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("name, data, where, masked", [
    ("list.pdf", pdf_with([["Page one"], ["Name: Zhang", f"ID: {GB11643_EXAMPLE}"]]), "附件 documents/fx-2021-02/list.pdf 第2页", "11*************02X"),
    ("list.docx", docx_with_table([["name", "phone"], ["Zhang", "13812345678"]]), "附件 documents/fx-2021-02/list.docx 表格1第2行第2列", "138****5678"),
    ("list.xlsx", xlsx_with({"A1": "姓名", "C5": 13812345678}), "附件 documents/fx-2021-02/list.xlsx 工作表「名单」C5", "138****5678"),
    ("list.csv", "姓名,卡号\n张三,6200000000000005\n".encode("utf-8"), "附件 documents/fx-2021-02/list.csv 第2行", "6200********0005"),
])
def test_attachments_are_read_and_the_place_named(minimal_copy, name, data, where, masked):
    attach(minimal_copy, name, data)
    result = check(minimal_copy, display_root="catalog", today=FIXED_TODAY)
    [problem] = [p for p in result.errors if "未遮盖" in p.message]
    assert problem.message.startswith(where) and f"应改为「{masked}」" in problem.message
    assert problem.field == "附件第1项.文件"


def test_masked_attachment_and_a_blank_page_pass(minimal_copy):
    attach(minimal_copy, "list.pdf", pdf_with([["ID: 11*************02X  Tel: 138****5678"], []]))
    assert check(minimal_copy, today=FIXED_TODAY).ok  # scans are errors: tests/test_privacy_attachments.py


def test_a_recorded_legal_basis_allows_one_number(minimal_copy):
    path = minimal_copy / "documents" / "fx-2021-02.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n---\n将第一条", f"\n个人信息公开依据:\n  - {{号码: '{GB11643_EXAMPLE}', 依据: 最高人民法院关于公布失信被执行人名单信息的若干规定第六条}}"
                                 f"\n  - {{号码: '13900000000', 依据: 同上}}\n---\n将第一条", 1)
                    + f"\n失信被执行人：张某，身份证号 {GB11643_EXAMPLE}；另一人 {'440881199001011233'}\n", encoding="utf-8")
    result = check(minimal_copy, display_root="catalog", today=FIXED_TODAY)
    blocked = [p for p in result.errors if "未遮盖" in p.message]
    assert len(blocked) == 1 and "44*************233" in blocked[0].message  # only the listed number is allowed
    [unused] = [p for p in result.problems if p.field == "个人信息公开依据第2项.号码"]
    assert unused.severity.value == "warning"


def test_records_that_are_never_published_are_not_blocked(minimal_copy):
    withheld = minimal_copy / "decisions" / "2021" / "2021-03.yaml"  # 不予公开
    withheld.write_text(withheld.read_text(encoding="utf-8") + f"简介: 内部名单 {GB11643_EXAMPLE}\n", encoding="utf-8")
    assert check(minimal_copy, today=FIXED_TODAY).ok


def test_the_demo_catalog_and_the_reference_report_raise_no_false_alarm():
    result = check(PROJECT / "catalog", today=FIXED_TODAY)
    assert not [p for p in result.problems if "个人信息" in p.message or "未遮盖" in p.message]
    report = (PROJECT / "catalog" / "reports" / "fzzf-2021.md").read_text(encoding="utf-8")
    assert len(report) > 5_000 and find_personal_numbers(report) == []
