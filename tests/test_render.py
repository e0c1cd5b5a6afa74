"""What the rendered pages must and must not contain, beyond the golden files."""
import datetime as dt
import re

import pytest

from conftest import FIXED_TODAY, MINIMAL, PROJECT, drop_interpretations

from gongkai.compliance.rules import RULES
from gongkai.pipeline import check, render
from gongkai.render.markdown import demote_headings, fact_pairs, inline

PROJECT_CATALOG = PROJECT / "catalog"


def pages_as_of(day=FIXED_TODAY, catalog=MINIMAL):
    result = check(catalog, display_root="catalog")
    assert result.ok, [str(p) for p in result.problems]
    return render(result.catalog, day)


def all_text(site):
    return "\n".join(site.pages.values())


def test_withheld_and_future_records_appear_nowhere():
    site = pages_as_of()
    text = all_text(site)
    assert "内部事项不应出现" not in text  # 公开属性: 不予公开
    assert "未来发布的文件" not in text and "测府规〔2022〕1号" not in text  # 发布日期 2030
    assert "decisions/2021-03.md" not in site.pages
    assert not any("2021-03" in path or "fx-2022-01" in path for path in site.copies)


def test_future_record_appears_once_its_day_comes():
    site = pages_as_of(dt.date(2030, 1, 2))
    assert "documents/fx-2022-01.md" in site.pages
    assert "未来发布的文件" in site.pages["index.md"]


def test_catalog_values_are_escaped_not_markup():
    page = pages_as_of().pages["decisions/2021-02.md"]
    assert "<script>" not in page
    assert "&lt;script&gt;alert\\(1\\)&lt;/script&gt;" in page


def test_expiry_is_computed_from_dates():
    # fx-2021-02 is valid until 2026-06-30 and nobody edited its status.
    before = pages_as_of(dt.date(2026, 6, 30)).pages["documents/fx-2021-02.md"]
    after = pages_as_of(dt.date(2026, 7, 1)).pages["documents/fx-2021-02.md"]
    assert fact_pairs([("有效性", "**有效**")]) in before and "本文件已失效" not in before
    assert fact_pairs([("有效性", "**失效**")]) in after and "本文件已失效" in after
    assert ">失效</span>" in pages_as_of(dt.date(2026, 7, 1)).pages["documents/by-status.md"]


def test_relations_are_linked_both_ways():
    pages = pages_as_of().pages
    assert "本文件修改了：[《测试市停车管理办法》" in pages["documents/fx-2021-02.md"]
    assert "(fx-2019-01.md)" in pages["documents/fx-2021-02.md"]
    assert "本文件被修改：" in pages["documents/fx-2019-01.md"]
    assert "(fx-2021-02.md)" in pages["documents/fx-2019-01.md"]
    assert "来源于重大行政决策：[测试市城区停车设施规划](../decisions/2021-01.md)" in pages["documents/fx-2021-02.md"]
    assert "../documents/fx-2021-02.md" in pages["decisions/2021-01.md"]
    assert "../hearings/2021-01.md" in pages["decisions/2021-01.md"]
    assert "../decisions/2021-01.md" in pages["hearings/2021-01.md"]


def test_status_banners():
    # fx-2019-01 was amended on 2021-07-01 and, as amended, expired after 2024-03-31.
    amended = pages_as_of(dt.date(2024, 3, 31)).pages["documents/fx-2019-01.md"]
    # Amended but in force: listed 有效 as the government's register lists it, the amendment kept visible.
    assert '!!! warning "本文件已被修改，修改后继续有效"' in amended and fact_pairs([("有效性", "**有效（已修改）**")]) in amended
    assert '<dt markdown="span">修改文件</dt>\n<dd markdown="span">[《测试市人民政府关于修改' in amended
    assert '!!! danger "本文件已失效"' in pages_as_of(dt.date(2024, 4, 1)).pages["documents/fx-2019-01.md"]
    pages = pages_as_of().pages
    assert '!!! warning "本事项已调出目录"' in pages["decisions/2021-02.md"]
    assert "调出第2项" in pages["decisions/2021-02.md"]


