"""Stage 1, load: read the catalog folder into raw records with source positions.

This is the only stage that reads the file system. Every file under catalog/
is either a record, an attachment, or reported: nothing is silently skipped.
Only regular files and folders are read: a symbolic link anywhere below the
catalog folder (it could point at the build's environment, a system file or a
withheld record), a FIFO, device or socket, and a hidden (dot-named) entry are
each reported and never opened; see regularfile.py for how files are opened.
"""
from __future__ import annotations

import collections
import contextlib
import functools
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional

from .kinds import (
    ALL_KINDS,
    COMPLIANCE,
    COMPLIANCE_FILE,
    IMPORTS,
    IMPORTS_FILE,
    FILES_FOLDER,
    ITEM_KINDS,
    SITE,
    SITE_FILE,
    YEAR_CATALOG_FILE,
    Kind,
    by_folder,
)
from . import collector, memo
from .cachestore import BuildCache
from .problems import CatalogError, Problem, Severity
from .regularfile import RefusedFile, RegularFiles, open_regular, read_limited
from .textnorm import first_control_character
from .yamlsource import BODY_KEY, Position, PositionMaps, Positions, SourceDocument, parse_yaml, split_front_matter

MAX_FILE_BYTES = 2 * 1024 * 1024
# GitHub refuses files over 100 MB; larger attachments also fail readers on phones.
MAX_ATTACHMENT_BYTES = 100 * 1024 * 1024
# With a cache folder, record files are read this many at a time before they are parsed (_Reader.read_ahead):
# their kept parses come in a few queries, and memory holds one run's texts, not a whole folder's.
READ_AHEAD_FILES = 500
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
YEAR_PATTERN = re.compile(r"^\d{4}$")
IGNORED_NAMES = {"README.md", ".gitkeep"}
# A catalog kept in a repository of its own has these at its top.
REPOSITORY_NAMES = {".git", ".gitignore", ".gitattributes"}
RESERVED_IDS = {"index", "by-year", "by-unit", "by-issuer", "by-status"}  # names of listing pages


def gb18030_text(raw: bytes) -> Optional[str]:
    """The text of a file saved as GBK/GB18030 by a Windows editor, or None when it is
    UTF-8 or not Chinese text at all (GB18030 decodes almost any bytes, so demand CJK)."""
    try:
        raw.decode("utf-8-sig")
        return None
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        return None
    return text if re.search(r"[\u4e00-\u9fff]", text) else None


def legacy_encoded_files(catalog_dir: Path) -> list[Path]:
    """Record files (outside files/) saved as GBK/GB18030, for `format` to convert.
    Links, special and hidden entries are skipped here; the loader reports them."""
    catalog_dir = Path(catalog_dir)
    found = []
    pending = [catalog_dir]
    while pending:
        folder = pending.pop()
        try:
            listing = _listing(folder)
        except OSError:
            continue
        for path, what in listing:
            relative = path.relative_to(catalog_dir)
            if path.name.startswith(".") or relative.parts[0] == FILES_FOLDER:
                continue
            if what == FOLDER:
                pending.append(path)
            elif what == FILE and path.suffix in (".yaml", ".yml", ".md"):
                try:
                    with open_regular(catalog_dir, relative.as_posix()) as handle:
                        raw = read_limited(handle, MAX_FILE_BYTES)
                except RefusedFile:
                    continue
                if len(raw) <= MAX_FILE_BYTES and gb18030_text(raw) is not None:
                    found.append(path)
    return sorted(found)


FOLDER, FILE, LINK, SPECIAL = "folder", "file", "link", "special"


def _listing(folder: Path) -> list[tuple[Path, str]]:
    """(path, what) for each entry of `folder`, by name, never following a link:
    what is FOLDER, FILE (regular), LINK (symbolic link) or SPECIAL (FIFO, device, socket)."""
    with os.scandir(folder) as entries:
        found = sorted(entries, key=lambda entry: entry.name)
    listing = []
    for entry in found:
        if entry.is_symlink():
            what = LINK
        elif entry.is_dir(follow_symlinks=False):
            what = FOLDER
        elif entry.is_file(follow_symlinks=False):
            what = FILE
        else:
            what = SPECIAL
        listing.append((Path(entry.path), what))
    return listing


