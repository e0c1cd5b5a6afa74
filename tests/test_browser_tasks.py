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
        page.add_init_script(COUNT_ACTIONS)
        yield page


# Every click and every choice from a list the reader makes, counted across the pages of one tab.
# Typing is not counted: a click from the pointer has a click count (event.detail), the click a
# form's Enter key or a script fires has none; a choice is a change of a <select>.
COUNT_ACTIONS = """
const count = () => sessionStorage.setItem("gk-actions", String((+sessionStorage.getItem("gk-actions") || 0) + 1));
document.addEventListener("click", (event) => { if (event.detail > 0) count(); }, true);
document.addEventListener("change", (event) => { if (event.target.tagName === "SELECT") count(); }, true);
"""


def actions(page) -> int:
    return page.evaluate("() => +sessionStorage.getItem('gk-actions') || 0")


def phone(page) -> bool:
    return page.viewport_size["width"] < 500


def _column(page, demo_url, name: str, path: str) -> None:
    """From the home page to a column: one click."""
    page.goto(demo_url)
    page.locator("article a", has_text=name).first.click()
    page.wait_for_url(f"**/{path}")


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
    assert actions(reader) == (3 if phone(reader) else 2)


def test_where_a_decision_item_stands(reader, demo_url):
    _column(reader, demo_url, "重大行政决策", "decisions/")  # click 1: the column
    reader.locator("article a.gk-list-title", has_text="九洲江流域").first.click()  # click 2: the item
    stage = reader.locator("article p", has_text="当前进度")
    assert "当前进度：" in stage.inner_text()
    assert stage.bounding_box()["y"] < reader.viewport_size["height"] * 1.5
    assert actions(reader) == 2


def test_subscribe_to_a_column_and_download_it(reader, demo_url):
    _column(reader, demo_url, "行政规范性文件", "documents/")  # click 1
    assert reader.locator("article a", has_text="Excel").first.get_attribute("href").endswith("data/documents.xlsx")
    reader.locator("article a", has_text="订阅本栏目更新").first.click()  # click 2: a readable page, not raw XML
    reader.wait_for_url("**/feeds/documents/")
    assert "订阅：行政规范性文件" in reader.locator("h1").inner_text()
    assert "feeds/documents.xml" in reader.locator("article").inner_text()
    assert actions(reader) == 2


def test_read_a_hearing_s_notice_materials_and_report(reader, demo_url):
    _column(reader, demo_url, "听证事项", "hearings/")  # click 1: the column
    reader.locator("article a.gk-list-title", has_text="机动车停放服务收费标准听证").first.click()  # click 2: the hearing
    reader.wait_for_url("**/hearings/2021-01/")
    steps = {row.locator("td").first.inner_text(): row.locator("td").nth(1) for row in reader.locator("article table tr").all()[1:]}
    # Each step carries its own file, kept on this site (no 外部网站 mark) with its size.
    for step, name in (("听证公告", "听证公告"), ("参加人名单", "听证参加人名单"), ("听证材料", "定价成本监审报告摘要"), ("听证笔录和报告", "听证报告")):
        link = steps[step].locator("a", has_text=name).last
        assert "/files/hearings/" in link.get_attribute("href"), step
    # The original notice on the government's site is marked as leaving this one, with its host.
    assert "外部网站：www.lianjiang.example" in steps["听证公告"].inner_text()
    with reader.expect_download() as download:  # click 3: the report itself, from this site
        steps["听证笔录和报告"].locator("a", has_text="听证报告").last.click()
    assert "听证报告" in open(download.value.path(), encoding="utf-8").read()
    assert actions(reader) == 3


def test_read_the_current_text_of_an_amended_document(reader, demo_url):
    _column(reader, demo_url, "行政规范性文件", "documents/")  # click 1
    reader.locator("article a.gk-list-title").get_by_text("廉江市殡葬管理实施办法", exact=True).click()  # click 2
    reader.wait_for_url("**/documents/lfg-2021-02/")
    assert reader.locator("h2", has_text="正文（现行文本）").count() == 1
    changed = reader.locator(".gk-amended").first
    assert "低收入家庭成员" in changed.inner_text() and "本条根据廉府规〔2025〕2号修改" in changed.inner_text()
    deleted = reader.locator(".gk-amended", has_text="（本条已删除）")
    assert deleted.count() == 1 and "第九条" in deleted.inner_text()
    changed.locator("a", has_text="廉府规〔2025〕2号").click()  # click 3: the amending decision
    reader.wait_for_url("**/documents/lfg-2025-02/")
    assert actions(reader) == 3


def test_read_the_2021_report_with_its_section_list(reader, demo_url):
    _column(reader, demo_url, "法治政府建设", "reports/")  # click 1: the column
    reader.locator("article a", has_text="2021").first.click()  # click 2: the report
    reader.wait_for_url("**/reports/fzzf-2021/")
    if phone(reader):  # the section list is on the first screen
        sections = reader.locator("details.gk-sections")
        assert sections.bounding_box()["y"] < reader.viewport_size["height"]
        sections.locator("summary").click()  # click 3
        sections.locator("a").last.click()  # click 4: the last section
        target = reader.locator("article h2[id]").last
    else:  # the theme's table of contents is beside the page
        toc = reader.locator(".md-sidebar--secondary a.md-nav__link")
        toc.last.click()  # click 3
        target = reader.locator("article h2[id], article h3[id]").last
    box = target.bounding_box()
    assert 0 <= box["y"] < reader.viewport_size["height"]
    assert actions(reader) == (4 if phone(reader) else 3)


def test_download_what_a_listing_shows(reader, demo_url, tmp_path):
    from openpyxl import load_workbook

    _column(reader, demo_url, "行政规范性文件", "documents/")  # click 1: the column
    reader.wait_for_selector(".gk-list-row")
    filters = reader.locator("details.gk-list-filters")
    if filters.get_attribute("open") is None:  # a phone: the filters are folded under the rows' summary
        filters.locator("summary").click()  # (one more tap)
    reader.select_option("select[name=status]", "失效")  # click 2: only the documents no longer in force
    shown = reader.locator(".gk-list-title").all_inner_texts()
    assert shown and "status=" in reader.url
    with reader.expect_download() as download:
        reader.locator(".gk-list-download").first.locator("button", has_text="Excel").click()  # click 3
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    rows = list(load_workbook(saved).active.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == shown
    assert all(row[rows[0].index("有效性")] == "失效" for row in rows[1:])
    assert "公开属性" not in rows[0] and "示例数据" not in rows[0]  # the public's columns only
    assert actions(reader) == (4 if phone(reader) else 3)
