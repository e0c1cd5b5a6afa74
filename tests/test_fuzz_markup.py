"""Fuzzing (hypothesis) Markdown bodies and YAML values built from the
characters that make markup: `check` always finishes, quickly and without an
exception; a body it does not refuse renders through the site's Markdown with
nothing for the sanitizer to remove, no script, handler or foreign address;
and a real strict MkDocs build agrees with `check` on generated catalogs."""
import random
import shutil
import tempfile
import time
from pathlib import Path

import yaml
from conftest import FIXED_TODAY, MINIMAL
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markup_support import dangers, image_sources, render, sanitizer_losses

from gongkai import mkdocs_project
from gongkai.bodytext import scan
from gongkai.excel.export import export_workbook
from gongkai.opendata.exports import export_files
from gongkai.pipeline import check, render as render_site
from gongkai.problems import Problem
from gongkai.view import build_view
from gongkai.yamlsource import parse_yaml

ATTACHMENT = "../files/documents/fx-2021-02/plan.txt"
# Pieces of Markdown that matter, and the characters they are made of.
TOKENS = [
    "javascript:", "JaVaScRiPt:", "data:", "vbscript:", "file:", "http://x.cn/p.png", "https://x.cn/", "//x.cn/",
    "mailto:a@b.cn", ATTACHMENT, "../documents/fx-2019-01.md", "#a", "&#106;", "&#x6A;", "&colon;", "&Tab;", "%3A",
    "<script>", "</script>", "<div markdown>", "<b onclick=x>", "<!--", "-->", "<https://x.cn/>", "<a@b.cn>", "<?", "<!x",
    "{: onclick=x }", "{#id}", "{.c}", "{: src=//x.cn/p.png }", "[x]", "](", "![", "]:", "[r]: ", "(<", ">)", '"t"',
    "`", "``", "\\`", "\\[", "\\", "# ", "## ", "!!! note\n    ", "- ", "1. ", "> ", "    ", "---\n", "===\n",
    "| a | b |\n| --- | --- |\n", "\n", "\n\n", "*", "**", "_", "文字", "第一条",
]
ALPHABET = "<>[]()!{}:&#;*_`\\|-=.\"' \n\tab1中文"
bodies = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(alphabet=ALPHABET, max_size=6)), max_size=60).map("".join)

FAST = settings(max_examples=300, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@FAST
@given(bodies)
def test_any_body_that_is_not_refused_renders_as_typed_text(text):
    started = time.perf_counter()
    result = scan(text)
    assert time.perf_counter() - started < 1
    if result.refused:
        return
    html = render(text)
    assert sanitizer_losses(html) == [], (text, html)
    assert dangers(html) == [], (text, html)
    assert all(source.startswith("../files/") for source in image_sources(html)), (text, html)
    # What MkDocs' link validation would see: only attachments are relative targets.
    local = {link.text for link in result.local_links}
    for address in _relative_addresses(html):
        assert address in local, (text, address, html)


def _relative_addresses(html: str) -> list[str]:
    import html as htmllib
    import re
    found = []
    for address in re.findall(r'\s(?:href|src)="([^"]*)"', html):
        address = htmllib.unescape(address)
        if not re.match(r"(?:https?://|mailto:|#)", address, re.I):
            found.append(address)
    return found


def _fresh_catalog() -> Path:
    root = Path(tempfile.mkdtemp(prefix="gk-fuzz-"))
    shutil.copytree(MINIMAL, root / "catalog")
    return root / "catalog"


def _append_body(catalog: Path, record: str, text: str) -> None:
    path = catalog / record
    path.write_text(path.read_text(encoding="utf-8") + "\n" + text + "\n", encoding="utf-8")


@SLOW
@given(bodies, bodies)
def test_check_finishes_and_what_it_passes_renders_safely(body, interpretation):
    catalog = _fresh_catalog()
    try:
        _append_body(catalog, "documents/fx-2021-02.md", body)
        started = time.perf_counter()
        result = check(catalog, display_root="catalog", today=FIXED_TODAY)
        assert time.perf_counter() - started < 20
        assert all(isinstance(p, Problem) and p.message and p.hint for p in result.problems)
        if result.ok:
            page = render_site(result.catalog, FIXED_TODAY, result.problems).pages["documents/fx-2021-02.md"]
            html = render(page)  # the page again through the Markdown of mkdocs.yml
            assert sanitizer_losses(html) == [] and dangers(html) == [], body
    finally:
        shutil.rmtree(catalog.parent)


# Scalars as a clerk or a paste could leave them: quotes, escapes, brackets,
# anchors, tags, control characters, invisible ones.
YAML_PIECES = ["[", "]", "{", "}", ": ", "- ", "? ", "&a ", "*a", "!!str ", "!x ", "'", '"', "\\0", "\\a", "\\e",
               "\\uffff", "\\ud800", "\x00", "\x07", "\x1b", "\x85", "\ufffe", "\u200b", "\u202e", "\t", "\n", "  ",
               "#", "|", ">", "标题", "a"]
yaml_texts = st.lists(st.sampled_from(YAML_PIECES), max_size=40).map("".join)


@FAST
@given(yaml_texts)
def test_any_yaml_text_is_data_or_errors_with_a_line(text):
    document, errors = parse_yaml(text, 3)
    assert document is not None or errors
    for error in errors:
        assert error.position is not None and error.position.line >= 4, (text, error)


# Text values with every kind of character, including those no value may hold.
values = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from(
    ["\x00", "\x07", "\x1b", "\x85", "\ufffe", "\uffff", "\u200b", "\u202e", "\ufeff", "\t", "\n"]), min_size=1, max_size=12)


