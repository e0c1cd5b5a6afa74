"""The pipeline's stages run in one direction: load → validate → cross-check →
compliance → view → render → publish. No module of a stage imports a module of
a later stage, and the shared modules (registry, models, domain types, text
helpers) import no stage after validation."""
import ast
from pathlib import Path

from conftest import PROJECT

PACKAGE = PROJECT / "scripts" / "gongkai"
STAGES = ["load", "validate", "crosscheck", "compliance", "view", "render", "publish"]
# Modules that belong to a stage without carrying its name.
MEMBERS = {
    "regularfile": "load", "yamlsource": "load",
    "records": "validate", "messages": "validate",
    "release": "crosscheck", "privacy": "crosscheck", "markupcheck": "crosscheck", "attachmentcheck": "crosscheck",
    "attachmenttypes": "crosscheck", "annual.checks": "crosscheck",
    "projection": "view",
    "opendata": "render", "search": "render", "annual.outputs": "render", "excel.export": "render",
    "staging": "publish", "sitemap": "publish", "pipeline": "publish", "cli": "publish", "__main__": "publish", "mkdocs_project": "publish", "htmlsafety": "render",
    "pagecache": "publish",
}


def module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE).with_suffix("")
    parts = [p for p in relative.parts if p != "__init__"]
    return ".".join(parts)


def stage_of(module: str):
    for prefix in sorted(MEMBERS, key=len, reverse=True):
        if module == prefix or module.startswith(prefix + "."):
            return STAGES.index(MEMBERS[prefix])
    head = module.split(".")[0]
    return STAGES.index(head) if head in STAGES else None


def imported_modules(path: Path, module: str):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module.split(".")[:-1] if path.name != "__init__.py" else module.split(".")
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
            target = ".".join(base + ([node.module] if node.module else []))
            names = [target] if node.module else [f"{target}.{alias.name}".lstrip(".") for alias in node.names]
            for name in names:
                yield name.lstrip("."), node.lineno
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("gongkai."):
            yield node.module.removeprefix("gongkai."), node.lineno


def test_no_stage_imports_a_later_stage():
    backwards = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = module_name(path)
        own = stage_of(module)
        for target, line in imported_modules(path, module):
            theirs = stage_of(target)
            if theirs is None:
                continue
            if own is None and theirs > STAGES.index("validate"):
                backwards.append(f"{module}:{line} (shared) imports {target} ({STAGES[theirs]})")
            elif own is not None and theirs > own:
                backwards.append(f"{module}:{line} ({STAGES[own]}) imports {target} ({STAGES[theirs]})")
    assert not backwards, "\n".join(backwards)


def test_the_classification_names_real_modules():
    modules = {module_name(path) for path in PACKAGE.rglob("*.py")}
    for prefix in MEMBERS:
        assert any(m == prefix or m.startswith(prefix + ".") for m in modules), prefix
