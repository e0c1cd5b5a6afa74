"""Which attachments may be published, judged by their bytes as well as their name.

Attachments are served from the site's own origin, where the Content-Security-
Policy of the generated pages does not apply: an HTML, SVG, XML or script file
would run in the visitor's browser as the site itself. So only types that
cannot run script in a browser are published, and each file must really be of
the type its extension says (browsers sniff content, so a web page renamed to
.pdf, .png or .txt is refused as well):

- documents: PDF, OFD (GB/T 33190, a ZIP package), Word / WPS 文字 (doc, docx, wps),
  spreadsheets: Excel / WPS 表格 (xls, xlsx, et), CSV, presentations (ppt, pptx, dps);
- plain text (txt) and images (jpg, jpeg, png, gif).

Archives are refused too: the files inside cannot be checked for personal data
or active content. Office files carrying VBA macros are refused: visitors would
be asked to run the government's code. Everything else is refused with the list.
"""
from __future__ import annotations

import codecs
import io
import re
import zipfile
from dataclasses import dataclass
from typing import Callable, Optional

ALLOWED_SUMMARY = "PDF、OFD、Word 或 WPS 文字（doc、docx、wps）、Excel 或 WPS 表格（xls、xlsx、et）、CSV、演示文稿（ppt、pptx、dps）、TXT 和图片（jpg、jpeg、png、gif）"

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Compound File Binary: doc, xls, ppt, wps, et, dps
_OLE_MACROS = "_VBA_PROJECT".encode("utf-16-le")  # the VBA storage's stream name
_HEAD = 1024  # how much of a file browsers look at when they sniff


@dataclass(frozen=True)
class Refusal:
    message: str
    hint: str


def _zip_names(data: bytes) -> Optional[list[str]]:
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.namelist()
    except Exception:  # zipfile raises many kinds of errors on damaged archives; all mean "not a package"
        return None


def _ooxml(part: str) -> Callable[[bytes], bool]:
    """An Office Open XML package whose main part lives in `part` (word/, xl/, ppt/)."""
    def accepts(data: bytes) -> bool:
        names = _zip_names(data) or []
        return "[Content_Types].xml" in names and any(name.startswith(part) for name in names)
    return accepts


def _is_ofd(data: bytes) -> bool:
    return any(name.lower() == "ofd.xml" for name in _zip_names(data) or [])


def _is_ole(data: bytes) -> bool:
    return data.startswith(_OLE)


def _is_wps_package(data: bytes) -> bool:
    """WPS saves wps/et/dps either in the old binary form or as an Office Open XML package."""
    return _is_ole(data) or "[Content_Types].xml" in (_zip_names(data) or [])


def _is_pdf(data: bytes) -> bool:
    return data.startswith(b"%PDF-")


def _is_jpeg(data: bytes) -> bool:
    return data.startswith(b"\xff\xd8\xff")


def _is_png(data: bytes) -> bool:
    return data.startswith(b"\x89PNG\r\n\x1a\n")


def _is_gif(data: bytes) -> bool:
    return data.startswith((b"GIF87a", b"GIF89a"))


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x19\x1b-\x1f\x7f]")  # \x1a ends old DOS text files


def decoded_text(data: bytes) -> Optional[str]:
    """The text of a plain-text file (UTF-8, UTF-16 with BOM, or GBK/GB18030), None if it is not text."""
    encodings: tuple[str, ...]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return None if _CONTROL.search(text) else text
    return None


def _is_text(data: bytes) -> bool:
    return decoded_text(data) is not None


@dataclass(frozen=True)
class _Type:
    label: str  # what the extension promises, as clerks call it
    accepts: Callable[[bytes], bool]
    text: bool = False


_ALLOWED = {
    "pdf": _Type("PDF 文件", _is_pdf),
    "ofd": _Type("OFD 版式文件", _is_ofd),
    "doc": _Type("Word 文档", _is_ole),
    "docx": _Type("Word 文档", _ooxml("word/")),
    "wps": _Type("WPS 文字文档", _is_wps_package),
    "xls": _Type("Excel 表格", _is_ole),
    "xlsx": _Type("Excel 表格", _ooxml("xl/")),
    "et": _Type("WPS 表格", _is_wps_package),
    "ppt": _Type("演示文稿", _is_ole),
    "pptx": _Type("演示文稿", _ooxml("ppt/")),
    "dps": _Type("WPS 演示文稿", _is_wps_package),
    "csv": _Type("CSV 表格（纯文本）", _is_text, text=True),
    "txt": _Type("纯文本文件", _is_text, text=True),
    "jpg": _Type("JPEG 图片", _is_jpeg),
    "jpeg": _Type("JPEG 图片", _is_jpeg),
    "png": _Type("PNG 图片", _is_png),
    "gif": _Type("GIF 图片", _is_gif),
}

# Types a browser runs script in when the file is opened from the site.
_ACTIVE = {
    "html": "网页", "htm": "网页", "shtml": "网页", "xhtml": "网页", "xht": "网页",
    "mht": "网页存档", "mhtml": "网页存档", "hta": "网页应用程序",
    "svg": "SVG 图片", "svgz": "SVG 图片",
    "xml": "XML 文件", "xsl": "XML 样式表", "xslt": "XML 样式表", "rss": "XML 订阅文件", "atom": "XML 订阅文件",
    "js": "JavaScript 脚本", "mjs": "JavaScript 脚本", "cjs": "JavaScript 脚本", "wasm": "WebAssembly 程序",
    "swf": "Flash 动画",
}
_EXECUTABLE = {"exe", "msi", "bat", "cmd", "com", "scr", "pif", "ps1", "vbs", "vbe", "wsf", "jse", "jar", "apk",
               "sh", "dll", "lnk", "reg", "dmg", "deb", "rpm", "py", "php", "asp", "aspx", "jsp", "cgi", "pl"}
