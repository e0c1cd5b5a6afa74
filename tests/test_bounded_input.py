"""Hostile or careless input is handled in bounded time, with a Chinese
message at the line: the hangs and tracebacks of issue 11 (40,000 backticks and
a "<", 60,000 "[", deeply nested YAML, front matter and lists, control
characters in a title, a NUL byte), and the renderer's own worst cases."""
import time

import pytest
from conftest import FIXED_TODAY
from markup_support import render

from gongkai.bodytext import MAX_MARKUP, MAX_NESTING, scan
from gongkai.excel.export import export_workbook
from gongkai.opendata.exports import export_files
from gongkai.pipeline import check
from gongkai.view import build_view
from gongkai.yamlsource import MAX_DEPTH, parse_yaml

DOCUMENT = "documents/fx-2021-02.md"  # its body starts on line 38; appended text on line 44


def _append(catalog, text: str) -> None:
    path = catalog / DOCUMENT
    path.write_text(path.read_text(encoding="utf-8") + "\n" + text + "\n", encoding="utf-8")


def _timed_check(catalog):
    started = time.perf_counter()
    result = check(catalog, display_root="catalog", today=FIXED_TODAY)
    return result, time.perf_counter() - started


@pytest.mark.parametrize("body", ["`" * 40000 + "<", "[" * 60000, "<a " * 200000, "{" * 60000])
def test_issue_bodies_are_refused_quickly(minimal_copy, body):
    result, seconds = _timed_check(minimal_copy)
    _append(minimal_copy, body)
    result, seconds = _timed_check(minimal_copy)
    assert seconds < 10
    [error] = result.errors
    assert str(error).startswith("catalog/documents/fx-2021-02.md:38 正文的排版符号和行数过多")


def test_scanning_is_linear():
    """Twice the text, about twice the time (the old scanner was cubic in backticks)."""
    def seconds(text: str) -> float:
        started = time.perf_counter()
        scan(text)
        return time.perf_counter() - started
    unit = "`a` [b](https://x.cn/) <c> {d} ``e` " * 50 + "\n\n"
    small, large = unit * 40, unit * 160
    assert seconds(large) < 8 * seconds(small) + 0.05


