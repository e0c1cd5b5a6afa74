"""Publishing: the site's files in memory for MkDocs, or written into a folder
by `render --out`; nothing of a withdrawn record stays in either."""
from conftest import FIXED_TODAY

from gongkai.pipeline import check, generate, site_files

ATTACHMENT = "files/documents/fx-2021-02/plan.txt"


def test_site_files_hold_pages_generated_files_and_checked_attachments(minimal_copy):
    result = check(minimal_copy)
    files = site_files(result.catalog, minimal_copy, FIXED_TODAY)
    assert files["decisions/2021-01.md"].startswith("---\ntitle:")
    assert isinstance(files["data/all.json"], bytes) and isinstance(files["feeds/all.xml"], bytes)
    assert files[ATTACHMENT] == (minimal_copy / ATTACHMENT).read_bytes()
    assert not any(path.startswith(("assets/", "guide/", "schema/")) for path in files)  # hand-written docs/


def test_withdrawn_record_is_published_nowhere(minimal_copy, tmp_path):
    out = tmp_path / "md"
    before = site_files(check(minimal_copy).catalog, minimal_copy, FIXED_TODAY)
    generate(check(minimal_copy).catalog, minimal_copy, out, FIXED_TODAY)
    page, source = "hearings/2021-01.md", "source/hearings/2021/2021-01.yaml.txt"
    assert page in before and source in before and (out / page).is_file()
    hearing = minimal_copy / "hearings" / "2021" / "2021-01.yaml"
    hearing.write_text(hearing.read_text(encoding="utf-8").replace("公开属性: 主动公开", "公开属性: 不予公开"), encoding="utf-8")
    after = site_files(check(minimal_copy).catalog, minimal_copy, FIXED_TODAY)
    assert set(before) - set(after) == {page, source}
    generate(check(minimal_copy).catalog, minimal_copy, out, FIXED_TODAY)  # the same folder again
    assert not (out / page).exists() and not (out / source).exists()
    assert {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()} == set(after)


def test_render_folder_keeps_what_the_site_does_not_occupy(minimal_copy, tmp_path):
    out = tmp_path / "md"
    (out / "assets").mkdir(parents=True)
    (out / "assets" / "hand-written.css").write_text("body{}", encoding="utf-8")
    result = check(minimal_copy)
    written = generate(result.catalog, minimal_copy, out, FIXED_TODAY)
    assert written == len(site_files(result.catalog, minimal_copy, FIXED_TODAY))
    assert (out / "assets" / "hand-written.css").read_text(encoding="utf-8") == "body{}"
    assert (out / "decisions" / "2021-01.md").read_text(encoding="utf-8").startswith("---\ntitle:")


def test_published_sources_are_marked_utf8(minimal_copy, tmp_path):
    docs = tmp_path / "docs"
    generate(check(minimal_copy).catalog, minimal_copy, docs, FIXED_TODAY)
    assert (docs / "source" / "documents" / "fx-2021-02.md.txt").read_bytes().startswith(b"\xef\xbb\xbf---")
