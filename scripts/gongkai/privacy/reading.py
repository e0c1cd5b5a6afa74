"""What has been read of one attachment so far: its text parts, each named by
place, what could not be read, and the limit on how much text one file may yield."""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

MAX_TEXT_CHARS = 20_000_000
MAX_EXPANDED_BYTES = 100_000_000  # decompressed parts and embedded files, nested ones included


@dataclass(frozen=True)
class TextPart:
    where: str  # e.g. 第2页, 第5段, 表格1第3行第2列, 工作表「名单」B4, 页眉（header1.xml）第1段
    text: str
    numbered_lines: bool = False  # name a finding by its line in `text` (plain text files)


class TooLarge(Exception):
    """A limit was reached. `reason` says which (解压后超过 100 MB); `expanded`: the
    file itself is small, what it expands to is not."""

    def __init__(self, reason: str, expanded: bool = True):
        super().__init__(reason)
        self.reason = reason
        self.expanded = expanded


class Reading:
    """The parts read so far from one attachment (and what could not be read), within its budget."""

    def __init__(self) -> None:
        self.parts: list[TextPart] = []
        self.unreadable: list[str] = []
        self.characters = 0
        self.expanded = 0  # bytes decompressed so far, across nested files
        self.prefix = ""  # where a nested file sits, e.g. 内嵌文件「名单.xlsx」

    def add(self, where: str, text: str, numbered_lines: bool = False) -> None:
        if not text or text.isspace():
            return
        self.characters += len(text)
        if self.characters > MAX_TEXT_CHARS:
            raise TooLarge(f"文字超过 {MAX_TEXT_CHARS // 10_000} 万字")
        self.parts.append(TextPart(self.prefix + where, text, numbered_lines))

    def expanded_left(self) -> int:
        return MAX_EXPANDED_BYTES - self.expanded

    def expand(self, size: int) -> None:
        """Count `size` more decompressed bytes against the attachment's limit."""
        self.expanded += size
        if self.expanded > MAX_EXPANDED_BYTES:
            raise TooLarge(f"解压后超过 {MAX_EXPANDED_BYTES // 1_000_000} MB")

    def checkpoint(self) -> tuple[int, int]:
        return len(self.parts), self.characters

    def roll_back(self, checkpoint: tuple[int, int]) -> None:
        """Forget the parts added since `checkpoint` (a part that is read again another way)."""
        del self.parts[checkpoint[0]:]
        self.characters = checkpoint[1]

    def cannot_read(self, reason: str) -> None:
        self.unreadable.append(self.prefix + reason)

    @contextmanager
    def inside(self, where: str) -> Iterator[None]:
        """Name every part and problem added meanwhile as inside `where` (a nested file)."""
        outer = self.prefix
        self.prefix = f"{outer}{where} "
        try:
            yield
        finally:
            self.prefix = outer
