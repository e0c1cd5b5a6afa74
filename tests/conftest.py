import datetime as dt
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
def minimal_copy(tmp_path):
    """A writable copy of the minimal fixture catalog, at tmp/catalog."""
    target = tmp_path / "catalog"
    shutil.copytree(MINIMAL, target)
    return target
