"""Every part of an attachment a reader could see is read for personal numbers
(Word headers, footers, comments, properties, nested tables, text boxes,
footnotes; Excel comments, headers, properties, formulas, cached values,
defined names; PDF metadata, XMP, bookmarks, annotations, links, form fields,
embedded files; text in every usual encoding; OFD pages), each finding named by
its place. What cannot be read blocks the release unless a person recorded a
review of that very file; and no file, however it expands, is read without bound."""
import hashlib
import io
import re
import zipfile
import zlib

import docx
import openpyxl
import pytest
from conftest import FIXED_TODAY
from fpdf import FPDF
from openpyxl.comments import Comment
from openpyxl.packaging.custom import StringProperty
from openpyxl.workbook.defined_name import DefinedName
from PIL import Image

import gongkai.privacy.pdf as pdf_module
import gongkai.privacy.reading as reading_module
from gongkai.pipeline import check
from gongkai.privacy.detect import find_personal_numbers
from gongkai.privacy.extract import extract_text
from gongkai.privacy.reading import MAX_EXPANDED_BYTES


def phone(n: int) -> str:
    """A distinct mobile number per place, so each finding shows where it came from."""
    return f"138001380{n:02d}"


def found(name: str, data: bytes) -> dict:
    """{place: [masked numbers]} of every finding in the attachment."""
    result = {}
    for part in extract_text(name, data).parts:
        for hit in find_personal_numbers(part.text):
            result.setdefault(part.where, []).append(hit.masked)
    return result


def masked(n: int) -> str:
    return f"138****80{n:02d}"