@dataclass
class RawRecord:
    kind: Kind
    id: str
    path: str  # as shown to clerks: relative to the project, e.g. catalog/documents/x.md
    source: SourceDocument
    year: Optional[int] = None
    catalog_path: str = ""  # relative to the catalog folder, e.g. documents/x.md
    # With a build's cache folder: a digest of what the record is read from (its file's text and place,
    # this package's code), the same in every build that reads the same file; "" without one.
    content: str = ""
    # True when every text of the record is made of its file's characters, which a scan of the whole file
    # found free of control characters: the file holds no backslash, and only an escape in a double-quoted
    # YAML value (such as "\x07") writes a character the file does not hold.
    texts_scanned: bool = False


@dataclass(frozen=True)
class FileInfo:
    path: str  # relative to catalog/files/
    size: int
    sha256: str
    location: Path  # the file on disk, already checked to be a regular file inside catalog/files/
    catalog_dir: Optional[Path] = None  # the catalog folder `location` is under, opened as given
    shown: str = ""  # how problems name it, e.g. catalog/files/documents/x/附件1.pdf

    def read(self) -> bytes:
        """The bytes that were checked, read again without following any link below the
        catalog folder; FileChangedError if the file is no longer exactly what was hashed
        (only files referenced by released records are read again)."""
        if self.catalog_dir is not None:
            folder, relative = self.catalog_dir, f"{FILES_FOLDER}/{self.path}"
        else:
            folder, relative = self.location.parent, self.location.name
        try:
            with open_regular(folder, relative) as handle:
                data = handle.read(self.size + 1)
        except RefusedFile as refused:
            raise FileChangedError(self, refused.reason) from None
        if len(data) != self.size or hashlib.sha256(data).hexdigest() != self.sha256:
            raise FileChangedError(self, "内容与检查时不同")
        return data


class FileChangedError(CatalogError):
    """An attachment changed after it was checked: it must not be published."""

    def __init__(self, info: FileInfo, reason: str):
        self.info = info
        super().__init__([Problem(
            info.shown or f"catalog/{FILES_FOLDER}/{info.path}",
            f"附件在检查之后被改动、替换或删除（{reason}），不会发布",
            "发布的附件必须与检查过的完全相同；请重新运行检查和构建，如非有意修改，请检查构建环境是否被他人改动",
        )])


@dataclass
class LoadedCatalog:
    site: Optional[RawRecord]
    compliance: Optional[RawRecord] = None
    imports: Optional[RawRecord] = None
    records: list[RawRecord] = field(default_factory=list)
    files: dict[str, FileInfo] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # (kind key, id) of record files that exist but could not be read; their
    # own problems are reported, references to them are not.
    unreadable: set = field(default_factory=set)
    # Paths under files/ that exist but were refused (links, special or hidden files, too
    # large): their own problem is reported, records referring to them are not told "missing".
    refused_files: set = field(default_factory=set)
    root: str = "catalog"  # how problems name the catalog folder


def load_catalog(catalog_dir: Path, display_root: str = "catalog", cache: Optional[BuildCache] = None) -> LoadedCatalog:
    """`cache`: a build's cache folder, which keeps each record file's parse for later builds
    (_Reader.kept_parse)."""
    catalog_dir = Path(catalog_dir)
    loaded = LoadedCatalog(site=None, root=display_root)
    if not catalog_dir.is_dir():
        loaded.problems.append(Problem(display_root, "找不到目录文件夹", f"请在项目根目录创建 {display_root}/ 文件夹"))
        return loaded
    memo.next_build()
    reader = _Reader(catalog_dir, display_root, loaded, cache)
    # Loading allocates many small objects that all stay alive: pausing the
    # cyclic collector meanwhile saves about a quarter of the time at 10,000 records.
    with collector.paused(), reader.read():
        reader.read_all()
    return loaded


