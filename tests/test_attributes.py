"""Values that reach an attribute are escaped for attributes: a quote in a
title, an issuer (发布机构) or an authority (制定机关) cannot close
<meta name="description" content="…"> and add http-equiv="refresh" (which sent
readers to another site), and readers still see the text exactly as typed."""
import re
import shutil

import lxml.html
import pytest
from conftest import FIXED_TODAY, MINIMAL

from gongkai import mkdocs_project
from gongkai.htmlsafety import unshipped_code

REFRESH = '0;url=https://evil.example/" http-equiv="refresh"'
SINGLE = "' http-equiv='refresh' content='0;url=https://evil.example/'"
TAGGED = '"><meta http-equiv="refresh" content="0;url=https://evil.example/">'
PAYLOAD = REFRESH + SINGLE + TAGGED + " & &amp; \\"
TITLE = "测试市停车管理办法" + PAYLOAD
ISSUER = "测试市人民政府" + PAYLOAD
AUTHORITY = "测试市人民政府" + PAYLOAD

# page -> what its description says (the renderers' wording around the values)
PAGES = {
    "documents/fx-2021-02/index.html": f"测府规〔2021〕2号 {ISSUER}",
    "decisions/2021/index.html": None,  # the catalog page: title built from the authority
    "decisions/2021-01/index.html": f"{AUTHORITY}2021年重大行政决策事项",
    "hearings/2021/index.html": None,
    "hearings/2021-01/index.html": f"{AUTHORITY} 2021年听证事项",
}


def _replace_field(path, field, value):
    text = path.read_text(encoding="utf-8")
    quoted = "'" + value.replace("'", "''") + "'"  # YAML single-quoted: '' is one '
    changed, count = re.subn(rf"^{field}: .*$", lambda _: f"{field}: {quoted}", text, count=1, flags=re.M)
    assert count == 1, (path, field)
    path.write_text(changed, encoding="utf-8")


@pytest.fixture(scope="module")
def attacked(tmp_path_factory):
    root = tmp_path_factory.mktemp("attributes")
    catalog = root / "catalog"
    shutil.copytree(MINIMAL, catalog)
    document = catalog / "documents" / "fx-2021-02.md"
    _replace_field(document, "标题", TITLE)
    _replace_field(document, "发布机构", ISSUER)
    _replace_field(catalog / "decisions" / "2021" / "catalog.yaml", "制定机关", AUTHORITY)
    _replace_field(catalog / "hearings" / "2021" / "catalog.yaml", "制定机关", AUTHORITY)
    project = root / "project"
    mkdocs_project.prepare(project)
    run = mkdocs_project.build(project, catalog, FIXED_TODAY.isoformat())
    assert run.returncode == 0, run.output  # text, not markup: the strict build has nothing to report
    return project / "site"


def _head(site, page):
    return lxml.html.document_fromstring((site / page).read_text(encoding="utf-8")).head


@pytest.mark.parametrize("page", sorted(PAGES))
def test_description_keeps_its_two_attributes_and_the_text_as_typed(attacked, page):
    head = _head(attacked, page)
    descriptions = head.findall("meta[@name='description']")
    assert len(descriptions) == 1
    assert set(descriptions[0].attrib) == {"name", "content"}
    assert "evil.example" in descriptions[0].get("content")  # the whole value stayed inside content
    if PAGES[page]:
        assert descriptions[0].get("content") == " ".join(PAGES[page].split())
    equivs = [meta.get("http-equiv") for meta in head.iter("meta") if meta.get("http-equiv") is not None]
    assert equivs == ["Content-Security-Policy"], page
    body_equivs = [meta for meta in head.getparent().body.iter("meta")]
    assert body_equivs == []
    assert unshipped_code((attacked / page).read_text(encoding="utf-8")) == []


def test_title_is_shown_as_typed_without_double_escaping(attacked):
    head = _head(attacked, "documents/fx-2021-02/index.html")
    assert head.findtext("title").startswith(" ".join(TITLE.split()) + "（测府规〔2021〕2号） - ")  # with its 文号


def test_front_matter_values_stay_one_yaml_string():
    from mkdocs.utils.meta import get_data

    from gongkai.render.markdown import front_matter

    hostile = 'a"\n---\ntemplate: evil.html\nhide: [navigation]\n' + PAYLOAD + "\x00\x1b"
    _, meta = get_data(front_matter(hostile, hostile) + "\n\n# 正文\n")
    assert set(meta) == {"title", "description"}
    for value in meta.values():
        assert '"' not in value and "'" not in value and "<" not in value and "\x00" not in value
        assert "template: evil.html" in value  # kept as text, on one line


