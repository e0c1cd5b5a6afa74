"""Real MkDocs builds (strict mode) of the fixture and the demo catalog."""
import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXED_TODAY, MINIMAL, PROJECT

from gongkai import cli, mkdocs_project
from gongkai.pipeline import check
from gongkai.view import build_view


def public_record_pages(catalog: Path) -> set[str]:
    result = check(catalog)
    assert result.ok, [str(p) for p in result.problems]
    view = build_view(result.catalog, FIXED_TODAY)
    return {f"{r.kind.folder}/{r.id}/index.html" for r in view.records}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def fixture_project(tmp_path_factory):
    """The fixture built by MkDocs; its docs/ as it was before the build."""
    target = tmp_path_factory.mktemp("fixture")
    mkdocs_project.prepare(target)
    docs_before = snapshot(target / "docs")
    run = mkdocs_project.build(target, MINIMAL, FIXED_TODAY.isoformat())
    assert run.returncode == 0, run.output
    return target, docs_before, run


@pytest.fixture(scope="module")
def fixture_site(fixture_project):
    target, _, run = fixture_project
    return target / "site", run


def built_pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("index.html")}


def test_demo_strict_build_has_a_page_for_every_public_record(demo_site):
    site, run = demo_site
    expected = public_record_pages(PROJECT / "catalog")
    assert len(expected) >= 1 + 10 + 1 + 3 + 16 + 1  # catalogs, decisions, hearings, documents, report
    missing = expected - built_pages(site)
    assert not missing, f"records without a page: {sorted(missing)}"
    assert "WARNING" not in run.output


def test_fixture_build_count_in_equals_pages_out(fixture_site):
    site, _ = fixture_site
    expected = public_record_pages(MINIMAL)
    record_pages = {p for p in built_pages(site) if re.match(r"^(decisions|hearings|documents|reports)/[^/]+/index\.html$", p)}
    listings = {f"{folder}/{name}/index.html" for folder, name in (
        ("decisions", "by-unit"), ("decisions", "by-status"), ("documents", "by-issuer"), ("documents", "by-status"))}
    assert record_pages - listings == expected


def test_withheld_records_are_not_in_the_built_site(fixture_site):
    site, _ = fixture_site
    for path in site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert "内部事项不应出现".encode() not in data, path
            assert "未来发布的文件".encode() not in data, path


def test_pages_are_chinese_and_make_no_third_party_requests(demo_site):
    site, _ = demo_site
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert '<html lang="zh' in html, page
        # Links to other sites are fine; loading anything from them is not.
        for tag in re.findall(r'<(?:script|img|iframe|link|source|video|audio)\b[^>]*>', html):
            if re.search(r'(?:src|href)="(?:https?:)?//', tag):
                pytest.fail(f"{page} loads a resource from another host: {tag}")
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html


def test_every_page_names_the_atom_feed_and_the_feed_is_there(demo_site):
    site, _ = demo_site
    for page in list(site.rglob("index.html"))[:200]:
        html = page.read_text(encoding="utf-8")
        [href] = re.findall(r'<link rel="alternate feed" type="application/atom\+xml"[^>]*href="([^"]+)"', html)
        assert (page.parent / href).resolve() == (site / "feeds" / "all.xml").resolve(), page
    assert (site / "data" / "index.html").is_file() and (site / "data" / "all.json").is_file()


def test_headings_get_readable_ids(demo_site):
    site, _ = demo_site
    html = (site / "documents" / "index.html").read_text(encoding="utf-8")
    assert not re.search(r'<h2 id="_\d+"', html)
    assert re.search(r'<h2 id="\d{4}年', html)


def test_record_pages_stay_out_of_the_navigation(demo_site):
    site, _ = demo_site
    for page in (site / "index.html", site / "documents" / "lfg-2021-01" / "index.html"):
        html = page.read_text(encoding="utf-8")
        nav_targets = {href for href in re.findall(r'<a href="([^"#]*)"[^>]*class="md-nav__link', html) if href}
        # Only the top-level pages: home, six columns and the disclosure guide (the staff guide is not public navigation).
        assert len(nav_targets) == 8 and not any("guide" in target for target in nav_targets), nav_targets


