"""The package's declared dependencies are what its code needs: every third-party
module imported in scripts/ is a declared dependency of the part that imports it
(the pipeline and hook: runtime; tests and benchmarks: runtime or the test
extra), every declared dependency is pinned in the lock, and the deploy jobs
install the runtime part only."""
import ast
import importlib.metadata
import re
import sys
import tomllib

from conftest import PROJECT
from packaging.requirements import Requirement

PYPROJECT = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
LOCK = (PROJECT / "requirements.txt").read_text(encoding="utf-8")
# Loaded by name from mkdocs.yml, not imported: the theme and the Markdown extensions.
CONFIGURED = {"material", "pymdownx"}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared(*extras: str) -> set[str]:
    requirements = PYPROJECT["dependencies"] + [r for extra in extras for r in PYPROJECT["optional-dependencies"][extra]]
    return {canonical(Requirement(r).name) for r in requirements}


def third_party_modules(paths) -> set[str]:
    modules = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    local = {"gongkai", "conftest"} | {p.stem for p in (PROJECT / "tests").glob("*.py")}
    return {m for m in modules if m not in sys.stdlib_module_names and m not in local}


def distributions(modules: set[str]) -> dict[str, set[str]]:
    provided = importlib.metadata.packages_distributions()
    missing = sorted(m for m in modules if m not in provided)
    assert not missing, f"modules no installed distribution provides: {missing}"
    return {m: {canonical(d) for d in provided[m]} for m in modules}


def undeclared(modules: set[str], allowed: set[str]) -> list[str]:
    return sorted(f"{m} ({', '.join(sorted(d))})" for m, d in distributions(modules).items() if not d & allowed)


def test_the_pipeline_and_the_hook_import_only_runtime_dependencies():
    code = list((PROJECT / "scripts" / "gongkai").rglob("*.py")) + [PROJECT / "scripts" / "mkdocs_hooks.py"]
    assert not undeclared(third_party_modules(code) | CONFIGURED, declared())


def test_tests_and_benchmarks_import_only_declared_dependencies():
    code = list((PROJECT / "tests").glob("*.py")) + list((PROJECT / "scripts").glob("*.py"))
    assert not undeclared(third_party_modules(code), declared("test"))


def test_every_declared_dependency_is_pinned_in_the_lock():
    pinned = {canonical(line.split("==")[0]) for line in LOCK.splitlines() if "==" in line and not line.startswith("#")}
    assert declared("test", "lint") - pinned == set()
    assert re.search(r"^-e \.\[test,lint\]$", LOCK, re.M), "the lock installs the project itself"


def test_deploy_jobs_install_the_runtime_dependencies_only():
    makefile = (PROJECT / "Makefile").read_text(encoding="utf-8")
    runtime = makefile.split("$(RUNTIME_VENV)/.installed:", 1)[1].split("\n\n", 1)[0]
    assert "-c $(RUNTIME_VENV)/constraints.txt ." in runtime and "-r requirements.txt" not in runtime
    for workflow in (PROJECT / ".github" / "workflows" / "deploy.yml", PROJECT / ".gitlab-ci.yml"):
        text = workflow.read_text(encoding="utf-8")
        assert "make deploy-build" in text and "make build" not in text, workflow.name