def test_attachments_published_with_size_and_sha256():
    site = pages_as_of()
    page = site.pages["documents/fx-2021-02.md"]
    assert "[停车设施规划文本](../files/documents/fx-2021-02/plan.txt)（TXT，39 字节）" in page
    assert "SHA-256：`581ab831f9a116cfd28d5ed55751392a672b3ed1f2084cd3c5a22e1a3fe00a94`" in page
    copied = site.copies["files/documents/fx-2021-02/plan.txt"]  # the checked file, verified again when published
    assert (copied.path, copied.size, copied.sha256[:8]) == ("documents/fx-2021-02/plan.txt", 39, "581ab831")


def test_every_record_page_links_its_public_data_file():
    site = pages_as_of()
    page = site.pages["decisions/2021-01.md"]
    assert "`catalog/decisions/2021/2021-01.yaml`" in page
    assert "[查看本页数据（YAML）](../source/decisions/2021/2021-01.yaml.txt)" in page
    assert "[查看本页数据（YAML 和正文）](../source/documents/fx-2021-02.md.txt)" in site.pages["documents/fx-2021-02.md"]
    # Generated from the public view, never a copy of the catalog file.
    assert not any(path.startswith("source/") for path in site.copies)
    data = site.files["source/decisions/2021/2021-01.yaml.txt"]
    assert data.startswith("\ufeff序号: 1\n标题: 测试市城区停车设施规划\n".encode("utf-8"))
    assert "保密审查" not in data.decode("utf-8") and "是否听证: 是\n" in data.decode("utf-8")
    document = site.files["source/documents/fx-2021-02.md.txt"].decode("utf-8-sig")
    assert document.startswith("---\n标题: ") and "\n---\n将第一条修改为" in document
    assert "  内容: |-\n    # 为什么修改\n" in document  # Markdown text as a literal block
    assert document.index("状态历史:") < document.index("公开属性: 主动公开")  # own fields first, then the shared ones


def test_sample_records_are_marked():
    pages = pages_as_of().pages
    assert '!!! example "示例数据"' in pages["decisions/2021-01.md"]
    assert '!!! example "示例数据"' not in pages["reports/fzzf-2021.md"]
    assert '!!! example "示例站点"' in pages["index.md"]


def test_decision_timeline_lists_every_statutory_step():
    page = pages_as_of().pages["decisions/2021-01.md"]
    steps = ["公众参与", "听证", "专家论证", "风险评估", "合法性审查", "集体讨论决定", "决策公布", "解读", "执行", "决策后评估"]
    positions = [page.index(f"**{step}**") for step in steps]
    assert positions == sorted(positions)
    assert "2021-04-01 至 2021-05-01（30 日，开始当日不计入）" in page
    assert "**专家论证** — 暂无记录" in page


def test_inline_hearing_of_2024_decision_is_listed():
    pages = pages_as_of().pages
    assert "市政府第一会议室" in pages["decisions/2024-01.md"]
    assert "[测试市供水价格调整](../decisions/2024-01.md)" in pages["hearings/index.md"]


def test_inline_escaping_rules():
    assert inline("a|b") == "a\\|b"
    assert inline("1. 第一") == "1\\. 第一"
    assert inline("[x](javascript:y)") == "\\[x\\]\\(javascript:y\\)"
    assert inline("2021-03-01") == "2021-03-01"


def test_body_headings_are_all_demoted_since_bodies_have_no_fenced_code():
    # Bodies are reduced to an allowlist without fenced code, so a fence is plain text
    # and every heading line below it is a heading of the page.
    text = "# 一\n```\n# 代码\n```\n## 二"
    assert demote_headings(text) == "## 一\n```\n## 代码\n```\n### 二"


