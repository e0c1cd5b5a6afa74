"""Import from Guangdong's 政府信息公开目录 platform: saved list JSON and document pages
become migrated records with what the platform showed and nothing else.
The samples and where their values come from: tests/fixtures/gkmlpt/SOURCES.md."""
import datetime as dt
import shutil
import subprocess

from conftest import FIXTURES, MINIMAL, PROJECT

from gongkai.gkmlpt.read import read_platform_file
from gongkai.pipeline import check, render
from gongkai.problems import Severity
from gongkai.render.markdown import fact_pairs

SAMPLES = FIXTURES / "gkmlpt"
TODAY = dt.date(2026, 11, 30)


def test_a_list_page_is_read_field_by_field():
    huizhou, provincial = read_platform_file(SAMPLES / "list-page.json")
    assert huizhou.title == "惠州市人民政府关于印发《惠州市行政机关规范性文件制定程序规定》的通知"  # 【已失效】 is a status, not a title
    assert (huizhou.doc_number, huizhou.index_number, huizhou.publisher) == ("惠府〔2017〕46号", "11441300007187648G/2017-00096", "惠州市人民政府办公室")
    assert (huizhou.written, huizhou.published, huizhou.validity) == (dt.date(2017, 4, 5), dt.date(2017, 4, 6), "失效")
    assert provincial.validity == "废止" and provincial.doc_number == "粤府令第93号"


def test_a_document_page_gives_the_full_text():
    [article] = read_platform_file(SAMPLES / "post_1957499.html")
    assert article.doc_number == "惠府〔2017〕46号" and article.validity == "失效"
    assert article.text is not None and "第一条　为维护法制统一" not in article.text  # full-width indents collapse
    assert "第一条 为维护法制统一" in article.text and article.text.count("\n\n") >= 5


def test_a_page_saved_as_text_is_read_by_its_labels():
    [article] = read_platform_file(SAMPLES / "post_138545-mirror.txt")
    assert article.index_number == "006939748/2004-00170" and article.doc_number == "粵府令第93号"
    assert article.written == dt.date(2004, 12, 23) and article.published == dt.date(2004, 12, 23)


def test_something_else_is_refused_with_the_reason(tmp_path):
    bogus = tmp_path / "page.html"
    bogus.write_text("<html><body>你好</body></html>", encoding="utf-8")
    from gongkai.gkmlpt.read import PlatformFileError
    try:
        read_platform_file(bogus)
    except PlatformFileError as error:
        assert "DETAIL" in str(error) and "索引号" in str(error)
    else:
        raise AssertionError("a page without the platform's data was accepted")


def _gongkai(*args, cwd):
    return subprocess.run([str(PROJECT / ".venv" / "bin" / "gongkai"), *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_platform_files_become_migrated_records(tmp_path):
    catalog = tmp_path / "catalog"
    shutil.copytree(MINIMAL, catalog)
    (catalog / "imports.yaml").write_text(
        "导入批次:\n  - 编号: gkml\n    原始出处: https://www.huizhou.gov.cn/gkmlpt/index\n    采集日期: 2026-11-20\n"
        "    保密审查: {审查人: 市政府办公室, 日期: 2026-11-21, 结论: 同意公开}\n", encoding="utf-8")
    files = [str(SAMPLES / name) for name in ("list-page.json", "post_1957499.html")]
    dry = _gongkai("--catalog", "catalog", "--today", TODAY.isoformat(), "import-gkmlpt", "--batch", "gkml", *files, cwd=tmp_path)
    assert dry.returncode == 0, dry.stderr
    # The list and the page name one document: one record. The 规章 (粤府令) is left out, with the reason.
    assert "将新增 1 条记录" in dry.stdout and "不能导入 1 行" in dry.stdout
    assert "粤府令第93号" in dry.stderr and "不是规范性文件的文号格式" in dry.stderr
    applied = _gongkai("--catalog", "catalog", "--today", TODAY.isoformat(), "import-gkmlpt", "--batch", "gkml", "--apply", *files, cwd=tmp_path)
    assert applied.returncode == 0, applied.stderr
    result = check(catalog, display_root="catalog", today=TODAY)
    assert result.ok, [str(p) for p in result.errors]
    [record] = [r for r in result.catalog.of(__import__("gongkai.kinds", fromlist=["DOCUMENT"]).DOCUMENT) if r.model.migrated]
    model = record.model
    assert model.registration is None and model.effective is None and model.legality_check is None  # never invented
    assert model.provenance.source.endswith("post_1957499.html") and model.validity_on(TODAY)[0].value == "已失效"
    mine = [p for p in result.problems if p.file.endswith(record.catalog_path)]
    assert mine and all(p.severity is Severity.INFO for p in mine), [str(p) for p in mine]
    page = render(result.catalog, TODAY).pages[f"documents/{record.id}.md"]
    assert "本条记录迁移自原有登记" in page and "原登记未记载：统一登记号" in page
    assert fact_pairs([("有效性", "**失效**")]) in page and "第一条 为维护法制统一" in page


def test_hostile_platform_files_are_refused_or_made_inert(tmp_path):
    from gongkai.gkmlpt.read import PlatformFileError

    deep = tmp_path / "deep.json"
    deep.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")  # nesting past any parser's stack
    try:
        read_platform_file(deep)
    except PlatformFileError as error:
        assert "deep.json" in str(error)
    else:
        raise AssertionError("a nested bomb was read")
    page = tmp_path / "post.html"
    page.write_text('<script>window._CONFIG = {DETAIL: {"title": "<img src=x onerror=alert(1)>规定", "document_number": "测府规〔2024〕1号",'
                    ' "content": "<p>正文<script>alert(1)</script></p><a href=\\"javascript:alert(1)\\">附件.pdf</a>"}, TREE: []};</script>',
                    encoding="utf-8")
    [article] = read_platform_file(page)
    assert "alert" not in (article.text or "") and article.attachments == []  # scripts and javascript: links dropped
    assert article.title.startswith("<img")  # kept as text: the model and the pages escape it like any value
