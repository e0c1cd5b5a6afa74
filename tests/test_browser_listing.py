"""A column's listing as the public uses it, in Chromium: combined filters without a query,
the filter state in the page address, paging, sorting by date, status badges with their
words, 下载本列表 (XLSX and CSV) of exactly the rows shown, and without JavaScript a plain
paged listing. The site is a synthetic catalog large enough to page (and the demo for the
walk from the home page); expected rows are computed from the column's data file."""
import csv
import io
import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from openpyxl import load_workbook

from gongkai import mkdocs_project
from gongkai.excel.cells import csv_text, xlsx_text
from gongkai.synthetic import TODAY, generate_catalog

PAGE_SIZE = 20  # listing.js


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory):
    from gongkai.browser_support import serve

    root = tmp_path_factory.mktemp("paged")
    generate_catalog(root / "catalog", 150)
    mkdocs_project.prepare(root / "project")
    run = mkdocs_project.build(root / "project", root / "catalog", TODAY.isoformat())
    assert run.returncode == 0, run.output
    site = root / "project" / "site"
    with serve(site) as base:
        yield base, site


@pytest.fixture
def desk(browser, paged_site):
    from gongkai.browser_support import watched_page

    with watched_page(browser, paged_site[0], 1280, 900) as page:
        yield page


def rows_of(site, kind: str) -> tuple[list[str], list[dict]]:
    data = json.loads((site / "lists" / f"{kind}.json").read_text(encoding="utf-8"))
    return [c["heading"] for c in data["columns"]], data["rows"]


def cell_text(value) -> str:
    return "、".join(value) if isinstance(value, list) else (value or "")


def shown_titles(page) -> list[str]:
    return page.locator(".gk-list-title").all_inner_texts()


def test_combined_filters_work_without_a_query_and_live_in_the_address(desk, paged_site):
    base, site = paged_site
    headings, rows = rows_of(site, "documents")
    year, status = headings.index("年度"), headings.index("有效性")
    desk.goto(base + "documents/")
    desk.wait_for_selector(".gk-list-row")
    assert desk.locator(".gk-list-static").is_hidden()  # the script's listing replaces the plain one
    assert f"共 {len(rows)} 项" in desk.locator(".gk-list-status").inner_text()
    # The most common year and, within it, the most common status: two filters combined.
    years = [r["c"][year] for r in rows]
    chosen_year = max(set(years), key=years.count)
    in_year = [r for r in rows if r["c"][year] == chosen_year]
    statuses = [r["c"][status] for r in in_year]
    chosen_status = max(set(statuses), key=statuses.count)
    expected = [r for r in in_year if r["c"][status] == chosen_status]
    desk.select_option("select[name=year]", chosen_year)
    desk.select_option("select[name=status]", chosen_status)
    assert f"共 {len(expected)} 项" in desk.locator(".gk-list-status").inner_text()
    assert shown_titles(desk) == [r["c"][0] for r in expected][:PAGE_SIZE]
    query = parse_qs(urlsplit(desk.url).query)
    assert query == {"year": [chosen_year], "status": [chosen_status]}
    # The address is the state: opened afresh (bookmarked, sent on), it shows the same rows.
    desk.goto(desk.url)
    desk.wait_for_selector(".gk-list-row")
    assert shown_titles(desk) == [r["c"][0] for r in expected][:PAGE_SIZE]
    assert desk.locator("select[name=year]").input_value() == chosen_year
    desk.go_back()  # the previous state, without the status filter
    desk.wait_for_function("() => !location.search.includes('status=')")
    assert f"共 {len(in_year)} 项" in desk.locator(".gk-list-status").inner_text()