def test_compliance_report_lists_public_findings_and_deadlines(minimal_copy):
    edit = minimal_copy / "documents" / "fx-2021-02.md"
    drop_interpretations(edit)
    hidden = minimal_copy / "documents" / "fx-2022-01.md"  # not yet published: must not appear
    drop_interpretations(hidden)
    day = dt.date(2026, 3, 1)
    result = check(minimal_copy, display_root="catalog", today=day)
    assert len([p for p in result.problems if p.rule == "GF-INTERPRETATION"]) == 2
    page = render(result.catalog, day, result.problems).pages["compliance.md"]
    assert "### GF-INTERPRETATION {#gf-interpretation}" in page and "(documents/fx-2021-02.md)" in page
    assert "fx-2022-01" not in page and "未来发布的文件" not in page
    assert "| 2026-06-30 | [测试市人民政府关于修改《测试市停车管理办法》的决定](documents/fx-2021-02.md) | 有效期届满（121 天后） |" in page
    # Whole-column findings are computed from public pages only, so they are listed too.
    assert "WZ-COLUMN-EMPTY" not in page.split("## 检查规则")[0]  # every column has content
    assert all(f"`{rule.id}`" in page for rule in RULES)  # the rule table, with levels as configured
    assert "| `WZ-COLUMN-STALE` | 关闭（默认警告） |" in page


def test_compliance_report_lists_filing_deadlines_and_column_findings(minimal_copy):
    edit = minimal_copy / "documents" / "fx-2021-02.md"
    edit.write_text(edit.read_text(encoding="utf-8").replace("  - {备案机关: 上级市人民政府, 日期: 2021-07-06}\n", ""), encoding="utf-8")
    (minimal_copy / "compliance.yaml").write_text("栏目更新周期天数:\n  行政规范性文件: 10\n", encoding="utf-8")
    day = dt.date(2021, 7, 1)
    result = check(minimal_copy, display_root="catalog", today=day)
    page = render(result.catalog, day, result.problems).pages["compliance.md"]
    assert "| 2021-07-20 | [测试市人民政府关于修改《测试市停车管理办法》的决定](documents/fx-2021-02.md) | 向人民政府报送备案的期限（19 天后） |" in page
    assert "栏目「听证事项」" not in page  # 听证 updated within six months
    assert "| `catalog/documents/` | 栏目「行政规范性文件」最近一次更新是 2021-06-20，已超过 10 天（到 2021-06-30 为止） |" in page
    assert "| [WZ-COLUMN-STALE](#wz-column-stale) | 警告 | 1 |" in page and "### WZ-COLUMN-STALE {#wz-column-stale}" in page


def test_compliance_report_caps_each_rule_and_points_to_check(minimal_copy):
    from gongkai.problems import Problem, Severity
    from gongkai.compliance.report import StaffReport
    from gongkai.render.compliance_page import PER_RULE, compliance_page
    from gongkai.view import build_view

    result = check(minimal_copy, display_root="catalog", today=FIXED_TODAY)
    many = [Problem("catalog/documents/fx-2021-02.md", f"第{n}个问题", "处理", n, 1, None, Severity.WARNING, "GF-TEST")
            for n in range(PER_RULE + 30)]
    page = compliance_page(build_view(result.catalog, FIXED_TODAY), StaffReport(many))
    assert f"| [GF-TEST](#gf-test) | 警告 | {PER_RULE + 30} |" in page
    assert f"第{PER_RULE - 1}个问题" in page and f"第{PER_RULE}个问题" not in page
    assert "另有 30 条未列出，完整结果请运行 `python -m gongkai check`。" in page


@pytest.mark.parametrize("text, expected", [
    ("段落\n===\n\n正文", "## 段落\n\n正文"),
    ("段落\n---\n正文", "### 段落\n正文"),
    ("> 引\n> ===", "> ## 引"),
    ("一\n二\n===", "一\n二\n==="),  # only a block's first line is a setext heading
    ("文字\n  ===", "文字\n  ==="),  # an indented underline is text
    ("\n---\n", "\n---\n"),  # a rule, not a heading
])
def test_setext_headings_are_demoted_too(text, expected):
    assert demote_headings(text) == expected


