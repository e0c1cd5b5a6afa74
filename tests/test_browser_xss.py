"""Catalog values are data: XSS payloads in every text field of a record, built
by real MkDocs and opened in headless Chromium, execute nothing and make no
request beyond the local server; the Content-Security-Policy is enforced."""
import shutil
from urllib.parse import quote

import pytest
import yaml
from conftest import FIXED_TODAY, MINIMAL

from gongkai import mkdocs_project

PAYLOADS = [
    "<script>window.__xss='script'</script>",
    "<img src=x onerror=\"window.__xss='img'\">",
    "\"><svg onload=window.__xss='svg'>",
    "<iframe src=\"http://evil.example/frame\"></iframe>",
    "<a href=\"javascript:window.__xss='a'\">点我</a>",
    "{{ config.site_name }}{% raw %}",
    "<style>body{background:url(http://evil.example/bg.png)}</style>",
]
P = "".join(PAYLOADS)

FRONT_MATTER = {
    "标题": f"测试攻击文件{P}",
    "文号": "测府规〔2021〕9号",
    "统一登记号": "CSFG-2021-009",
    "索引号": f"000000000000000000/2021-00009{P}",
    "发布机构": f"测试市人民政府{P}",
    "主题分类": f"城乡建设{P}",
    "成文日期": "2021-06-15",
    "发布日期": "2021-06-20",
    "施行日期": "2021-07-01",
    "有效期至": "2026-06-30",
    "公开属性": "主动公开",
    "保密审查": {"审查人": f"审查组{P}", "日期": "2021-06-18", "结论": "同意公开", "说明": f"说明{P}"},
    "示例数据": "是",
    "合法性审核": {"日期": "2021-06-10", "审核机构": f"测试市司法局{P}", "意见": f"同意{P}"},
    "征求意见": {"开始日期": "2021-04-01", "结束日期": "2021-04-30", "渠道": f"门户网站{P}"},
    "备案": [{"备案机关": f"测试市人大常委会{P}", "日期": "2021-07-05", "备案号": f"备{P}"},
             {"备案机关": "上级市人民政府", "日期": "2021-07-06"}],
    "政策解读": [{"名称": f"解读{P}", "日期": "2021-06-20", "解读机关": f"住建局{P}",
                "内容": f"## 解读标题{P}\n\n{P}\n\n[点我](javascript:window.__xss='md-link') "
                        "[再点](JAVASCRIPT:window.__xss='md-link2')\n\n![图](http://evil.example/pixel.png)\n"}],
    "状态历史": [{"状态": "现行有效", "日期": "2021-07-01", "说明": f"说明{P}"}],
    "清理": [{"批次": f"批次{P}", "日期": "2022-11-30", "结果": "继续有效", "说明": f"清理说明{P}"}],
}
BODY = f"""## 正文标题{P}

第一条　{P}

[点我](javascript:window.__xss='body-link') [编码](&#106;avascript:window.__xss='entity')

![外部图片](http://evil.example/pixel.png)

| 表头{P} | 值 |
| --- | --- |
| {P} | 1 |

## __config

## __drawer
"""
DOCUMENT = "---\n" + yaml.safe_dump(FRONT_MATTER, allow_unicode=True, sort_keys=False) + "---\n" + BODY

PAGES = ["documents/fx-2021-09/", "interpretations/fx-2021-09-1/", "documents/", "documents/by-issuer/",
         "documents/by-status/", "interpretations/", "", f"search/?q={quote('测试攻击文件')}"]


@pytest.fixture(scope="module")
def attacked_site(tmp_path_factory):
    from gongkai.browser_support import serve

    root = tmp_path_factory.mktemp("xss")
    catalog = root / "catalog"
    shutil.copytree(MINIMAL, catalog)
    (catalog / "documents" / "fx-2021-09.md").write_text(DOCUMENT, encoding="utf-8")
    project = root / "project"
    mkdocs_project.prepare(project)
    run = mkdocs_project.build(project, catalog, FIXED_TODAY.isoformat())
    assert run.returncode == 0, run.output
    with serve(project / "site") as base:
        yield base, project / "site"


