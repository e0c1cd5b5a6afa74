"""Migrated records beside records made here, in the minimal catalog: what each may
leave out, how the pages show it, and the shapes real records have (joint issuance,
repeals of documents outside the catalog, carry-over), plus the Excel import's
废止目录, its per-row 有效性 comparison and its mapping file."""
import datetime as dt
import shutil

import pytest
from openpyxl import Workbook

from conftest import MINIMAL
from gongkai.excel.importer import apply_plan, plan_import
from gongkai.excel.mapping import draft_mapping
from gongkai.kinds import DOCUMENT
from gongkai.pipeline import check, render
from gongkai.problems import Severity
from gongkai.render.markdown import fact_pairs

TODAY = dt.date(2026, 11, 30)
BATCH = ("导入批次:\n  - 编号: reg\n    原始出处: 测试市规范性文件登记簿.xlsx\n    采集日期: 2026-11-01\n"
         "    保密审查: {审查人: 测试市政府办公室, 日期: 2026-11-02, 结论: 同意公开}\n")
MIGRATED = """---
标题: 测试市人民政府 中共测试市委办公室关于规范村级组织工作事务的意见
文号: 测委办发〔2018〕7号
发布机构: [中共测试市委办公室, 测试市人民政府办公室]
起草单位: 测试市民政局
发布日期: 2018-05-10
公开属性: 主动公开
来源: {导入批次: reg}
关系:
  废止目录外文件:
    - {文号: 测政〔2009〕12号, 标题: 测试市村务公开办法}
    - {标题: 测试市村级财务管理暂行规定}
---
"""


@pytest.fixture
def catalog(tmp_path):
    target = tmp_path / "catalog"
    shutil.copytree(MINIMAL, target)
    (target / "imports.yaml").write_text(BATCH, encoding="utf-8")
    (target / "documents" / "mig-2018-01.md").write_text(MIGRATED, encoding="utf-8")
    return target


def checked(catalog):
    result = check(catalog, display_root="catalog", today=TODAY)
    assert result.ok, [str(p) for p in result.errors]
    return result


def test_a_migrated_record_states_only_what_its_source_did(catalog):
    result = checked(catalog)
    record = result.catalog.find(DOCUMENT, "mig-2018-01")
    assert record.model.secrecy_review.reviewer == "测试市政府办公室"  # the batch's one review
    findings = [p for p in result.problems if p.file.endswith("mig-2018-01.md")]
    assert findings and all(p.severity is Severity.INFO for p in findings), [str(p) for p in findings]
    page = render(result.catalog, TODAY).pages["documents/mig-2018-01.md"]
    assert "原登记未记载：统一登记号、索引号、主题分类、成文日期、施行日期、状态历史、正文、有效期至、合法性审核、备案、政策解读" in page
    assert fact_pairs([("统一登记号", "未记载")]) in page and "合法性审核**：未记载" in page
    assert fact_pairs([("发布机构", "中共测试市委办公室、测试市人民政府办公室")]) in page
    assert fact_pairs([("起草单位", "测试市民政局")]) in page
    # One decision repeals documents the catalog does not hold: named as it names them.
    assert "本文件废止了：《测试市村务公开办法》（测政〔2009〕12号）（不在本目录中）" in page
    assert "本文件废止了：《测试市村级财务管理暂行规定》（不在本目录中）" in page


def test_jointly_issued_documents_are_listed_under_each_issuer(catalog):
    pages = render(checked(catalog).catalog, TODAY).pages
    issuers = pages["documents/by-issuer.md"]
    assert issuers.count("mig-2018-01.md") == 2


def test_a_record_made_here_is_as_strict_as_ever(catalog):
    path = catalog / "documents" / "fx-2021-02.md"
    path.write_text(path.read_text(encoding="utf-8").replace("统一登记号: CSFG-2021-002\n", "")
                    .replace("主题分类: 城乡建设", "主题分类: 未记载"), encoding="utf-8")
    result = check(catalog, display_root="catalog", today=TODAY)
    messages = [str(p) for p in result.errors if p.file.endswith("fx-2021-02.md")]
    assert any("只有迁移记录" in m and "未记载" in m for m in messages), messages
    (catalog / "documents" / "fx-2021-02.md").write_text(
        path.read_text(encoding="utf-8").replace("主题分类: 未记载", "主题分类: 城乡建设"), encoding="utf-8")
    result = check(catalog, display_root="catalog", today=TODAY)
    messages = [str(p) for p in result.errors if p.file.endswith("fx-2021-02.md")]
    assert any("统一登记号: 缺少必填字段" in m and "来源" in m for m in messages), messages


def test_an_unknown_batch_is_an_error(catalog):
    path = catalog / "documents" / "mig-2018-01.md"
    path.write_text(path.read_text(encoding="utf-8").replace("导入批次: reg", "导入批次: nope"), encoding="utf-8")
    result = check(catalog, display_root="catalog", today=TODAY)
    assert any("导入批次「nope」不存在" in p.message for p in result.errors)


def _register(tmp_path, title, header, rows):
    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append([title])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    path = tmp_path / "register.xlsx"
    book.save(path)
    return path


def test_the_registers_validity_is_compared_row_by_row(catalog, tmp_path):
    book = _register(tmp_path, "测试市现行有效规范性文件目录", ["序号", "文件名称", "文号", "效力状态"],
                     [[1, "测试市人民政府关于修改《测试市停车管理办法》的决定", "测府规〔2021〕2号", "有效"],
                      [2, "测试市停车管理办法", "测府规（2019）1号", "有效"]])
    plan = plan_import(book, checked(catalog).catalog, batch="reg", today=TODAY)
    assert not plan.errors and not plan.changes
    # Both ended their terms (2024-03-31, 2026-06-30): the register still lists them in force. Said row by row.
    differences = {p.file: p.message for p in plan.problems if p.severity is Severity.WARNING}
    assert "原登记的有效性为「有效」，目录按状态历史和有效期计算为「失效」（fx-2019-01）" in differences["表格 Sheet1 第4行"]
    assert "（fx-2021-02）" in differences["表格 Sheet1 第3行"]
    assert plan.validity_differences == 2