def test_a_body_never_adds_a_top_level_heading():
    import markdown as python_markdown
    from gongkai.render.markdown import body
    for text in ("标题\n===", "# 标题", "- 项\n===", "> 引\n>\n> 标题\n> ===", "标题\n=\n\n# 二"):
        assert "<h1" not in python_markdown.markdown(body(text), extensions=["tables", "admonition"]), text


def test_a_decided_cleanup_outcome_is_recorded_and_shown(minimal_copy):
    # Real 清理结果 tables publish decided outcomes (修改, 废止), not only proposals (拟修改, 拟废止).
    path = minimal_copy / "documents" / "fx-2021-02.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("结果: 继续有效}", "结果: 继续有效}\n  - {批次: 2023年规范性文件清理, 日期: 2023-11-30, 结果: 修改}"),
                    encoding="utf-8")
    result = check(minimal_copy, today=FIXED_TODAY)
    assert result.ok, [str(p) for p in result.errors]
    page = render(result.catalog, FIXED_TODAY).pages["documents/fx-2021-02.md"]
    assert "| 2023年规范性文件清理 | 2023-11-30 | 修改 |" in page


def test_a_banner_names_the_document_current_now_and_titles_carry_the_document_number():
    """廉府规〔2021〕1号 lapsed; 廉府规〔2023〕1号 issued the same 办法 again as amended and is in force."""
    result = check(PROJECT_CATALOG, display_root="catalog")
    pages = render(result.catalog, FIXED_TODAY).pages
    page = pages["documents/lfg-2021-01.md"]
    assert page.index("现行有效的是：[《廉江市城区停车设施建设和机动车停放管理办法》（廉府规〔2023〕1号）](lfg-2023-01.md)") < page.index("## 正文")
    assert 'title: "廉江市城区停车设施建设和机动车停放管理办法（廉府规〔2021〕1号）"' in page
    assert 'title: "廉江市城区停车设施建设和机动车停放管理办法（廉府规〔2023〕1号）"' in pages["documents/lfg-2023-01.md"]


def test_an_item_says_where_it_stands_and_a_column_says_what_is_not_yet_published():
    result = check(MINIMAL, display_root="catalog")
    pages = render(result.catalog, FIXED_TODAY).pages
    assert "**当前进度：决策已公布**" in pages["decisions/2021-01.md"]
    assert "**当前进度：听取意见和论证评估阶段**" in pages["decisions/2024-01.md"]  # only its hearing recorded
    overdue = render(result.catalog, dt.date(2022, 1, 1)).pages["decisions/2021-01.md"]
    assert "**当前进度：决策已公布**" in overdue and "已超过计划完成时间" not in overdue  # decided: not overdue
    demo = render(check(PROJECT_CATALOG, display_root="catalog").catalog, FIXED_TODAY).pages
    assert "（已超过计划完成时间 2021-12-31，尚未作出决策）" in demo["decisions/2021-07.md"]  # 推进中 since 2021
    assert "**2026年重大行政决策事项目录尚未公布。**目前最新的是2024年目录。" in pages["decisions/index.md"]
    assert "**2025年度报告尚未公布**（应于 2026年3月31日前公布）。" in pages["annual/index.md"]


def test_a_document_shows_its_version_chain_and_the_home_page_every_column():
    pages = render(check(PROJECT_CATALOG, display_root="catalog").catalog, FIXED_TODAY).pages
    page = pages["documents/lfg-2021-01.md"]
    chain = page[page.index("## 版本沿革"):page.index("## 相关文件")]
    assert "1. 2021-07-16 · 本文件 · **廉府规〔2021〕1号**（失效）" in chain
    assert "2. 2023-05-29 · 修改 · [《廉江市城区停车设施建设和机动车停放管理办法》（廉府规〔2023〕1号）](lfg-2023-01.md)（有效）" in chain
    assert "[信息公开年报](annual/index.md)" in pages["index.md"]


