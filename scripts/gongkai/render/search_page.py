"""The search page (/search/?q=…) and the labels each page shows in results."""
from __future__ import annotations

import functools
import json

from .. import memo
from ..kinds import ALL_KINDS, DOCUMENT
from ..model.document import REGISTER_WORDS
from ..model.introspect import has_attribute
from ..search.index import PageInfo
from ..search.site import INDEX_DIR
from ..records import Record
from ..view import SiteView
from .markdown import front_matter, page
from .parts import status_words
from ..paths import interpretation_page_path, record_url

PAGE = "search.md"
# Record pages labelled with kind, date, status and unit in results; other pages are 栏目页面.
SEARCH_LABELLED = tuple(kind for kind in ALL_KINDS if kind.search_unit)


def _unit(record: Record) -> str:
    """The unit a reader filters by: who made, leads, organises or issued it."""
    attribute = record.kind.search_unit
    if attribute is None:
        raise ValueError(f"{record.kind.key} records carry no unit to filter search results by")
    value = getattr(record.model, attribute)
    return "、".join(value) if isinstance(value, list) else value


def page_infos(view: SiteView) -> str:
    """JSON: page URL -> labels, for every record page (others are 栏目页面). Written as
    json.dumps(..., ensure_ascii=False, sort_keys=True) writes it, an entry at a time: serve keeps a
    record's entry while the record and what the view says of it are the same (dumping 12,000 entries
    again took 0.1 s of each rebuild at 10,000 records)."""
    entries = {}
    for kind in SEARCH_LABELLED:
        for record in view.of(kind):
            published = view.publication_date(record)
            validity = view.validity[record.id][0] if kind is DOCUMENT else None
            url, entry = memo.of_object(("page info", published, validity), record,
                                        functools.partial(_record_entry, record, published, validity))
            entries[url] = entry
    for interpretation in view.interpretations:
        if interpretation.has_page:
            url = interpretation_page_path(interpretation)[: -len(".md")] + "/"
            date = interpretation.model.date or view.publication_date(interpretation.document)
            entries[url] = _entry(url, PageInfo("政策解读", date, None, interpretation.model.author or interpretation.document.model.issuer, None))
    return "{" + ", ".join(entries[url] for url in sorted(entries)) + "}"


def _record_entry(record: Record, published, validity) -> tuple[str, str]:
    url = record_url(record)
    status = REGISTER_WORDS[validity] if validity is not None else (
        status_words(record) if has_attribute(type(record.model), "current_status") else None)
    code = record.model.doc_number if record.kind is DOCUMENT else None
    return url, _entry(url, PageInfo(record.kind.label, published, status, _unit(record), code))


def _entry(url: str, info: PageInfo) -> str:
    """`"url": {...}`, as it stands in the whole map's JSON."""
    return json.dumps({url: info.to_json()}, ensure_ascii=False, sort_keys=True)[1:-1]


FORM = """<div id="gk-search" class="gk-search" data-root="../" data-index="../{index}/">
<form class="gk-search-form" role="search" action="./" method="get">
<div class="gk-search-box">
<label for="gk-q">搜索内容</label>
<input id="gk-q" name="q" type="search" autocomplete="off" placeholder="输入词语、标题或文号，如 行政复议、廉府规〔2021〕1号">
<button type="submit">搜索</button>
</div>
<details class="gk-filters" open>
<summary>筛选和排序</summary>
<div class="gk-search-filters">
<label>类别 <select name="kind"><option value="">全部类别</option></select></label>
<label>年份 <select name="year"><option value="">全部年份</option></select></label>
<label>单位 <select name="unit"><option value="">全部单位</option></select></label>
<label>状态 <select name="status"><option value="">全部状态</option></select></label>
<label>排序 <select name="sort"><option value="">按相关度</option><option value="date">按日期（新的在前）</option></select></label>
</div>
</details>
</form>
<p class="gk-search-status" role="status" aria-live="polite"></p>
<ol class="gk-results"></ol>
<button type="button" class="gk-more" hidden>显示更多结果</button>
<noscript><p>搜索需要浏览器启用 JavaScript。也可以从各栏目按年度、单位和状态浏览。</p></noscript>
</div>
<script src="../assets/search/search.js" defer></script>"""


def search_page() -> str:
    return page(
        front_matter("搜索"),
        "# 搜索",
        FORM.format(index=INDEX_DIR),
        "## 搜索帮助",
        "- 输入页面上出现的任何词语即可，不需要空格分词；结果一定包含您输入的完整内容。\n"
        "- 文号可以按习惯输入，如 廉府规[2021]1号、廉府规（2021）1号、廉府规【2021】第1号，都能找到 廉府规〔2021〕1号。\n"
        "- 可按类别、年份、单位和状态筛选，或按日期排序。搜索结果页面的网址可以收藏或转发。",
    )