@SLOW
@given(values, values)
def test_values_check_accepts_can_be_exported_to_xlsx(title, body):
    catalog = _fresh_catalog()
    try:
        path = catalog / "documents" / "fx-2021-02.md"
        text = path.read_text(encoding="utf-8")
        head, _, rest = text.partition("\n标题:")
        rest = rest.split("\n", 1)[1]
        path.write_text(f"{head}\n标题: {yaml.safe_dump(title, allow_unicode=True).split(chr(10) + '...')[0].strip()}\n{rest}",
                        encoding="utf-8")
        _append_body(catalog, "documents/fx-2022-01.md", body)
        result = check(catalog, display_root="catalog", today=FIXED_TODAY)
        assert all(isinstance(p, Problem) and p.message for p in result.problems)
        if result.ok:
            view = build_view(result.catalog, FIXED_TODAY)
            assert [e for e in export_files(view) if e.form == "xlsx"]
            export_workbook(result.catalog, catalog.parent / "register.xlsx", FIXED_TODAY)
    finally:
        shutil.rmtree(catalog.parent)


def _generated_bodies(count: int, seed: int) -> list[str]:
    chooser = random.Random(seed)
    return ["".join(chooser.choice(TOKENS) for _ in range(chooser.randint(5, 40))) for _ in range(count)]


RECORDS = ["documents/fx-2019-01.md", "documents/fx-2021-02.md", "documents/fx-2022-01.md", "reports/fzzf-2021.md"]


def test_strict_build_agrees_with_check_on_generated_bodies(tmp_path):
    """Whatever the strict build refuses, check has refused first; what check
    passes, the strict build (link validation, sanitizer warnings) accepts."""
    # Seed 0: a link to a file that is not this record's attachment, so not published with its page.
    refused = {"documents/fx-2021-02.md": "见[文件](../files/documents/fx-2019-01/secret.pdf)"}
    passed = 0
    for seed in (0, 1, 2, 3):
        catalog = tmp_path / f"catalog-{seed}"
        shutil.copytree(MINIMAL, catalog)
        bodies = refused if seed == 0 else dict(zip(RECORDS, _generated_bodies(len(RECORDS), seed)))
        for record, body in bodies.items():
            _append_body(catalog, record, body)
        result = check(catalog, display_root="catalog", today=FIXED_TODAY)
        project = tmp_path / f"project-{seed}"
        mkdocs_project.prepare(project)
        run = mkdocs_project.build(project, catalog, FIXED_TODAY.isoformat())
        assert (run.returncode == 0) == result.ok, (seed, [str(p) for p in result.errors], run.output[-2000:])
        passed += result.ok
    assert 0 < passed < 4
