"""The text of an attachment, piece by piece with where each piece is (page,
paragraph, cell, line), so a finding can name the place. Bytes in, no I/O."""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import Optional

TEXT_SUFFIXES = (".txt", ".csv", ".md")
READABLE_SUFFIXES = TEXT_SUFFIXES + (".pdf", ".docx", ".xlsx")


@dataclass(frozen=True)
class TextPart:
    where: str  # e.g. 第2页, 第5段, 表格1第3行第2列, 工作表「名单」B4, 第7行
    text: str


@dataclass(frozen=True)
class Extracted:
    parts: tuple[TextPart, ...] = ()
    problem: Optional[str] = None  # why the text could not be (fully) read


def _plain(data: bytes) -> Extracted:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        return Extracted(problem="文字编码无法识别")
    return Extracted(tuple(TextPart(f"第{n}行", line) for n, line in enumerate(text.splitlines(), 1) if line.strip()))


def _pdf(data: bytes) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        parts = tuple(TextPart(f"第{n}页", page.extract_text() or "") for n, page in enumerate(reader.pages, 1))
    except (PyPdfError, ValueError, KeyError, TypeError) as error:
        return Extracted(problem=f"PDF 无法读取（{type(error).__name__}）")
    if parts and not any(p.text.strip() for p in parts):
        return Extracted(parts, problem="PDF 没有可提取的文字（可能是扫描件）")
    return Extracted(parts)


def _docx(data: bytes) -> Extracted:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        return Extracted(problem=f"Word 文件无法读取（{type(error).__name__}）")
    parts = [TextPart(f"第{n}段", p.text) for n, p in enumerate(document.paragraphs, 1) if p.text.strip()]
    for t, table in enumerate(document.tables, 1):
        for r, row in enumerate(table.rows, 1):
            for c, cell in enumerate(row.cells, 1):
                if cell.text.strip():
                    parts.append(TextPart(f"表格{t}第{r}行第{c}列", cell.text))
    for s, section in enumerate(document.sections, 1):
        for label, part in (("页眉", section.header), ("页脚", section.footer)):
            text = "\n".join(p.text for p in part.paragraphs if p.text.strip())
            if text:
                parts.append(TextPart(f"第{s}节{label}", text))
    return Extracted(tuple(parts))


def _xlsx(data: bytes) -> Extracted:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as error:
        return Extracted(problem=f"Excel 文件无法读取（{type(error).__name__}）")
    parts = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                value = cell.value
                # A number typed into a cell (an ID stored as a number) reads back as int/float.
                text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
                parts.append(TextPart(f"工作表「{sheet.title}」{cell.coordinate}", text))
    workbook.close()
    return Extracted(tuple(parts))


def extract_text(name: str, data: bytes) -> Optional[Extracted]:
    """None for kinds of file that cannot be read as text (images, archives, old .doc/.xls)."""
    suffix = name[name.rfind("."):].lower() if "." in name else ""
    if suffix in TEXT_SUFFIXES:
        return _plain(data)
    if suffix == ".pdf":
        return _pdf(data)
    if suffix == ".docx":
        return _docx(data)
    if suffix == ".xlsx":
        return _xlsx(data)
    return None
