"""Only scripts the project ships may run. Every page carries one fixed
Content-Security-Policy, `script-src 'self'` without hashes: the theme's inline
bootstrap code lives in files (overrides/partials/javascripts/ -> docs/assets/theme/),
so the policy never depends on what a page contains. A page that does contain
a script, an event handler, a javascript: link, a refresh or a frame the project
did not ship is reported by the build, which then fails in strict mode."""
import os
import re
import subprocess
import sys
from pathlib import Path

import lxml.html
import material
import pytest
import yaml
from conftest import FIXED_TODAY, MINIMAL, PROJECT

from gongkai import mkdocs_project
from gongkai.htmlsafety import header_policy, page_policy, unshipped_code, with_csp

MATERIAL = Path(material.__file__).parent / "templates"
THEME_JS = PROJECT / "docs" / "assets" / "theme"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
INJECTED_SITE_URL = "https://gk.example/\"><script>window.__xss='site_url'</script>"
# Material templates this site never renders: the blog plugin, the redirects
# plugin, and analytics (which would also call Google; test below keeps it off).
UNUSED = re.compile(r"^(blog.*\.html|redirect\.html|partials/integrations/analytics(\.html|/.*))$")


def policy_of(html: str) -> list[str]:
    head = lxml.html.document_fromstring(html).head
    return [meta.get("content") for meta in head.iter("meta") if meta.get("http-equiv") == "Content-Security-Policy"]


# --- the policy ---

def test_policy_allows_only_the_sites_own_script_files():
    policy = page_policy()
    assert "script-src 'self';" in policy and "default-src 'self'" in policy and "object-src 'none'" in policy
    assert "sha256" not in policy and "unsafe" not in policy and "http" not in policy
    assert "frame-ancestors" not in policy  # ignored (and logged as an error) in a meta tag


def test_policy_does_not_depend_on_the_page():
    plain = '<html><head><meta charset="utf-8"></head><body><p>正文</p></body></html>'
    injected = ('<html><head><meta charset="utf-8"><script>window.__xss=1</script></head>'
                '<body><script>alert(1)</script><img src=x onerror="alert(2)"></body></html>')
    assert policy_of(with_csp(plain)) == policy_of(with_csp(injected)) == [page_policy()]
    assert with_csp(injected).startswith('<html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy"')


def test_header_policy_is_the_page_policy_with_frame_ancestors():
    assert header_policy() == page_policy() + "; frame-ancestors 'self'"


def test_only_the_live_preview_allows_inline_scripts():
    assert "script-src 'self' 'unsafe-inline';" in page_policy(live_reload=True)
    assert page_policy(live_reload=True).replace(" 'unsafe-inline'", "") == page_policy()


# --- the tripwire ---

CAUGHT = {
    "inline script": ("<script>window.__xss=1</script>", "内联脚本"),
    "inline script, upper case": ("<SCRIPT type='text/javascript'>x()</SCRIPT>", "内联脚本"),
    "inline module": ('<script type="module">import("x")</script>', "内联脚本"),
    "img onerror": ('<img src="x" onerror="alert(1)">', "onerror"),
    "svg onload": ("<svg onload=alert(1)></svg>", "onload"),
    "handler on body": ('<p ONCLICK="alert(1)">x</p>', "onclick"),
    "javascript link": ('<a href="javascript:alert(1)">x</a>', "脚本链接"),
    "javascript link, tab and entity": ('<a href=" jav&#x09;ascript&colon;alert(1)">x</a>', "脚本链接"),
    "vbscript link": ('<a href="VBScript:msgbox">x</a>', "脚本链接"),
    "form action": ('<form action="javascript:alert(1)"></form>', "脚本链接"),
    "meta refresh": ('<meta http-equiv="refresh" content="0;url=https://evil.example/">', "refresh"),
    "meta refresh, odd case": ("<meta HTTP-EQUIV=' Refresh ' content='0;url=https://evil.example/'>", "Refresh"),
    "iframe": ('<iframe src="https://evil.example/"></iframe>', "<iframe>"),
    "object": ('<object data="x.swf"></object>', "<object>"),
    "embed": ('<embed src="x.swf">', "<embed>"),
    "base": ('<base href="https://evil.example/">', "<base>"),
    "foreign script": ('<script src="https://evil.example/x.js"></script>', "外部脚本"),
    "protocol-relative script": ('<script src="//evil.example/x.js"></script>', "外部脚本"),
    "backslash script": ('<script src="\\\\evil.example/x.js"></script>', "外部脚本"),
    "data block ended early": ('<script type="application/json">{"a": "</script><p>x</p>', "JSON"),
}


