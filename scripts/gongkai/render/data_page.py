"""The open data page (/data/): every export and feed with its fields, record
count, update date and licence, plus the same as DCAT JSON-LD (data/catalog.json)."""
from __future__ import annotations

import json

from ..opendata.exports import KIND_COLUMN, ExportFile
from ..opendata.feeds import Feed
from ..opendata.schemas import schema_path
from ..view import SiteView
from .markdown import front_matter, human_size, inline, link, page, relative, table

PAGE = "data/index.md"
DCAT_FILE = "data/catalog.json"
MEDIA = {"json": "application/json", "csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
# Short names in the table (each kept on one line), what they hold said once above it.
FORMS = {"json": "JSON", "csv": "CSV", "xlsx": "Excel"}
FORMS_EXPLAINED = ("JSON 含全部字段；CSV 为 UTF-8 编码，Excel、WPS 可直接打开；Excel 表格与工作人员登记表的列相同。"
                   f"「全部记录」的 JSON 和 CSV 在「{KIND_COLUMN}」中注明每条记录所属的栏目。")


def _latest(view: SiteView, export: ExportFile) -> str:
    day = view.latest_published(export.kind)
    return day.isoformat() if day else "—"


def data_page(view: SiteView, exports: list[ExportFile], feeds: list[Feed]) -> str:
    # One row per dataset, its formats side by side as links (with their sizes).
    datasets: dict[str, list[ExportFile]] = {}
    for export in exports:
        datasets.setdefault(export.kind.key if export.kind else "", []).append(export)
    rows = []
    for files in datasets.values():
        first = files[0]
        label = first.kind.label if first.kind else "全部记录"
        formats = "<br>".join(f'<span class="gk-nowrap">{link(FORMS[e.form], relative(PAGE, e.path))}（{human_size(len(e.data))}）</span>'
                              for e in files)
        rows.append([inline(label), formats, str(first.records), _latest(view, first)])
    schema_rows = [link(f"{e.kind.label if e.kind else '全部记录'}", relative(PAGE, schema_path(e.kind)))
                   for e in exports if e.form == "json"]
    feed_rows = [[inline(f.title), link(f.path.rsplit("/", 1)[1], relative(PAGE, f.path))] for f in feeds]
    return page(
        front_matter("开放数据", "本网站公开的全部记录，可下载 JSON、CSV、Excel，可订阅更新"),
        "# 开放数据",
        f"本页提供本网站主动公开的**全部**记录，没有条数限制，每次网站更新时重新生成（生成日期 {view.today.isoformat()}）。"
        f"规范性文件的有效性按生成日期计算。使用许可：{inline(view.site.data_licence)}（{inline(view.site.government)}）。",
        "## 下载",
        FORMS_EXPLAINED,
        table(["内容", "下载（格式和大小）", "记录数", "最近发布"], rows),
        f"字段含义见{link('目录数据字段说明', relative(PAGE, 'about/fields.md'))}；"
        f"JSON 文件的结构（JSON Schema）：" + "、".join(schema_rows) + "。"
        f"机器可读的数据目录（DCAT）：{link('catalog.json', relative(PAGE, DCAT_FILE))}。"
        f"政府信息公开工作年度报告的统计表（Excel、JSON）见{link('各年度报告', relative(PAGE, 'annual/index.md'))}页面。",
        "## 订阅更新（Atom）",
        "用 RSS/Atom 阅读器订阅，可及时收到新公开和有变化的记录（每个订阅源列出最近 50 条）。",
        table(["订阅内容", "订阅地址"], feed_rows),
    )


def dcat_catalog(view: SiteView, exports: list[ExportFile], base_url: str) -> str:
    """DCAT (W3C Data Catalog Vocabulary) as JSON-LD; one dataset per kind and one for everything."""
    datasets: dict[str, dict] = {}
    for export in exports:
        key = export.kind.key if export.kind else "all"
        dataset = datasets.setdefault(key, {
            "@type": "dcat:Dataset",
            "dct:identifier": key,
            "dct:title": export.kind.label if export.kind else "全部记录",
            "dct:publisher": view.site.government,
            "dct:license": view.site.data_licence,
            "dct:modified": _latest(view, export),
            "dct:issued": view.today.isoformat(),
            "dct:language": "zh-CN",
            "dct:conformsTo": base_url + schema_path(export.kind),
            "dcat:distribution": [],
        })
        dataset["dcat:distribution"].append({
            "@type": "dcat:Distribution",
            "dcat:downloadURL": base_url + export.path,
            "dcat:mediaType": MEDIA[export.form],
            "dcat:byteSize": len(export.data),
            "dct:extent": f"{export.records} 条记录",
        })
    catalog = {
        "@context": {"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/"},
        "@type": "dcat:Catalog",
        "dct:title": f"{view.site.name} 开放数据",
        "dct:publisher": view.site.government,
        "dct:license": view.site.data_licence,
        "dcat:dataset": list(datasets.values()),
    }
    return json.dumps(catalog, ensure_ascii=False, indent=1) + "\n"