_ARCHIVE = {"zip", "rar", "7z", "tar", "gz", "tgz", "bz2", "xz", "cab", "arj", "iso", "lzh", "z"}

_DESCRIPTIONS = (
    (_is_pdf, "PDF 文件"), (_is_ole, "旧版 Office 或 WPS 文件"), (_is_jpeg, "JPEG 图片"), (_is_png, "PNG 图片"),
    (_is_gif, "GIF 图片"), (lambda data: data.startswith(b"PK\x03\x04"), "ZIP 压缩包或新版 Office 文件"), (_is_text, "纯文本"),
)

# What browsers take for a web page when they sniff (WHATWG MIME Sniffing, "identifying
# an unknown MIME type"), plus SVG and XML, which run script as well.
_MARKUP_START = re.compile(
    r"<(?:!doctype|!--|\?xml|html|head|body|script|iframe|svg|h1|div|font|table|a|style|title|b|br|p|meta|link"
    r"|object|embed|img|form|base|math|template)(?=[\s/>]|$)")
_MARKUP_ANYWHERE = re.compile(r"<(?:script|svg|html|iframe|body|object|embed|!doctype\s+html)(?=[\s/>]|$)")


def _head_text(data: bytes) -> str:
    head = data[:_HEAD]
    encoding = "utf-16" if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "utf-8"
    return head.decode(encoding, errors="ignore").lstrip("\ufeff \t\r\n\f").lower()


def looks_like_markup(data: bytes, anywhere: bool = False) -> bool:
    """True when a browser could take the file for a web page (or SVG/XML) and run its script:
    it starts with a tag, or (`anywhere`, for text files) names a script-carrying tag early on."""
    head = _head_text(data)
    return bool(_MARKUP_START.match(head) or (anywhere and _MARKUP_ANYWHERE.search(head)))


def _has_macros(data: bytes) -> bool:
    if _is_ole(data):
        return _OLE_MACROS in data
    return any(name.lower().endswith("vbaproject.bin") for name in _zip_names(data) or [])


def _spaced(label: str) -> str:
    """A label after a Chinese word: a space before Latin letters, as elsewhere in the messages."""
    return f" {label}" if label[:1].isascii() else label


def refusal(name: str, data: Optional[bytes]) -> Optional[Refusal]:
    """Why the file `name` with content `data` must not be published, or None if it may be.
    `data` None: judge by the name only (the content is judged when given)."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name.strip(".") else ""
    allowed = _ALLOWED.get(extension)
    if allowed is None:
        return _by_name(name, extension)
    if data is None:
        return None
    if not data:
        return Refusal(f"附件「{name}」是空文件", "请放入正确的文件，或删除这个附件")
    if looks_like_markup(data, anywhere=allowed.text):
        return Refusal(f"附件「{name}」的扩展名是 .{extension}，内容却是网页或 SVG/XML 代码，浏览器可能把它当作网页运行其中的脚本",
                       f"请用原来的程序重新导出真正的{_spaced(allowed.label)}（只改扩展名不行）；网页内容请另存为 PDF")
    if not allowed.accepts(data):
        seen = next((description for accepts, description in _DESCRIPTIONS if accepts(data)), "无法识别的内容")
        return Refusal(f"附件「{name}」的扩展名是 .{extension}，内容却不是{_spaced(allowed.label)}（看起来是{_spaced(seen)}）",
                       "请用原来的程序重新导出或另存为正确的格式（只改扩展名不行），或把扩展名改为实际的类型")
    if not allowed.text and _has_macros(data):
        return Refusal(f"附件「{name}」含有宏（VBA 程序），访客打开时可能运行其中的程序",
                       "请另存为不含宏的文件（如 .docx、.xlsx）或 PDF 后再发布")
    return None


def _by_name(name: str, extension: str) -> Refusal:
    if extension in _ACTIVE:
        hint = ("请另存为 PNG 图片或 PDF 后作为附件，并更正「文件」路径" if extension.startswith("svg")
                else "请把内容另存为 PDF（浏览器中可用「打印 → 另存为 PDF」）后作为附件，并更正「文件」路径")
        return Refusal(f"附件「{name}」是{_spaced(_ACTIVE[extension])}，在浏览器中打开时可以运行脚本，会以本站的名义执行（可冒充本站页面、读取访客信息），不能发布", hint)
    if extension in _EXECUTABLE:
        return Refusal(f"附件「{name}」是可执行程序或脚本，不能在政务公开网站上发布", "请删除这个附件")
    if extension in _ARCHIVE:
        return Refusal(f"附件「{name}」是压缩包，里面的文件无法逐一检查（个人信息、网页脚本），不能发布",
                       "请解压后把需要公开的文件（如 PDF）分别作为附件")
    if not extension:
        return Refusal(f"附件「{name}」没有扩展名，无法确定文件类型", f"可以发布的类型：{ALLOWED_SUMMARY}；其他文件请转换为 PDF")
    return Refusal(f"附件「{name}」的类型 .{extension} 不在可以发布的类型之内", f"可以发布的类型：{ALLOWED_SUMMARY}；其他文件请转换为 PDF")