# Bodies just within the limits, each made of what Python-Markdown handles slowest.
def _fill(block: str) -> str:
    marks = sum(block.count(char) for char in "*_`[]|&<>\\{#!") + block.count("\n") + 2
    return (block + "\n\n") * ((MAX_MARKUP - 100) // marks)


WORST = {
    "brackets": _fill("[" * 100),
    "backticks": _fill("`" * 100),
    "tags": _fill("<a " * 100),
    "emphasis": _fill("*a _b *c _d e_ f* g_ h*" * 10),
    "links": _fill("[x](https://a.cn/) " * 50),
    "lines": _fill("a"),
    "headings": _fill("# a"),
    "nested lists": _fill("\n".join("    " * level + "- a" for level in range(MAX_NESTING))),
    "table": "| a | b | c | d |\n| --- | --- | --- | --- |\n" + "| 一 | 二 | 三 | 四 |\n" * 6500,
}


@pytest.mark.parametrize("body", WORST.values(), ids=WORST.keys())
def test_the_renderer_stays_fast_within_the_limits(body):
    result = scan(body)
    assert not result.refused, result.refused
    started = time.perf_counter()
    render(body)
    assert time.perf_counter() - started < 15  # about 1–4 s on one core


def test_deep_nesting_in_a_body_is_an_error_not_a_recursion(minimal_copy):
    _append(minimal_copy, "\n".join("    " * level + "- 项" for level in range(600)))
    result, seconds = _timed_check(minimal_copy)
    [error] = result.errors
    assert seconds < 10 and error.line == 44 + MAX_NESTING and "嵌套层数过多" in error.message


@pytest.mark.parametrize("text, line", [
    ("标题: " + "[" * 5000 + "]" * 5000, 1),
    ("标题: a\n列表: " + "[" * 100000, 2),  # overflowed the C stack before
    ("a: " + "{a: " * 3000 + "1" + "}" * 3000, 1),
    ("".join(" " * level + "-\n" for level in range(3000)), MAX_DEPTH + 1),
])
def test_deep_yaml_is_an_error_at_its_line(text, line):
    document, [error] = parse_yaml(text)
    assert document is None and error.message == f"YAML 嵌套层数过多（超过 {MAX_DEPTH} 层）" and error.position.line == line


def test_deep_front_matter_is_an_error_at_its_line(minimal_copy):
    path = minimal_copy / DOCUMENT
    path.write_text(path.read_text(encoding="utf-8").replace("\n标题:", "\n标签: " + "[" * 1000 + "\n标题:", 1), encoding="utf-8")
    result, _ = _timed_check(minimal_copy)
    [error] = result.errors
    assert (error.file, error.line, error.message) == ("catalog/documents/fx-2021-02.md", 2, f"YAML 嵌套层数过多（超过 {MAX_DEPTH} 层）")


@pytest.mark.parametrize("where, text, position", [
    ("body", "第二段\x00文字", (44, 4)),
    ("front matter", None, (2, 5)),
])
def test_a_nul_byte_is_reported_with_line_and_column(minimal_copy, where, text, position):
    path = minimal_copy / DOCUMENT
    if where == "body":
        _append(minimal_copy, text)
    else:
        path.write_text(path.read_text(encoding="utf-8").replace("\n标题: ", "\n标题: \x00", 1), encoding="utf-8")
    [error] = check(minimal_copy, display_root="catalog", today=FIXED_TODAY).errors
    assert (error.line, error.column) == position and error.message == "含有不可见的控制字符 U+0000"


@pytest.mark.parametrize("title, message", [
    (r'"\a\e测试标题"', "第1个字符是不可见的控制字符或无效字符 U+0007"),
    (r'"测试\0标题"', "第3个字符是不可见的控制字符或无效字符 U+0000"),
    (r'"测试标题\uffff"', "第5个字符是不可见的控制字符或无效字符 U+FFFF"),
    (r'"\u200b\u200e\u202e"', "只有不可见字符（如零宽空格、方向控制符），等于没有填写"),
])
def test_hidden_characters_in_values_are_errors_so_exports_never_see_them(minimal_copy, title, message):
    path = minimal_copy / DOCUMENT
    text = path.read_text(encoding="utf-8")
    original = text.split("\n")[1]
    path.write_text(text.replace(original, f"标题: {title}", 1), encoding="utf-8")
    [error] = check(minimal_copy, display_root="catalog", today=FIXED_TODAY).errors
    assert (error.line, error.field, error.message) == (2, "标题", message)


def test_a_lone_surrogate_escape_is_a_yaml_error_at_its_line(minimal_copy):
    path = minimal_copy / DOCUMENT
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(text.split("\n")[1], r'标题: "测试\ud800标题"', 1), encoding="utf-8")
    [error] = check(minimal_copy, display_root="catalog", today=FIXED_TODAY).errors
    assert (error.line, error.message) == (2, "YAML 格式错误：双引号里的 \\u 转义不是有效的字符")


def test_exports_are_written_for_every_value_check_accepts(minimal_copy, tmp_path):
    """Tabs, line breaks, zero-width and bidi characters inside visible text,
    emoji and rare CJK pass the check, and then reach XLSX without an error."""
    path = minimal_copy / DOCUMENT
    text = path.read_text(encoding="utf-8")
    original = text.split("\n")[1]
    title = r'"测试\t标题\n第二行 零宽\u200b空格 \u202e反向 😀 𠀀 \ufeff"'
    path.write_text(text.replace(original, f"标题: {title}", 1), encoding="utf-8")
    result = check(minimal_copy, display_root="catalog", today=FIXED_TODAY)
    assert result.ok, [str(p) for p in result.errors]
    view = build_view(result.catalog, FIXED_TODAY)
    assert [export for export in export_files(view) if export.form == "xlsx"]
    export_workbook(result.catalog, tmp_path / "register.xlsx", FIXED_TODAY)