def load_site(catalog_dir: Path, display_root: str = "catalog") -> Optional[RawRecord]:
    """Only catalog/site.yaml (None if missing, not a regular file or unreadable; `check` reports why)."""
    catalog_dir = Path(catalog_dir)
    try:
        if (catalog_dir / SITE_FILE, FILE) not in _listing(catalog_dir):
            return None
    except OSError:
        return None
    reader = _Reader(catalog_dir, display_root, LoadedCatalog(site=None))
    with reader.read():
        return reader.read_record(catalog_dir / SITE_FILE, SITE, "site", None)


# Written by operating systems and office programs next to the files people edit.
_SYSTEM_FILE = re.compile(r"^(\.DS_Store|\._.+|\.~lock\..+#)$")

_LINK_MESSAGE = "是符号链接，不会读取或发布"
_LINK_HINT = ("符号链接可能指向目录以外的文件（如构建服务器上的密钥或不公开的记录），因此一律拒绝；"
              "请删除该链接，把实际的文件或文件夹复制到这里")
_SPECIAL_MESSAGE = "不是普通文件或文件夹（是管道、设备或套接字），不会读取"
_SPECIAL_HINT = "目录中只能有普通文件和文件夹，请删除它"


class _Reader:
    def __init__(self, catalog_dir: Path, display_root: str, loaded: LoadedCatalog, cache: Optional[BuildCache] = None):
        self.root = catalog_dir
        self.display_root = display_root
        self.loaded = loaded
        self.cache = cache
        self._inside = str(catalog_dir).rstrip(os.sep) + os.sep
        self.files = RegularFiles(catalog_dir)  # closed by the reader's caller (read)
        self._read_ahead: dict[Path, tuple[Optional[str], list[Problem], str]] = {}  # (read_ahead)
        self._to_read_ahead: collections.deque[tuple[Path, Kind, str, Optional[int]]] = collections.deque()

    @contextlib.contextmanager
    def read(self) -> Iterator[None]:
        """The reader at work: the folders it opened are let go at the end."""
        try:
            yield
        finally:
            self.files.close()

    def show(self, path: Path) -> str:
        return f"{self.display_root}/{self.relative(path)}"

    def relative(self, path: Path) -> str:
        # Every path read is made from the root: its text starts with the root's (relative_to, for
        # each of 10,000 records, cost 0.1 s of a serve rebuild).
        text = str(path)
        if text.startswith(self._inside):
            return text[len(self._inside):].replace(os.sep, "/")
        return path.relative_to(self.root).as_posix()

    def problem(self, path: Path, message: str, hint: str, position: Optional[Position] = None,
                severity: Severity = Severity.ERROR) -> None:
        self.loaded.problems.append(
            Problem(self.show(path), message, hint, position.line if position else None,
                    position.column if position else None, severity=severity)
        )

    def entries(self, folder: Path) -> tuple[list[tuple[Path, bool]], list[Path]]:
        """(path, is_folder) of the regular files and folders in `folder`, by name, and the
        links and special files in it. Those and hidden entries are reported, never opened."""
        try:
            # (serve: kept while the folder is unchanged: listing the 8,000 files of documents/ took 0.05 s of each rebuild)
            listing = memo.kept_while_unchanged("folder listing", folder, functools.partial(_listing, folder), folder=True) or []
        except OSError as error:
            self.problem(folder, f"无法读取文件夹（{error.strerror}）", "请检查该文件夹的权限")
            return [], []
        at_root = folder == self.root
        found, refused = [], []
        for path, what in listing:
            name = path.name
            if what == LINK:
                self.problem(path, _LINK_MESSAGE, _LINK_HINT)
                refused.append(path)
            elif what == SPECIAL:
                self.problem(path, _SPECIAL_MESSAGE, _SPECIAL_HINT)
                refused.append(path)
            elif name == ".gitkeep" or (at_root and name in REPOSITORY_NAMES):
                continue
            elif name.startswith("."):
                self.hidden(path, what == FOLDER)
                refused.append(path)
            else:
                found.append((path, what == FOLDER))
        return found, refused

    def hidden(self, path: Path, is_folder: bool) -> None:
        if is_folder:
            self.problem(path, "以「.」开头的隐藏文件夹，其中的文件不会被读取或发布",
                         "请把其中需要的文件移到正确的位置，然后删除该文件夹")
        elif _SYSTEM_FILE.match(path.name):
            self.problem(path, "是操作系统或办公软件自动生成的文件，不会读取或发布",
                         "请删除它，不要提交到代码仓库", severity=Severity.WARNING)
        else:
            self.problem(path, "以「.」开头的隐藏文件不会被读取或发布",
                         "如果这是目录文件或附件，请去掉文件名开头的「.」；否则请删除它（只有 .gitkeep 可以保留）")

    def read_all(self) -> None:
        folders = {kind.folder for kind in ALL_KINDS}
        site_path = self.root / SITE_FILE
        found_site = False
        entries, refused = self.entries(self.root)
        for entry, is_folder in entries:
            name = entry.name
            if name == SITE_FILE and not is_folder:
                found_site = True
                self.loaded.site = self.read_record(entry, SITE, "site", None)
            elif name == COMPLIANCE_FILE and not is_folder:
                self.loaded.compliance = self.read_record(entry, COMPLIANCE, "compliance", None)
            elif name == IMPORTS_FILE and not is_folder:
                self.loaded.imports = self.read_record(entry, IMPORTS, "imports", None)
            elif name in IGNORED_NAMES:
                continue
            elif is_folder and name == FILES_FOLDER:
                self.read_files(entry)
            elif is_folder and name in folders:
                self.read_kind_folder(entry)
            else:
                self.problem(entry, "无法识别的文件或文件夹", self.placement_hint())
        if not found_site and site_path not in refused:
            self.problem(site_path, "缺少站点设置文件", f"请创建 {self.display_root}/{SITE_FILE}（可参考示例目录）")

    def placement_hint(self) -> str:
        folders = "、".join(f"{folder}/" for folder in dict.fromkeys(kind.folder for kind in ALL_KINDS))
        return f"目录文件只能放在 {folders} 或 {FILES_FOLDER}/ 下（另有 {SITE_FILE}、{COMPLIANCE_FILE} 和 {IMPORTS_FILE}），请移动或删除"

    def unreadable(self, kind: Kind, record_id: str) -> None:
        """A record file that exists but is refused or cannot be read: references to it are not reported."""
        self.loaded.unreadable.add((kind.key, record_id))

    def read_kind_folder(self, folder: Path) -> None:
        name = folder.name
        item_kind = next((kind for kind in ITEM_KINDS if kind.folder == name), None)
        if item_kind is not None and item_kind.year_catalog is not None:  # year folders: catalog.yaml and items
            catalog_kind = item_kind.year_catalog
            entries, _ = self.entries(folder)  # a refused year folder: its records are unknown
            for entry, is_folder in entries:
                if entry.name in IGNORED_NAMES:
                    continue
                if is_folder and YEAR_PATTERN.match(entry.name):
                    self.read_year_folder(entry, catalog_kind, item_kind)
                else:
                    self.problem(entry, "年度目录文件夹名称应为四位年份", f"请把文件放入 {name}/2021/ 这样的年度文件夹")
            return
        [kind] = by_folder(name)
        entries, refused = self.entries(folder)
        self.read_ahead([(entry, kind, entry.stem, None) for entry, is_folder in entries
                         if not is_folder and entry.suffix == kind.suffix and entry.name not in IGNORED_NAMES and self.named_well(entry)])
        for entry, is_folder in entries:
            if entry.name in IGNORED_NAMES:
                continue
            if not is_folder and entry.suffix == kind.suffix:
                self.read_item(entry, kind, None)
            else:
                self.problem(entry, f"{kind.label}应为 {kind.suffix} 文件", f"每条{kind.label}一个 {kind.suffix} 文件，文件名即编号")
        for path in refused:
            if path.suffix == kind.suffix:
                self.unreadable(kind, path.stem)

    def read_year_folder(self, folder: Path, catalog_kind: Kind, item_kind: Kind) -> None:
        year = int(folder.name)
        entries, refused = self.entries(folder)
        self.read_ahead([(entry, item_kind, entry.stem, year) for entry, is_folder in entries
                         if not is_folder and entry.suffix == ".yaml" and entry.name not in IGNORED_NAMES | {YEAR_CATALOG_FILE}
                         and entry.stem.startswith(f"{year}-") and self.named_well(entry)])
        for entry, is_folder in entries:
            if entry.name in IGNORED_NAMES:
                continue
            if not is_folder and entry.name == YEAR_CATALOG_FILE:
                record = self.read_record(entry, catalog_kind, folder.name, year)
                if record:
                    self.loaded.records.append(record)
            elif not is_folder and entry.suffix == ".yaml":
                if not entry.stem.startswith(f"{year}-"):
                    self.problem(entry, f"文件名应以年份 {year}- 开头", f"请改名为 {year}-01.yaml 这样的形式（年份-序号）")
                    continue
                self.read_item(entry, item_kind, year)
            else:
                self.problem(entry, f"{item_kind.label}应为 .yaml 文件", f"年度目录写在 {YEAR_CATALOG_FILE}，每个事项一个 {year}-NN.yaml 文件")
        for path in refused:
            if path.name == YEAR_CATALOG_FILE:
                self.unreadable(catalog_kind, folder.name)
            elif path.suffix == ".yaml":
                self.unreadable(item_kind, path.stem)

    def read_item(self, path: Path, kind: Kind, year: Optional[int]) -> None:
        if not self.named_well(path):
            self.problem(path, f"文件名「{path.name}」不能作为编号", "文件名（即网址中的编号）只能用小写字母、数字和连字符，如 lfg-2021-01，且不能是 index、by-status 等保留名")
            return
        record = self.read_record(path, kind, path.stem, year)
        if record:
            self.loaded.records.append(record)

    def read_record(self, path: Path, kind: Kind, record_id: str, year: Optional[int]) -> Optional[RawRecord]:
        record = self._parse_record(path, kind, record_id, year)
        if record is None:
            self.unreadable(kind, record_id)
        return record

    def read_ahead(self, items: list[tuple[Path, Kind, str, Optional[int]]]) -> None:
        """With a cache folder, outside serve: a folder's record files are read a run at a time before any of
        the run is parsed, so that the parses kept for them are fetched in a few queries, not a query a file
        (0.3 s at 10,000 files). A run, not the whole folder: a folder of 60,000 files would hold all their
        texts and kept parses at once. The problems of each read are held back and reported when its file
        comes to be parsed, in the usual order. `items`: the files the folder's files will be parsed in."""
        if self.cache is not None and not memo.enabled():
            self._to_read_ahead = collections.deque(items)

    def _read_run_from(self, path: Path) -> None:
        """Read the next run of the folder's files, when `path` comes first in it."""
        if not self._to_read_ahead or self._to_read_ahead[0][0] != path:
            return
        assert self.cache is not None
        keys = []
        for _ in range(min(READ_AHEAD_FILES, len(self._to_read_ahead))):
            path, kind, record_id, year = self._to_read_ahead.popleft()
            reported = len(self.loaded.problems)
            text = self.read_text(path)
            content = self.content(path, kind, record_id, year, text) if text is not None else ""
            self._read_ahead[path] = (text, self.loaded.problems[reported:], content)
            del self.loaded.problems[reported:]
            if content:
                keys.append(self._parse_key(content))
        self.cache.store.prefetch(keys)

    def named_well(self, path: Path) -> bool:
        """Whether a record file's name may be its id (read_item reports it otherwise)."""
        return bool(ID_PATTERN.match(path.stem)) and path.stem not in RESERVED_IDS

    def _parse_record(self, path: Path, kind: Kind, record_id: str, year: Optional[int]) -> Optional[RawRecord]:
        self._read_run_from(path)
        ahead = self._read_ahead.pop(path, None)
        if ahead is not None:
            text, problems, content = ahead
            self.loaded.problems += problems
        else:
            text, content = self.read_text(path), None
        if text is None:
            return None
        key = ("parsed", kind.key, record_id, year, self.show(path), self.relative(path), text)
        reused = memo.recall(key)
        if reused is not None:
            return reused
        if content is None:  # (serve's reuse above needs none)
            content = self.content(path, kind, record_id, year, text)
        kept = self.kept_parse(content, path, kind, record_id, year) if content else None
        if kept is not None:  # (its text passed the scan below when it was parsed: 10,000 files' scans took 0.3 s)
            kept.texts_scanned = "\\" not in text
            return kept
        if not self.without_control_characters(path, text):
            return None
        reported = len(self.loaded.problems)
        record = self._parse_text(path, kind, record_id, year, text, content)
        if record is not None:
            record.texts_scanned = "\\" not in text
        if record is not None and len(self.loaded.problems) == reported:
            memo.remember(key, record)
            if self.cache is not None:
                self.cache.store.put(self._parse_key(content), {"data": record.source.data})
        return record

    def content(self, path: Path, kind: Kind, record_id: str, year: Optional[int], text: str) -> str:
        """RawRecord.content of the record read from `text` ("" without a cache folder)."""
        if self.cache is None:
            return ""
        return self.cache.key("record content", kind.key, record_id, str(year), self.show(path), self.relative(path), text)

    def _parse_key(self, content: str) -> str:
        """Where a parse of this content is kept in the cache folder."""
        assert self.cache is not None
        return self.cache.key("parsed record", content)

    def kept_parse(self, content: str, path: Path, kind: Kind, record_id: str, year: Optional[int]) -> Optional[RawRecord]:
        """The record an earlier build parsed without a problem from the same content, or None. Parsing
        10,000 records' files took 3 s of every build. Its data is kept, not its positions, which only
        a problem asks for (most findings are kept with the checks' verdicts, judging.py): they are read
        from the file again then (_positions_again)."""
        assert self.cache is not None
        entry = self.cache.store.get(self._parse_key(content))
        data = entry.get("data") if isinstance(entry, dict) else None
        if not isinstance(data, dict):  # none, or a damaged cache: parsed as usual
            return None
        again = functools.partial(_positions_again, self.root, self.display_root, self.cache, path, kind, record_id, year, content)
        return RawRecord(kind, record_id, self.show(path), SourceDocument(data, where=Positions({}, {}, again)),
                         year, self.relative(path), content)

    def _parse_text(self, path: Path, kind: Kind, record_id: str, year: Optional[int], text: str,
                    content: str = "") -> Optional[RawRecord]:
        body: Optional[str] = None
        body_line = 1
        line_offset = 0
        if kind.suffix == ".md":
            front, line_offset, body, body_line = split_front_matter(text)
            if front is None:
                self.problem(path, "缺少文件头", "文件第一行应为 ---，接着逐行写字段，再以一行 --- 结束，其后是正文", Position(1, 1))
                return None
            text = front
        document, errors = parse_yaml(text, line_offset)
        for error in errors:
            self.problem(path, error.message, error.hint, error.position)
        if document is None or errors:
            return None
        if not isinstance(document.data, dict):
            self.problem(path, "文件内容应为「字段: 值」的列表", "每行写一个字段，如「标题: ……」", Position(line_offset + 1, 1))
            return None
        if body is not None:
            if BODY_KEY in document.data:
                self.problem(path, f"「{BODY_KEY}」应写在文件头之后", "请删除文件头里的正文字段，把全文放在第二个 --- 之后", document.keys[(BODY_KEY,)])
                return None
            if body.strip():
                kept = body.lstrip("\n")
                # Findings count lines from the first kept line, so the blank lines dropped
                # above it move the body's start down.
                document.data[BODY_KEY] = kept.rstrip("\n")
                document.values[(BODY_KEY,)] = Position(body_line + len(body) - len(kept), 1)
        return RawRecord(kind, record_id, self.show(path), document, year, self.relative(path), content)

    def refuse(self, path: Path, refused: RefusedFile) -> None:
        """A file that stopped being a regular file between listing and opening."""
        self.problem(path, f"无法读取：{refused.reason}", "目录中只能有普通文件和文件夹；请用实际文件替换它")

    def read_text(self, path: Path) -> Optional[str]:
        return memo.kept_while_unchanged("catalog file", path, lambda: self._read_text(path))

    def _read_text(self, path: Path) -> Optional[str]:
        try:
            raw, size = self.files.read(self.relative(path), MAX_FILE_BYTES)
        except RefusedFile as refused:
            self.refuse(path, refused)
            return None
        known = memo.recall(("catalog text", raw))  # serve: an unchanged file was read fine last time
        if known is not None:
            return known
        if len(raw) > MAX_FILE_BYTES:
            self.problem(path, f"文件过大（{max(size, len(raw)) // 1024} KB，上限 {MAX_FILE_BYTES // 1024} KB）", "请把大段内容放入附件（files/ 目录）")
            return None
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = raw[: error.start].count(b"\n") + 1
            if gb18030_text(raw) is not None:
                self.problem(path, "文件是 GBK/GB18030 编码，不是 UTF-8",
                             "运行 python -m gongkai format 自动转换为 UTF-8，或在编辑器中选择「UTF-8」编码另存该文件", Position(line, 1))
            else:
                self.problem(path, "文件编码无法识别，不是 UTF-8", "请在编辑器中选择「UTF-8」编码另存该文件", Position(line, 1))
            return None
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        memo.remember(("catalog text", raw), text)
        return text

    def without_control_characters(self, path: Path, text: str) -> bool:
        """False, after reporting it, when the text holds a control character."""
        hidden = first_control_character(text)
        if hidden < 0:
            return True
        # A NUL or other control character: YAML refuses it without a line, and Markdown would carry it on.
        line_start = text.rfind("\n", 0, hidden) + 1
        self.problem(path, f"含有不可见的控制字符 U+{ord(text[hidden]):04X}",
                     "多为从其他软件复制带入；请删除该字符（编辑器里可能看不见，可删除该处的文字后重新输入）",
                     Position(text.count("\n", 0, hidden) + 1, hidden - line_start + 1))
        return False

    def read_files(self, folder: Path) -> None:
        """Every regular file below files/, hashed as it is read (in pieces: attachments can be large)."""
        pending = [folder]
        while pending:
            found, refused = self.entries(pending.pop())
            self.loaded.refused_files.update(path.relative_to(folder).as_posix() for path in refused)
            for path, is_folder in found:
                if is_folder:
                    pending.append(path)
                else:
                    self.hash_file(path, folder)

    def hash_file(self, path: Path, folder: Path) -> None:
        # serve: an attachment unchanged since an earlier rebuild is not hashed again (a real files/
        # folder holds gigabytes of scans).
        hashed = memo.kept_while_unchanged("attachment", path, lambda: self._hashed(path, folder))
        if hashed is None:
            return
        size, sha256 = hashed
        relative = path.relative_to(folder).as_posix()
        self.loaded.files[relative] = FileInfo(relative, size, sha256, path, self.root, self.show(path))

    def _hashed(self, path: Path, folder: Path) -> Optional[tuple[int, str]]:
        """The attachment's size and SHA-256; None when it is refused (and reported)."""
        try:
            with self.files.open(self.relative(path)) as handle:
                digest, size = hashlib.sha256(), 0
                while size <= MAX_ATTACHMENT_BYTES:
                    piece = handle.read(1024 * 1024)
                    if not piece:
                        break
                    digest.update(piece)
                    size += len(piece)
        except RefusedFile as refused:
            self.refuse(path, refused)
            self.loaded.refused_files.add(path.relative_to(folder).as_posix())
            return None
        if size > MAX_ATTACHMENT_BYTES:
            self.loaded.refused_files.add(path.relative_to(folder).as_posix())
            self.problem(path, f"附件过大（超过 {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB），不会发布",
                         "请压缩或拆分该文件（如降低扫描分辨率），或发布到其他平台后在记录中填写「链接」")
            return None
        return size, digest.hexdigest()


def _positions_again(root: Path, display_root: str, cache: BuildCache, path: Path, kind: Kind, record_id: str,
                     year: Optional[int], content: str) -> PositionMaps:
    """The positions of a record taken from the cache folder (_Reader.kept_parse), read from its file
    again; none if the file no longer holds what it held (its problems then name the file alone)."""
    reader = _Reader(root, display_root, LoadedCatalog(site=None), cache)
    with reader.read():
        text = reader._read_text(path)
    record = None
    if (text is not None and reader.content(path, kind, record_id, year, text) == content
            and reader.without_control_characters(path, text)):
        record = reader._parse_text(path, kind, record_id, year, text, content)
    return (record.source.values, record.source.keys) if record is not None else ({}, {})
