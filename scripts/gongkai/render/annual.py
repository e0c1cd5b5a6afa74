"""The 政府信息公开工作年度报告 pages: the six sections with tables laid out like
the official ones (merged headers; printable), and a listing of the years."""
from __future__ import annotations

import html

from ..annual.tables import REQUESTER_COLUMNS, DocumentCounts, application_rows, case_rows
from ..kinds import ANNUAL
from ..records import Record
from .markdown import body, front_matter, inline, link, page
from .parts import Context, record_page, sample_notice, source_footer

LISTING = "annual/index.md"


def _number(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def active_table(record: Record, documents: DocumentCounts) -> str:
    active = record.model.active
    return f"""<table class="gk-official">
<caption>二、主动公开政府信息情况</caption>
<tr><th colspan="4" scope="colgroup">第二十条第（一）项</th></tr>
<tr><th scope="col">信息内容</th><th scope="col">本年制发件数</th><th scope="col">本年废止件数</th><th scope="col">现行有效件数</th></tr>
<tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>行政规范性文件</td><td>{documents.issued}</td><td>{documents.repealed}</td><td>{documents.in_force}</td></tr>
<tr><th colspan="4" scope="colgroup">第二十条第（五）项</th></tr>
<tr><th scope="col">信息内容</th><th colspan="3" scope="col">本年处理决定数量</th></tr>
<tr><td>行政许可</td><td colspan="3">{active.licensing}</td></tr>
<tr><th colspan="4" scope="colgroup">第二十条第（六）项</th></tr>
<tr><th scope="col">信息内容</th><th colspan="3" scope="col">本年处理决定数量</th></tr>
<tr><td>行政处罚</td><td colspan="3">{active.penalty}</td></tr>
<tr><td>行政强制</td><td colspan="3">{active.enforcement}</td></tr>
<tr><th colspan="4" scope="colgroup">第二十条第（八）项</th></tr>
<tr><th scope="col">信息内容</th><th colspan="3" scope="col">本年收费金额（单位：万元）</th></tr>
<tr><td>行政事业性收费</td><td colspan="3">{_number(active.fees)}</td></tr>
</table>"""


def applications_table(record: Record) -> str:
    lines = ['<table class="gk-official">', "<caption>三、收到和处理政府信息公开申请情况</caption>",
             '<tr><th rowspan="3" colspan="2" scope="col">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</th>'
             '<th colspan="7" scope="colgroup">申请人情况</th></tr>',
             '<tr><th rowspan="2" scope="col">自然人</th><th colspan="5" scope="colgroup">法人或其他组织</th><th rowspan="2" scope="col">总计</th></tr>',
             "<tr>" + "".join(f'<th scope="col">{alias}</th>' for name, alias in REQUESTER_COLUMNS[1:6]) + "</tr>"]
    for row in application_rows(record.model):
        cells = "".join(f"<td>{getattr(row.counts, name)}</td>" for name, _ in REQUESTER_COLUMNS)
        lines.append(f'<tr><th colspan="2" scope="row">{html.escape(row.label)}</th>{cells}</tr>')
    lines.append("</table>")
    return "\n".join(lines)


def appeals_table(record: Record) -> str:
    blocks = case_rows(record.model)
    heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    lines = ['<table class="gk-official">', "<caption>四、政府信息公开行政复议、行政诉讼情况</caption>",
             '<tr><th colspan="5" rowspan="2" scope="colgroup">行政复议</th><th colspan="10" scope="colgroup">行政诉讼</th></tr>',
             '<tr><th colspan="5" scope="colgroup">未经复议直接起诉</th><th colspan="5" scope="colgroup">复议后起诉</th></tr>',
             "<tr>" + "".join(f'<th scope="col">{h}</th>' for _ in blocks for h in heads) + "</tr>",
             "<tr>" + "".join(f"<td>{v}</td>" for _, _, cases in blocks
                              for v in (cases.upheld, cases.corrected, cases.other, cases.pending, cases.total)) + "</tr>",
             "</table>"]
    return "\n".join(lines)


def annual_page(record: Record, documents: DocumentCounts, ctx: Context) -> str:
    here = record_page(record)
    model = record.model
    title = f"{model.authority}{model.year}年政府信息公开工作年度报告"
    downloads = (f"下载：{link('表格（Excel，报送用）', f'{model.year}.xlsx')}、{link('数据（JSON）', f'{model.year}.json')}。"
                 "“二、主动公开”中的行政规范性文件件数由本网站目录按年度自动统计。")
    return page(
        front_matter(title, f"{model.authority}{model.year}年度政府信息公开工作年度报告"),
        f"# {inline(title)}",
        sample_notice(record),
        f"依据《中华人民共和国政府信息公开条例》第五十条，按国务院办公厅政府信息与政务公开办公室《政府信息公开工作年度报告格式》编制。{downloads}",
        "## 一、总体情况",
        body(model.overview, 2),
        "## 二、主动公开政府信息情况",
        active_table(record, documents),
        "## 三、收到和处理政府信息公开申请情况",
        applications_table(record),
        "## 四、政府信息公开行政复议、行政诉讼情况",
        appeals_table(record),
        "## 五、存在的主要问题及改进情况",
        body(model.problems, 2),
        "## 六、其他需要报告的事项",
        body(model.other_matters, 2),
        source_footer(here, record, ctx),
    )


def annual_listing(ctx: Context) -> str:
    records = sorted(ctx.view.of(ANNUAL), key=lambda r: r.model.year, reverse=True)
    items = [f"- {link(f'{r.model.year}年度报告', f'{r.id}.md')}（{r.model.authority}，发布日期 {ctx.view.publication_date(r)}）"
             for r in records]
    return page(front_matter("政府信息公开工作年度报告"), "# 政府信息公开工作年度报告",
                "按《中华人民共和国政府信息公开条例》第四十九、五十条，每年3月31日前公布上一年度的政府信息公开工作年度报告。",
                "\n".join(items) or "暂无公开的年度报告。")
