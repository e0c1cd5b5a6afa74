"""Every folder in tests/invalid/ is a mistake a clerk could make, applied to
the minimal fixture catalog, with the exact report it must produce.

Layout of a case: overlay/ (files copied over the catalog), optional
delete.txt (paths removed), expected.txt (the report, one problem a line).
`pytest --update-golden` rewrites expected.txt files; review them.
"""
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXED_TODAY, MINIMAL, PROJECT

from gongkai.pipeline import check
from gongkai.problems import format_report

CASES = sorted(p for p in (PROJECT / "tests" / "invalid").iterdir() if p.is_dir())
HAN = re.compile(r"[\u4e00-\u9fff]")


def build_case(case: Path, target: Path) -> Path:
    catalog = target / "catalog"
    shutil.copytree(MINIMAL, catalog)
    delete = case / "delete.txt"
    if delete.exists():
        for line in delete.read_text(encoding="utf-8").split():
            (catalog / line).unlink()
    overlay = case / "overlay"
    if overlay.exists():
        shutil.copytree(overlay, catalog, dirs_exist_ok=True)
    return catalog


def test_there_are_many_cases():
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_invalid_case_reports_expected_problems(case, tmp_path, update_golden):
    catalog = build_case(case, tmp_path)
    result = check(catalog, display_root="catalog", today=FIXED_TODAY)
    report = format_report(result.problems) + "\n"
    expected_file = case / "expected.txt"
    if update_golden:
        expected_file.write_text(report, encoding="utf-8")
    assert not result.ok, "an invalid input must fail the check"
    for problem in result.errors:
        assert problem.file.startswith("catalog"), problem
        assert HAN.search(problem.message) and HAN.search(problem.hint), f"message and hint must be Chinese: {problem}"
    assert report == expected_file.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_invalid_case_cli_exits_1_without_traceback(case, tmp_path):
    catalog = build_case(case, tmp_path)
    completed = subprocess.run(
        [sys.executable, "-m", "gongkai", "--catalog", str(catalog), "--today", FIXED_TODAY.isoformat(), "check"],
        capture_output=True, text=True, cwd=tmp_path, timeout=60,
    )
    assert completed.returncode == 1, completed.stderr
    assert "Traceback" not in completed.stderr + completed.stdout
    first_line = [line for line in completed.stderr.splitlines() if not line.endswith("：")][0]  # after a level heading
    assert re.match(r"^catalog/\S+( |:)", first_line), first_line
