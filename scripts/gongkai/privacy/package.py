"""Office Open XML packages (docx, xlsx, pptx, and WPS files saved as such) and
OFD packages: ZIP archives of XML parts, every one of which is read
(xmltext.py), each named so a clerk can find it: 页眉（header1.xml）第1段,
工作表「名单」C5, 批注（comments1.xml）C5, 文档属性作者, 自定义属性「电话」.

Office files and workbooks embedded in the package are read too (to a depth);
embedded binary objects cannot be, and say so. Pictures in a package are not
read; a package with pictures and no text at all is a scan and says so.

A ZIP archive can declare or expand to far more than it takes on disk. Before
anything is decompressed the declared sizes are checked against
MAX_EXPANDED_BYTES and MAX_RATIO, and each part is then read through a limit,
since a declared size can lie. The limit is the attachment's, shared with the
packages and PDFs nested in it.
"""
from __future__ import annotations

import io
import posixpath
import zipfile
from typing import Callable
from lxml import etree

from .reading import MAX_EXPANDED_BYTES, Reading, TooLarge
from .xmltext import SharedStrings, read_xml, safe_parser

MAX_RATIO = 100  # expanded : compressed, for parts over RATIO_FLOOR
RATIO_FLOOR = 1_000_000
MAX_PARTS = 10_000
_CHUNK = 1 << 20
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_NESTED_SUFFIXES = (".docx", ".xlsx", ".pptx", ".docm", ".xlsm", ".pdf", ".ofd", ".txt", ".csv")
_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf", ".svg", ".jb2")
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WORD_PARTS = {"header": "页眉", "footer": "页脚", "footnotes": "脚注", "endnotes": "尾注", "comments": "批注",
               "commentsExtended": "批注", "commentsExtensible": "批注", "people": "批注人"}

Nested = Callable[[str, bytes], None]


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.0f} MB"


def _check_sizes(infos: list[zipfile.ZipInfo], left: int) -> None:
    if len(infos) > MAX_PARTS:
        raise TooLarge(f"压缩包内有 {len(infos)} 个文件，上限 {MAX_PARTS} 个")
    declared = sum(info.file_size for info in infos)
    if declared > left:
        raise TooLarge(f"解压后 {_mb(declared)}，上限 {_mb(MAX_EXPANDED_BYTES)}")
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise TooLarge(f"其中 {info.filename} 压缩比超过 {MAX_RATIO}:1，疑似“压缩炸弹”")


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, left: int) -> bytes:
    """The part's bytes, never more than it declared nor than `left`."""
    limit = min(info.file_size, left)
    chunks = []
    size = 0
    with archive.open(info) as stream:
        while True:
            chunk = stream.read(min(_CHUNK, limit + 1 - size))
            if not chunk:
                break
            size += len(chunk)
            if size > limit:
                raise TooLarge(f"其中 {info.filename} 解压后超过声明的大小或总量上限 {_mb(MAX_EXPANDED_BYTES)}")
            chunks.append(chunk)
    return b"".join(chunks)


