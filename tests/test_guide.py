"""The staff guide on the site quotes the tool's real messages and names every command."""
import re

import pytest
from conftest import PROJECT

from gongkai.cli import build_parser

GUIDE = PROJECT / "docs" / "guide"


def expected_messages() -> set[str]:
    lines = set()
    for expected in (PROJECT / "tests" / "invalid").glob("*/expected.txt"):
        lines.update(expected.read_text(encoding="utf-8").splitlines())
    return lines


@pytest.mark.parametrize("page, at_least", [("errors.md", 15), ("privacy.md", 1), ("annual.md", 1)])
def test_error_messages_in_the_guide_are_real_output(page, at_least):
    real = expected_messages()
    text = (GUIDE / page).read_text(encoding="utf-8")
    quoted = [line for block in re.findall(r"```text\n(.*?)```", text, re.S) for line in block.splitlines()]
    messages = [line for line in quoted if line.startswith("catalog/")]
    assert len(messages) >= at_least
    for line in messages:
        assert line in real, f"{page} quotes a message the tool does not print: {line}"


def test_excel_error_example_is_real_output():
    text = (GUIDE / "excel.md").read_text(encoding="utf-8")
    tests = (PROJECT / "tests" / "test_excel.py").read_text(encoding="utf-8")
    example = re.search(r"```text\n(表格 .*?)\n```", text).group(1)
    assert example in tests


def test_every_command_is_in_the_guide():
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    text = (GUIDE / "publishing.md").read_text(encoding="utf-8")
    for command in commands:
        assert f"python -m gongkai {command}" in text, command
