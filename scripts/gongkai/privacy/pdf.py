"""PDF: the text of every page, and every other place a reader of the file can
see text: document information and XMP metadata, bookmarks, form fields,
annotations (comments, link targets) and embedded files (their names, and
their contents read as attachments of their own).

A page that shows no text but pictures or many drawing operations is a scan
(or text turned into curves): it cannot be checked and says so.

Bounded: at most MAX_PAGES pages; the page contents, with every form they
draw counted as often as they draw it, may expand to at most
MAX_CONTENT_BYTES before any text is extracted (pypdf reads about 1 MB of
content a second; a 40 KB file can expand to 20 MB); no stream may expand past
MAX_STREAM_BYTES, nor embedded files together past the attachment's limit on
expanded bytes; and text extraction stops at the attachment's text limit.
"""
from __future__ import annotations

import io
import re
from collections import Counter
from typing import Any, Callable, Iterator

from pypdf import PdfReader, apply_configuration
from pypdf.errors import LimitReachedError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, StreamObject

from .reading import MAX_TEXT_CHARS, Reading, TooLarge
from .xmltext import read_xml

MAX_PAGES = 5_000
MAX_CONTENT_BYTES = 8_000_000
MAX_STREAM_BYTES = 32_000_000
MAX_FORM_DEPTH = 10
_DRAWING_ONLY_BYTES = 4_000  # a page without text drawing this much is a picture of something
_DO = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*Do\b")
_INLINE_IMAGE = re.compile(rb"(?<![A-Za-z])BI\s")
_SKIPPED_KEYS = {"/Parent", "/P", "/Dest", "/D", "/AP", "/Kids", "/Font", "/Resources", "/Next", "/Prev",
                 "/First", "/Last", "/Popup", "/IRT", "/StructParent"}  # links to elsewhere, not text shown here
_STREAM_LIMITS: dict[str, Any] = {name: MAX_STREAM_BYTES for name in (
    "zlib_maximum_output_length", "lzw_maximum_output_length", "run_length_maximum_output_length",
    "array_based_stream_maximum_output_length", "brotli_maximum_output_length", "maximum_declared_stream_length")}

Nested = Callable[[str, bytes], None]


def _resolved(value: Any) -> Any:
    return value.get_object() if isinstance(value, IndirectObject) else value


def _texts(value: Any, depth: int = 3) -> Iterator[str]:
    """The strings in a PDF object and the dictionaries and arrays it holds (to `depth`)."""
    value = _resolved(value)
    if isinstance(value, NameObject):
        return  # /Link, /Annot: the PDF's own vocabulary
    if isinstance(value, str):
        yield value
    elif isinstance(value, bytes):
        yield value.decode("latin-1")
    elif depth > 0 and isinstance(value, DictionaryObject) and not isinstance(value, StreamObject):
        for key, inner in value.items():
            if key not in _SKIPPED_KEYS:
                yield from _texts(inner, depth - 1)
    elif depth > 0 and isinstance(value, ArrayObject):
        for inner in value:
            yield from _texts(inner, depth - 1)


def _volume(content: bytes, resources: Any, memo: dict, depth: int = 0) -> int:
    """Bytes of content a page makes pypdf read: its own and each form's, as often as it is drawn."""
    total = len(content)
    xobjects = _resolved(resources.get("/XObject")) if isinstance(resources, DictionaryObject) else None
    if depth > MAX_FORM_DEPTH or not isinstance(xobjects, DictionaryObject):
        return total
    for name, count in Counter(_DO.findall(content)).items():
        reference = xobjects.get("/" + name.decode("latin-1"))
        form = _resolved(reference)
        if not isinstance(form, StreamObject) or form.get("/Subtype") != "/Form":
            continue
        key = (reference.idnum, reference.generation) if isinstance(reference, IndirectObject) else id(form)
        if key not in memo:
            memo[key] = MAX_CONTENT_BYTES + 1  # a form that draws itself never ends
            memo[key] = _volume(form.get_data(), _resolved(form.get("/Resources")) or resources, memo, depth + 1)
        total += count * memo[key]
        if total > MAX_CONTENT_BYTES:
            break
    return total


def _shows_pictures(content: bytes, resources: Any, depth: int = 0) -> bool:
    if _INLINE_IMAGE.search(content) or len(content) > _DRAWING_ONLY_BYTES:
        return True
    xobjects = _resolved(resources.get("/XObject")) if isinstance(resources, DictionaryObject) else None
    if depth > MAX_FORM_DEPTH or not isinstance(xobjects, DictionaryObject):
        return False
    for reference in xobjects.values():
        xobject = _resolved(reference)
        if isinstance(xobject, StreamObject) and xobject.get("/Subtype") == "/Image":
            return True
        if isinstance(xobject, StreamObject) and xobject.get("/Subtype") == "/Form" and _shows_pictures(
                xobject.get_data(), _resolved(xobject.get("/Resources")), depth + 1):
            return True
    return False


