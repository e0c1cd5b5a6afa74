"""Markdown bodies are data: raw HTML, attribute lists, forbidden and hidden
link forms, foreign images and links to pages show as typed text; `check` says
where and refuses what the strict build would refuse; the HTML allowlist
stands behind them."""
import re

import pytest
from conftest import FIXED_TODAY, PROJECT
from markup_support import EXTENSIONS, dangers, image_sources, render, render_plain, sanitizer_losses

from gongkai.bodytext import MAX_NESTING, inert, scan, unsafe_spans
from gongkai.htmlsafety import removed, sanitize
from gongkai.pipeline import check
from gongkai.render.markdown import demote_headings

ATTACHMENT = "../files/documents/fx-2021-02/plan.txt"  # the fixture document's own attachment

PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "img onerror": "<img src=x onerror=alert(1)>",
    "md_in_html": "<div markdown=\"1\"><script>alert(1)</script></div>",
    "md_in_html block": "<div markdown>\n*x* <b onclick=alert(1)>y</b>\n</div>",
    "comment": "<!-- <script>alert(1)</script> -->",
    "backslash before tag": "\\<img src=x onerror=alert(1)>",
    "javascript": "[点我](javascript:alert(1))",
    "javascript in <>": "[点我](  <JavaScript:alert(1)>)",
    "mixed case": "[点我](JaVaScRiPt:alert(1))",
    "decimal reference": "[点我](&#106;avascript:alert(1))",
    "hex reference": "[点我](&#x6A;avascript:alert(1))",
    "named colon": "[点我](javascript&colon;alert(1))",
    "tab reference in scheme": "[点我](java&Tab;script:alert(1))",
    "percent-encoded colon": "[点我](javascript%3Aalert(1))",
    "destination on next line": "[点我](\njavascript:alert(1))",
    "angle destination on next line": "[点我](<\njavascript:alert(1)>)",
    "newline inside scheme": "[点我](java\nscript:alert(1))",
    "data": "[点我](data:text/html;base64,PHNjcmlwdD4=)",
    "vbscript": "[点我](vbscript:msgbox(1))",
    "file": "[点我](file:///etc/passwd)",
    "reference": "[点我][r]\n\n[r]: javascript:alert(1)",
    "reference url on next line": "[点我][r]\n\n[r]:\n    javascript:alert(1)",
    "reference title on next line": "[点我][r]\n\n[r]: https://ok.example/\n    \"t\" onclick=x",
    "reference image": "![图][r]\n\n[r]: http://evil.example/p.png",
    "external image": "![x](http://evil.example/p.png)",
    "protocol-relative image": "![x](//evil.example/p.png)",
    "data image": "![x](data:image/png;base64,AAAA)",
    "image inside link text": "![x [a](b[c) y](http://evil.example/p.png)",
    "attr on heading": "## 标题 {: onclick=alert(1) }",
    "attr id": "## 标题 {#__config}",
    "attr class": "段落\n{.md-header}",
    "attr style": "段落\n{: style=\"position:fixed\" }",
    "attr on link": "[x](https://ok.example/){: onclick=alert(1) }",
    "attr src on image": "![x](../files/documents/fx-2021-02/plan.txt){: src=http://evil.example/p.png }",
    "attr on list item": "- 项目 {: onclick=alert(1) }",
    "attr on table cell": "| 甲 {: onclick=alert(1) } | 乙 |\n| --- | --- |\n| 丙 | 丁 {: style=color:red } |",
    "attr on emphasis": "*强调*{: onclick=alert(1) }",
    "javascript autolink": "<javascript://%0aalert(1)>",
    "link to page": "[办法](../documents/lfg-2021-01.md)",
    "anchor": "[见第三条](#第三条)",
    "absolute path": "[首页](/index.md)",
    "code span opened on the line before": "a `b\n`<img src=x onerror=alert(1)>`",
    "escaped backtick": "\\`<img src=x onerror=alert(1)>`",
}


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_payloads_become_text_and_are_reported(payload):
    html = render(payload)
    assert not dangers(html), html
    assert sanitizer_losses(html) == [], html
    assert all(source.startswith("../files/") for source in image_sources(html)), html
    if payload.startswith(("a `b", "\\`")):
        assert "onerror" in html and "<img" not in html  # shown, as code or as text
    else:
        assert unsafe_spans(payload), payload  # and `check` can point at each one


