"""CI definitions are linted offline with real tools; the intranet deploy switches atomically."""
import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import PROJECT

BIN = Path(sys.executable).parent
WORKFLOWS = sorted((PROJECT / ".github" / "workflows").glob("*.yml"))


def run(*command, cwd=PROJECT):
    return subprocess.run([str(c) for c in command], capture_output=True, text=True, cwd=cwd, timeout=120)


def test_github_workflows_match_the_bundled_schema():
    completed = run(BIN / "check-jsonschema", "--builtin-schema", "vendor.github-workflows", *WORKFLOWS)
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_gitlab_ci_matches_the_bundled_schema():
    completed = run(BIN / "check-jsonschema", "--builtin-schema", "vendor.gitlab-ci", PROJECT / ".gitlab-ci.yml")
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_zizmor_finds_nothing_offline():
    completed = run(BIN / "zizmor", "--offline", PROJECT / ".github" / "workflows")
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_every_action_is_pinned_to_a_commit_sha():
    for workflow in WORKFLOWS:
        for line in workflow.read_text(encoding="utf-8").splitlines():
            if "uses:" in line:
                assert re.search(r"uses: [\w.-]+/[\w.-]+@[0-9a-f]{40}\b", line), f"{workflow.name}: {line.strip()}"


def test_pages_deploy_is_least_privilege_and_serialised():
    text = (PROJECT / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8")
    assert "permissions: {}" in text and "pages: write" in text and "id-token: write" in text
    assert "group: pages" in text and "cancel-in-progress: false" in text
    assert "upload-pages-artifact@" in text and "deploy-pages@" in text


def test_intranet_deploy_switches_atomically(tmp_path):
    script = PROJECT / "scripts" / "deploy_intranet.sh"
    target = tmp_path / "www" / "zwgk"
    target.parent.mkdir()
    releases = []
    for version in ("一", "二", "三", "四"):
        site = tmp_path / f"site-{version}"
        site.mkdir()
        (site / "index.html").write_text(f"第{version}版", encoding="utf-8")
        completed = run("bash", script, site, target)
        assert completed.returncode == 0, completed.stderr
        assert target.is_symlink() and (target / "index.html").read_text(encoding="utf-8") == f"第{version}版"
        releases.append(os.readlink(target))
    assert len(set(releases)) == 4
    kept = sorted(p.name for p in (tmp_path / "www" / "zwgk.releases").iterdir())
    assert len(kept) == 3 and not any(name.endswith(".partial") for name in kept)


def test_intranet_deploy_refuses_a_missing_build(tmp_path):
    completed = run("bash", PROJECT / "scripts" / "deploy_intranet.sh", tmp_path / "nothing", tmp_path / "www")
    assert completed.returncode == 1 and "make build" in completed.stderr
