"""The text of an attachment, piece by piece with where each piece is (page,
paragraph, cell, header, property...), so a finding can name the place. Bytes
in, no I/O.

Every part a reader of the published file could see is read: see pdf.py and
package.py. What cannot be read (images, scans, archives, old binary Office
files, unknown types, encrypted or damaged files) is said so, and so is a file
too large to read completely: the check blocks both unless a person recorded
that they checked it. Reading is bounded: at most MAX_TEXT_CHARS characters of
text per attachment, and the limits of pdf.py and package.py on what a file
expands to.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ..attachmenttypes import decoded_text
from .package import package_text
from .reading import MAX_TEXT_CHARS, Reading, TextPart, TooLarge

__all__ = ["Extracted", "TextPart", "extract_text"]

MAX_NESTING = 2  # a workbook inside a document inside a PDF, no deeper

TEXT_SUFFIXES = (".txt", ".csv", ".tsv", ".md", ".json", ".html", ".htm", ".xml", ".svg")
_IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".heic")
_ARCHIVE_SUFFIXES = (".zip", ".rar", ".7z", ".gz", ".tgz", ".bz2", ".xz", ".tar", ".cab", ".arj")
_OLD_OFFICE_SUFFIXES = (".doc", ".xls", ".ppt", ".wps", ".et", ".dps", ".vsd", ".pub")
_MAGIC = {  # what the first bytes say a file is, whatever its name says
    b"%PDF-": "pdf",
    b"PK\x03\x04": "zip",
    b"PK\x05\x06": "zip",  # an empty archive
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": "ole",
    b"Rar!\x1a\x07": "archive",
    b"7z\xbc\xaf\x27\x1c": "archive",
    b"\x1f\x8b": "archive",
    b"\xff\xd8\xff": "image",
    b"\x89PNG\r\n\x1a\n": "image",
    b"GIF8": "image",
    b"II*\x00": "image",
    b"MM\x00*": "image",
}


@dataclass(frozen=True)
class Extracted:
    parts: tuple[TextPart, ...] = ()
    problem: Optional[str] = None  # why the text could not be (fully) read, e.g. 图片无法自动读取文字
    too_large: Optional[TooLarge] = None  # the limit reached: what was read is in `parts`, the rest was not


def _kind(name: str, data: bytes) -> str:
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            return kind
    suffix = name[name.rfind("."):].lower() if "." in name else ""
    if suffix in TEXT_SUFFIXES:
        return "text"
    if suffix in _IMAGE_SUFFIXES:
        return "image"
    if suffix in _ARCHIVE_SUFFIXES:
        return "archive"
    if suffix in _OLD_OFFICE_SUFFIXES:
        return "ole"
    if suffix in (".docx", ".xlsx", ".pptx", ".ofd"):
        return "damaged"  # these are ZIP packages, and this one does not start like one
    return "unknown"


_CANNOT_READ = {
    "image": "图片无法自动读取文字",
    "archive": "压缩包里的文件无法逐一检查",
    "ole": "旧版或加密的 Office/WPS 文件（doc、xls、ppt、wps、et、dps 等）无法自动读取文字",
    "damaged": "文件已损坏或不是其扩展名所示的格式，无法读取",
    "unknown": "这种文件类型无法自动读取文字",
}


def _plain(data: bytes, reading: Reading) -> None:
    if len(data) > 4 * MAX_TEXT_CHARS:  # no encoding takes more than four bytes a character
        raise TooLarge(f"超过 {4 * MAX_TEXT_CHARS // 1_000_000} MB", expanded=False)
    text = decoded_text(data)
    if text is None:
        reading.cannot_read("文字编码无法识别（应为 UTF-8、带 BOM 的 UTF-16 或 GB18030），或含有控制字符")
        return
    reading.add("", text, numbered_lines=True)


def read_into(name: str, data: bytes, reading: Reading, depth: int = 0) -> None:
    """Add the text of `data` (a file called `name`) to `reading`; nested files read to MAX_NESTING."""
    kind = _kind(name, data)
    if kind == "pdf":
        from .pdf import pdf_text  # (pypdf takes about 0.1 s to import: only a build that reads a PDF pays it)
        pdf_text(data, reading, lambda inner_name, inner: _nested(inner_name, inner, reading, depth))
    elif kind == "zip":
        package_text(data, reading, lambda inner_name, inner: _nested(inner_name, inner, reading, depth))
    elif kind == "text":
        _plain(data, reading)
    else:
        reading.cannot_read(_CANNOT_READ[kind])


def _nested(name: str, data: bytes, reading: Reading, depth: int) -> None:
    with reading.inside(f"内嵌文件「{name}」"):
        if depth + 1 > MAX_NESTING:
            reading.cannot_read("嵌套层数过多，无法读取")
        else:
            read_into(name, data, reading, depth + 1)


def extract_text(name: str, data: bytes) -> Extracted:
    reading = Reading()
    try:
        read_into(name, data, reading)
    except TooLarge as limit:
        return Extracted(tuple(reading.parts), limit.reason, too_large=limit)
    problem = "；".join(dict.fromkeys(reading.unreadable)) or None
    return Extracted(tuple(reading.parts), problem)
