"""Markdown bodies are data: raw HTML shows as text, bad links and foreign images are
disabled, `check` says where; the HTML allowlist and the CSP behind them."""
import markdown
import pytest
from conftest import FIXED_TODAY

from gongkai.bodytext import inert, unsafe_spans
from gongkai.htmlsafety import removed, sanitize
from gongkai.pipeline import check

EXTENSIONS = ["toc", "admonition", "attr_list", "md_in_html", "tables"]  # as in mkdocs.yml


def html_of(text: str) -> str:
    return markdown.markdown(inert(text), extensions=EXTENSIONS)


@pytest.mark.parametrize("payload", [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<div markdown=\"1\"><script>alert(1)</script></div>",
    "<!-- <script>alert(1)</script> -->",
    "[点我](javascript:alert(1))",
    "[点我](  <JavaScript:alert(1)>)",
    "[点我](&#106;avascript:alert(1))",
    "[点我][r]\n\n[r]: javascript:alert(1)",
    "![x](http://evil.example/p.png)",
    "![x](//evil.example/p.png)",
    "<a href='javascript:alert(1)'>x</a>",
])
def test_payloads_become_text(payload):
    html = html_of(payload)
    assert "<script" not in html and "<img" not in html and "<a" not in html and "<div" not in html
    assert unsafe_spans(payload)  # and `check` can point at each one


def test_ordinary_markdown_is_untouched():
    text = "## 第一章\n\n第一条　见[办法](../documents/lfg-2021-01.md)、<https://www.gov.example/>、`<b>` 和 a < b。\n\n![图](../files/a.png)"
    assert inert(text) == text
    assert not unsafe_spans(text)


def test_check_warns_with_the_body_line(minimal_copy):
    path = minimal_copy / "documents" / "fx-2021-02.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n第二段<iframe src=x>\n", encoding="utf-8")
    result = check(minimal_copy, display_root="catalog", today=FIXED_TODAY)
    assert result.ok
    [problem] = [p for p in result.problems if "HTML" in p.message]
    assert problem.severity.value == "warning" and problem.line == 44
    assert str(problem).startswith("catalog/documents/fx-2021-02.md:44 正文含有 HTML「<iframe src=x>」")


def test_sanitizer_keeps_the_sites_own_markup_and_reports_what_it_removes():
    ours = ('<h2 id="第一章">第一章<a class="headerlink" href="#第一章" title="Permanent link">¶</a></h2>'
            '<div class="admonition warning"><p class="admonition-title">注意</p><p>文字<br><strong>粗</strong></p></div>'
            '<table><thead><tr><th style="text-align: left;">项目</th></tr></thead><tbody><tr><td>值</td></tr></tbody></table>'
            '<p><a href="../a/">相对</a> <a href="https://x.example/">外</a> <a href="mailto:a@x.example">信</a> <code>x</code></p>')
    assert removed(ours, sanitize(ours)) == []
    evil = '<p onclick="x()">a<script>alert(1)</script><a href="javascript:alert(1)">b</a><iframe src="x"></iframe></p>'
    clean = sanitize(evil)
    assert "script" not in clean and "javascript" not in clean and "iframe" not in clean and "onclick" not in clean
    assert removed(evil, clean) == ["a@href", "iframe", "iframe@src", "p@onclick", "script"]
