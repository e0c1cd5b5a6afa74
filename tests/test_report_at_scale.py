"""The check's report stays readable at scale: a rule that finds many is summarised (its first
few, then a count and where to see them all); errors are always listed; --all lists everything."""
import subprocess
import sys

from gongkai.problems import SHOWN_OF_MANY, SUMMARISED_FROM, Problem, Severity, format_report


def findings(rule: str, count: int, severity=Severity.INFO) -> list[Problem]:
    return [Problem(f"catalog/documents/d-{n:05d}.md", "上次清理已超过 2 年", "请处理", line=2, column=1,
                    severity=severity, rule=rule) for n in range(count)]


def test_a_rule_that_finds_many_is_summarised_and_errors_never_are():
    problems = (findings("GF-CLEANUP-DUE", 6000) + findings("GF-FEW", SUMMARISED_FROM, Severity.WARNING)
                + findings(None, 40, Severity.ERROR))
    report = format_report(problems, complete=False).splitlines()
    assert sum("[GF-CLEANUP-DUE]" in line and line.startswith("catalog/") for line in report) == SHOWN_OF_MANY
    assert any(line.startswith("……[GF-CLEANUP-DUE] 共 6000 条") and "check --all" in line for line in report)
    assert sum("[GF-FEW]" in line for line in report) == SUMMARISED_FROM  # not more than the limit: all listed
    assert sum("d-" in line and "[" not in line for line in report) == 40  # every error
    assert report[-1] == "共发现 40 个错误、10 个警告、6000 条提示。"
    assert len(report) < 70


def test_complete_lists_everything():
    report = format_report(findings("GF-CLEANUP-DUE", 500), complete=True).splitlines()
    assert len(report) == 501


def test_check_summarises_by_default_and_lists_all_with_a_flag(tmp_path):
    from gongkai.synthetic import TODAY, generate_catalog

    catalog = tmp_path / "catalog"
    generate_catalog(catalog, 300)
    base = [sys.executable, "-m", "gongkai", "--catalog", str(catalog), "--today", TODAY.isoformat(), "check"]
    short = subprocess.run(base, capture_output=True, text=True)
    full = subprocess.run(base + ["--all"], capture_output=True, text=True)
    assert short.returncode == full.returncode
    assert short.stderr.splitlines()[-1] == full.stderr.splitlines()[-1]  # the same totals
    # 300 synthetic records: some rules find many (GF-INTERPRETATION finds over a hundred).
    assert "……[GF-INTERPRETATION] 共" in short.stderr and "……[" not in full.stderr
    assert len(short.stderr.splitlines()) * 5 < len(full.stderr.splitlines())
