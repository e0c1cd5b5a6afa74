"""Publication control: records that are not for release (依申请公开, 不予公开, a
future 发布日期, a year catalog not yet published) appear nowhere in the built
site. A unique marker planted in every text field, body and attachment of such
records must not occur in any byte of the output, compressed files included."""
import re
import shutil

import pytest
from conftest import FIXED_TODAY, MINIMAL
from leak_scan import build_and_scan, scan_rendered

from gongkai.pipeline import check, render

MARKER = "QX7ZK9"  # ASCII, so it survives in ids and file names too
CHINESE_MARKER = "蟒蛇玄鸟标记"


def planted(text: str) -> str:
    """Every free-text value on a `键: 值` line gets both markers."""
    def mark(match):
        key, value = match.group(1), match.group(2)
        if key in ("公开属性", "示例数据", "状态", "类别", "结论", "是否听证", "结果", "文号", "文件", "链接") or re.fullmatch(r"[\d\-\[\]{}, ]*", value):
            return match.group(0)
        return f"{key}: {value}{MARKER}{CHINESE_MARKER}"
    return re.sub(r"^(\s*(?:- )?[^\s:#{\[][^:\n{]*?): ([^{\[\n][^\n]*)$", mark, text, flags=re.M)


@pytest.fixture(scope="module")
def withheld_catalog(tmp_path_factory):
    catalog = tmp_path_factory.mktemp("release") / "catalog"
    shutil.copytree(MINIMAL, catalog)
    # 2021-03 is 不予公开 and fx-2022-01 is published in 2030 (both already in the fixture).
    for path in (catalog / "decisions/2021/2021-03.yaml", catalog / "documents/fx-2022-01.md"):
        path.write_text(planted(path.read_text(encoding="utf-8")) + f"\n{MARKER}{CHINESE_MARKER}\n" * (path.suffix == ".md"),
                        encoding="utf-8")
    # A 依申请公开 document with an attachment only it refers to.
    secret_file = catalog / "files" / "documents" / f"applied-{MARKER}.txt"
    secret_file.parent.mkdir(parents=True, exist_ok=True)
    secret_file.write_text(f"附件内容{CHINESE_MARKER}{MARKER}", encoding="utf-8")
    source = (catalog / "documents/fx-2019-01.md").read_text(encoding="utf-8")
    applied = (planted(source)
               .replace("公开属性: 主动公开", "公开属性: 依申请公开")
               .replace("文号: 测府规〔2019〕1号", "文号: 测府规〔2019〕7号")
               .replace("  - {状态: 已修改, 日期: 2021-07-01, 依据: fx-2021-02}\n", "")
               .replace("统一登记号: CSFG-2019-001" + MARKER + CHINESE_MARKER, "统一登记号: CSFG-2019-007")
               .replace("索引号: 000000000000000000/2019-00001" + MARKER + CHINESE_MARKER, "索引号: 000000000000000000/2019-00007")
               .replace("政策解读:", f"附件:\n  - {{名称: 附件{MARKER}, 文件: documents/applied-{MARKER}.txt}}\n政策解读:", 1))
    (catalog / "documents/fx-2019-07.md").write_text(applied + f"\n{CHINESE_MARKER}{MARKER}\n", encoding="utf-8")
    # A year whose catalog is 主动公开 but not yet dated: neither it nor its item is released.
    year = catalog / "hearings" / "2022"
    year.mkdir()
    (year / "catalog.yaml").write_text(f"年度: 2022\n制定机关: 测试市人民政府{MARKER}\n公开属性: 主动公开\n"
                                       "保密审查: {审查人: 测试市政府办公室, 日期: 2022-01-05, 结论: 同意公开}\n示例数据: 是\n", encoding="utf-8")
    item = (catalog / "hearings/2021/2021-01.yaml").read_text(encoding="utf-8")
    (year / "2022-01.yaml").write_text(planted(item), encoding="utf-8")
    result = check(catalog, today=FIXED_TODAY)
    assert result.ok, [str(p) for p in result.errors]
    return catalog


def test_withheld_records_leave_no_trace_in_any_byte_of_the_site(withheld_catalog, tmp_path):
    site = build_and_scan(withheld_catalog, tmp_path, (MARKER, CHINESE_MARKER), FIXED_TODAY.isoformat())
    assert (site / "sitemap.xml").is_file()
    assert (site / "data" / "all.xlsx").is_file() and (site / "feeds" / "all.xml").is_file()  # exports and feeds scanned too


def test_withheld_records_are_not_counted(withheld_catalog):
    result = check(withheld_catalog, today=FIXED_TODAY)
    pages = render(result.catalog, FIXED_TODAY).pages
    assert "共 2 件" in pages["documents/index.md"]  # fx-2019-01 and fx-2021-02; not fx-2019-07 or fx-2022-01
    assert not any(MARKER in text or CHINESE_MARKER in text for text in pages.values())
    assert not any(MARKER in path for path in pages)


def test_withheld_records_leave_no_trace_in_the_rendered_site(withheld_catalog):
    """In memory too: pages, exports, feeds, the records' data files and attachments."""
    result = check(withheld_catalog, today=FIXED_TODAY)
    assert not scan_rendered(render(result.catalog, FIXED_TODAY, result.problems), (MARKER, CHINESE_MARKER))
