"""The way out of MkDocs: the Markdown written by `render --out`, with the
project's hand-written docs, builds with a second builder (Zensical, which runs
no hooks) into the same key pages. Material for MkDocs reaches its end of life
in 2027; this keeps the exit real."""
import re
import subprocess
import sys

import pytest
from conftest import FIXED_TODAY, PROJECT

from gongkai import mkdocs_project
from gongkai.kinds import ALL_KINDS
from gongkai.paths import record_title
from gongkai.pipeline import check
from gongkai.view import build_view


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory):
    target = tmp_path_factory.mktemp("zensical")
    config = mkdocs_project.prepare(target, with_hook=False)  # docs/ as in the project, no hook
    rendered = subprocess.run(
        [sys.executable, "-m", "gongkai", "--catalog", str(PROJECT / "catalog"), "--today", FIXED_TODAY.isoformat(),
         "render", "--out", str(target / "docs")], capture_output=True, text=True, timeout=300)
    assert rendered.returncode == 0, rendered.stderr
    built = subprocess.run([sys.executable, "-m", "zensical", "build", "--strict", "--config-file", str(config)],
                           cwd=target, capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stdout + built.stderr
    return target / "site"


def heading(html: str) -> str:
    [h1] = re.findall(r"<h1[^>]*>(.*?)<", html, re.S)
    return h1.strip()


def same_heading(page: str, zensical_site, demo_site) -> str:
    """The page's heading, the same in the Zensical and the MkDocs build."""
    ours = heading((zensical_site / page).read_text(encoding="utf-8"))
    assert ours == heading((demo_site[0] / page).read_text(encoding="utf-8")), page
    return ours


def test_home_page_is_built(zensical_site, demo_site):
    assert same_heading("index.html", zensical_site, demo_site) == "廉江市人民政府政务公开"
    assert 'href="documents/"' in (zensical_site / "index.html").read_text(encoding="utf-8")


def test_a_record_page_of_every_kind_is_built_from_our_markdown(zensical_site, demo_site):
    result = check(PROJECT / "catalog")
    assert result.ok
    view = build_view(result.catalog, FIXED_TODAY)
    first = {}
    for record in view.records:
        first.setdefault(record.kind, record)
    assert set(first) == set(ALL_KINDS), sorted(kind.key for kind in first)  # every kind of record has a public page
    for kind, record in first.items():
        page = f"{kind.folder}/{record.id}/index.html"
        assert (zensical_site / page).is_file(), f"{kind.key}: {page} missing"
        assert record_title(record) in same_heading(page, zensical_site, demo_site), kind.key


def test_published_files_are_in_the_site(zensical_site):
    assert (zensical_site / "data" / "all.json").is_file() and (zensical_site / "feeds" / "all.xml").is_file()
    assert (zensical_site / "schema" / "documents.json").is_file()  # hand-written docs/
    assert any((zensical_site / "files").rglob("*.pdf"))