LEGITIMATE = (
    "## 第一章 总则\n\n第一条　为了规范……，根据《中华人民共和国行政处罚法》制定本办法。\n\n"
    "**重点**和*强调*，`代码 <b>`，``含`反引号``，a < b，a > b，5 & 6，{第一条}，〔2021〕1号，[注]\n\n"
    "- 第一项\n- 第二项\n    1. 子项\n\n> 引用的文字\n\n"
    "| 项目 | 内容 |\n| :-- | --: |\n| 甲 | `a|b` |\n\n"
    "[门户网站](https://www.gov.example/a_b?c=1&d=2 \"标题\")、<https://www.gov.example/>、"
    "<office@gov.example>、[来信](mailto:office@gov.example)\n\n"
    f"![规划图]({ATTACHMENT})、[规划文本](<{ATTACHMENT}>)\n\n!!! note \"说明\"\n    提示框内容\n"
)


def test_legitimate_markdown_renders_as_written_and_is_not_reported():
    assert not scan(LEGITIMATE).unsafe and not scan(LEGITIMATE).refused
    html = render(LEGITIMATE)
    assert html == render_plain(demote_headings(LEGITIMATE))  # escaping changed nothing a reader sees
    assert not dangers(html) and sanitizer_losses(html) == []
    assert '<a href="https://www.gov.example/a_b?c=1&amp;d=2" title="标题">门户网站</a>' in html
    assert f'<img alt="规划图" src="{ATTACHMENT}"' in html and "<code>代码 &lt;b&gt;</code>" in html


def test_text_without_markup_is_returned_unchanged():
    text = "## 第一章\n\n第一条　见《办法》、a < b 和 https://www.gov.example/。"
    assert inert(text) is text or inert(text) == text


def test_attachment_links_are_kept_for_check_to_verify():
    result = scan(f"见[附件]({ATTACHMENT})和![图](../files/x.png)与[页]({ATTACHMENT[3:]})")
    assert [(link.line, link.target) for link in result.local_links] == [
        (1, "files/documents/fx-2021-02/plan.txt"), (1, "files/x.png")]
    assert [span.kind for span in result.unsafe] == ["page-link"]  # files/… without ../ is a page of the folder


def test_code_spans_pair_runs_of_equal_length_in_linear_time():
    text = "`" * 40000 + "<"
    result = scan(text)
    assert result.refused  # far beyond what a document holds (see test_bounded_input for the time)
    assert scan("``a`b`` `c`").text == "``a`b`` `c`"
    assert scan("``a` x").text == "\\`\\`a\\` x"  # no closing run of two: every backtick is typed text
    assert "<code>" not in render("`a\\`b` <x>")  # a backslash before a backtick inside: not trusted as code


def test_headings_are_demoted_wherever_markdown_sees_them():
    assert demote_headings("#标题\n> # 引用标题\n- # 列表标题\n###### 六级\n\\# 不是") == \
        "##标题\n> ## 引用标题\n- ## 列表标题\n###### 六级\n\\# 不是"
    assert "<h1" not in render("# 一\n```\n# 代码\n```")  # the site's Markdown has no fenced blocks


def test_check_warns_with_the_body_line(minimal_copy):
    path = minimal_copy / "documents" / "fx-2021-02.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n第二段<iframe src=x>\n\n[坏](\njavascript:alert(1))\n\n"
                    "## 小节 {: onclick=alert(1) }\n\n[页](../documents/fx-2019-01.md)\n", encoding="utf-8")
    result = check(minimal_copy, display_root="catalog", today=FIXED_TODAY)
    assert result.ok
    found = [str(p) for p in result.problems if p.file.endswith("fx-2021-02.md") and "正文" in p.message]
    assert all(p.severity.value == "warning" for p in result.problems if "正文" in p.message)
    assert found[0].startswith("catalog/documents/fx-2021-02.md:44 正文含有 HTML「<iframe src=x>」")
    assert found[1].startswith("catalog/documents/fx-2021-02.md:46 正文的链接使用了不允许的写法「( javascript:alert(1))」")
    assert found[2].startswith("catalog/documents/fx-2021-02.md:49 正文含有属性标记「{: onclick=alert(1) }」")
    assert found[3].startswith("catalog/documents/fx-2021-02.md:51 正文的站内链接「../documents/fx-2019-01.md」不会生效")