def test_reader_stays_on_the_site(browser, attacked):
    from gongkai.browser_support import PageWatch, serve

    with serve(attacked) as base:
        context = browser.new_context(locale="zh-CN")
        page = context.new_page()
        watch = PageWatch(base)
        watch.attach(page)
        for path in PAGES:
            address = base + path.removesuffix("index.html")
            page.goto(address)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(1200)  # a refresh of 0 s would have left by now
            assert page.url == address
            assert page.locator("meta[http-equiv='refresh' i]").count() == 0
        page.goto(base + "documents/fx-2021-02/")
        assert page.title().startswith(" ".join(TITLE.split()))  # &quot; shows as ", &amp;amp; as &amp;
        assert page.locator("meta[name='description']").get_attribute("content") == " ".join(PAGES["documents/fx-2021-02/index.html"].split())
        context.close()
        assert not watch.foreign, watch.foreign
        assert not watch.errors, watch.errors


# --- the site's own addresses (site.yaml 网站地址, 源文件仓库, 分支) ---

SITE = {"网站名称": "测试市人民政府政务公开", "机关名称": "测试市人民政府", "公开工作机构": "测试市人民政府办公室"}
GOOD_ADDRESSES = {
    "https://gk.lianjiang.example": "https://gk.lianjiang.example/",
    "HTTPS://GK.Lianjiang.Example:443/zwgk": "https://gk.lianjiang.example/zwgk/",
    "http://10.1.2.3:8080/gk/": "http://10.1.2.3:8080/gk/",
    "http://zwgk/": "http://zwgk/",  # an intranet host name
    "https://[::1]:8443/": "https://[::1]:8443/",
    "https://政务.中国/公开/": "https://xn--zfr164b.xn--fiqs8s/%E5%85%AC%E5%BC%80/",
    "https://gk.example/%E5%85%AC%E5%BC%80/.well-known/": "https://gk.example/%E5%85%AC%E5%BC%80/.well-known/",
}
BAD_ADDRESSES = {
    "quote and script": "https://gk.example/\"><script>alert(1)</script>",
    "single quote": "https://gk.example/'onmouseover='alert(1)",
    "angle bracket": "https://gk.example/<b>",
    "space": "https://gk.example/ x",
    "ideographic space": "https://gk.example/\u3000x",
    "no-break space": "https://gk.example/\u00a0x",
    "tab": "https://gk.example/\tx",
    "line break": "https://gk.example/\nx",
    "backslash": "https://gk.example\\@evil.example/",
    "backtick": "https://gk.example/`x`",
    "zero-width space": "https://gk.exa\u200bmple/",
    "bidi override": "https://gk.example/\u202egpj.exe",
    "control character": "https://gk.example/\x7f",
    "javascript": "javascript:alert(1)",
    "javascript, mixed case": "JaVaScRiPt:alert(1)",
    "data": "data:text/html,<script>alert(1)</script>",
    "ftp": "ftp://gk.example/",
    "no scheme": "gk.lianjiang.example",
    "protocol-relative": "//gk.example/",
    "scheme without slashes": "https:gk.example",
    "user and password": "https://user:pw@gk.example/",
    "query": "https://gk.example/?a=1",
    "fragment": "https://gk.example/#top",
    "port out of range": "https://gk.example:99999/",
    "label starts with hyphen": "https://-gk.example/",
    "empty label": "https://gk..example/",
    "label too long": "https://" + "a" * 64 + ".example/",
    "numeric last label": "https://1.2.3/",
    "no host": "https:///zwgk/",
    "dot segment": "https://gk.example/a/../b/",
    "bad percent escape": "https://gk.example/%zz/",
    "too long": "https://gk.example/" + "a" * 2000,
    "meta refresh payload": "https://gk.example/0;url=https://evil.example/\" http-equiv=\"refresh\"",
}


def _site(**fields):
    from gongkai.model import SiteSettings

    return SiteSettings.model_validate({**SITE, **fields})


