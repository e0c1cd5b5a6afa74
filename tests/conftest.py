import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
FIXTURES = PROJECT / "tests" / "fixtures"
MINIMAL = FIXTURES / "minimal"
# Golden pages and fixtures are rendered as of a fixed day so they never drift.
FIXED_TODAY = dt.date(2026, 11, 30)


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from the current renderer")


@pytest.fixture
def update_golden(request):
    return request.config.getoption("--update-golden")


@pytest.fixture
def demo_copy(tmp_path):
    """A writable copy of the project's demo catalog, at tmp/catalog."""
    target = tmp_path / "catalog"
    shutil.copytree(PROJECT / "catalog", target)
    return target


@pytest.fixture
def minimal_copy(tmp_path):
    """A writable copy of the minimal fixture catalog, at tmp/catalog."""
    target = tmp_path / "catalog"
    shutil.copytree(MINIMAL, target)
    return target


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory):
    """The demo catalog built by real MkDocs (strict), as of FIXED_TODAY."""
    from gongkai import mkdocs_project

    target = tmp_path_factory.mktemp("demo-site")
    mkdocs_project.prepare(target)
    run = mkdocs_project.build(target, PROJECT / "catalog", FIXED_TODAY.isoformat())
    assert run.returncode == 0, run.output
    return target / "site", run


@pytest.fixture(scope="session")
def demo_url(demo_site):
    from gongkai.browser_support import serve

    with serve(demo_site[0]) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    from gongkai.browser_support import CHROMIUM_ARGS, chromium_path
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, demo_url):
    """A fresh page on the demo site; fails the test on any foreign request or console error."""
    from gongkai.browser_support import watched_page

    with watched_page(browser, demo_url, 1280, 900) as opened:
        yield opened


def drop_interpretations(path) -> None:
    """Remove a fixture document's whole 政策解读 block (it ends where 附件 begins)."""
    text = path.read_text(encoding="utf-8")
    trimmed = re.sub(r"政策解读:\n.*?(?=附件:|状态历史:)", "", text, count=1, flags=re.S)
    assert trimmed != text, path
    path.write_text(trimmed, encoding="utf-8")
