"""What the public sees, in Chromium: language, 404, accessibility (axe-core,
WCAG 2 A/AA), phones (375 px, 200 % text), printing. Screenshots for review are
written to tests/artifacts/screenshots/."""
from pathlib import Path
from urllib.parse import quote, unquote

import pytest
from axe_playwright_python.sync_playwright import Axe

ARTIFACTS = Path(__file__).parent / "artifacts" / "screenshots"
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, "resultTypes": ["violations"]}

LISTINGS = [
    "", "about/", "about/fields/",
    "decisions/", "decisions/by-unit/", "decisions/by-status/", "decisions/2021/", "decisions/2024/",
    "hearings/", "hearings/2021/",
    "documents/", "documents/by-issuer/", "documents/by-status/", "interpretations/",
    "reports/",
    "guide/", "guide/errors/", "guide/publishing/", "guide/compliance/", "guide/privacy/", "guide/annual/", "compliance/", "data/", "annual/",
]
RECORDS = [
    "decisions/2021-01/", "decisions/2021-09/", "decisions/2024-01/",
    "hearings/2021-01/", "hearing-lists/tzml-2022/",
    "documents/lfg-2021-01/", "documents/lfg-2021-02/", "documents/lfg-2019-02/", "documents/lfbg-2022-01/", "documents/lfg-2024-01/", "interpretations/lfbg-2025-02-1/",
    "reports/fzzf-2021/", "annual/2021/",
]
SEARCH_WITH_RESULTS = f"search/?q={quote('行政复议')}"


def axe_violations(page) -> str:
    results = Axe().run(page, options=WCAG_AA)
    return results.generate_report() if results.violations_count else ""


@pytest.mark.parametrize("path", LISTINGS + RECORDS, ids=lambda p: p or "home")
def test_no_wcag_violations(page, demo_url, path):
    page.goto(demo_url + path)
    report = axe_violations(page)
    assert not report, report


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
@pytest.mark.parametrize("path", ["documents/", "decisions/", "hearings/", "interpretations/"])
def test_no_wcag_violations_in_the_filterable_listing(page, demo_url, path, elder):
    """The listing the script builds (filters, badges, downloads, pager), in both modes, with the filters open."""
    page.goto(demo_url + path)
    if elder:
        page.get_by_role("button", name="适老化模式").click()
    page.wait_for_selector(".gk-list-row")
    page.locator("details.gk-list-filters").evaluate("d => d.open = true")
    report = axe_violations(page)
    page.evaluate("() => localStorage.clear()")
    assert not report, report


def test_no_wcag_violations_on_search_results(page, demo_url):
    page.goto(demo_url + SEARCH_WITH_RESULTS)
    page.wait_for_selector(".gk-result")
    report = axe_violations(page)
    assert not report, report


@pytest.mark.parametrize("path", ["", "documents/", "documents/lfg-2021-01/", "search/"], ids=lambda p: p or "home")
def test_pages_declare_chinese(page, demo_url, path):
    page.goto(demo_url + path)
    assert page.evaluate("() => document.documentElement.lang") == "zh-CN"


def test_not_found_page_is_chinese(page, demo_url):
    response = page.goto(demo_url + "documents/no-such-document/")
    assert response.status == 404
    # The browser logs the 404 status itself; that one console line is expected here.
    page.watch.errors[:] = [e for e in page.watch.errors if "404" not in e]
    assert "页面不存在" in page.inner_text("h1")
    page.click("text=返回首页")
    assert page.evaluate("() => location.pathname") == "/"


PHONE_PAGES = {"home": "", "listing": "documents/", "record": "decisions/2021-04/", "search": SEARCH_WITH_RESULTS}


@pytest.fixture
def phone(browser, demo_url):
    from gongkai.browser_support import watched_page

    with watched_page(browser, demo_url, 375, 812, mobile=True) as opened:
        yield opened


@pytest.mark.parametrize("name", PHONE_PAGES)
def test_phone_layout_has_no_horizontal_scrolling(phone, demo_url, name):
    phone.goto(demo_url + PHONE_PAGES[name])
    if name == "search":
        phone.wait_for_selector(".gk-result")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / f"phone-375-{name}.png"), full_page=True)
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 375