def test_a_link_to_a_file_that_is_not_an_attachment_is_an_error(minimal_copy):
    path = minimal_copy / "documents" / "fx-2021-02.md"
    original = path.read_text(encoding="utf-8")
    path.write_text(original + f"\n见[规划]({ATTACHMENT})。\n", encoding="utf-8")
    assert check(minimal_copy, display_root="catalog", today=FIXED_TODAY).ok
    path.write_text(original + "\n见![图](../files/documents/fx-2019-01/secret.pdf)。\n", encoding="utf-8")
    result = check(minimal_copy, display_root="catalog", today=FIXED_TODAY)
    [error] = result.errors
    assert str(error).startswith("catalog/documents/fx-2021-02.md:44 正文链接的文件「../files/documents/fx-2019-01/secret.pdf」不是本记录的附件")


def test_interpretations_and_annual_sections_are_checked_too(minimal_copy):
    path = minimal_copy / "documents" / "fx-2021-02.md"
    text = path.read_text(encoding="utf-8")
    assert "    内容: |\n" in text
    path.write_text(text.replace("    内容: |\n", "    内容: |\n      <script>alert(1)</script>\n", 1), encoding="utf-8")
    annual = minimal_copy / "annual" / "2021.yaml"
    annual.parent.mkdir(exist_ok=True)
    annual.write_text((PROJECT / "catalog" / "annual" / "2021.yaml").read_text(encoding="utf-8")
                      .replace("总体情况: |\n", "总体情况: |\n  ![x](http://evil.example/p.png)\n", 1), encoding="utf-8")
    messages = [p.message for p in check(minimal_copy, display_root="catalog", today=FIXED_TODAY).problems]
    assert "内容第1行含有 HTML「<script>」" in messages
    assert "总体情况第1行引用了外部网站的图片「http://evil.example/p.png」" in messages


# The body starts on line 38 of the fixture file; what is appended starts on line 44.
@pytest.mark.parametrize("body, line, message", [
    ("\n".join("    " * level + "- 项" for level in range(600)), 44 + MAX_NESTING,
     f"嵌套层数过多（{MAX_NESTING + 1} 层，上限 {MAX_NESTING} 层）"),
    ("> " * 30 + "引用", 44, "嵌套层数过多"),
    ("# 标题\n" * 200, 144, "连续超过 100 个标题或分隔线之间没有空行"),
    ("[" * 60000, 38, "排版符号和行数过多"),  # the amount of markup is the whole body's
    ("`" * 40000 + "<", 38, "排版符号和行数过多"),
    ("文字" * 5000 + "*" * 20000, 44, "过长过密"),
])
def test_limits_are_errors_with_the_line(minimal_copy, body, line, message):
    path = minimal_copy / "documents" / "fx-2021-02.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n" + body + "\n", encoding="utf-8")
    result = check(minimal_copy, display_root="catalog", today=FIXED_TODAY)
    [error] = result.errors
    assert (error.file, error.line) == ("catalog/documents/fx-2021-02.md", line) and message in error.message, str(error)


def test_many_neutralised_constructs_are_summed_up(minimal_copy):
    path = minimal_copy / "documents" / "fx-2021-02.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n" + "<b>粗</b>\n\n" * 50, encoding="utf-8")
    warnings = [p.message for p in check(minimal_copy, display_root="catalog", today=FIXED_TODAY).problems
                if p.message.startswith("正文")]
    assert len(warnings) == 21 and warnings[-1] == "正文之后另有 80 处类似写法按原样显示为文字"


def test_extensions_are_those_of_mkdocs_yml():
    text = (PROJECT / "mkdocs.yml").read_text(encoding="utf-8")
    block = text[text.index("markdown_extensions:"):].split("\n\n")[0]
    assert re.findall(r"^  - (\w+)", block, re.M) == EXTENSIONS
    assert "slugify" in block and "case: lower" in block


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
