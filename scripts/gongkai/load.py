"""Stage 1, load: read the catalog folder into raw records with source positions.

This is the only stage that reads the file system. Every file under catalog/
is either a record, an attachment, or reported: nothing is silently skipped.
"""
from __future__ import annotations

import gc
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from .kinds import (
    ALL_KINDS,
    ANNUAL,
    DECISION,
    DECISION_CATALOG,
    DOCUMENT,
    FILES_FOLDER,
    HEARING,
    HEARING_CATALOG,
    REPORT,
    COMPLIANCE,
    COMPLIANCE_FILE,
    SITE,
    SITE_FILE,
    YEAR_CATALOG_FILE,
    Kind,
)
from .problems import Problem
from .yamlsource import BODY_KEY, Position, SourceDocument, parse_yaml, split_front_matter

MAX_FILE_BYTES = 2 * 1024 * 1024
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
YEAR_PATTERN = re.compile(r"^\d{4}$")
IGNORED_NAMES = {"README.md", ".gitkeep"}
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
    """Record files (outside files/) saved as GBK/GB18030, for `format` to convert."""
    found = []
    for path in sorted(Path(catalog_dir).rglob("*")):
        relative = path.relative_to(catalog_dir)
        if path.is_file() and path.suffix in (".yaml", ".yml", ".md") and relative.parts[0] != FILES_FOLDER:
            if path.stat().st_size <= MAX_FILE_BYTES and gb18030_text(path.read_bytes()) is not None:
                found.append(path)
    return found


@dataclass
class RawRecord:
    kind: Kind
    id: str
    path: str  # as shown to clerks: relative to the project, e.g. catalog/documents/x.md
    source: SourceDocument
    year: Optional[int] = None
    catalog_path: str = ""  # relative to the catalog folder, e.g. documents/x.md


@dataclass(frozen=True)
class FileInfo:
    path: str  # relative to catalog/files/
    size: int
    sha256: str
    location: Path  # the file on disk, already checked to be a regular file inside catalog/files/

    def read(self) -> bytes:
        """The bytes that were hashed (only files referenced by released records are read again)."""
        return self.location.read_bytes()


@dataclass
class LoadedCatalog:
    site: Optional[RawRecord]
    compliance: Optional[RawRecord] = None
    records: list[RawRecord] = field(default_factory=list)
    files: dict[str, FileInfo] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # (kind key, id) of record files that exist but could not be read; their
    # own problems are reported, references to them are not.
    unreadable: set = field(default_factory=set)
    root: str = "catalog"  # how problems name the catalog folder


def load_catalog(catalog_dir: Path, display_root: str = "catalog") -> LoadedCatalog:
    catalog_dir = Path(catalog_dir)
    loaded = LoadedCatalog(site=None, root=display_root)
    if not catalog_dir.is_dir():
        loaded.problems.append(Problem(display_root, "找不到目录文件夹", f"请在项目根目录创建 {display_root}/ 文件夹"))
        return loaded
    reader = _Reader(catalog_dir, display_root, loaded)
    # Loading allocates many small objects that all stay alive; pausing the
    # cyclic collector meanwhile saves about a quarter of the time at 10,000 records.
    collecting = gc.isenabled()
    gc.disable()
    try:
        reader.read_all()
    finally:
        if collecting:
            gc.enable()
    return loaded


def load_site(catalog_dir: Path, display_root: str = "catalog") -> Optional[RawRecord]:
    """Only catalog/site.yaml (None if missing or unreadable; `check` reports why)."""
    path = Path(catalog_dir) / SITE_FILE
    if not path.is_file():
        return None
    return _Reader(Path(catalog_dir), display_root, LoadedCatalog(site=None)).read_record(path, SITE, "site", None)