@pytest.mark.parametrize("name", CAUGHT)
def test_tripwire_catches_what_the_project_never_ships(name):
    fragment, expected = CAUGHT[name]
    page = f'<!doctype html><html><head><meta charset="utf-8"><title>t</title></head><body>{fragment}</body></html>'
    found = unshipped_code(page)
    assert found and expected in "；".join(found), found


def test_tripwire_passes_what_the_project_ships():
    page = ('<!doctype html><html lang="zh"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{page_policy()}">'
            '<meta name="description" content="文号 &quot;x&quot; onclick=alert(1) javascript:alert(1)">'
            '<script src="../assets/theme/scope.js" data-md-scope=".."></script>'
            '<link rel="alternate feed" type="application/atom+xml" title="全部更新" href="../feeds/all.xml"></head><body>'
            '<p>点击 onclick="alert(1)" 或输入 javascript:alert(1) 都只是文字；&lt;script&gt;alert(1)&lt;/script&gt;</p>'
            '<pre><code>&lt;img src=x onerror=alert(1)&gt;</code></pre>'
            '<a href="https://www.gd.gov.cn/">省政府</a> <a href="mailto:gk@example.cn">信箱</a> <a href="../a/#x">站内</a>'
            '<img src="data:image/png;base64,iVBORw0KGgo=" alt="">'
            '<table><tr><td style="text-align: left;">廉府规〔2021〕1号</td></tr></table>'
            '<form action="../search/" method="get"><input name="q" type="search"></form>'
            '<script id="__config" type="application/json">{"base": "..", "x": "\\u003c/script\\u003e"}</script>'
            '<script src="../assets/javascripts/bundle.min.js"></script></body></html>')
    assert unshipped_code(page) == []


def test_tripwire_is_linear_on_a_large_page():
    import time

    page = "<html><body>" + '<p class="x" title="y">正文 &amp; 文字</p>' * 200_000 + "</body></html>"  # 9 MB
    started = time.perf_counter()
    assert unshipped_code(page) == []
    assert time.perf_counter() - started < 10


# --- the theme writes no inline script ---

def test_every_inline_script_of_the_theme_is_overridden_by_a_file():
    offenders = []
    for template in sorted(MATERIAL.rglob("*.html")):
        name = template.relative_to(MATERIAL).as_posix()
        if name.startswith(".icons/") or UNUSED.match(name) or not INLINE_SCRIPT.search(template.read_text(encoding="utf-8")):
            continue
        override = PROJECT / "overrides" / name
        if not override.is_file() or INLINE_SCRIPT.search(override.read_text(encoding="utf-8")):
            offenders.append(name)
    assert offenders == [], "Material 模板中的内联脚本须移到 docs/assets/theme/ 并在 overrides/ 中改为 <script src>"