def with_parts(data: bytes, parts: dict) -> bytes:
    """The package with parts added or replaced (an unreferenced part is still published)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename not in parts:
                target.writestr(info, source.read(info))
        for name, text in parts.items():
            target.writestr(name, text)
    return buffer.getvalue()


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def word_document() -> bytes:
    document = docx.Document()
    document.add_paragraph("补贴名单")
    split = document.add_paragraph("联系电话：")
    split.add_run(phone(1)[:3])
    split.add_run(phone(1)[3:7]).bold = True  # a number split between plain and bold runs
    split.add_run(phone(1)[7:])
    section = document.sections[0]
    section.header.paragraphs[0].text = f"页眉 {phone(2)}"
    section.footer.paragraphs[0].text = f"页脚 {phone(3)}"
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = f"首页页眉 {phone(4)}"
    section.even_page_footer.paragraphs[0].text = f"偶数页页脚 {phone(5)}"
    document.core_properties.author = f"作者 {phone(6)}"
    document.core_properties.comments = f"备注 {phone(7)}"
    table = document.add_table(rows=2, cols=2)
    table.cell(1, 1).text = f"表格 {phone(8)}"
    table.cell(0, 1).add_table(rows=1, cols=2).cell(0, 1).text = f"嵌套表格 {phone(9)}"
    document.add_comment(split.runs, text=f"批注 {phone(10)}", author="审核人")
    buffer = io.BytesIO()
    document.save(buffer)
    body = zipfile.ZipFile(buffer).read("word/document.xml").decode()
    text_box = (f'<w:p><w:r><w:pict><w:txbxContent><w:p><w:r><w:t>文本框 {phone(11)}</w:t></w:r></w:p>'
                '</w:txbxContent></w:pict></w:r></w:p>')
    return with_parts(buffer.getvalue(), {
        "word/document.xml": body.replace("</w:body>", text_box + "</w:body>"),
        "word/footnotes.xml": f'<w:footnotes {W}><w:footnote w:id="1"><w:p><w:r><w:t>脚注 {phone(12)}</w:t></w:r></w:p></w:footnote></w:footnotes>',
        "word/endnotes.xml": f'<w:endnotes {W}><w:endnote w:id="1"><w:p><w:r><w:t>尾注 {phone(13)}</w:t></w:r></w:p></w:endnote></w:endnotes>',
        "docProps/custom.xml": ('<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
                                'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
                                f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="2" name="联系人电话"><vt:lpwstr>{phone(14)}</vt:lpwstr></property></Properties>'),
        "word/_rels/extra.xml.rels": ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                                      f'<Relationship Id="rId9" Type="hyperlink" Target="tel:{phone(15)}" TargetMode="External"/></Relationships>'),
    })


WORD_PLACES = {
    "第2段": [masked(1)],
    "页眉（header1.xml）第1段": [masked(2)],
    "页脚（footer1.xml）第1段": [masked(3)],
    "页眉（header2.xml）第1段": [masked(4)],
    "页脚（footer2.xml）第1段": [masked(5)],
    "文档属性作者": [masked(6)],
    "文档属性备注": [masked(7)],
    "表格1第2行第2列": [masked(8)],
    "表格1第1行第2列中表格1第1行第2列": [masked(9)],
    "批注（comments.xml）第1段": [masked(10)],
    "第4段": [masked(11)],  # the text box's paragraph, inside the third paragraph
    "脚注（footnotes.xml）第1段": [masked(12)],
    "尾注（endnotes.xml）第1段": [masked(13)],
    "自定义属性「联系人电话」": [masked(14)],
    "链接（extra.xml.rels）属性「Target」": [masked(15)],
}


def test_every_part_of_a_word_file_is_read():
    assert found("名单.docx", word_document()) == WORD_PLACES


def excel_workbook() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "名单"
    sheet["A1"] = "姓名"
    sheet["B2"] = int(phone(1))  # a number typed into a cell
    sheet["C3"] = phone(2)  # text, kept in the shared strings
    sheet["D4"] = f'="电话"&{phone(3)}'  # in a formula
    sheet["A1"].comment = Comment(f"批注 {phone(4)}", "审核人")
    sheet.oddHeader.center.text = f"页眉 {phone(5)}"
    sheet.oddFooter.left.text = f"页脚 {phone(6)}"
    workbook.properties.creator = f"作者 {phone(7)}"
    workbook.custom_doc_props.append(StringProperty(name="联系人电话", value=phone(8)))
    workbook.defined_names["电话"] = DefinedName("电话", attr_text=f'"{phone(9)}"')
    workbook.create_sheet("附表")["A1"] = 1.3800138010e10  # a float as Excel stores a long number
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    cached = f'<c r="E5" t="str"><f>CONCATENATE("138","0013","80","11")</f><v>{phone(11)}</v></c>'
    shared = '<c r="F6" t="s"><v>0</v></c>'
    sheet_xml = sheet_xml.replace("</sheetData>", f'<row r="5">{cached}</row><row r="6">{shared}</row></sheetData>')
    strings = ('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               f'<si><r><t>共享</t></r><r><rPr><b/></rPr><t>{phone(12)[:5]}</t></r><r><t>{phone(12)[5:]}</t></r></si>'
               f'<si><t>未用的共享字符串 {phone(13)}</t></si></sst>')
    return with_parts(data, {"xl/worksheets/sheet1.xml": sheet_xml, "xl/sharedStrings.xml": strings})


EXCEL_PLACES = {
    "工作表「名单」B2": [masked(1)],
    "工作表「名单」C3": [masked(2)],
    "工作表「名单」D4公式": [masked(3)],
    "批注（comment1.xml）A1": [masked(4)],
    "工作表「名单」页眉": [masked(5)],
    "工作表「名单」页脚": [masked(6)],
    "文档属性作者": [masked(7)],
    "自定义属性「联系人电话」": [masked(8)],
    "工作簿名称定义「电话」": [masked(9)],
    "工作表「附表」A1": [masked(10)],
    "工作表「名单」E5": [masked(11)],  # the cached value of a formula that builds the number
    "工作表「名单」F6": [masked(12)],  # a shared string in rich-text runs
    "共享字符串第2项": [masked(13)],
}


def test_every_part_of_an_excel_file_is_read():
    places = found("名单.xlsx", excel_workbook())
    assert {where: sorted(set(numbers)) for where, numbers in places.items()} == EXCEL_PLACES


def raw_pdf(content: bytes, pages: int = 1, catalog: bytes = b"", objects: tuple = (), resources: bytes = b"") -> bytes:
    """A small PDF written by hand: every page shows `content` (compressed); extra objects
    are numbered from 4 + pages."""
    stream = zlib.compress(content)
    body = [b"<< /Type /Catalog /Pages 2 0 R " + catalog + b" >>",
            b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (4 + i) for i in range(pages)) + b"] /Count %d >>" % pages,
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream"]
    body += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R /Resources << /Font << /F1 "
             b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> " + resources + b" >> >>"] * pages
    body += list(objects)
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, text in enumerate(body, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + text + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(body) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(body) + 1, xref)
    return bytes(out)


def pdf_document() -> bytes:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    pdf.set_title(f"Title {phone(1)}")
    pdf.set_author(f"Author {phone(2)}")
    pdf.set_keywords(f"Keywords {phone(3)}")
    pdf.set_xmp_metadata('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
                         f'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:rights>{phone(4)}</dc:rights>'
                         '</rdf:Description></rdf:RDF></x:xmpmeta>')
    pdf.add_page()
    pdf.start_section(f"Bookmark {phone(5)}")
    pdf.cell(0, 10, "Page one")
    pdf.add_page()
    pdf.cell(0, 10, f"Tel: {phone(6)}")
    pdf.text_annotation(10, 10, f"Note {phone(7)}")
    pdf.link(10, 30, 50, 10, f"tel:{phone(8)}")
    pdf.embed_file(bytes=f"name,phone\nzhang,{phone(9)}\n".encode(), basename="名单.csv")
    return bytes(pdf.output())


PDF_PLACES = {
    "文档属性Title": [masked(1)],
    "文档属性Author": [masked(2)],
    "文档属性Keywords": [masked(3)],
    "XMP 元数据": [masked(4)],
    "书签": [masked(5)],
    "第2页": [masked(6)],
    "第2页批注": [masked(7), masked(8)],
    "内嵌文件「名单.csv」 ": [masked(9)],
}


def test_every_part_of_a_pdf_is_read():
    assert found("名单.pdf", pdf_document()) == PDF_PLACES


def test_pdf_form_fields_are_read():
    field = b"<< /FT /Tx /T (phone) /V (%s) /Rect [0 0 100 20] /Subtype /Widget /Type /Annot >>" % phone(1).encode()
    data = raw_pdf(b"BT /F1 12 Tf 72 700 Td (Form) Tj ET", catalog=b"/AcroForm << /Fields [5 0 R] >>", objects=(field,))
    assert found("form.pdf", data)["表单字段「phone」"] == [masked(1)]


ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "gb18030"]


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_text_files_in_every_usual_encoding_are_read_by_line(encoding):
    text = f"姓名,电话\n张三,{phone(1)}\n"
    data = text.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):  # a BOM says which
        data = ("\ufeff" + text).encode(encoding)
    assert found("名单.csv", data) == {"": [masked(1)]}
    [part] = extract_text("名单.csv", data).parts
    assert part.numbered_lines


@pytest.mark.parametrize("name, data", [
    ("page.html", f"<p>电话 <b>138</b>0013&#56;0{phone(1)[-2:]}</p>".encode()),
    ("data.json", f'{{"电话": "{phone(1)}"}}'.encode()),
    ("data.xml", f"<r><phone>{phone(1)}</phone></r>".encode()),
    ("image.svg", f'<svg xmlns="http://www.w3.org/2000/svg"><text>{phone(1)}</text></svg>'.encode()),
])
def test_active_and_data_formats_are_read_as_text_without_failing(name, data):
    assert list(found(name, data).values()) == [[masked(1)]]


def test_an_ofd_file_is_read_page_by_page():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("OFD.xml", '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><ofd:DocBody/></ofd:OFD>')
        package.writestr("Doc_0/Pages/Page_1/Content.xml",
                         '<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer><ofd:TextObject>'
                         f'<ofd:TextCode X="0" Y="0">电话 {phone(1)}</ofd:TextCode></ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>')
    assert found("通知.ofd", buffer.getvalue()) == {"第2页": [masked(1)]}


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "white").save(buffer, "PNG")
    return buffer.getvalue()


def scanned_pdf(pages_with_text: int = 0) -> bytes:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    for _ in range(pages_with_text):
        pdf.add_page()
        pdf.cell(0, 10, "Typed page")
    for _ in range(2):
        pdf.add_page()
        pdf.image(io.BytesIO(png()), x=10, y=10, w=100)
    return bytes(pdf.output())


def archive() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("名单.xlsx", b"anything")
    return buffer.getvalue()


def word_with_only_a_picture() -> bytes:
    document = docx.Document()
    document.add_picture(io.BytesIO(png()))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


UNREADABLE = [
    ("scan.pdf", scanned_pdf(), "PDF 没有可提取的文字（可能是扫描件）"),
    ("mixed.pdf", scanned_pdf(pages_with_text=1), "第2、3页没有可提取的文字（可能是扫描图片）"),
    ("photo.png", png(), "图片无法自动读取文字"),
    ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 100, "图片无法自动读取文字"),
    ("list.zip", archive(), "压缩包里的文件无法逐一检查"),
    ("list.rar", b"Rar!\x1a\x07\x01\x00" + b"\x00" * 50, "压缩包里的文件无法逐一检查"),
    ("list.7z", b"7z\xbc\xaf\x27\x1c" + b"\x00" * 50, "压缩包里的文件无法逐一检查"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500, "旧版或加密的 Office/WPS 文件"),
    ("old.wps", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500, "旧版或加密的 Office/WPS 文件"),
    ("scan.docx", word_with_only_a_picture(), "只有图片，没有可提取的文字（可能是扫描件）"),
    ("broken.docx", b"not a zip", "文件已损坏或不是其扩展名所示的格式"),
    ("broken.pdf", b"%PDF-1.7\n garbage", "PDF 无法读取"),
    ("utf16-without-bom.txt", f"电话 {phone(1)}".encode("utf-16-le"), "文字编码无法识别"),
    ("unknown.bin", b"\x00\x01\x02", "这种文件类型无法自动读取文字"),
]


@pytest.mark.parametrize("name, data, reason", UNREADABLE, ids=[u[0] for u in UNREADABLE])
def test_what_cannot_be_read_says_why(name, data, reason):
    assert reason in extract_text(name, data).problem


# ---- the check: attachments of a published record ----------------------------------------

def attach(catalog, name: str, data: bytes, review_of: bytes = None) -> None:
    """Attach a file to fx-2021-02 (published) in place of its plan.txt, optionally with a
    record that a person reviewed the file whose bytes are `review_of`."""
    (catalog / "files" / "documents" / "fx-2021-02" / name).write_bytes(data)
    path = catalog / "documents" / "fx-2021-02.md"
    entry = f"文件: documents/fx-2021-02/{name}"
    if review_of is not None:
        entry += f", 人工核对: {{核对人: 市政府办公室 张某, 核对日期: 2021-06-19, sha256: {hashlib.sha256(review_of).hexdigest()}}}"
    path.write_text(re.sub(r"文件: documents/fx-2021-02/[^}\s,]+", entry, path.read_text(encoding="utf-8"), count=1),
                    encoding="utf-8")


def personal_data_problems(catalog):
    result = check(catalog, display_root="catalog", today=FIXED_TODAY)
    return [p for p in result.problems if "个人信息" in p.message or "未遮盖" in p.message or "人工核对" in p.message]


@pytest.mark.parametrize("name, data, reason", [UNREADABLE[0], UNREADABLE[2], UNREADABLE[7], UNREADABLE[9]],
                         ids=["scan", "picture", "old-office", "picture-in-word"])
def test_an_unreadable_attachment_blocks_the_release_until_a_person_reviews_it(minimal_copy, name, data, reason):
    attach(minimal_copy, name, data)
    [problem] = personal_data_problems(minimal_copy)
    assert problem.severity.value == "error" and problem.field == "附件第1项.文件"
    assert problem.message == f"附件 documents/fx-2021-02/{name}：{extract_text(name, data).problem}，无法检查其中的个人信息"
    assert "人工核对" in problem.hint and hashlib.sha256(data).hexdigest() in problem.hint
    attach(minimal_copy, name, data, review_of=data)
    assert personal_data_problems(minimal_copy) == []


def test_a_review_holds_for_the_reviewed_file_only(minimal_copy):
    # One PDF, hashed as written (the generator stamps the time: a second one may differ).
    attached = scanned_pdf()
    attach(minimal_copy, "scan.pdf", attached, review_of=scanned_pdf(pages_with_text=1))
    [problem] = personal_data_problems(minimal_copy)
    assert problem.field == "附件第1项.人工核对.sha256" and "在人工核对之后被改动过" in problem.message
    assert hashlib.sha256(attached).hexdigest() in problem.hint


def test_a_review_does_not_excuse_a_number_that_can_be_read(minimal_copy):
    data = f"电话 {phone(1)}\n".encode()
    attach(minimal_copy, "list.txt", data, review_of=data)
    [problem] = personal_data_problems(minimal_copy)
    assert problem.message.startswith("附件 documents/fx-2021-02/list.txt 第1行含有未遮盖的手机号码")


@pytest.mark.parametrize("name, data, place", [
    ("名单.docx", word_document(), "页眉（header2.xml）第1段"),
    ("名单.xlsx", excel_workbook(), "批注（comment1.xml）A1"),
    ("名单.pdf", pdf_document(), "XMP 元数据"),
    ("名单.csv", f"姓名,电话\n张三,{phone(1)}\n".encode("utf-16"), "第2行"),
])
def test_findings_in_any_part_block_the_release_and_never_print_the_number(minimal_copy, name, data, place):
    attach(minimal_copy, name, data)
    problems = personal_data_problems(minimal_copy)
    assert any(p.message.startswith(f"附件 documents/fx-2021-02/{name} {place}含有未遮盖的手机号码") for p in problems)
    assert all(p.severity.value == "error" for p in problems)
    shown = "".join(p.message + p.hint for p in problems)
    assert not re.search(r"1380013\d{4}", shown)


def test_a_long_list_is_reported_once_with_a_count(minimal_copy):
    attach(minimal_copy, "名单.csv", "".join(f"{phone(n % 100)}\n" for n in range(150)).encode())
    problems = personal_data_problems(minimal_copy)
    assert len(problems) == 21 and problems[-1].message == (
        "附件 documents/fx-2021-02/名单.csv 另有 130 处未遮盖的个人号码（以上只列出前 20 处）")


# ---- bounds: every input is read in bounded time and memory --------------------------------

def zip_bomb(member_size: int, name: str = "word/document.xml") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        with package.open(name, "w", force_zip64=True) as member:
            chunk = b" " * (1 << 20)
            for _ in range(member_size // len(chunk)):
                member.write(chunk)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_before_it_is_expanded():
    data = zip_bomb(MAX_EXPANDED_BYTES + (1 << 20))
    assert len(data) < 1_000_000
    result = extract_text("bomb.docx", data)
    assert result.too_large and result.too_large.expanded and result.problem.startswith("解压后 101 MB，上限 100 MB")


def test_a_part_compressed_more_than_a_hundredfold_is_refused():
    result = extract_text("bomb.xlsx", zip_bomb(4 << 20, "xl/worksheets/sheet1.xml"))
    assert result.too_large and "压缩比超过 100:1" in result.problem


def test_a_small_pdf_expanding_to_twenty_megabytes_is_refused_before_extraction():
    data = raw_pdf(b"BT /F1 12 Tf 12 TL 72 700 Td " + (b"(" + b"A" * 1000 + b") Tj T* ") * 20_000 + b"ET")
    assert len(data) < 60_000
    result = extract_text("big.pdf", data)
    assert result.too_large and result.problem == "页面内容解压后超过 8 MB（到第1页）" and result.parts == ()


def test_a_form_drawn_thousands_of_times_counts_each_time():
    form = zlib.compress(b"BT /F1 12 Tf (" + b"A" * 10_000 + b") Tj ET")
    form_object = b"<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Length %d /Filter /FlateDecode " \
                  b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>\nstream\n" % len(form) \
                  + form + b"\nendstream"
    data = raw_pdf(b"/Fm1 Do " * 5_000, objects=(form_object,), resources=b"/XObject << /Fm1 5 0 R >>")
    result = extract_text("forms.pdf", data)
    assert result.too_large and result.problem.startswith("页面内容解压后超过 8 MB")


def test_text_beyond_the_limit_stops_the_reading_and_says_so(monkeypatch):
    monkeypatch.setattr(reading_module, "MAX_TEXT_CHARS", 1_000)
    result = extract_text("long.txt", b"x" * 2_000)
    assert result.too_large and result.problem == "文字超过 0 万字"
    monkeypatch.setattr(pdf_module, "MAX_TEXT_CHARS", 1_000)
    result = extract_text("long.pdf", raw_pdf(b"BT /F1 12 Tf 12 TL 72 700 Td " + (b"(" + b"A" * 100 + b") Tj T* ") * 50 + b"ET"))
    assert result.too_large  # stopped inside the page, by the extraction's own count


def test_an_oversized_attachment_blocks_the_release_unless_reviewed(minimal_copy):
    data = zip_bomb(MAX_EXPANDED_BYTES + (1 << 20))
    attach(minimal_copy, "bomb.docx", data)
    [problem] = personal_data_problems(minimal_copy)
    assert problem.message == "附件 documents/fx-2021-02/bomb.docx 展开后过大（解压后 101 MB，上限 100 MB），无法完整检查个人信息"
    assert problem.hint.startswith("请拆分为较小的文件；或人工核对")
    attach(minimal_copy, "bomb.docx", data, review_of=data)
    assert personal_data_problems(minimal_copy) == []


def test_xml_entities_are_never_expanded():
    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">]>'
              f'<w:document {W}><w:body><w:p><w:r><w:t>&lol2; {phone(1)}</w:t></w:r></w:p></w:body></w:document>')
    data = with_parts(word_document(), {"word/document.xml": laughs})
    assert found("lol.docx", data)[""] == [masked(1)]  # the part read as plain text
    assert all("lollol" not in part.text for part in extract_text("lol.docx", data).parts)


def test_names_taken_from_the_file_are_masked_in_messages_too(minimal_copy):
    workbook = openpyxl.Workbook()
    workbook.active.title = phone(20)  # a sheet named by a phone number
    workbook.active["A1"] = phone(21)
    buffer = io.BytesIO()
    workbook.save(buffer)
    attach(minimal_copy, f"{phone(22)}.xlsx", buffer.getvalue())
    problems = personal_data_problems(minimal_copy)
    messages = [p.message for p in problems]
    assert f"附件 documents/fx-2021-02/{masked(22)}.xlsx 工作表「{masked(20)}」A1含有未遮盖的手机号码，应改为「{masked(21)}」" in messages
    assert not re.search(r"1380013\d{4}", "".join(p.message + p.hint for p in problems))


def test_nested_files_share_the_attachment_s_limit(monkeypatch):
    monkeypatch.setattr(reading_module, "MAX_EXPANDED_BYTES", 250_000)
    inner = with_parts(word_document(), {"word/document.xml": f"<w:document {W}><w:body>" + "<w:p/>" * 20_000 + "</w:body></w:document>"})
    outer = with_parts(word_document(), {f"word/embeddings/附件{n}.docx": inner for n in range(3)})
    result = extract_text("outer.docx", outer)
    assert result.too_large and "解压后" in result.problem


def test_office_files_embedded_in_office_files_are_read():
    places = found("outer.docx", with_parts(word_document(), {"word/embeddings/附件.docx": word_document()}))
    assert places["内嵌文件「附件.docx」 页眉（header1.xml）第1段"] == places["页眉（header1.xml）第1段"] == [masked(2)]