@pytest.mark.parametrize("typed", GOOD_ADDRESSES)
def test_site_address_is_accepted_in_canonical_form(typed):
    site = _site(网站地址=typed, 源文件仓库=typed)
    assert site.url == GOOD_ADDRESSES[typed]
    assert site.repository == GOOD_ADDRESSES[typed].rstrip("/")


@pytest.mark.parametrize("name", BAD_ADDRESSES)
@pytest.mark.parametrize("field", ["网站地址", "源文件仓库"])
def test_site_address_refuses_what_could_break_out(name, field):
    from pydantic import ValidationError

    from gongkai.messages import translate
    from gongkai.model import SiteSettings

    with pytest.raises(ValidationError) as caught:
        _site(**{field: BAD_ADDRESSES[name]})
    (error,) = caught.value.errors()
    assert error["loc"] == (field,)
    message, hint = translate(error, SiteSettings)
    assert re.search(r"[\u4e00-\u9fff]", message) and re.search(r"[\u4e00-\u9fff]", hint)
    if error["type"] == "gk_site_url":
        assert "如 https://" in message  # the example travels with the message


@pytest.mark.parametrize("branch", ["main", "release/2024", "发布-1.0", "v2_draft"])
def test_branch_names_pass(branch):
    assert _site(分支=branch).branch == branch


@pytest.mark.parametrize("branch", ['main" onmouseover="alert(1)', "a b", "../x", "-x", "x/", "a..b", "x<y", "x'y", "a\\b"])
def test_branch_names_that_could_break_a_link_are_refused(branch):
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        _site(分支=branch)


def test_site_address_reaches_pages_sitemap_and_feeds_in_canonical_form(tmp_path, minimal_copy):
    site_file = minimal_copy / "site.yaml"
    site_file.write_text(site_file.read_text(encoding="utf-8") + "网站地址: HTTPS://GK.Lianjiang.Example/zwgk\n", encoding="utf-8")
    project = tmp_path / "project"
    mkdocs_project.prepare(project)
    run = mkdocs_project.build(project, minimal_copy, FIXED_TODAY.isoformat())
    assert run.returncode == 0, run.output
    built = project / "site"
    head = _head(built, "documents/fx-2021-02/index.html")
    (canonical,) = head.findall("link[@rel='canonical']")
    assert canonical.attrib == {"rel": "canonical", "href": "https://gk.lianjiang.example/zwgk/documents/fx-2021-02/"}
    assert "<loc>https://gk.lianjiang.example/zwgk/documents/fx-2021-02/</loc>" in (built / "sitemap.xml").read_text(encoding="utf-8")
    feed = (built / "feeds" / "all.xml").read_text(encoding="utf-8")
    assert 'href="https://gk.lianjiang.example/zwgk/"' in feed and 'href="https://gk.lianjiang.example/zwgk/feeds/all.xml"' in feed
    assert unshipped_code((built / "404.html").read_text(encoding="utf-8")) == []


def test_other_site_values_are_text_wherever_they_land(tmp_path, minimal_copy):
    hostile = '"><script>window.__xss=1</script><img src=x onerror=alert(1)>\' & &amp;'
    site_file = minimal_copy / "site.yaml"
    text = site_file.read_text(encoding="utf-8")
    for field in ("公开工作机构", "办公地址"):
        text = re.sub(rf"^{field}: (.*)$", lambda m, field=field: f"{field}: '{m.group(1)}{hostile.replace(chr(39), chr(39) * 2)}'", text, flags=re.M)
    quoted = "'" + hostile.replace("'", "''") + "'"
    text += f"办公时间: {quoted}\n数据使用许可: {quoted}\n"
    site_file.write_text(text, encoding="utf-8")
    project = tmp_path / "project"
    mkdocs_project.prepare(project)
    run = mkdocs_project.build(project, minimal_copy, FIXED_TODAY.isoformat())
    assert run.returncode == 0, run.output  # nothing removed by the sanitizer, nothing tripped
    for page in ("index.html", "data/index.html", "about/index.html", "404.html"):
        html = (project / "site" / page).read_text(encoding="utf-8")
        assert unshipped_code(html) == [], page
        assert "<script>window.__xss" not in html and "<img src=x" not in html, page
    def shown(page):
        return lxml.html.document_fromstring((project / "site" / page).read_text(encoding="utf-8")).body.text_content()

    assert shown("about/index.html").count(hostile) == 3  # office, address and hours, as typed
    assert hostile in shown("data/index.html")  # the licence
