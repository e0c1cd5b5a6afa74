"""Materials kept on the site: a hearing's files, each shown at its step (公告, 参加人名单, 听证材料,
笔录和报告), linked files marked as leaving the site, and the record and report kept back
until the hearing has been held (国务院令第713号第十七条、第十八条)."""
import datetime as dt

from conftest import FIXED_TODAY

from gongkai.pipeline import check, render

HEARING = "hearings/2021/2021-01.yaml"
FILES = {"公告.txt": "听证公告", "名单.txt": "参加人名单", "材料.txt": "听证材料", "报告.txt": "听证报告", "其他.txt": None}


def with_materials(catalog):
    folder = catalog / "files" / "hearings" / "2021-01"
    folder.mkdir(parents=True)
    lines = ["文件:"]
    for name, role in FILES.items():
        (folder / name).write_text(f"{name}（测试）\n", encoding="utf-8")
        kind = f", 类型: {role}" if role else ""
        lines.append(f"  - {{名称: {name[:-4]}文件{kind}, 文件: hearings/2021-01/{name}}}")
    lines.append("  - {名称: 外网笔录, 类型: 听证笔录, 链接: 'https://hearing.example/record'}")
    path = catalog / HEARING
    path.write_text(path.read_text(encoding="utf-8") + "\n".join(lines) + "\n", encoding="utf-8")
    return catalog


def rows(page: str) -> dict[str, str]:
    return {line.split(" | ")[0][2:]: line for line in page.splitlines() if line.startswith("| ")}


def test_each_file_is_shown_at_its_step_and_published_on_the_site(minimal_copy):
    result = check(with_materials(minimal_copy))
    assert result.ok, [str(p) for p in result.problems]
    site = render(result.catalog, FIXED_TODAY)
    page = rows(site.pages["hearings/2021-01.md"])
    assert "公告文件" in page["听证公告"]
    assert "2021-04-10 公布" in page["参加人名单"] and "名单文件" in page["参加人名单"]
    assert "2021-04-12 送达参加人" in page["听证材料"] and "材料文件" in page["听证材料"]
    report = page["听证笔录和报告"]
    assert "报告文件" in report and "外网笔录" in report and "外部网站：hearing.example" in report
    assert "其他文件" in page["相关文件"] and "公告文件" not in page["相关文件"]
    assert "files/hearings/2021-01/报告.txt" in site.copies  # kept on this site, not only linked
    assert "（TXT，" in page["听证公告"]


def test_the_record_and_report_wait_for_the_hearing(minimal_copy):
    result = check(with_materials(minimal_copy), today=dt.date(2021, 4, 15))
    site = render(result.catalog, dt.date(2021, 4, 15))  # noticed, not yet held
    page = site.pages["hearings/2021-01.md"]
    assert "公告文件" in page and "材料文件" in page
    assert "报告文件" not in page and "外网笔录" not in page
    assert "files/hearings/2021-01/报告.txt" not in site.copies


def test_an_interpretation_kept_as_a_file_gets_a_page_on_the_site(minimal_copy):
    folder = minimal_copy / "files" / "documents" / "fx-2019-01"
    folder.mkdir(parents=True)
    (folder / "图解.txt").write_text("一图读懂停车管理办法（测试）\n", encoding="utf-8")
    path = minimal_copy / "documents" / "fx-2019-01.md"
    text = path.read_text(encoding="utf-8")
    entry = "  - {名称: 一图读懂停车管理办法, 日期: 2019-03-06, 附件: [{名称: 一图读懂, 文件: documents/fx-2019-01/图解.txt}]}\n"
    path.write_text(text.replace("政策解读:\n", "政策解读:\n" + entry, 1), encoding="utf-8")
    result = check(minimal_copy)
    assert result.ok, [str(p) for p in result.problems]
    site = render(result.catalog, FIXED_TODAY)
    page = next(content for name, content in site.pages.items()
                if name.startswith("interpretations/fx-2019-01-") and "一图读懂停车管理办法" in content)
    assert "## 解读文件" in page and "一图读懂" in page and "（TXT，" in page
    assert "files/documents/fx-2019-01/图解.txt" in site.copies


# --- hostile files in the new places: the same attachment checks as everywhere else -------------

def _hearing_file(catalog, name: str, role: str) -> None:
    path = catalog / HEARING
    entry = f"文件:\n  - {{名称: 材料, 类型: {role}, 文件: hearings/2021-01/{name}}}\n"
    path.write_text(path.read_text(encoding="utf-8") + entry, encoding="utf-8")


def test_a_hearing_file_that_is_a_link_is_refused(minimal_copy, tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("内部材料\n", encoding="utf-8")
    folder = minimal_copy / "files" / "hearings" / "2021-01"
    folder.mkdir(parents=True)
    (folder / "材料.txt").symlink_to(outside)
    _hearing_file(minimal_copy, "材料.txt", "听证材料")
    result = check(minimal_copy)
    assert not result.ok
    assert any("材料.txt" in str(p) and "链接" in str(p) for p in result.errors), [str(p) for p in result.errors]


def test_a_personal_number_in_a_hearing_list_or_an_interpretation_file_is_refused(minimal_copy):
    """A participant list with an ID number written full-width and split by spaces."""
    folder = minimal_copy / "files" / "hearings" / "2021-01"
    folder.mkdir(parents=True)
    (folder / "名单.txt").write_text("参加人：张三，身份证 １１０１０５ １９４９１２３１ ００２Ｘ\n", encoding="utf-8")
    _hearing_file(minimal_copy, "名单.txt", "参加人名单")
    docs = minimal_copy / "files" / "documents" / "fx-2019-01"
    docs.mkdir(parents=True)
    (docs / "图解.txt").write_text("咨询电话 13800138000 王某\n", encoding="utf-8")
    path = minimal_copy / "documents" / "fx-2019-01.md"
    entry = "  - {名称: 图解, 附件: [{名称: 图解, 文件: documents/fx-2019-01/图解.txt}]}\n"
    path.write_text(path.read_text(encoding="utf-8").replace("政策解读:\n", "政策解读:\n" + entry, 1), encoding="utf-8")
    result = check(minimal_copy)
    refused = [str(p) for p in result.errors]
    assert any("名单.txt" in p and "身份证号" in p for p in refused), refused
    assert any("图解.txt" in p and "手机号" in p for p in refused), refused
    assert not any("110105" in p or "13800138000" in p for p in refused)  # the numbers are never printed
