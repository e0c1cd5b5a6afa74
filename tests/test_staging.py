"""Output integrity: a build writes into a staging folder and replaces the site
only when everything succeeded; a build that fails midway, on a strict-mode
warning or on a catalog error leaves the last good site exactly as it was."""
import shutil

import pytest
from conftest import FIXED_TODAY, MINIMAL

from gongkai import mkdocs_project

BREAKER = '''
pages = 0


def on_post_page(output, page, config):
    global pages
    pages += 1
    if pages == 5:
        raise RuntimeError("simulated failure in the middle of the build")
    return output
'''


def snapshot(site):
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


@pytest.fixture
def built(tmp_path):
    catalog = tmp_path / "catalog"
    shutil.copytree(MINIMAL, catalog)
    project = tmp_path / "project"
    config = mkdocs_project.prepare(project)
    run = mkdocs_project.build(project, catalog, FIXED_TODAY.isoformat())
    assert run.returncode == 0, run.output
    return project, config, catalog, snapshot(project / "site")


def assert_untouched(project, before):
    assert snapshot(project / "site") == before
    leftovers = [p.name for p in project.iterdir() if p.name.startswith(".site.")]
    assert not leftovers, leftovers


def test_a_successful_build_replaces_the_site_whole(built):
    project, _, catalog, before = built
    (catalog / "documents" / "fx-2019-01.md").unlink()  # a withdrawn record: its page must go
    hearing = catalog / "decisions" / "2021" / "2021-01.yaml"
    hearing.write_text(hearing.read_text(encoding="utf-8").replace("依据文件: [fx-2019-01]\n", ""), encoding="utf-8")
    fx_2021_02 = catalog / "documents" / "fx-2021-02.md"
    fx_2021_02.write_text(fx_2021_02.read_text(encoding="utf-8").replace("  修改: [fx-2019-01]\n", "").replace("关系:\n", ""), encoding="utf-8")
    run = mkdocs_project.build(project, catalog, FIXED_TODAY.isoformat())
    assert run.returncode == 0, run.output
    after = snapshot(project / "site")
    assert "documents/fx-2019-01/index.html" in before and "documents/fx-2019-01/index.html" not in after
    assert_untouched(project, after)


def test_a_build_failing_midway_leaves_the_last_good_site(built):
    project, config, catalog, before = built
    (project / "breaker.py").write_text(BREAKER, encoding="utf-8")
    config.write_text(config.read_text(encoding="utf-8").replace("\nhooks:\n", "\nhooks:\n  - breaker.py\n"), encoding="utf-8")
    run = mkdocs_project.build(project, catalog, FIXED_TODAY.isoformat())
    assert run.returncode != 0 and "simulated failure" in run.output
    assert_untouched(project, before)


def test_a_strict_mode_warning_leaves_the_last_good_site(built):
    project, _, catalog, before = built
    (project / "docs" / "guide" / "broken.md").write_text("# 坏链接\n\n[不存在](nowhere.md)\n", encoding="utf-8")
    run = mkdocs_project.build(project, catalog, FIXED_TODAY.isoformat())
    assert run.returncode != 0 and "nowhere.md" in run.output
    assert_untouched(project, before)


def test_a_catalog_error_leaves_the_last_good_site(built):
    project, _, catalog, before = built
    path = catalog / "documents" / "fx-2021-02.md"
    path.write_text(path.read_text(encoding="utf-8").replace("发布日期: 2021-06-20", "发布日期: 2021-13-40"), encoding="utf-8")
    run = mkdocs_project.build(project, catalog, FIXED_TODAY.isoformat())
    assert run.returncode != 0 and "不是有效日期" in run.output
    assert_untouched(project, before)
