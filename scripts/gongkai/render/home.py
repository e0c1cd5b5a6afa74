"""Home page (what this site is, latest items, the catalogs) and the 公开指南."""
from __future__ import annotations

from typing import Iterator, Optional

from ..kinds import ALL_KINDS, DOCUMENT, HomeSection, Kind
from .interpretations import LISTING as INTERPRETATIONS_LISTING
from .markdown import admonition, front_matter, inline, link, page, relative
from .parts import Context, bullet_list, date_text, record_link

LATEST = 10

# Not a kind of its own: the interpretations written in documents, with pages of their own.
INTERPRETATIONS = HomeSection("政策解读", "行政规范性文件的政策解读，与所解读的文件互相链接。")


def sample_site_notice(ctx: Context) -> str | None:
    if not ctx.view.site.sample_site:
        return None
    return admonition("example", "示例站点", "本网站用于演示政务公开目录发布工具。标注“示例数据”的内容为虚构的演示数据，不是真实的政府信息。")


def _sections() -> Iterator[tuple[HomeSection, str, Optional[Kind]]]:
    """The site's columns: (section, listing page, kind counted; None for the interpretations)."""
    for kind in ALL_KINDS:
        if kind.home:
            yield kind.home, f"{kind.folder}/index.md", kind
        if kind is DOCUMENT:
            yield INTERPRETATIONS, INTERPRETATIONS_LISTING, None


def home_page(ctx: Context) -> str:
    view = ctx.view
    here = "index.md"
    cards = []
    for section, path, kind in _sections():
        count = len(view.of(kind)) if kind else len(view.interpretations)
        cards.append(f"- **{link(section.title, path)}**（共 {count} 项）<br>{section.summary}")
    latest_records = [r for kind in ALL_KINDS if kind.latest for r in view.of(kind)]
    latest_records.sort(key=lambda r: (view.publication_date(r), r.id), reverse=True)
    latest = [
        f"{date_text(view.publication_date(r))} · {r.kind.label} · {record_link(here, r)}"
        for r in latest_records[:LATEST]
    ]
    return page(
        front_matter(view.site.name, f"{view.site.government}政务公开：重大行政决策、听证、行政规范性文件"),
        f"# {inline(view.site.name)}",
        # The search box on the first screen, phones included (the header shows only an icon there):
        # docs/assets/search/searchbox.js turns this link to the search page into the box.
        f'<div class="gk-home-search" id="gk-home-search" markdown>{link("搜索本站内容", "search.md")}</div>',
        sample_site_notice(ctx),
        f"本网站依照《中华人民共和国政府信息公开条例》，集中公开{inline(view.site.government)}的重大行政决策事项、听证事项、"
        "行政规范性文件和法治政府建设年度报告。所有内容由目录数据自动生成，每次更新都经过校验。",
        "## 公开目录",
        "\n".join(cards),
        f"全部记录可在{link('开放数据', 'data/index.md')}页面下载（JSON、CSV、Excel），或用 RSS/Atom 阅读器订阅更新。",
        "## 最新公开",
        bullet_list(latest) or "暂无公开的内容。",
        f"了解如何获取政府信息、申请公开或提出意见，请阅读{link('政府信息公开指南', 'about.md')}。",
    )


def about_page(ctx: Context) -> str:
    site = ctx.view.site
    contact = [f"- 负责机构：{inline(site.office)}"]
    for label, value in (("办公地址", site.address), ("联系电话", site.phone), ("办公时间", site.hours)):
        if value:
            contact.append(f"- {label}：{inline(value)}")
    return page(
        front_matter("政府信息公开指南"),
        "# 政府信息公开指南",
        sample_site_notice(ctx),
        "## 一、主动公开",
        f"{inline(site.government)}依照《中华人民共和国政府信息公开条例》第十九条至第二十六条，通过本网站主动公开"
        "重大行政决策事项目录及其程序履行情况、听证事项、行政规范性文件及其解读、法治政府建设年度报告等政府信息。"
        "信息自形成或变更之日起20个工作日内公开。",
        "## 二、本网站的栏目",
        "\n".join(f"- {link(section.title, relative('about.md', path))}：{section.summary}" for section, path, _ in _sections()),
        "## 三、如何查找",
        "- 使用页面顶部的搜索框，可按标题、文号或正文中的词语查找。\n"
        "- 各栏目可按年度、单位和状态浏览。\n"
        "- 规范性文件页面显示当前有效性：有效（被修改的注明修改文件）、尚未施行、失效或废止；已不再有效的文件页面保留供查阅，并指明现行有效的文件。",
        "## 四、依申请公开",
        "公民、法人或者其他组织可以依照《中华人民共和国政府信息公开条例》第二十七条向本机关申请获取政府信息，"
        "申请应当采用书面形式（包括数据电文形式）；采用书面形式确有困难的，可以口头提出，由受理机构代为填写申请。"
        "受理机构、地址、电话和办公时间如下：\n\n" + "\n".join(contact),
        "## 五、收费",
        "依申请提供政府信息不收取费用。申请公开政府信息的数量、频次明显超过合理范围的，可以依照条例第四十二条收取信息处理费。",
        "## 六、数据字段说明",
        f"各类目录记录的字段及含义见{link('目录数据字段说明', 'about/fields.md')}。",
        "## 七、监督与救济",
        "公民、法人或者其他组织认为行政机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报，"
        "也可以依法申请行政复议或者提起行政诉讼。",
        f"<small>工作人员：{link('目录维护指南', 'guide/index.md')}</small>",
    )
