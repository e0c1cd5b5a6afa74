"""Search as the public uses it: the real search page in Chromium, on the demo site.

Ground truth is computed, not listed (tests/search-queries.yaml, copied from the
evaluation set): a page is relevant when the text of its article, as the browser
shows it (innerText), contains the query after normalisation.
"""
from pathlib import Path
from urllib.parse import quote, urljoin

import pytest
import yaml

from gongkai.search.index import FORMAT_VERSION
from gongkai.search.normalize import normalize
from gongkai.search.site import NOT_INDEXED, STAFF_PAGES

QUERIES = yaml.safe_load((Path(__file__).parent / "search-queries.yaml").read_text(encoding="utf-8"))["queries"]


@pytest.fixture(scope="session")
def page_texts(browser, demo_url, demo_site):
    """URL -> normalised visible article text, for every published page but the search page."""
    site = demo_site[0]
    urls = []
    for html in sorted(site.rglob("index.html")):
        folder = html.parent.relative_to(site).as_posix()
        url = "" if folder == "." else folder + "/"
        if url not in NOT_INDEXED and not url.startswith(STAFF_PAGES):
            urls.append(url)
    context = browser.new_context()
    reader = context.new_page()
    texts = {}
    for url in urls:
        reader.goto(demo_url + url)
        # The page's content: without the 当前位置 trail and the reading controls, which name
        # the column and the page but are not what the page says (the index leaves them out too).
        texts[url] = normalize(reader.evaluate(
            "() => { const a = document.querySelector('article').cloneNode(true);"
            " a.querySelectorAll('.gk-breadcrumb, .gk-reading').forEach(n => n.remove());"
            " document.body.appendChild(a); const t = a.innerText; a.remove(); return t; }"))
    context.close()
    return texts


def results_on_page(page, base: str) -> list[str]:
    """Run the search the page was opened with; click 显示更多 until every result is listed."""
    status = page.locator(".gk-search-status")
    page.wait_for_function("() => { const s = document.querySelector('.gk-search-status').textContent; return s && !s.includes('正在搜索'); }")
    more = page.locator(".gk-more")
    while more.is_visible():
        count = page.locator(".gk-result").count()
        more.click()
        page.wait_for_function(f"() => document.querySelectorAll('.gk-result').length > {count} || document.querySelector('.gk-more').hidden")
    assert status.text_content()
    hrefs = page.eval_on_selector_all(".gk-result-title", "links => links.map(a => a.href)")
    return [href[len(base):] for href in hrefs]


@pytest.mark.parametrize("query", QUERIES, ids=[q["q"] for q in QUERIES])
def test_every_page_containing_the_query_is_found(page, demo_url, page_texts, query):
    wanted = normalize(query.get("equals", query["q"]))
    relevant = {url for url, text in page_texts.items() if wanted in text}
    assert relevant, f"the demo site should contain {wanted}"
    page.goto(f"{demo_url}search/?q={quote(query['q'])}")
    found = results_on_page(page, demo_url)
    assert len(found) == len(set(found)), "a page is listed twice"
    # The announced count is exact: the number of results listed, never an estimate.
    announced = page.locator(".gk-search-status").text_content()
    assert announced == f"找到 {len(found)} 条包含“{query['q']}”的结果" or (not found and "没有找到" in announced), announced
    missing = relevant - set(found)
    assert not missing, f"pages containing {wanted} not found: {sorted(missing)}"
    # Every listed page contains the query, so none lacking it can rank above one that has it.
    wrong = [url for url in found if url not in relevant]
    assert not wrong, f"pages without {wanted} listed: {wrong}"


def test_results_show_title_kind_date_status_and_highlighted_excerpt(page, demo_url):
    page.goto(f"{demo_url}search/?q={quote('廉府规〔2021〕1号')}")
    results_on_page(page, demo_url)
    first = page.locator(".gk-result").first
    assert first.locator(".gk-result-title").inner_text() == "廉江市城区停车设施建设和机动车停放管理办法"
    labels = first.locator(".gk-result-labels").inner_text()
    # Amended by lfg-2023-01 in 2023, and as amended past its 有效期至 (2026-08-15) on the fixed day.
    assert "行政规范性文件" in labels and "2021-07-16" in labels and "· 失效 ·" in labels  # the register's word
    assert normalize(first.locator("mark").first.inner_text()) == "廉府规〔2021〕1号"


def test_query_comes_from_and_goes_to_the_url(page, demo_url):
    page.goto(f"{demo_url}search/?q={quote('听证')}&kind={quote('听证事项')}")
    found = results_on_page(page, demo_url)
    assert page.input_value("#gk-q") == "听证"
    assert found and all(url.startswith("hearings/") for url in found)
    page.select_option("select[name=kind]", "")
    page.wait_for_function("() => !location.search.includes('kind=')")
    assert "q=%E5%90%AC%E8%AF%81" in page.url


def test_filters_by_year_unit_and_status(page, demo_url):
    page.goto(f"{demo_url}search/?q={quote('廉江')}&status={quote('废止')}")
    found = results_on_page(page, demo_url)
    assert sorted(found) == ["documents/lfg-2019-02/", "documents/lfg-2020-01/"]
    page.goto(f"{demo_url}search/?q={quote('廉江')}&year=2024&unit={quote('廉江市人民政府')}")
    labels = [text for text in page.locator(".gk-result-labels").all_inner_texts()] if results_on_page(page, demo_url) else []
    assert labels and all("2024-" in text and "廉江市人民政府" in text for text in labels)