class _Package:
    def __init__(self, archive: zipfile.ZipFile, reading: Reading, nested: Nested):
        self.archive = archive
        self.reading = reading
        self.nested = nested
        self.infos = {info.filename: info for info in archive.infolist() if not info.is_dir()}
        self.sheet_names: dict[str, str] = {}  # part name -> sheet name

    def read(self, name: str) -> bytes:
        data = _read_member(self.archive, self.infos[name], self.reading.expanded_left())
        self.reading.expand(len(data))
        return data

    def learn_sheet_names(self) -> None:
        """xl/workbook.xml names the sheets by relationship id; its .rels gives each id's part."""
        for workbook in [name for name in self.infos if name.endswith("workbook.xml")]:
            rels = posixpath.join(posixpath.dirname(workbook), "_rels", posixpath.basename(workbook) + ".rels")
            if rels not in self.infos:
                continue
            try:  # read again with every part below, and counted there
                relationships = etree.fromstring(_read_member(self.archive, self.infos[rels], MAX_EXPANDED_BYTES), safe_parser())
                targets = {rel.get("Id"): rel.get("Target", "") for rel in relationships.iter("{*}Relationship")}
                sheets = etree.fromstring(_read_member(self.archive, self.infos[workbook], MAX_EXPANDED_BYTES), safe_parser())
                for sheet in sheets.iter("{*}sheet"):
                    rel_id = sheet.get(f"{{{_RELATIONSHIPS}}}id")
                    if rel_id in targets:
                        target = targets[rel_id]
                        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                            posixpath.join(posixpath.dirname(workbook), target))
                        self.sheet_names[part] = sheet.get("name", "")
            except (etree.LxmlError, ValueError):
                continue  # the parts are still read, only named by file

    def label(self, name: str) -> str:
        base = posixpath.basename(name)
        stem = base.rsplit(".", 1)[0]
        folder = posixpath.dirname(name)
        if name in self.sheet_names:
            return f"工作表「{self.sheet_names[name]}」"
        if name.endswith(".rels"):
            return f"链接（{base}）"
        if name in ("word/document.xml", "word/document2.xml"):
            return ""
        if folder == "word":
            kind = stem.rstrip("0123456789")
            if kind in _WORD_PARTS:
                return f"{_WORD_PARTS[kind]}（{base}）"
        if name == "docProps/core.xml" or name == "docProps/app.xml":
            return "文档属性"
        if name == "docProps/custom.xml":
            return "自定义属性"
        if folder.endswith("slides") and stem.startswith("slide"):
            return f"第{stem[5:]}张幻灯片"
        if folder.endswith("notesSlides"):
            return f"幻灯片备注（{base}）"
        if "/Pages/Page_" in f"/{name}" and base == "Content.xml":  # OFD: Doc_0/Pages/Page_0/Content.xml
            page = name.rsplit("/Page_", 1)[1].split("/", 1)[0]
            return f"第{int(page) + 1}页" if page.isdigit() else f"「{name}」"
        if "comment" in name.lower():  # comments1.xml, comment1.xml, threadedComment1.xml, commentsDrawing1.vml
            return f"批注（{base}）"
        if name.endswith("workbook.xml"):
            return "工作簿"
        if name.endswith("sharedStrings.xml"):
            return "共享字符串"
        return f"「{name}」"

    def read_all(self) -> None:
        self.learn_sheet_names()
        shared = SharedStrings()
        shared_parts = [name for name in self.infos if name.endswith("sharedStrings.xml")]
        for name in shared_parts:  # before the sheets that name them by index
            read_xml(self.read(name), self.label(name), self.reading, shared, collect_shared=True)
        body_text = any(text.strip() for text in shared.items)
        pictures = False
        for name in sorted(self.infos, key=_reading_order):
            lowered = name.lower()
            before = len(self.reading.parts)
            if name in shared_parts:
                continue
            if lowered.endswith(_XML_SUFFIXES):
                read_xml(self.read(name), self.label(name), self.reading, shared)
                body_text = body_text or (_is_body(name) and len(self.reading.parts) > before)
            elif lowered.endswith(_NESTED_SUFFIXES):
                self.nested(posixpath.basename(name), self.read(name))
            elif lowered.endswith(_IMAGE_SUFFIXES):
                pictures = True
            elif "/embeddings/" in f"/{lowered}" or "/attachs/" in f"/{lowered}":
                self.reading.cannot_read(f"内嵌对象 {name} 无法读取文字")
            # fonts, printer settings, thumbnails, signatures: nothing a reader sees as text
        for name in shared_parts:
            shared.read_unused(self.reading, self.label(name))
        if pictures and not body_text:
            self.reading.cannot_read("只有图片，没有可提取的文字（可能是扫描件）")


_BODY_PARTS = ("word/document", "xl/worksheets/", "ppt/slides/")


def _is_body(name: str) -> bool:
    """The parts a reader reads (not properties or relationships): where a scan has no text."""
    return name.startswith(_BODY_PARTS) or ("/Pages/Page_" in f"/{name}" and name.endswith("Content.xml"))


def _reading_order(name: str) -> tuple:
    """The body first, so findings come in the order a reader meets them."""
    return not _is_body(name), name


def package_text(data: bytes, reading: Reading, nested: Nested) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            _check_sizes(infos, reading.expanded_left())
            names = {info.filename for info in infos}
            if "[Content_Types].xml" not in names and not any(name.lower() == "ofd.xml" for name in names):
                reading.cannot_read("压缩包里的文件无法逐一检查")
                return
            _Package(archive, reading, nested).read_all()
    except TooLarge:
        raise
    except RuntimeError:  # zipfile: an encrypted part
        reading.cannot_read("文件已加密，无法读取")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError, ValueError) as error:
        reading.cannot_read(f"文件已损坏，无法读取（{type(error).__name__}）")