def test_payloads_render_as_text_and_nothing_executes(browser, attacked_site):
    from gongkai.browser_support import PageWatch

    base, _ = attacked_site
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    watch = PageWatch(base)
    watch.attach(page)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in PAGES:
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__xss") is None, path
        assert page.locator("iframe, svg[onload], img[onerror]").count() == 0, path
        assert page.locator("a[href^='javascript:' i]").count() == 0, path
    page.goto(base + "documents/fx-2021-09/")
    text = page.locator("article").inner_text()
    assert "<script>window.__xss='script'</script>" in text  # shown exactly as the clerk typed it
    assert "测试攻击文件" in page.title() and "<script>" in page.title()
    context.close()
    assert not dialogs
    assert not watch.foreign, f"requests to other hosts: {watch.foreign}"


def test_record_headings_do_not_take_the_theme_s_element_ids(browser, attacked_site):
    base, _ = attacked_site
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + "documents/fx-2021-09/")
    assert page.locator("article h3", has_text="__config").count() == 1  # the heading is there, as typed
    assert page.evaluate("document.getElementById('__config').tagName") == "SCRIPT"
    assert page.evaluate("document.getElementById('__drawer').tagName") == "INPUT"
    context.close()


def test_every_page_carries_a_policy_that_blocks_injected_scripts(browser, attacked_site):
    base, site = attacked_site
    for html in site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert text.count('http-equiv="Content-Security-Policy"') == 1, html
    context = browser.new_context()
    page = context.new_page()
    violations = []
    page.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None)
    page.goto(base + "documents/fx-2021-09/")
    page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.__csp = 1'; document.body.appendChild(s); }")
    assert page.evaluate("window.__csp") is None
    assert violations, "the browser did not report the blocked inline script"
    # The theme's scripts are files of the site itself, so the page still works: search loads.
    page.goto(base + f"search/?q={quote('停车')}")
    page.wait_for_selector(".gk-result")
    context.close()


@pytest.fixture(scope="module")
def site_url_injected(tmp_path_factory):
    """Defence in depth: the site address check bypassed (the address goes
    straight into MkDocs' config), so the payload reaches <link rel="canonical">,
    the 404 page and the sitemap. Built without strict mode to get a site at all."""
    from gongkai.browser_support import serve

    root = tmp_path_factory.mktemp("site-url")
    project = root / "project"
    config = mkdocs_project.prepare(project)
    config.write_text(config.read_text(encoding="utf-8") + f"\nsite_url: {yaml.safe_dump(INJECTED_SITE_URL).splitlines()[0]}\n",
                      encoding="utf-8")
    run = mkdocs_project.build(project, MINIMAL, FIXED_TODAY.isoformat(), extra_args=("--no-strict",))
    assert run.returncode == 0, run.output
    with serve(project / "site") as base:
        yield base, run


INJECTED_SITE_URL = "https://gk.example/\"><script>window.__xss='site_url'</script>"


def test_injected_site_url_script_is_reported_and_blocked(browser, site_url_injected):
    from gongkai.browser_support import PageWatch

    base, run = site_url_injected
    reported = "\n".join(line for line in run.warnings if "本项目没有提供的脚本" in line)
    assert "gongkai: 404.html " in reported and "gongkai: index.md " in reported
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    watch = PageWatch(base)
    watch.attach(page)
    for path in ("", "hearings/2021-01/", "no-such-page/"):
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__xss") is None, path
    context.close()
    refused = [error for error in watch.errors if "Content Security Policy" in error]
    assert len(refused) >= 3, watch.errors  # the browser refused the injected script on each page
    assert not watch.foreign, watch.foreign
