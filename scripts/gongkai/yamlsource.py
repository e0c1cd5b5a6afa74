"""Read YAML (or Markdown with a YAML front matter) into plain data plus the
line and column of every key and value, so any later error can point at the
exact spot in the clerk's file.

Only the core YAML types are accepted; language tags are refused. Dates stay
as text so that validation can quote the value exactly as typed.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from typing import Any, Callable, Optional

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

Path = tuple  # keys (str) and list indexes (int) from the document root

# libyaml's parser when PyYAML was built with it (it is, in the pinned wheel):
# several times faster, and it reports the same marks.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_VALUES = 100_000  # bounds alias expansion ("billion laughs")
# Collections nested deeper than this are refused before PyYAML composes them:
# its composer recurses once per level (5,000 "[" raise RecursionError, and
# 100,000 overflow the C stack). Catalog files nest six levels at most.
MAX_DEPTH = 100
BODY_KEY = "正文"

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_SCALAR_TAGS = {
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}


@dataclass(frozen=True, slots=True)  # a catalog holds one per key and value: slots keep 100,000 records small
class Position:
    line: int  # 1-based
    column: int  # 1-based


PositionMaps = tuple[dict, dict]  # (Path -> Position of the value, Path -> Position of the key)


class Positions:
    """Where a document's keys and values stand. A document taken from a build's cache folder holds
    its data only: its positions are read again (`read`) when a problem first asks for one."""

    __slots__ = ("_maps", "_read")

    def __init__(self, values: dict, keys: dict, read: Optional[Callable[[], PositionMaps]] = None) -> None:
        self._maps, self._read = (values, keys), read

    @property
    def maps(self) -> PositionMaps:
        if self._read is not None:
            read, self._read = self._read, None
            self._maps = read()
        return self._maps

    def forget(self) -> None:
        """Let go of the positions (and of the means to read them again)."""
        self._maps, self._read = ({}, {}), None


class SourceDocument:
    __slots__ = ("data", "where")

    def __init__(self, data: Any, values: Optional[dict] = None, keys: Optional[dict] = None,
                 where: Optional[Positions] = None) -> None:
        self.data = data
        self.where = where if where is not None else Positions({} if values is None else values, {} if keys is None else keys)

    @property
    def values(self) -> dict:
        """Path -> Position of the value."""
        return self.where.maps[0]

    @property
    def keys(self) -> dict:
        """Path -> Position of the key."""
        return self.where.maps[1]

    def located_only(self) -> SourceDocument:
        """The same positions without the data (shared: read again at most once)."""
        return SourceDocument(None, where=self.where)

    def position(self, path: Path) -> Optional[Position]:
        """The value's position, else its key's, else the nearest ancestor's."""
        values, keys = self.where.maps
        path = tuple(path)
        while path:
            found = values.get(path) or keys.get(path)
            if found:
                return found
            path = path[:-1]
        return values.get(())

    def key_position(self, path: Path) -> Optional[Position]:
        return self.keys.get(tuple(path)) or self.position(path)


@dataclass(frozen=True)
class SourceError:
    message: str
    hint: str
    position: Optional[Position] = None


