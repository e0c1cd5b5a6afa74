"""What people come for, walked from the home page in Chromium, with the clicks counted,
at 1280 px and at 375 px: is a document in force and what is current; where a decision
item stands; how to subscribe to a column and take its records away."""
import pytest

WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 812}}


@pytest.fixture(params=list(WIDTHS))
def reader(request, browser, demo_url):
    from gongkai.browser_support import watched_page

    size = WIDTHS[request.param]
    with watched_page(browser, demo_url, size["width"], size["height"], mobile=request.param == "phone") as page:
        yield page


def _search(page, demo_url, query: str) -> None:
    """The header search: typed and submitted; on a phone its button first opens the search page."""
    page.goto(demo_url)
    field = page.locator("#gk-header-q")
    if not field.is_visible():  # a phone: the header's search button opens the search page (one tap)
        page.locator(".gk-header-search button").click()
        page.wait_for_url("**/search/**")
        field = page.locator("#gk-q")
    field.fill(query)
    field.press("Enter")


def test_is_a_document_in_force_and_what_is_current(reader, demo_url):
    _search(reader, demo_url, "廉府规〔2021〕1号")
    reader.wait_for_selector(".gk-result-title")
    reader.locator(".gk-result-title").first.click()  # click 1 (or 2 on a phone, with the search icon)
    reader.wait_for_url("**/documents/lfg-2021-01/")
    banner = reader.locator(".admonition.danger").first
    assert "现行有效的是" in banner.inner_text() and "廉府规〔2023〕1号" in banner.inner_text()
    # The answer is on the first screen: the banner starts within the viewport.
    assert banner.bounding_box()["y"] < reader.viewport_size["height"]
    banner.locator("a").first.click()  # click 2: to the current version
    reader.wait_for_url("**/documents/lfg-2023-01/")
    assert "廉府规〔2023〕1号" in reader.title()


def test_where_a_decision_item_stands(reader, demo_url):
    reader.goto(demo_url)
    reader.locator("article a", has_text="重大行政决策").first.click()  # click 1: the column
    reader.wait_for_url("**/decisions/")
    reader.locator("article a.gk-list-title", has_text="九洲江流域").first.click()  # click 2: the item
    stage = reader.locator("article p", has_text="当前进度")
    assert "当前进度：" in stage.inner_text()
    assert stage.bounding_box()["y"] < reader.viewport_size["height"] * 1.5


def test_subscribe_to_a_column_and_download_it(reader, demo_url):
    reader.goto(demo_url)
    reader.locator("article a", has_text="行政规范性文件").first.click()  # click 1
    reader.wait_for_url("**/documents/")
    assert reader.locator("article a", has_text="Excel").first.get_attribute("href").endswith("data/documents.xlsx")
    reader.locator("article a", has_text="订阅本栏目更新").first.click()  # click 2: a readable page, not raw XML
    reader.wait_for_url("**/feeds/documents/")
    assert "订阅：行政规范性文件" in reader.locator("h1").inner_text()
    assert "feeds/documents.xml" in reader.locator("article").inner_text()