def test_sort_by_date_puts_newest_first(page, demo_url):
    page.goto(f"{demo_url}search/?q={quote('规范性文件')}&sort=date")
    results_on_page(page, demo_url)
    dates = [part for label in page.locator(".gk-result-labels").all_inner_texts() for part in label.split(" · ") if part[:2] == "20" and len(part) == 10]
    assert len(dates) >= 5 and dates == sorted(dates, reverse=True)


def test_results_update_when_the_ime_commits_chinese(page, demo_url):
    page.goto(f"{demo_url}search/")
    page.wait_for_function("() => document.querySelector('select[name=kind]').options.length > 1")
    # What an IME sends while 复议 is being composed: no search until it is committed.
    page.evaluate("""() => {
        const input = document.getElementById('gk-q');
        input.focus();
        input.dispatchEvent(new CompositionEvent('compositionstart', {data: ''}));
        for (const partial of ['f', 'fu', 'fuyi']) {
            input.value = partial;
            input.dispatchEvent(new InputEvent('input', {data: partial, isComposing: true, inputType: 'insertCompositionText'}));
        }
        input.value = '复议';
        input.dispatchEvent(new InputEvent('input', {data: '复议', isComposing: true, inputType: 'insertCompositionText'}));
    }""")
    page.wait_for_timeout(600)
    assert page.locator(".gk-result").count() == 0, "searched for an unfinished IME composition"
    page.evaluate("() => document.getElementById('gk-q').dispatchEvent(new CompositionEvent('compositionend', {data: '复议'}))")
    page.wait_for_selector(".gk-result")
    assert "复议" in page.locator(".gk-search-status").inner_text()


def test_keyboard_only_search_with_visible_focus(page, demo_url):
    page.goto(demo_url)
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == "gk-header-q":
            break
    else:
        pytest.fail("the header search box cannot be reached with Tab")
    page.keyboard.type("行政复议")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=*")
    page.wait_for_selector(".gk-result")
    box = page.locator("#gk-q")
    box.focus()
    assert page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") != "none"
    for _ in range(15):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('gk-result-title')"):
            break
    else:
        pytest.fail("results cannot be reached with Tab")
    assert page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") != "none"
    target = page.evaluate("() => document.activeElement.href")
    page.keyboard.press("Enter")
    page.wait_for_url(target)


def test_normalisation_is_identical_in_python_and_the_browser(page, demo_url):
    samples = ["廉府规[2021]第1号", "廉府规（2021）1号", "廉府规【２０２１】1号", "行政\u3000复议\n", "ＡＢＣ１２３", "(试行)", "㈠ 第三条", "a\u200bb\ufeffc", "〔2021〕第 3号",
               "廉府规2021年2号", "廉府规2021年第2号", "2021年3月2号", "12021年3号"]
    page.goto(f"{demo_url}search/")
    in_browser = page.evaluate("(samples) => samples.map(s => window.gkSearch.normalize(s))", samples)
    assert in_browser == [normalize(s) for s in samples]


def test_search_link_targets_resolve(page, demo_url):
    page.goto(f"{demo_url}search/?q={quote('殡葬')}")
    found = results_on_page(page, demo_url)
    page.goto(urljoin(demo_url, found[0]))
    assert "殡葬" in page.inner_text("article")


def test_the_client_reads_the_index_format_the_build_writes(page, demo_url):
    page.goto(f"{demo_url}search/")
    assert page.evaluate("() => window.gkSearch.indexFormat") == FORMAT_VERSION


def test_an_index_of_another_format_is_refused_with_advice(page, demo_url):
    # A page cached from an earlier build meets a rebuilt index: it says so instead of misreading it.
    def other_format(route):
        response = route.fetch()
        manifest = response.json()
        route.fulfill(response=response, json=dict(manifest, version=manifest["version"] + 1))

    page.route("**/search/data/manifest.json", other_format)
    page.goto(f"{demo_url}search/?q={quote('殡葬')}")
    page.wait_for_function("() => document.querySelector('.gk-search-status').textContent.includes('版本不一致')")
    assert page.locator(".gk-result").count() == 0
    assert "请刷新页面" in page.locator(".gk-search-status").text_content()


@pytest.mark.parametrize("query", ["廉府规2021年1号", "廉府规2021年第1号"])
def test_a_document_number_written_with_nian_finds_the_document(page, demo_url, query):
    page.goto(f"{demo_url}search/?q={quote(query)}")
    found = results_on_page(page, demo_url)
    assert found and found[0] == "documents/lfg-2021-01/"


def test_every_occurrence_in_an_excerpt_is_highlighted_and_it_starts_at_the_match(page, demo_url):
    page.goto(f"{demo_url}search/?q={quote('停车')}")
    results_on_page(page, demo_url)
    excerpts = page.locator(".gk-result-excerpt")
    counts = [excerpts.nth(i).locator("mark").count() for i in range(excerpts.count())]
    assert max(counts) > 1  # a later 停车 in the same excerpt is marked as well
    first = excerpts.first.inner_text()
    assert first.index("停车") <= 17 and "示例数据" not in first[: first.index("停车")]