def test_pages_sort_and_badges(desk, paged_site):
    base, site = paged_site
    headings, rows = rows_of(site, "documents")
    date, status = headings.index("发布日期"), headings.index("有效性")
    assert len(rows) > PAGE_SIZE, "the synthetic catalog should have more than one page of documents"
    desk.goto(base + "documents/")
    desk.wait_for_selector(".gk-list-row")
    pages = -(-len(rows) // PAGE_SIZE)
    assert f"第 1/{pages} 页" in desk.locator(".gk-list-status").inner_text()
    # Newest first, by the date column.
    dates = [r["c"][date] for r in rows]
    assert dates == sorted(dates, reverse=True)
    assert shown_titles(desk) == [r["c"][0] for r in rows[:PAGE_SIZE]]
    desk.locator(".gk-list-pager button", has_text="下一页").click()
    assert parse_qs(urlsplit(desk.url).query) == {"page": ["2"]}
    assert shown_titles(desk) == [r["c"][0] for r in rows[PAGE_SIZE:2 * PAGE_SIZE]]
    desk.select_option("select[name=sort]", "old")  # oldest first starts again at page 1
    oldest = sorted(rows, key=lambda r: r["c"][date])
    assert shown_titles(desk)[0] == oldest[0]["c"][0] and "page" not in desk.url
    # Every row's status is a badge carrying its word (not colour alone), toned by the data file.
    badges = desk.locator(".gk-list-row .gk-badge")
    assert badges.count() == PAGE_SIZE
    first = badges.first
    assert first.inner_text() == oldest[0]["c"][status]
    assert f"gk-badge-{oldest[0]['t']}" in first.get_attribute("class")


def test_downloads_hold_exactly_the_rows_shown(desk, paged_site, tmp_path):
    base, site = paged_site
    headings, rows = rows_of(site, "documents")
    status = headings.index("有效性")
    chosen = rows[0]["c"][status]
    expected = [r for r in rows if r["c"][status] == chosen]
    desk.goto(base + "documents/?status=" + chosen)
    desk.wait_for_selector(".gk-list-row")
    shown = shown_titles(desk)
    assert shown == [r["c"][0] for r in expected[:PAGE_SIZE]]
    line = desk.locator(".gk-list-download").first
    assert f"显示的 {len(shown)} 项" in line.inner_text()
    with desk.expect_download() as download:
        line.locator("button", has_text="Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    sheet = load_workbook(saved).active
    table = [[c.value for c in row] for row in sheet.iter_rows()]
    assert table[0] == headings + ["网址"]
    assert [row[0] for row in table[1:]] == shown
    assert all(row[status] == chosen for row in table[1:])
    assert table[1][-1] == base + expected[0]["u"]
    with desk.expect_download() as download:
        line.locator("button", has_text="CSV").click()
    text = open(download.value.path(), encoding="utf-8").read()
    assert text.startswith("\ufeff")
    records = list(csv.reader(io.StringIO(text[1:])))
    assert records[0] == headings + ["网址"]
    assert [r[0] for r in records[1:]] == shown
    assert records[1][:len(headings)] == [cell_text(v) for v in expected[0]["c"]]
    if len(expected) > PAGE_SIZE:  # and the whole filtered list, all pages, when there is more than one
        everything = desk.locator(".gk-list-download").nth(1)
        assert f"全部 {len(expected)} 项" in everything.inner_text()


def test_without_javascript_a_plain_paged_listing(browser, paged_site):
    base, site = paged_site
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "documents/")
    assert page.locator(".gk-list-static").is_visible()
    assert page.locator(".gk-list a").get_attribute("href").endswith("lists/documents.json")
    page.locator("article a", has_text="按有效性").first.click()
    # a large group has pages of its own, by year: each year's link names its count
    year = page.locator("article a", has_text=re.compile(r"^\d{4}年（\d+）$")).first
    found = re.match(r"^(\d{4})年（(\d+)）$", year.inner_text())
    year.click()
    article = page.locator("article")
    assert f"共 {found.group(2)} 项" in article.inner_text()
    assert article.locator("li").count() == min(int(found.group(2)), 50)
    assert article.locator("strong", has_text=f"{found.group(1)}年").count() == 1  # the year switcher marks its year
    other = article.locator("a", has_text=re.compile(r"^\d{4}年$")).first
    wanted = other.inner_text()
    other.click()
    assert wanted in page.locator("article h1").inner_text()
    context.close()


def test_filters_fold_away_on_a_phone(browser, paged_site):
    from gongkai.browser_support import watched_page

    base, _ = paged_site
    with watched_page(browser, base, 375, 812, mobile=True) as phone:
        phone.goto(base + "decisions/")
        phone.wait_for_selector(".gk-list-row")
        assert phone.locator("details.gk-list-filters").get_attribute("open") is None
        assert phone.locator("select[name=year]").is_hidden()
        phone.locator("details.gk-list-filters summary").click()  # one tap opens them
        assert phone.locator("select[name=year]").is_visible()
        phone.goto(base + "search/?q=" + "管理")
        phone.wait_for_selector(".gk-result")
        assert phone.locator("details.gk-filters").get_attribute("open") is None
        assert phone.locator(".gk-result").first.is_visible()


CELLS = ["=HYPERLINK(\"http://evil.example\",\"点\")", "+1", "-2", "@SUM(A1)", "＝1+1", "  =1", "\t=1", "'=1", "''+x",
         "普通文字", "", "'引号开头", "2021-07-16", "a=b"]


def test_spreadsheet_cells_follow_the_exports_rule(desk, paged_site):
    desk.goto(paged_site[0] + "documents/")
    desk.wait_for_selector(".gk-list-row")
    got = desk.evaluate("cells => cells.map(c => [gkListing.csvText(c), gkListing.xlsxText(c)])", CELLS)
    assert got == [[csv_text(c), xlsx_text(c)] for c in CELLS]


def test_the_interpretations_column_lists_its_own_pages_and_marks_those_elsewhere(browser, demo_url):
    from gongkai.browser_support import watched_page

    with watched_page(browser, demo_url, 1280, 900) as page:
        page.goto(demo_url + "interpretations/")
        page.wait_for_selector(".gk-list-row")
        rows = page.locator(".gk-list-row")
        here = rows.filter(has=page.locator("a[href*='/interpretations/']")).first
        assert "外部网站" not in here.inner_text()
        elsewhere = rows.filter(has_text="外部网站").first
        assert "（外部网站：www.lianjiang.example）" in elsewhere.inner_text()
        assert elsewhere.locator("a").get_attribute("href").startswith("https://www.lianjiang.example/")
        page.select_option("select[name=status]", "有效")
        assert "status=" in page.url and rows.count() >= 1


def test_a_common_word_says_how_many_pages_are_unchecked_until_the_reader_goes_on(desk, paged_site):
    """The search page fetches one file per candidate it checks: beyond its background budget it
    does not announce a total, it says how many pages are still unchecked; going on makes it exact."""
    import re
    from urllib.parse import quote

    base, site = paged_site
    desk.goto(f"{base}search/?q={quote('规范性文件')}")
    status = desk.locator(".gk-search-status")
    desk.wait_for_function("() => /尚未核对|^找到/.test(document.querySelector('.gk-search-status').textContent)")
    text = status.text_content()
    found = re.fullmatch(r"已找到 (\d+) 条包含“规范性文件”的结果；另有 (\d+) 个页面可能包含，尚未核对，总数可能更多（点“显示更多结果”继续查找）", text)
    assert found, text
    requested = desk.evaluate("() => performance.getEntriesByType('resource').filter(e => e.name.includes('/search/data/docs/')).length")
    assert requested <= 48, requested  # the budget, not one file per candidate
    more = desk.locator(".gk-more")
    while more.is_visible():
        count = desk.locator(".gk-result").count()
        more.click()
        desk.wait_for_function(f"() => document.querySelectorAll('.gk-result').length > {count} || document.querySelector('.gk-more').hidden")
    listed = desk.locator(".gk-result").count()
    assert listed > int(found.group(1))
    assert status.text_content() == f"找到 {listed} 条包含“规范性文件”的结果"
