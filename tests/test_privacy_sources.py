"""Every value that is published is checked, however it was typed: numbers typed
bare in YAML (电话: 13800138000 is published as text), Markdown bodies and
政策解读 texts by line, and site.yaml and compliance.yaml, which are not records
but are published too."""
import pytest
from conftest import FIXED_TODAY

from gongkai.pipeline import check


def privacy_errors(catalog):
    result = check(catalog, display_root="catalog", today=FIXED_TODAY)
    return [p for p in result.errors if "未遮盖" in p.message]


def replace_in(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("typed", ["13800138000", "138_0013_8000", "1.3800138e+10", "0x3368D6510"])
def test_a_number_typed_bare_in_yaml_is_checked_as_published(minimal_copy, typed):
    decision = minimal_copy / "decisions" / "2021" / "2021-01.yaml"
    replace_in(decision, "承办单位: 测试市住房和城乡建设局", f"承办单位: {typed}")
    [problem] = privacy_errors(minimal_copy)
    assert (problem.file, problem.line, problem.column, problem.field) == ("catalog/decisions/2021/2021-01.yaml", 4, 7, "承办单位")
    assert problem.message == "含有未遮盖的手机号码，应改为「138****8000」"


def test_an_id_number_typed_bare_in_a_list_is_checked(minimal_copy):
    decision = minimal_copy / "decisions" / "2021" / "2021-01.yaml"
    replace_in(decision, "协办单位: [测试市公安局]", "协办单位: [测试市公安局, 440881199001011233]")
    [problem] = privacy_errors(minimal_copy)
    assert (problem.line, problem.field) == (5, "协办单位第2项") and "44*************233" in problem.message


def test_body_and_interpretation_lines_are_named(minimal_copy):
    document = minimal_copy / "documents" / "fx-2021-02.md"
    replace_in(document, "落实优化营商环境的要求", "咨询：１３８ ００１３ ８０００。落实优化营商环境的要求")
    replace_in(document, "| 条目 | 修改前 | 修改后 |", "联系人 **138**0013**8000**\n\n| 条目 | 修改前 | 修改后 |")
    problems = privacy_errors(minimal_copy)
    assert sorted((p.line, p.field, p.message) for p in problems) == [
        (24, "政策解读第2项.内容", "第3行含有未遮盖的手机号码，应改为「138****8000」"),
        (40, None, "正文含有未遮盖的手机号码，应改为「138****8000」"),
    ]


def test_site_settings_are_checked(minimal_copy):
    site = minimal_copy / "site.yaml"
    replace_in(site, "联系电话: 0759-0000000", "联系电话: 13800138000")
    replace_in(site, "办公地址: 测试市人民大道1号", "办公地址: 测试市人民大道1号（值班 139\u00a00013\u00a09000）")
    problems = privacy_errors(minimal_copy)
    lines = site.read_text(encoding="utf-8").splitlines()
    office, phone = (lines.index(line) + 1 for line in lines if line.startswith(("办公地址:", "联系电话:")))
    assert sorted((p.file, p.line, p.field, p.message) for p in problems) == sorted([
        ("catalog/site.yaml", office, "办公地址", "含有未遮盖的手机号码，应改为「139****9000」"),
        ("catalog/site.yaml", phone, "联系电话", "含有未遮盖的手机号码，应改为「138****8000」"),
    ])
    assert all("网站设置" in p.hint for p in problems)


def test_compliance_settings_are_checked(minimal_copy):
    compliance = minimal_copy / "compliance.yaml"
    compliance.write_text(compliance.read_text(encoding="utf-8") + "政府文件备案机关: [人大常委会, 联系人13800138000]\n", encoding="utf-8")
    [problem] = privacy_errors(minimal_copy)
    lines = compliance.read_text(encoding="utf-8").splitlines()
    assert (problem.file, problem.line, problem.field) == ("catalog/compliance.yaml", len(lines), "政府文件备案机关第2项")


def test_a_landline_in_the_site_settings_passes(minimal_copy):
    assert privacy_errors(minimal_copy) == []


def test_an_exemption_may_be_typed_in_full_width(minimal_copy):
    document = minimal_copy / "documents" / "fx-2021-02.md"
    replace_in(document, "\n---\n将第一条", "\n个人信息公开依据:\n  - {号码: '１３８００１３８０００', 依据: 失信被执行人名单公示}\n---\n将第一条")
    document.write_text(document.read_text(encoding="utf-8") + "\n被执行人电话 138-0013-8000\n", encoding="utf-8")
    result = check(minimal_copy, display_root="catalog", today=FIXED_TODAY)
    assert not [p for p in result.problems if "未遮盖" in p.message or "没有出现" in p.message]


def test_body_lines_count_the_blank_lines_above_the_text(minimal_copy):
    document = minimal_copy / "documents" / "fx-2021-02.md"
    replace_in(document, "\n---\n将第一条", "\n---\n\n\n\n将第一条")
    replace_in(document, "| 条目 | 修改前 | 修改后 |", "联系人 13800138000\n\n| 条目 | 修改前 | 修改后 |")
    [problem] = privacy_errors(minimal_copy)
    assert (problem.line, problem.field) == (43, None)
    assert document.read_text(encoding="utf-8").splitlines()[42] == "联系人 13800138000"