class _Builder:
    def __init__(self, loader, line_offset: int):
        self.loader = loader
        self.line_offset = line_offset
        self.doc = SourceDocument(data=None)
        self.values, self.keys = self.doc.values, self.doc.keys  # filled here, a value at a time
        self.errors: list[SourceError] = []
        self.count = 0

    def pos(self, node: Node) -> Position:
        return Position(node.start_mark.line + 1 + self.line_offset, node.start_mark.column + 1)

    def build(self, node: Node, path: Path) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise _TooLarge(self.pos(node))
        self.values.setdefault(path, self.pos(node))
        if isinstance(node, (MappingNode, SequenceNode)) and node.tag not in (_MAP, _SEQ):
            self.errors.append(self._tag_error(node))
            return None
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        if isinstance(node, SequenceNode):
            return [self.build(child, path + (i,)) for i, child in enumerate(node.value)]
        assert isinstance(node, ScalarNode)  # the composer makes only these three kinds
        return self._scalar(node)

    def _mapping(self, node: MappingNode, path: Path) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.errors.append(SourceError("不支持 YAML 合并键 <<", "请把字段逐一写出", self.pos(key_node)))
                continue
            if not isinstance(key_node, ScalarNode):
                self.errors.append(SourceError("字段名必须是文字", "请检查该行的缩进和冒号", self.pos(key_node)))
                continue
            # Interned: the same field names recur in every record, and the paths below keep them.
            key = sys.intern(str(key_node.value).strip())
            here = path + (key,)  # one tuple for the key's and the value's position
            if key in result:
                first = self.keys.get(here)
                where = f"（第 {first.line} 行已有）" if first else ""
                self.errors.append(
                    SourceError(f"字段「{key}」重复出现{where}", "同一字段只能写一次，请合并或删除重复的一行", self.pos(key_node))
                )
                continue
            self.keys[here] = self.pos(key_node)
            result[key] = self.build(value_node, here)
        return result

    def _scalar(self, node: ScalarNode) -> Any:
        if node.tag in (_STR, _TIMESTAMP):
            return node.value
        if node.tag in _SCALAR_TAGS:
            return self.loader.construct_object(node, deep=True)
        self.errors.append(self._tag_error(node))
        return node.value

    def _tag_error(self, node: Node) -> SourceError:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        return SourceError(f"不支持的 YAML 标签 {tag}", "请删除以 ! 开头的标签，只写普通的值", self.pos(node))


class _TooLarge(Exception):
    def __init__(self, position: Position):
        self.position = position


# Characters that look like spaces but are not, found where the parser stopped.
_BAD_SPACES = {
    "\t": ("使用了 Tab 字符缩进", "YAML 只能用空格缩进，请把 Tab 换成空格"),
    "\u3000": ("使用了全角空格", "请把全角空格换成半角空格（输入法切换到英文状态）"),
    "\u00a0": ("使用了不换行空格", "请删除该行开头的空白，重新用半角空格缩进"),
}

_YAML_MESSAGES = [
    ("found invalid Unicode character escape code", "双引号里的 \\u 转义不是有效的字符", "请删除这个转义，直接写出文字"),
    ("found unknown escape character", "双引号里的反斜杠 \\ 后面是无效的转义", "反斜杠本身请写成 \\\\，或改用单引号括起这个值"),
    ("did not find expected hexdecimal number", "双引号里的 \\x、\\u 转义缺少十六进制数字", "请补全或删除这个转义，或改用单引号括起这个值"),
    ("could not find expected ':'", "缺少冒号", "每个字段写成「字段名: 值」，冒号为英文半角且后面有空格"),
    ("mapping values are not allowed here", "此处不能出现「字段: 值」", "检查缩进是否对齐；值中含有「: 」时请用引号括起来"),
    ("found duplicate anchor", "锚点名称重复", "请删除重复的 & 锚点"),
    ("found undefined alias", "引用了未定义的锚点", "请检查 * 引用的名称"),
    ("did not find expected key", "缩进不一致", "同一层级的字段必须左对齐"),
    ("did not find expected '-' indicator", "列表缩进不一致", "列表每项以「- 」开头且左对齐"),
    ("found unexpected end of stream", "引号或括号没有闭合", "请检查该行的引号是否成对"),
    ("while scanning a quoted scalar", "引号没有闭合", "请检查该行的引号是否成对"),
]


def _text_position(text_lines: list[str], index: int, line_offset: int) -> Position:
    """Line and column of a character index into the text."""
    for number, line in enumerate(text_lines):
        if index <= len(line):
            return Position(number + 1 + line_offset, index + 1)
        index -= len(line) + 1
    return Position(len(text_lines) + line_offset, 1)