def test_a_column_offers_its_feed_and_its_downloads():
    pages = render(check(MINIMAL, display_root="catalog").catalog, FIXED_TODAY).pages
    listing = pages["documents/index.md"]
    assert "[订阅本栏目更新](../feeds/documents.md)" in listing
    feed = pages["feeds/documents.md"]
    assert "[打开订阅文件（Atom）](documents.xml)" in feed and "`feeds/documents.xml`" in feed
    assert "[Excel](../data/documents.xlsx)" in listing and "[CSV](../data/documents.csv)" in listing


STATED_CHANGE = '  修改条款: [{条: 第一条, 方式: 修改, 内容: "第一条 为规范停车管理,优化营商环境,制定本办法。"}]\n'


def test_an_amended_document_shows_its_current_text_with_each_change_marked(minimal_copy):
    """fx-2021-02's text says 「将第一条修改为……」; entered as a 修改条款, fx-2019-01's page shows the text as amended."""
    path = minimal_copy / "documents" / "fx-2021-02.md"
    path.write_text(path.read_text(encoding="utf-8").replace("  修改: [fx-2019-01]\n", "  修改: [fx-2019-01]\n" + STATED_CHANGE), encoding="utf-8")
    result = check(minimal_copy)
    assert result.ok, [str(p) for p in result.errors]
    site = render(result.catalog, FIXED_TODAY)
    page = site.pages["documents/fx-2019-01.md"]
    assert "## 正文（现行文本）" in page
    current = page.split("## 正文（现行文本）")[1].split('<details class="gk-original"')[0]
    assert "第一条 为规范停车管理,优化营商环境,制定本办法。" in current
    assert '<div class="gk-amended" markdown="1">' in current
    assert "本条根据[测府规〔2021〕2号](fx-2021-02.md)修改，自 2021-07-01 起施行。" in current
    assert "<summary>修改前的条文</summary>" in current and "第一条 为规范停车管理,制定本办法。" in current
    # The text as published stays on the page, its headings flattened so the page's stay unique.
    original = page.split('<details class="gk-original"')[1]
    assert "第一条 为规范停车管理,制定本办法。" in original and "**第一章 总则**" in original


def test_an_amendment_that_states_no_clauses_is_said_so(minimal_copy):
    result = check(minimal_copy)  # fx-2021-02 as the fixture has it: no 修改条款
    assert result.ok, [str(p) for p in result.problems]
    page = render(result.catalog, FIXED_TODAY).pages["documents/fx-2019-01.md"]
    assert "未逐条列明修改的条文，本站没有整理现行文本" in page and "现行文本）" not in page


def test_hostile_clause_text_stays_text(minimal_copy):
    """A 修改条款's 内容 is catalog text like the 正文: markup in it is shown, never run."""
    payload = "第一条 <script>alert(1)</script><img src=x onerror=alert(2)> [点我](javascript:alert(3))"
    path = minimal_copy / "documents" / "fx-2021-02.md"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "  修改: [fx-2019-01]\n", f"  修改: [fx-2019-01]\n  修改条款: [{{条: 第一条, 方式: 修改, 内容: '{payload}'}}]\n"), encoding="utf-8")
    result = check(minimal_copy)
    assert result.ok, [str(p) for p in result.errors]
    current = render(result.catalog, FIXED_TODAY).pages["documents/fx-2019-01.md"].split("## 正文（现行文本）")[1]
    assert "<script>" not in current and "<img" not in current
    assert not re.search(r"(?<!\\)\]\(javascript:", current)  # the brackets are escaped: no link is made
    assert "&lt;script>" in current  # shown as typed


def test_an_amendment_not_yet_in_force_is_not_applied_and_is_said_so(minimal_copy):
    path = minimal_copy / "documents" / "fx-2021-02.md"
    path.write_text(path.read_text(encoding="utf-8").replace("  修改: [fx-2019-01]\n", "  修改: [fx-2019-01]\n" + STATED_CHANGE), encoding="utf-8")
    before = dt.date(2021, 6, 25)  # published 2021-06-20, in force from 2021-07-01
    result = check(minimal_copy, today=before)
    page = render(result.catalog, before).pages["documents/fx-2019-01.md"]
    assert "现行文本）" not in page and "尚未施行，其修改未反映在下文中" in page and "本文件已经修改" not in page
