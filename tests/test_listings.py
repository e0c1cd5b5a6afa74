"""Listings at scale: every public record is reachable, no listing page grows with the catalog."""
import posixpath
import re
from collections import defaultdict

import pytest

from gongkai.kinds import DECISION, DOCUMENT
from gongkai.pipeline import check, render
from gongkai.render.listing import GROUP_PAGE_SIZE, PREVIEW_SIZE
from gongkai.render.parts import record_page

from gongkai.synthetic import TODAY, generate_catalog

LINK = re.compile(r"\]\(([^)<>]+\.md)\)")


@pytest.fixture(scope="module")
def large_site(tmp_path_factory):
    catalog = tmp_path_factory.mktemp("large") / "catalog"
    generate_catalog(catalog, 1200)
    result = check(catalog)
    assert result.ok, [str(p) for p in result.problems[:5]]
    return result.catalog, render(result.catalog, TODAY)


def listing_paths(pages) -> list[str]:
    return [p for p in pages if p.endswith(".md") and ("/index.md" in p or "/by-" in p)]


def test_no_listing_page_lists_more_than_a_page_of_records(large_site):
    _, site = large_site
    for path in listing_paths(site.pages):
        entries = site.pages[path].count("\n- ")
        groups = site.pages[path].count("\n## ")
        assert entries <= max(GROUP_PAGE_SIZE, groups * GROUP_PAGE_SIZE), path
        if "/by-" in path and path.count("/") >= 2:  # a group's own page (or its page of one year)
            assert entries <= GROUP_PAGE_SIZE, path


def test_every_document_and_decision_is_reachable_from_its_listings(large_site):
    catalog, site = large_site
    linked = set()
    for path in listing_paths(site.pages):
        folder = posixpath.dirname(path)
        linked.update(posixpath.normpath(posixpath.join(folder, target)) for target in LINK.findall(site.pages[path]))
    for kind in (DOCUMENT, DECISION):
        for record in catalog.of(kind):
            assert record_page(record) in linked, record.id


def test_large_groups_are_split_into_numbered_pages(large_site):
    _, site = large_site
    group_pages = [p for p in site.pages if re.match(r"^documents/by-year/\d{4}(-\d+)?\.md$", p)]
    assert group_pages, "a year with more than a page of documents should get its own pages"
    first = site.pages[next(p for p in group_pages if re.search(r"/\d{4}\.md$", p))]
    assert "第 1 页" in first and "下一页" in first
    overview = site.pages["documents/index.md"]
    assert "查看全部" in overview
    assert overview.count("\n- ") <= PREVIEW_SIZE * overview.count("\n## ") + GROUP_PAGE_SIZE * overview.count("\n## ")



def _listed(path: str, text: str) -> list[str]:
    """The record pages a listing page's items link to."""
    return [posixpath.normpath(posixpath.join(posixpath.dirname(path), found.group(1)))
            for found in re.finditer(r"^- \[[^\]]*\]\(([^)<>]+\.md)\)", text, re.MULTILINE)]


def test_large_groups_of_other_axes_are_split_by_year(large_site):
    _, site = large_site
    overview = site.pages["documents/by-status.md"]
    of_year = defaultdict(set)  # the by-year listing's own pages: year -> the documents it lists
    for path, text in site.pages.items():
        if (found := re.match(r"^documents/by-year/(\d{4})(-\d+)?\.md$", path)):
            of_year[int(found.group(1))].update(_listed(path, text))
    split = 0
    for label, total, years in re.findall(r"\n## (.+?)（(\d+)）\n(?:(?!\n## )[\s\S])*?按年度查看全部 \d+ 项：(.*)", overview):
        slug = re.search(r"by-status/(g[0-9a-f]{10})/", years).group(1)
        listed: list[str] = []
        for year, count in re.findall(r"\[(\d{4})年（(\d+)）\]", years):
            pages = sorted(p for p in site.pages if re.match(rf"^documents/by-status/{slug}/{year}(-\d+)?\.md$", p))
            assert pages, (label, year)
            on_pages = [record for p in pages for record in _listed(p, site.pages[p])]
            assert len(on_pages) == int(count), (label, year)
            assert f"**{year}年**" in site.pages[pages[0]], "the year switcher marks the page's own year"
            if of_year.get(int(year)):
                assert set(on_pages) <= of_year[int(year)], (label, year)  # the same year the by-year listing gives
            listed += on_pages
        assert len(listed) == len(set(listed)) == int(total), label  # each record of the group once
        split += 1
    assert split, "a status with more than a page of documents should get its pages by year"