@pytest.mark.parametrize("name", PHONE_PAGES)
def test_text_at_200_percent_stays_usable(phone, demo_url, name):
    phone.goto(demo_url + PHONE_PAGES[name])
    if name == "search":
        phone.wait_for_selector(".gk-result")
    before = phone.evaluate("() => parseFloat(getComputedStyle(document.querySelector('article p, article li')).fontSize)")
    phone.evaluate("() => { document.documentElement.style.fontSize = (parseFloat(getComputedStyle(document.documentElement).fontSize) * 2) + 'px'; }")
    after = phone.evaluate("() => parseFloat(getComputedStyle(document.querySelector('article p, article li')).fontSize)")
    assert after >= 1.9 * before, "text did not grow with the reader's text size"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / f"phone-375-text-200-{name}.png"), full_page=True)
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 375
    # The heading and the first paragraph are still on screen, side by side with nothing.
    assert phone.evaluate("() => document.querySelector('article h1').getBoundingClientRect().right") <= 375


def test_record_page_prints_without_navigation(page, demo_url):
    page.goto(demo_url + "documents/lfg-2021-01/")
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.md-header', '.md-tabs', '.md-sidebar--primary', '.md-sidebar--secondary', '.md-footer']
        .map(s => document.querySelector(s)).filter(Boolean).map(e => getComputedStyle(e).display)""")
    assert hidden and set(hidden) == {"none"}
    article = page.inner_text("article")
    assert "廉府规〔2021〕1号" in article and "第一条" in article and "有效性" in article
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.pdf(path=str(ARTIFACTS / "print-document.pdf"))


def test_annual_report_prints_its_official_tables(page, demo_url):
    page.goto(demo_url + "annual/2021/")
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).display") == "none"
    tables = page.locator("table.gk-official")
    assert tables.count() == 3
    assert page.evaluate("getComputedStyle(document.querySelector('table.gk-official')).display") == "table"
    assert "一、本年新收政府信息公开申请数量" in tables.nth(1).inner_text()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.pdf(path=str(ARTIFACTS / "print-annual-report.pdf"), landscape=True)


def test_header_search_label_is_for_screen_readers_only(page, demo_url):
    page.goto(demo_url)
    box = page.locator("label[for=gk-header-q]").bounding_box()
    assert box is None or (box["width"] <= 1 and box["height"] <= 1)
    assert page.locator("#gk-header-q").get_attribute("id") == "gk-header-q"


@pytest.mark.parametrize("path", ["", "documents/lfg-2021-01/", "decisions/2021-01/"], ids=lambda p: p or "home")
def test_elder_mode_persists_enlarges_text_and_stays_accessible(page, demo_url, path):
    page.goto(demo_url + path)
    normal = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize)")
    page.get_by_role("button", name="适老化模式").click()
    assert page.get_by_role("button", name="适老化模式").get_attribute("aria-pressed") == "true"
    page.goto(demo_url + "documents/")  # another page: the choice is kept
    assert page.evaluate("() => document.documentElement.classList.contains('gk-elder')")
    larger = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize)")
    assert larger > normal * 1.1
    page.goto(demo_url + path)
    report = axe_violations(page)
    page.evaluate("() => localStorage.clear()")  # leave no choice behind for other tests
    assert not report, report


def test_text_size_control_and_print_header(page, demo_url):
    page.goto(demo_url + "documents/lfg-2021-01/")
    size = lambda: page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize)")
    medium = size()
    page.get_by_role("button", name="大", exact=True).click()
    assert size() > medium
    page.get_by_role("button", name="小", exact=True).click()
    assert size() < medium
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    stamp = page.evaluate("() => document.body.getAttribute('data-gk-print')")
    page.evaluate("() => localStorage.clear()")
    assert "documents/lfg-2021-01/" in stamp and "打印于 " in stamp


def test_a_wide_table_keeps_its_first_column_in_view_on_a_phone(phone, demo_url):
    phone.goto(demo_url + "documents/lfg-2021-01/")
    cell = phone.locator(".md-typeset__table table td").first
    assert cell.evaluate("(td) => getComputedStyle(td).position") == "sticky"


def test_document_facts_are_compact_and_the_text_starts_on_the_first_phone_screen(browser, demo_url):
    from gongkai.browser_support import watched_page

    path = "documents/lfg-2025-01/"
    with watched_page(browser, demo_url, 1280, 900) as wide:
        wide.goto(demo_url + path)
        # Two label–value pairs to a line, as the portals' 信息公开目录 show them; every fact shown.
        labels = wide.locator(".gk-meta dt")
        first, second = labels.nth(0).bounding_box(), labels.nth(1).bounding_box()
        assert abs(first["y"] - second["y"]) < 2 and second["x"] > first["x"] + 200
        assert wide.locator(".gk-meta dt", has_text="索引号").is_visible()
        assert wide.locator("details.gk-meta-more > summary").is_hidden()
    with watched_page(browser, demo_url, 375, 812, mobile=True) as phone:
        phone.goto(demo_url + path)
        assert phone.locator(".gk-meta dt", has_text="文号").is_visible()
        assert phone.locator(".gk-meta dt", has_text="索引号").is_hidden()  # folded under 更多信息
        # A real record carries no 示例数据 notice: without it, 正文 begins on the first screen.
        phone.evaluate("() => document.querySelectorAll('.admonition.example').forEach(n => n.remove())")
        assert phone.locator("h2", has_text="正文").bounding_box()["y"] < 812
        phone.locator("details.gk-meta-more > summary").click()  # one tap shows the rest
        assert phone.locator(".gk-meta dt", has_text="索引号").is_visible()


def test_a_long_page_has_a_section_list_on_a_phone(browser, demo_url):
    from gongkai.browser_support import watched_page

    path = "reports/fzzf-2021/"
    with watched_page(browser, demo_url, 375, 812, mobile=True) as phone:
        phone.goto(demo_url + path)
        sections = phone.locator("details.gk-sections")
        assert sections.bounding_box()["y"] < 812  # on the first screen
        headings = phone.locator("article h2[id]").count()
        assert f"（{headings} 节）" in sections.locator("summary").inner_text()
        sections.locator("summary").click()
        entry = sections.locator("a").nth(2)
        target = unquote(entry.get_attribute("href")[1:])
        entry.click()
        heading = phone.locator(f"article h2[id='{target}']")
        assert 0 <= heading.bounding_box()["y"] < 812 / 2
    with watched_page(browser, demo_url, 1280, 900) as wide:
        wide.goto(demo_url + path)
        assert wide.locator("details.gk-sections").is_hidden()  # the theme's own table of contents is beside it


PAGE_TYPES = {
    "home": "", "column": "documents/", "search": f"search/?q={quote('停车')}", "guide": "about/", "data": "data/",
    "feed": "feeds/documents/", "decision-catalog": "decisions/2021/", "decision": "decisions/2021-04/",
    "hearing-catalog": "hearings/2021/", "hearing": "hearings/2021-01/", "hearings": "hearings/",
    "hearing-list": "hearing-lists/tzml-2022/",
    "document": "documents/lfg-2021-01/", "interpretation": "interpretations/lfbg-2025-02-1/",
    "report": "reports/fzzf-2021/", "annual": "annual/2021/", "not-found": "no-such-page/",
}


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_screenshot_of_every_page_type(browser, demo_url, kind, width):
    """For review (tests/artifacts/screenshots/): every page type at phone and desktop width."""
    from gongkai.browser_support import watched_page

    with watched_page(browser, demo_url, width, 812 if width < 500 else 900, mobile=width < 500) as reader:
        response = reader.goto(demo_url + PAGE_TYPES[kind])
        assert response.status == (404 if kind == "not-found" else 200)
        if kind == "search":
            reader.wait_for_selector(".gk-result")
        if kind == "column":
            reader.wait_for_selector(".gk-list-row")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        reader.screenshot(path=str(ARTIFACTS / f"{kind}-{width}.png"), full_page=True)
        assert reader.evaluate("() => document.documentElement.scrollWidth") <= width
        if kind == "not-found":
            reader.watch.errors.clear()  # the 404 response itself is logged as a console error


def test_the_home_page_has_a_search_box_on_the_first_phone_screen(phone, demo_url):
    phone.goto(demo_url)
    box = phone.locator("#gk-home-q")
    assert box.bounding_box()["y"] + box.bounding_box()["height"] < 812
    assert phone.locator("label[for=gk-home-q]").inner_text() == "搜索本站"
    box.fill("殡葬")
    box.press("Enter")
    phone.wait_for_url("**/search/?q=*")
    phone.wait_for_selector(".gk-result")
    assert "殡葬" in phone.locator(".gk-result-title").first.inner_text()


BROKEN_DATES = """() => {
  const broken = [];
  const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const match of node.data.matchAll(/\\d{4}-\\d{2}-\\d{2}/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + 10);
      const tops = new Set(Array.from(range.getClientRects()).filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (tops.size > 1) broken.push(match[0]);
    }
  }
  return broken;
}"""


@pytest.mark.parametrize("path", ["documents/lfg-2021-02/", "decisions/2021-04/", "hearings/2021-01/", "documents/by-status/", "data/"])
def test_dates_are_never_broken_at_the_hyphen(phone, demo_url, path):
    phone.goto(demo_url + path)
    for scale in (1, 2):  # as shown, and with the reader's text at 200 %
        phone.evaluate(f"() => {{ document.documentElement.style.fontSize = '{scale * 125}%'; }}")
        assert phone.evaluate(BROKEN_DATES) == [], f"dates split over two lines at {scale * 100} % text"