def _translate_yaml_error(error: yaml.YAMLError, text_lines: list[str], line_offset: int) -> SourceError:
    if isinstance(error, yaml.reader.ReaderError):
        # Raised before any mark exists: its position is an index into the text.
        code = error.character if isinstance(error.character, int) else ord(error.character)
        return SourceError(f"YAML 格式错误：含有不允许的控制字符 U+{code:04X}",
                           "请删除该字符（常见于从其他软件复制来的文字）", _text_position(text_lines, error.position, line_offset))
    mark = getattr(error, "problem_mark", None)
    position = Position(mark.line + 1 + line_offset, mark.column + 1) if mark else None
    if mark:
        # A stray Tab or full-width space in the indentation often surfaces as
        # an error on the following line, so look back a little.
        for index in range(min(mark.line, len(text_lines) - 1), max(mark.line - 3, -1), -1):
            line = text_lines[index]
            indentation = line[: len(line) - len(line.lstrip(" \t\u3000\u00a0"))]
            for char, (message, hint) in _BAD_SPACES.items():
                if char in indentation:
                    return SourceError(f"YAML 格式错误：{message}", hint, Position(index + 1 + line_offset, line.index(char) + 1))
    text = str(getattr(error, "problem", "") or "") + " " + str(getattr(error, "context", "") or "")
    for needle, message, hint in _YAML_MESSAGES:
        if needle in text or needle in str(error):
            return SourceError(f"YAML 格式错误：{message}", hint, position)
    return SourceError(f"YAML 格式错误（{text.strip()}）", "请检查该行及上一行的缩进、冒号和引号", position)


# Only a text with many flow brackets, deep indentation or several "- " / "? "
# in a row can nest deeper than MAX_DEPTH; others skip the extra pass.
_DEEP_INDENT = re.compile(r"^[ \t]{20}", re.M)
_COMPACT_NESTING = re.compile(r"(?:[-?:][ \t]+){5}")


def _too_deep(text: str, line_offset: int) -> Optional[SourceError]:
    """An error at the first collection nested deeper than MAX_DEPTH, read from
    the parser's events (libyaml keeps its own stack; nothing recurses here)."""
    if text.count("[") + text.count("{") <= 20 and not _DEEP_INDENT.search(text) and not _COMPACT_NESTING.search(text):
        return None
    loader = _Loader(text)
    depth = 0
    try:
        while True:
            event = loader.get_event()
            if event is None:
                return None
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    line, column = (mark.line, mark.column) if mark else (0, 0)  # the parser marks every event
                    return SourceError(f"YAML 嵌套层数过多（超过 {MAX_DEPTH} 层）",
                                       "请检查方括号 [ ]、花括号 { } 是否成对，以及缩进是否正确",
                                       Position(line + 1 + line_offset, column + 1))
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return None  # reported by the normal parse, which stops at the same place
    finally:
        loader.dispose()


def parse_yaml(text: str, line_offset: int = 0) -> tuple[Optional[SourceDocument], list[SourceError]]:
    """Parse one YAML document. Returns (document or None, errors)."""
    too_deep = _too_deep(text, line_offset)
    if too_deep:
        return None, [too_deep]
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.YAMLError as error:
            return None, [_translate_yaml_error(error, text.split("\n"), line_offset)]
        if node is None:
            return SourceDocument(data={}), []
        builder = _Builder(loader, line_offset)
        try:
            builder.doc.data = builder.build(node, ())
        except _TooLarge as too_large:
            return None, [
                SourceError(
                    f"内容展开后超过 {MAX_VALUES} 个值（可能是锚点/别名的循环引用）",
                    "请删除 & 锚点与 * 引用，直接写出内容",
                    too_large.position,
                )
            ]
        return builder.doc, builder.errors
    finally:
        loader.dispose()


def split_front_matter(text: str) -> tuple[Optional[str], int, str, int]:
    """Split Markdown into (front matter, its first line index, body, body's first line).

    Front matter is the block between a first line `---` and the next `---`.
    Returns (None, 0, text, 1) when the file has none.
    """
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None, 0, text, 1
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            front = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1:])
            return front, 1, body, index + 2
    return None, 0, text, 1