class _TextLimit:
    """Stops pypdf mid-page once the attachment's text limit is passed (a font can map
    one code to hundreds of characters, so the content limit alone does not bound the text)."""

    def __init__(self, reading: Reading):
        self.left = MAX_TEXT_CHARS - reading.characters

    def __call__(self, text: str, *_: Any) -> None:
        self.left -= len(text)
        if self.left < 0:
            raise TooLarge(f"文字超过 {MAX_TEXT_CHARS // 10_000} 万字")


def _document_parts(reader: PdfReader, reading: Reading, nested: Nested) -> None:
    for key, value in (reader.metadata or {}).items():
        for text in _texts(value):
            reading.add(f"文档属性{key.lstrip('/')}", text)
    root = _resolved(reader.trailer["/Root"])
    metadata = _resolved(root.get("/Metadata")) if isinstance(root, DictionaryObject) else None
    if isinstance(metadata, StreamObject):
        read_xml(metadata.get_data(), "XMP 元数据", reading)
    outlines: list[Any] = list(reader.outline)
    while outlines:
        item = outlines.pop()
        if isinstance(item, list):
            outlines.extend(item)
        elif getattr(item, "title", None):
            reading.add("书签", str(item.title))
    for name, field in (reader.get_fields() or {}).items():
        for key in ("/V", "/DV", "/TU", "/Opt"):
            for text in _texts(field.get(key)):
                reading.add(f"表单字段「{name}」", text)
        reading.add("表单字段名", str(name))
    for name, contents in reader.attachments.items():
        reading.add("内嵌文件名", name)
        for content in contents:
            reading.expand(len(content))
            nested(name, content)


def _read_attached_file(annotation: DictionaryObject, reading: Reading, nested: Nested) -> None:
    """A file attachment annotation: the file it carries, read as an attachment of its own."""
    specification = _resolved(annotation.get("/FS"))
    if not isinstance(specification, DictionaryObject):
        return
    files = _resolved(specification.get("/EF"))
    stream = _resolved(files.get("/F")) if isinstance(files, DictionaryObject) else None
    if isinstance(stream, StreamObject):
        name = next(_texts(specification.get("/UF") or specification.get("/F"), 0), "附件")
        content = stream.get_data()
        reading.expand(len(content))
        nested(name, content)


def _page_parts(reader: PdfReader, reading: Reading, nested: Nested) -> list[int]:
    """Read every page; the numbers of pages that show pictures and no text."""
    memo: dict = {}
    volume = 0
    pictures = []
    for number, page in enumerate(reader.pages, 1):
        contents = page.get_contents()
        content = contents.get_data() if contents is not None else b""
        resources = _resolved(page.get("/Resources"))
        volume += _volume(content, resources, memo)
        if volume > MAX_CONTENT_BYTES:
            raise TooLarge(f"页面内容解压后超过 {MAX_CONTENT_BYTES // 1_000_000} MB（到第{number}页）")
        text = page.extract_text(visitor_text=_TextLimit(reading))
        reading.add(f"第{number}页", text)
        if not text.strip() and _shows_pictures(content, resources):
            pictures.append(number)
        for annotation in _resolved(page.get("/Annots")) or []:
            annotation = _resolved(annotation)
            if not isinstance(annotation, DictionaryObject):
                continue
            for text in _texts(annotation):
                reading.add(f"第{number}页批注", text)
            _read_attached_file(annotation, reading, nested)
    return pictures


def _opens_without_password(reader: PdfReader) -> bool:
    """Many PDFs are encrypted only to restrict printing or copying, with an empty password."""
    try:
        return bool(reader.decrypt(""))
    except Exception:  # an unsupported cipher, a damaged encryption dictionary: not readable
        return False


def pdf_text(data: bytes, reading: Reading, nested: Nested) -> None:
    with apply_configuration(**_STREAM_LIMITS):
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not _opens_without_password(reader):
                reading.cannot_read("PDF 已加密，无法读取")
                return
            pages = len(reader.pages)
            if pages > MAX_PAGES:
                raise TooLarge(f"共 {pages} 页，上限 {MAX_PAGES} 页", expanded=False)
            _document_parts(reader, reading, nested)
            pictures = _page_parts(reader, reading, nested)
        except TooLarge:
            raise
        except LimitReachedError:
            raise TooLarge(f"其中的数据流解压后超过 {MAX_STREAM_BYTES // 1_000_000} MB") from None
        except Exception as error:  # pypdf raises many kinds of errors on damaged files; all mean "cannot read"
            reading.cannot_read(f"PDF 无法读取（{type(error).__name__}）")
            return
    if pictures and len(pictures) == pages:
        reading.cannot_read("PDF 没有可提取的文字（可能是扫描件）")
    elif pictures:
        shown = "、".join(map(str, pictures[:5])) + ("等" if len(pictures) > 5 else "")
        reading.cannot_read(f"第{shown}页没有可提取的文字（可能是扫描图片）")