def test_unused_theme_templates_stay_unused():
    config = (PROJECT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "analytics" not in config and "blog" not in config and "redirects" not in config


def _materials_scripts(name: str) -> list[str]:
    return re.findall(r"<script>(.*?)</script>", (MATERIAL / "partials" / "javascripts" / name).read_text(encoding="utf-8"), re.S)


def _code(js: str) -> str:
    return "\n".join(line for line in (THEME_JS / js).read_text(encoding="utf-8").splitlines() if not line.startswith("//"))


def test_moved_theme_code_is_materials_own():
    """docs/assets/theme/ holds Material's code unchanged but for where template values come from."""
    (base,) = _materials_scripts("base.html")
    assert _code("scope.js") == base.replace('"{{ config.extra.scope | d(base_url) }}"', "document.currentScript.dataset.mdScope")
    tabs, content = _materials_scripts("content.html")
    assert (_code("tabs-link.js"), _code("content.js")) == (tabs, content)
    for name in ("palette", "announce", "consent"):
        assert [_code(f"{name}.js")] == _materials_scripts(f"{name}.html"), name
    (outdated,) = _materials_scripts("outdated.html")
    assert _code("outdated.js") == outdated.replace('new URL("{{ base_url }}")', "new URL(document.currentScript.dataset.mdBase,location)")


# --- built sites ---

@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = tmp_path_factory.mktemp("csp") / "project"
    mkdocs_project.prepare(project)
    run = mkdocs_project.build(project, MINIMAL, FIXED_TODAY.isoformat())
    assert run.returncode == 0, run.output
    return project / "site", run


def test_built_pages_carry_one_fixed_policy_and_no_inline_script(built):
    site, run = built
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20 and (site / "404.html") in pages
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert policy_of(html) == [page_policy()], path
        assert '<meta name="referrer" content="strict-origin-when-cross-origin">' in html, path
        assert unshipped_code(html) == [], path
        assert not INLINE_SCRIPT.search(html), path
    assert "gongkai:" not in "\n".join(run.warnings)
    for js in ("scope.js", "content.js"):
        assert (site / "assets" / "theme" / js).is_file()


def _project_with_site_url(root: Path, site_url: str) -> Path:
    """The URL check bypassed: the address goes straight into MkDocs' config."""
    project = root / "project"
    config = mkdocs_project.prepare(project)
    config.write_text(config.read_text(encoding="utf-8") + f"\nsite_url: {yaml.safe_dump(site_url).splitlines()[0]}\n", encoding="utf-8")
    return project


def test_an_injected_script_is_reported_and_fails_the_strict_build(tmp_path):
    project = _project_with_site_url(tmp_path, INJECTED_SITE_URL)
    (project / "site").mkdir()
    (project / "site" / "index.html").write_text("上一次的网站", encoding="utf-8")
    run = mkdocs_project.build(project, MINIMAL, FIXED_TODAY.isoformat())
    assert run.returncode != 0
    reported = [line for line in run.warnings if "本项目没有提供的脚本" in line]
    assert any(line.startswith("WARNING -  gongkai: 404.html ") for line in reported), run.output
    assert any(line.startswith("WARNING -  gongkai: index.md ") for line in reported), run.output
    assert all("内联脚本 <script>window.__xss='site_url'</script>" in line for line in reported)
    assert (project / "site" / "index.html").read_text(encoding="utf-8") == "上一次的网站"


def test_check_refuses_the_injected_site_url(minimal_copy):
    from gongkai.pipeline import check

    site = minimal_copy / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + f"网站地址: {yaml.safe_dump(INJECTED_SITE_URL).splitlines()[0]}\n", encoding="utf-8")
    result = check(minimal_copy, today=FIXED_TODAY)
    assert not result.ok
    assert [(p.file.endswith("site.yaml"), p.line) for p in result.errors] == [(True, 7)]


# --- the live preview ---

@pytest.fixture
def served(minimal_copy, tmp_path):
    from test_serve import free_port, wait_for, fetch

    project = tmp_path / "project"
    mkdocs_project.prepare(project, watch=minimal_copy)
    port = free_port()
    env = dict(os.environ, GONGKAI_CATALOG=str(minimal_copy), NO_MKDOCS_2_WARNING="1", GONGKAI_TODAY=FIXED_TODAY.isoformat())
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}/"
        assert wait_for(lambda: "城区停车设施规划听证会" in fetch(base + "hearings/2021-01/"), 60), "server did not come up"
        yield base, minimal_copy
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_live_preview_reloads_in_the_browser_and_only_there_allows_inline_script(served, browser):
    from test_serve import fetch

    base, catalog = served
    html = fetch(base + "hearings/2021-01/")
    assert policy_of(html) == [page_policy(live_reload=True)]
    assert re.search(r"<script>\s*var livereload = function", html)  # the one inline script, added by the server
    context = browser.new_context()
    page = context.new_page()
    blocked = []
    page.on("console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None)
    page.goto(base + "hearings/2021-01/")
    page.wait_for_load_state("load")
    assert page.evaluate("typeof livereload") == "function" and not blocked
    hearing = catalog / "hearings" / "2021" / "2021-01.yaml"
    hearing.write_text(hearing.read_text(encoding="utf-8").replace("城区停车设施规划听证会", "停车规划公开听证会"), encoding="utf-8")
    # A function, not a string: the policy forbids eval, for the test's own code too.
    page.wait_for_function("() => document.body && document.body.innerText.includes('停车规划公开听证会')", timeout=60_000)  # reloaded by itself
    context.close()