def test_a_repeal_list_names_documents_in_and_outside_the_catalog(catalog, tmp_path):
    book = _register(tmp_path, "测试市人民政府决定废止的规范性文件目录", ["序号", "文件名称", "文号"],
                     [[1, "测试市停车管理办法", "测府规〔2019〕1号"],
                      [2, "测试市城市道路占用挖掘管理办法", "测府〔2012〕33号"]])
    base = checked(catalog).catalog
    refused = plan_import(book, base, batch="reg", today=TODAY)
    # Without the repealing decision, a document outside the catalog cannot stand alone: said, not skipped.
    assert refused.rows_refused == 1 and "废止依据" in refused.errors[0].hint
    mapping = tmp_path / "导入设置.yaml"
    from openpyxl import load_workbook
    drafted = draft_mapping(load_workbook(book))
    assert "内容: 废止目录" in drafted and "表头行: 2" in drafted and "B: 标题" in drafted and "C: 文号" in drafted
    mapping.write_text(drafted.replace("    废止依据:", "    废止依据: mig-2018-01"), encoding="utf-8")
    plan = plan_import(book, base, mapping=mapping, batch="reg", today=TODAY)
    assert not plan.errors, [str(p) for p in plan.problems]
    # fx-2019-01 is in the catalog and lapsed, not repealed: the difference is reported for that row.
    assert any("第3行" in p.file and "废止" in p.message for p in plan.problems if p.severity is Severity.WARNING)
    [change] = plan.changes
    assert change.record_id == "mig-2018-01" and change.outside_repeals == [{"标题": "测试市城市道路占用挖掘管理办法", "文号": "测府〔2012〕33号"}]
    apply_plan(plan, catalog)
    page = render(checked(catalog).catalog, TODAY).pages["documents/mig-2018-01.md"]
    assert "《测试市城市道路占用挖掘管理办法》（测府〔2012〕33号）（不在本目录中）" in page


def test_a_mapping_file_reads_a_layout_the_import_cannot_guess(catalog, tmp_path):
    book = _register(tmp_path, "登记簿", ["流水号", "文件标题名", "字号", "公开日期", "印发单位"],
                     [[1, "测试市某某管理办法", "测府规〔2025〕9号", "2025年3月2日", "测试市人民政府"]])
    base = checked(catalog).catalog
    assert plan_import(book, base, batch="reg", today=TODAY).errors  # not recognised: said, nothing imported
    from openpyxl import load_workbook
    drafted = draft_mapping(load_workbook(book))
    assert "内容: 未识别" in drafted
    mapping = tmp_path / "导入设置.yaml"
    mapping.write_text(
        '表格:\n  - 表格: "Sheet1"\n    内容: 规范性文件\n    表头行: 2\n    列:\n      A: 序号\n      B: 标题\n      C: 文号\n      D: 发布日期\n      E: 发布机构\n',
        encoding="utf-8")
    plan = plan_import(book, base, mapping=mapping, batch="reg", today=TODAY)
    assert not plan.errors, [str(p) for p in plan.problems]
    [change] = plan.changes
    values = {alias: new for alias, (_, new) in change.values.items()}
    assert values["标题"] == "测试市某某管理办法" and values["文号"] == "测府规〔2025〕9号" and values["发布日期"] == dt.date(2025, 3, 2)
    assert values["发布机构"] == ["测试市人民政府"] and "成文日期" not in values  # not in the register: not made up


def test_a_mapping_file_with_mistakes_says_where(catalog, tmp_path):
    book = _register(tmp_path, "登记簿", ["流水号", "文件标题名"], [[1, "测试"]])
    mapping = tmp_path / "导入设置.yaml"
    mapping.write_text('表格:\n  - 表格: "Sheet1"\n    内容: 规范性文件\n    表头行: 2\n    列:\n      B: 名字\n', encoding="utf-8")
    plan = plan_import(book, checked(catalog).catalog, mapping=mapping, batch="reg", today=TODAY)
    assert plan.errors and "B 列的「名字」不是规范性文件的字段" in plan.errors[0].message


def test_a_value_the_whole_register_shares_is_stated_once_in_the_mapping(catalog, tmp_path):
    """A register of one government's own documents names the issuer in its title, not in a column."""
    book = _register(tmp_path, "测试市人民政府规范性文件目录", ["序号", "文件名称", "文号", "发布日期"],
                     [[1, "测试市某某管理办法", "测府规〔2025〕9号", "2025-03-02"]])
    base = checked(catalog).catalog
    refused = plan_import(book, base, batch="reg", today=TODAY)
    assert refused.rows_refused == 1 and any("发布机构" in p.hint for p in refused.errors)  # never filled in by the tool
    from openpyxl import load_workbook
    mapping = tmp_path / "导入设置.yaml"
    mapping.write_text(draft_mapping(load_workbook(book)).replace("    列:\n", "    固定值: {发布机构: 测试市人民政府}\n    列:\n"), encoding="utf-8")
    plan = plan_import(book, base, mapping=mapping, batch="reg", today=TODAY)
    assert not plan.errors, [str(p) for p in plan.problems]
    assert plan.changes[0].values["发布机构"] == (None, ["测试市人民政府"])