class _Reader:
    def __init__(self, catalog_dir: Path, display_root: str, loaded: LoadedCatalog):
        self.root = catalog_dir
        self.display_root = display_root
        self.loaded = loaded

    def show(self, path: Path) -> str:
        return f"{self.display_root}/{path.relative_to(self.root).as_posix()}"

    def problem(self, path: Path, message: str, hint: str, position: Optional[Position] = None) -> None:
        self.loaded.problems.append(
            Problem(self.show(path), message, hint, position.line if position else None, position.column if position else None)
        )

    def read_all(self) -> None:
        folders = {kind.folder for kind in ALL_KINDS}
        site_path = self.root / SITE_FILE
        if site_path.is_file():
            self.loaded.site = self.read_record(site_path, SITE, "site", None)
        else:
            self.problem(site_path, "缺少站点设置文件", f"请创建 {self.display_root}/{SITE_FILE}（可参考示例目录）")
        for entry in sorted(self.root.iterdir()):
            name = entry.name
            if name.startswith(".") or name in IGNORED_NAMES or entry == site_path:
                continue
            if name == COMPLIANCE_FILE and entry.is_file():
                self.loaded.compliance = self.read_record(entry, COMPLIANCE, "compliance", None)
                continue
            if entry.is_dir() and name == FILES_FOLDER:
                self.read_files(entry)
            elif entry.is_dir() and name in folders:
                self.read_kind_folder(entry)
            else:
                self.problem(entry, "无法识别的文件或文件夹", self.placement_hint())

    def placement_hint(self) -> str:
        return "目录文件只能放在 decisions/、hearings/、documents/、reports/、annual/ 或 files/ 下（另有 site.yaml 和 compliance.yaml），请移动或删除"

    def read_kind_folder(self, folder: Path) -> None:
        name = folder.name
        if name in (DECISION.folder, HEARING.folder):
            catalog_kind, item_kind = (DECISION_CATALOG, DECISION) if name == DECISION.folder else (HEARING_CATALOG, HEARING)
            for entry in sorted(folder.iterdir()):
                if entry.name.startswith(".") or entry.name in IGNORED_NAMES:
                    continue
                if entry.is_dir() and YEAR_PATTERN.match(entry.name):
                    self.read_year_folder(entry, catalog_kind, item_kind)
                else:
                    self.problem(entry, "年度目录文件夹名称应为四位年份", f"请把文件放入 {name}/2021/ 这样的年度文件夹")
            return
        kind = {DOCUMENT.folder: DOCUMENT, REPORT.folder: REPORT, ANNUAL.folder: ANNUAL}[name]
        for entry in sorted(folder.iterdir()):
            if entry.name.startswith(".") or entry.name in IGNORED_NAMES:
                continue
            if entry.is_file() and entry.suffix == kind.suffix:
                self.read_item(entry, kind, None)
            else:
                self.problem(entry, f"{kind.label}应为 {kind.suffix} 文件", f"每条{kind.label}一个 {kind.suffix} 文件，文件名即编号")

    def read_year_folder(self, folder: Path, catalog_kind: Kind, item_kind: Kind) -> None:
        year = int(folder.name)
        for entry in sorted(folder.iterdir()):
            if entry.name.startswith(".") or entry.name in IGNORED_NAMES:
                continue
            if entry.is_file() and entry.name == YEAR_CATALOG_FILE:
                record = self.read_record(entry, catalog_kind, folder.name, year)
                if record:
                    self.loaded.records.append(record)
            elif entry.is_file() and entry.suffix == ".yaml":
                if not entry.stem.startswith(f"{year}-"):
                    self.problem(entry, f"文件名应以年份 {year}- 开头", f"请改名为 {year}-01.yaml 这样的形式（年份-序号）")
                    continue
                self.read_item(entry, item_kind, year)
            else:
                self.problem(entry, f"{item_kind.label}应为 .yaml 文件", f"年度目录写在 {YEAR_CATALOG_FILE}，每个事项一个 {year}-NN.yaml 文件")

    def read_item(self, path: Path, kind: Kind, year: Optional[int]) -> None:
        if not ID_PATTERN.match(path.stem) or path.stem in RESERVED_IDS:
            self.problem(path, f"文件名「{path.name}」不能作为编号", "文件名（即网址中的编号）只能用小写字母、数字和连字符，如 lfg-2021-01，且不能是 index、by-status 等保留名")
            return
        record = self.read_record(path, kind, path.stem, year)
        if record:
            self.loaded.records.append(record)

    def read_record(self, path: Path, kind: Kind, record_id: str, year: Optional[int]) -> Optional[RawRecord]:
        record = self._parse_record(path, kind, record_id, year)
        if record is None:
            self.loaded.unreadable.add((kind.key, record_id))
        return record

    def _parse_record(self, path: Path, kind: Kind, record_id: str, year: Optional[int]) -> Optional[RawRecord]:
        text = self.read_text(path)
        if text is None:
            return None
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
                document.data[BODY_KEY] = body.strip("\n")
                document.values[(BODY_KEY,)] = Position(body_line, 1)
        return RawRecord(kind, record_id, self.show(path), document, year, path.relative_to(self.root).as_posix())

    def read_text(self, path: Path) -> Optional[str]:
        raw = path.read_bytes()
        if len(raw) > MAX_FILE_BYTES:
            self.problem(path, f"文件过大（{len(raw) // 1024} KB，上限 {MAX_FILE_BYTES // 1024} KB）", "请把大段内容放入附件（files/ 目录）")
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
        return text.replace("\r\n", "\n").replace("\r", "\n")

    def read_files(self, folder: Path) -> None:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                data = path.read_bytes()
                relative = path.relative_to(folder).as_posix()
                self.loaded.files[relative] = FileInfo(relative, len(data), hashlib.sha256(data).hexdigest(), path)