def test_compliance_report_is_built_but_linked_only_when_configured(demo_site, fixture_site, tmp_path):
    site, _ = demo_site
    assert (site / "compliance" / "index.html").is_file()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="compliance/"' not in home
    catalog = tmp_path / "catalog"
    shutil.copytree(MINIMAL, catalog)
    settings = catalog / "site.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "合规报告列入导航: 是\n", encoding="utf-8")
    project = tmp_path / "project"
    mkdocs_project.prepare(project)
    run = mkdocs_project.build(project, catalog, FIXED_TODAY.isoformat())
    assert run.returncode == 0, run.output
    html = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="compliance/"[^>]*class="md-nav__link', html), "合规检查报告 missing from the navigation"


def test_editor_schemas_are_published(demo_site):
    site, _ = demo_site
    assert (site / "schema" / "documents.json").is_file() and (site / "schema" / "decisions.json").is_file()


def test_generated_pages_go_straight_into_the_build_not_into_docs(fixture_project):
    target, docs_before, _ = fixture_project
    assert snapshot(target / "docs") == docs_before
    assert (target / "site" / "decisions" / "2021-01" / "index.html").is_file()
    assert (target / "site" / "files" / "documents" / "fx-2021-02" / "plan.txt").is_file()


def test_files_left_where_generated_pages_go_stop_the_build(tmp_path):
    # An older version wrote pages into docs/; one of a since withdrawn record must not be built.
    project = tmp_path / "project"
    mkdocs_project.prepare(project)
    (project / "docs" / "documents").mkdir()
    (project / "docs" / "documents" / "withdrawn.md").write_text("# 已撤回的文件\n", encoding="utf-8")
    run = mkdocs_project.build(project, MINIMAL, FIXED_TODAY.isoformat())
    assert run.returncode != 0
    assert "docs/ 中有 1 个文件位于自动生成的页面所在的位置（documents），如 docs/documents/withdrawn.md" in run.output
    assert "Traceback" not in run.output and not (project / "site").exists()


def test_cli_build_checks_the_catalog_once_in_the_hook(minimal_copy, monkeypatch, capfd):
    def no_second_check(*args, **kwargs):
        raise AssertionError("the CLI checked the catalog before the build")

    monkeypatch.setattr(cli, "check", no_second_check)
    path = minimal_copy / "documents" / "fx-2021-02.md"
    path.write_text(path.read_text(encoding="utf-8").replace("发布日期: 2021-06-20", "发布日期: 2021-13-40"), encoding="utf-8")
    code = cli.main(["--catalog", str(minimal_copy), "--today", FIXED_TODAY.isoformat(), "build"])
    output = capfd.readouterr()
    assert code == cli.EXIT_CATALOG, output.err
    assert output.err.count('"2021-13-40" 不是有效日期') == 1 and "目录文件有错误，网站未构建" in output.err
    assert "Traceback" not in output.err + output.out


def test_staff_pages_are_not_in_the_public_search(demo_site):
    import gzip
    import json

    from gongkai.search.site import INDEX_DIR

    site, _ = demo_site
    urls = {json.loads(gzip.decompress(path.read_bytes()))["u"] for path in (site / INDEX_DIR / "docs").glob("*.json.gz")}
    assert "documents/lfg-2021-01/" in urls and "about/" in urls
    assert not [u for u in urls if u.startswith(("guide/", "compliance/", "about/fields/", "about/rules/"))]


def test_links_leaving_the_site_name_their_host(demo_site):
    site, _ = demo_site
    html = (site / "documents" / "lfg-2021-01" / "index.html").read_text(encoding="utf-8")
    assert '<small class="gk-external">（外部网站：www.lianjiang.example）</small>' in html


def test_the_sitemap_lists_every_page_without_a_site_address(demo_site):
    """The demo sets no 网站地址: the sitemap lists every page relative to the site root."""
    site, _ = demo_site
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    pages = len(list(site.rglob("index.html")))
    assert sitemap.count("<loc>") == pages > 50
    assert "<loc>documents/lfg-2021-01/</loc>" in sitemap and "<loc>./</loc>" in sitemap


def test_record_pages_say_where_the_reader_is(demo_site):
    site, _ = demo_site
    html = (site / "documents" / "lfg-2021-01" / "index.html").read_text(encoding="utf-8")
    crumb = html[html.index('class="gk-breadcrumb"'):]
    crumb = crumb[: crumb.index("</div>")]
    assert '首页</a> › <a href="../">行政规范性文件</a><span class="gk-crumb-here"> › ' in crumb and "廉江市城区停车设施建设和机动车停放管理办法" in crumb
