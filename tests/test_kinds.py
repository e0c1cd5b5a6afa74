"""The kind registry is the one place per-kind facts live: walk it and fail when
a consumer does not cover every kind (a kind that validates but is never
published, has no sheet, no page, no feed, no `new` command, no schema)."""
import pytest
from conftest import FIXED_TODAY, PROJECT

from gongkai.excel.columns import SHEETS
from gongkai.kinds import ALL_KINDS, ITEM_KINDS, REGISTER_KINDS, YEAR_CATALOGS, items_of
from gongkai.opendata.feeds import feed_path
from gongkai.paths import record_page
from gongkai.pipeline import check, render
from gongkai.render import RENDERERS
from gongkai.render.search_page import SEARCH_LABELLED
from gongkai.skeleton import KINDS as NEW_COMMANDS
from gongkai.view import build_view

DEMO = PROJECT / "catalog"


@pytest.fixture(scope="module")
def demo():
    result = check(DEMO, today=FIXED_TODAY)
    assert result.ok, [str(p) for p in result.errors]
    return result.catalog, build_view(result.catalog, FIXED_TODAY), render(result.catalog, FIXED_TODAY)


@pytest.mark.parametrize("kind", ALL_KINDS, ids=lambda kind: kind.key)
def test_every_kind_loads_validates_and_reaches_the_public(kind, demo):
    catalog, view, site = demo
    records = catalog.of(kind)
    assert records, f"the demo catalog has no {kind.label}: the walk would prove nothing"
    for record in records:
        assert record.catalog_path == kind.catalog_path(record.id)  # loader and `new` agree on the file
    public = view.of(kind)
    assert public, f"no {kind.label} is public in the view"
    for record in public:
        assert record_page(record) in site.pages, f"{kind.label} {record.id} has no page"
    assert feed_path(kind) in site.files


def test_each_kind_is_rendered_by_exactly_one_renderer():
    rendered = [kind for kinds, _ in RENDERERS for kind in kinds]
    assert sorted(k.key for k in rendered) == sorted(k.key for k in ALL_KINDS)


def test_register_sheets_cover_the_kinds_that_have_one():
    assert set(REGISTER_KINDS) == {kind for kind in ALL_KINDS if kind.sheet}
    assert len(REGISTER_KINDS) == len(set(REGISTER_KINDS))
    assert SHEETS == {kind: kind.sheet for kind in REGISTER_KINDS}
    assert len(set(SHEETS.values())) == len(SHEETS)


def test_every_kind_has_a_new_command_and_an_editor_schema():
    assert set(NEW_COMMANDS.values()) == set(ALL_KINDS)
    for kind in ALL_KINDS:
        assert (PROJECT / "docs" / "schema" / f"{kind.key}.json").is_file(), kind.key


def test_search_labels_name_real_fields():
    for kind in SEARCH_LABELLED:
        assert kind.search_unit in kind.model.model_fields, kind.key
    unlabelled = {kind.key for kind in ALL_KINDS if kind not in SEARCH_LABELLED}
    assert unlabelled == {"annual"}  # its pages hold tables, found as 栏目页面


def test_items_and_year_catalogs_pair_both_ways():
    assert {kind.year_catalog for kind in ITEM_KINDS} == set(YEAR_CATALOGS)
    for catalog_kind in YEAR_CATALOGS:
        item_kind = items_of(catalog_kind)
        assert item_kind.year_catalog is catalog_kind and item_kind.folder == catalog_kind.folder
        assert item_kind.yearly and catalog_kind.yearly


def test_home_sections_are_on_the_home_page(demo):
    _, _, site = demo
    for kind in ALL_KINDS:
        if kind.home:
            assert f"**[{kind.home.title}]({kind.folder}/index.md)**" in site.pages["index.md"], kind.key
