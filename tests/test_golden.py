"""Golden files: the Markdown rendered for each record kind, compared byte for byte.

After an intended change run `make golden` (pytest --update-golden) and review
the diff of tests/golden/ like any other change.
"""

from conftest import FIXED_TODAY, MINIMAL, PROJECT

from gongkai.pipeline import check, render

GOLDEN = PROJECT / "tests" / "golden"


def rendered_pages():
    result = check(MINIMAL, display_root="catalog")
    assert result.ok, [str(p) for p in result.problems]
    return render(result.catalog, FIXED_TODAY).pages


def test_rendered_pages_match_golden(update_golden):
    pages = rendered_pages()
    if update_golden:
        for old in GOLDEN.rglob("*"):
            if old.is_file():
                old.unlink()
        for path, text in pages.items():
            target = GOLDEN / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    expected = {p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8") for p in GOLDEN.rglob("*") if p.is_file()}
    assert sorted(pages) == sorted(expected), "pages added or removed: run `make golden` and review"
    for path, text in pages.items():
        assert text == expected[path], f"{path} differs from tests/golden/{path}: run `make golden` and review the diff"


def test_golden_covers_every_record_kind():
    pages = rendered_pages()
    for path in ("decisions/2021.md", "decisions/2021-01.md", "hearings/2021.md", "hearings/2021-01.md",
                 "documents/fx-2021-02.md", "reports/fzzf-2021.md", "index.md", "about.md"):
        assert path in pages
