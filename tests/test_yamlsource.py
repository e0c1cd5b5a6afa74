"""Reading YAML with positions; refusing what is not plain data."""
from gongkai.yamlsource import parse_yaml, split_front_matter


def test_positions_of_keys_and_values():
    doc, errors = parse_yaml("标题: 测试\n程序:\n  公众参与:\n    开始日期: 2021-02-30\n列表:\n  - a\n  - b\n")
    assert not errors
    assert doc.data["程序"]["公众参与"]["开始日期"] == "2021-02-30"  # dates stay text
    assert (doc.values[("程序", "公众参与", "开始日期")].line, doc.values[("程序", "公众参与", "开始日期")].column) == (4, 11)
    assert doc.keys[("程序", "公众参与", "开始日期")].column == 5
    assert doc.values[("列表", 1)].line == 7
    assert doc.position(("程序", "公众参与", "结束日期")).line == 4  # missing key -> parent block


def test_line_offset_for_front_matter():
    front, offset, body, body_line = split_front_matter("---\n标题: x\n---\n正文第一行\n")
    assert (front, offset, body, body_line) == ("标题: x", 1, "正文第一行\n", 4)
    doc, _ = parse_yaml(front, offset)
    assert doc.values[("标题",)].line == 2


def test_duplicate_keys_are_errors_not_overwrites():
    doc, errors = parse_yaml("a: 1\nb: 2\na: 3\n")
    assert [e.position.line for e in errors] == [3]
    assert "重复" in errors[0].message and "第 1 行" in errors[0].message


def test_alias_bomb_fails_fast():
    text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for name, prev in zip("bcdefg", "abcdef"):
        text += f"{name}: &{name} [{', '.join(['*' + prev] * 10)}]\n"
    doc, errors = parse_yaml(text)
    assert doc is None and "超过" in errors[0].message


def test_language_tags_are_refused():
    for text in ("a: !!python/object/apply:os.system [ls]\n", "a: !!python/name:os.system\n", "a: !custom x\n"):
        _, errors = parse_yaml(text)
        assert errors and "不支持的 YAML 标签" in errors[0].message, text


def test_empty_document_is_empty_mapping():
    doc, errors = parse_yaml("")
    assert doc.data == {} and not errors


def test_nesting_is_capped_before_the_composer_recurses():
    from gongkai.yamlsource import MAX_DEPTH
    doc, [error] = parse_yaml("a: 1\nb: " + "[" * 100000, 3)  # overflowed the C stack before
    assert doc is None and (error.position.line, error.position.column) == (5, 3 + MAX_DEPTH)
    assert error.message == f"YAML 嵌套层数过多（超过 {MAX_DEPTH} 层）"
    doc, errors = parse_yaml("a: " + "[" * 60 + "1" + "]" * 60)  # deep but within the cap: plain data
    value = doc.data["a"]
    for _ in range(59):
        [value] = value
    assert not errors and value == [1]


def test_control_characters_are_reported_at_their_line_and_column():
    doc, [error] = parse_yaml("a: b\nc: d\x00e\n", 10)
    assert (error.position.line, error.position.column) == (12, 5) and "U+0000" in error.message


def test_bad_escapes_in_double_quotes_are_named():
    assert parse_yaml('a: "\\ud800"')[1][0].message == "YAML 格式错误：双引号里的 \\u 转义不是有效的字符"
    assert parse_yaml('a: "C:\\q"')[1][0].message == "YAML 格式错误：双引号里的反斜杠 \\ 后面是无效的转义"
