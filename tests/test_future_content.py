"""As of the build day: parts dated later (a 政策解读, a 状态历史 entry, a 备案 or
清理, a decision's procedure step, a hearing notice, a catalog adjustment) and
internal control data (保密审查, 个人信息公开依据, 人工核对, comments in catalog
files) reach no output at all: pages, search, feeds, JSON/CSV/XLSX exports and
the records' published data files (source/*.txt). A public record that refers to
a withheld one leaves no trace of the withheld record's id. Unique markers are
planted in each such part and every byte of the output is scanned (leak_scan)."""
import datetime as dt
import shutil

import pytest
import yaml
from conftest import FIXED_TODAY, MINIMAL
from leak_scan import build_and_scan, scan_rendered

from gongkai.pipeline import check, render

FUTURE = "FUT8QZ"  # ASCII: survives in links and ids
FUTURE_CHINESE = "未来秘密标记"
INTERNAL = "INT4WR"
INTERNAL_CHINESE = "内部控制标记"
HIDDEN_ID = "hid-2018-01"  # a 依申请公开 document that public records refer to
F = FUTURE + FUTURE_CHINESE
INT = INTERNAL + INTERNAL_CHINESE
PLAN_SHA256 = "581ab831f9a116cfd28d5ed55751392a672b3ed1f2084cd3c5a22e1a3fe00a94"  # files/documents/fx-2021-02/plan.txt


def _edit(path, *replacements):
    text = path.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, (path, old)
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")


def plant(catalog):
    _edit(catalog / "documents/fx-2021-02.md",
          ("---\n标题:", f"---\n# 内部备注{INT}\n标题:"),
          ("附件:\n", f"  - {{名称: 未来解读{F}, 日期: 2099-01-01, 内容: 解读全文{F}}}\n"
                     f"  - {{名称: 未来外链解读{F}, 日期: 2099-01-02, 链接: https://www.csgov.example/{FUTURE}}}\n附件:\n"),
          ("  - {名称: 停车设施规划文本, 文件: documents/fx-2021-02/plan.txt}\n",
           f"  - 名称: 停车设施规划文本\n    文件: documents/fx-2021-02/plan.txt\n"
           f"    人工核对: {{核对人: 核对人{INT}, 核对日期: 2021-06-20, sha256: {PLAN_SHA256}, 说明: 核对说明{INT}}}\n"),
          ("  - {备案机关: 上级市人民政府, 日期: 2021-07-06}\n",
           f"  - {{备案机关: 上级市人民政府, 日期: 2021-07-06}}\n  - {{备案机关: 未来备案机关{F}, 日期: 2099-01-01, 备案号: 备{FUTURE}}}\n"),
          ("  - {状态: 现行有效, 日期: 2021-07-01}\n",
           f"  - {{状态: 现行有效, 日期: 2021-07-01}}\n  - {{状态: 已失效, 日期: 2099-01-01, 说明: 未来说明{F}}}\n"),
          ("  - {批次: 2022年规范性文件清理, 日期: 2022-11-30, 结果: 继续有效}\n",
           f"  - {{批次: 2022年规范性文件清理, 日期: 2022-11-30, 结果: 继续有效}}\n"
           f"  - {{批次: 2099年清理{F}, 日期: 2099-01-01, 结果: 拟废止, 说明: 清理说明{F}}}\n"),
          ("保密审查: {审查人: 测试市政府办公室, 日期: 2021-06-20, 结论: 同意公开}",
           f"保密审查: {{审查人: 审查人{INT}, 日期: 2021-06-20, 结论: 同意公开, 说明: 审查说明{INT}}}\n"
           f"个人信息公开依据:\n  - {{号码: '13800138000', 依据: 依据{INT}, 说明: 依据说明{INT}}}"),
          ("| 第一条 | 原文 | 新文 |", "| 第一条 | 原文 | 新文 |\n\n联系人手机 13800138000。"))
    _edit(catalog / "decisions/2021/2021-01.yaml",
          ("序号: 1\n", f"# 内部备注{INT}\n序号: 1\n"),
          ("保密审查: {审查人: 测试市政府办公室, 日期: 2021-03-01, 结论: 同意公开}",
           f"  执行: {{日期: 2099-03-01, 情况: 执行情况{F}}}\n"
           f"  决策后评估:\n    日期: 2099-06-01\n    情况: 评估情况{F}\n    链接: https://www.csgov.example/pg/{FUTURE}\n"
           f"保密审查: {{审查人: 测试市政府办公室{INT}, 日期: 2021-03-01, 结论: 同意公开}}"))
    # A hearing whose notice has not come: nothing of it is announced yet.
    _edit(catalog / "decisions/2024/2024-01.yaml",
          ("公告日期: 2024-05-01", f"公告日期: 2099-05-01\n    公告链接: https://www.csgov.example/gg/{FUTURE}\n    参加人遴选办法: 遴选{F}"),
          ("材料送达日期: 2024-05-10", "材料送达日期: 2099-05-10"),
          ("听证日期: 2024-05-20", "听证日期: 2099-05-20"),
          ("听证地点: 市政府第一会议室", f"听证地点: 会议室{F}\n    听证报告链接: https://www.csgov.example/bg/{FUTURE}"))
    _edit(catalog / "decisions/2021/catalog.yaml",
          ("保密审查:", f"  - 日期: 2099-01-01\n    内容: 调整{F}\n    理由: 理由{F}\n保密审查:"))


def plant_withheld_reference(catalog):
    """A 依申请公开 document, named by a public document's 制定依据 and a public decision's 依据文件."""
    _edit(catalog / "documents/fx-2019-01.md", ("状态历史:", f"关系:\n  制定依据: [{HIDDEN_ID}]\n状态历史:"))
    _edit(catalog / "decisions/2021/2021-01.yaml", ("依据文件: [fx-2019-01]", f"依据文件: [fx-2019-01, {HIDDEN_ID}]"))
    source = (catalog / "documents/fx-2019-01.md").read_text(encoding="utf-8")
    hidden = (source.replace("公开属性: 主动公开", "公开属性: 依申请公开").replace("测府规〔2019〕1号", "测府规〔2018〕9号")
              .replace("CSFG-2019-001", "CSFG-2018-009").replace("2019-00001", "2018-00009")
              .replace(f"关系:\n  制定依据: [{HIDDEN_ID}]\n", "")
              .replace("  - {状态: 已修改, 日期: 2021-07-01, 依据: fx-2021-02}\n", ""))
    (catalog / "documents" / f"{HIDDEN_ID}.md").write_text(hidden, encoding="utf-8")


@pytest.fixture(scope="module")
def planted_catalog(tmp_path_factory):
    catalog = tmp_path_factory.mktemp("future") / "catalog"
    shutil.copytree(MINIMAL, catalog)
    plant(catalog)
    plant_withheld_reference(catalog)
    result = check(catalog, today=FIXED_TODAY)
    assert result.ok, [str(p) for p in result.errors]
    return catalog


def rendered(catalog, day=FIXED_TODAY):
    result = check(catalog, today=day)
    return render(result.catalog, day, result.problems)


FUTURE_DAY = "2099-"  # every planted future part is dated in 2099; nothing public is
ALL_MARKERS = (FUTURE, FUTURE_CHINESE, FUTURE_DAY, INTERNAL, INTERNAL_CHINESE, HIDDEN_ID)


def test_rendered_site_holds_no_future_internal_or_withheld_part(planted_catalog):
    site = rendered(planted_catalog)
    assert not scan_rendered(site, ALL_MARKERS)
    # What has come is still there.
    document = site.pages["documents/fx-2021-02.md"]
    assert "一图读懂停车新规" in document and "2022年规范性文件清理" in document and "| 测试市人大常委会 | 2021-07-05 |" in document
    assert "**决策后评估** — 暂无记录" in site.pages["decisions/2021-01.md"]
    assert "**听证** — 日期待定" in site.pages["decisions/2024-01.md"]
    assert "测试市供水价格调整](../decisions/2024-01.md)（2024年，听证日期：待定）" in site.pages["hearings/index.md"]
    assert "联系人手机 13800138000" in document  # the number published on purpose, without its internal basis


def test_future_parts_appear_once_their_day_has_come(planted_catalog):
    """The same catalog as of 2099-12-31: the dated parts are public now (so the scan
    above can fail); internal data and withheld records still are not."""
    site = rendered(planted_catalog, dt.date(2099, 12, 31))
    leaks = "\n".join(scan_rendered(site, ALL_MARKERS))
    for where in ("documents/fx-2021-02.md", "interpretations/fx-2021-02-3.md", "decisions/2021-01.md", "decisions/2024-01.md",
                  "decisions/2021.md", "data/all.json", "source/documents/fx-2021-02.md.txt",
                  "source/decisions/2021/2021-01.yaml.txt"):
        assert f"{where}: b'{FUTURE}'" in leaks, where
    assert f"feeds/documents.xml: b'{FUTURE_DAY}'" in leaks  # dated by the change that has now come
    assert INTERNAL not in leaks and "内部" not in leaks and HIDDEN_ID not in leaks


def test_published_data_files_are_the_public_fields_only(planted_catalog):
    site = rendered(planted_catalog)
    sources = {path: data for path, data in site.files.items() if path.startswith("source/")}
    assert len(sources) == 10 and not any(path.startswith("source/") for path in site.copies)
    for path, data in sources.items():
        assert data.startswith(b"\xef\xbb\xbf"), path  # browsers read the .txt as UTF-8
        text = data.decode("utf-8-sig")
        fields = text.split("---\n")[1] if path.endswith(".md.txt") else text
        assert not any(line.startswith("#") for line in fields.splitlines()), path  # no comments (the markers say so too)
        assert isinstance(yaml.safe_load(fields), dict), path
        for internal in ("保密审查", "个人信息公开依据", "人工核对"):
            assert internal not in fields, (path, internal)
    decision = sources["source/decisions/2021/2021-01.yaml.txt"].decode("utf-8-sig")
    assert "依据文件:\n- fx-2019-01\n计划完成时间" in decision and "决策后评估" not in decision


def test_built_site_holds_no_future_internal_or_withheld_part(planted_catalog, tmp_path):
    site = build_and_scan(planted_catalog, tmp_path, ALL_MARKERS, FIXED_TODAY.isoformat())
    assert list((site / "search").rglob("*.gz"))  # the search shards were scanned too
    assert (site / "source" / "documents" / "fx-2021-02.md.txt").read_bytes().startswith(b"\xef\xbb\xbf---\n")


# The projection itself (gongkai/projection.py), part by part.

DAY = dt.date(2024, 5, 5)


def project(model, public=lambda kind, record_id: True):
    from gongkai.projection import public_model

    return public_model(model, DAY, public)


def hearing(**fields):
    from gongkai.model.hearing import Hearing

    base = {"组织单位": "测试市发展和改革局", "听证地点": "第一会议室", "听证报告链接": "https://x.example/bg",
            "参加人遴选办法": "随机抽取", "文件": [{"名称": "听证材料", "链接": "https://x.example/cl"}]}
    return Hearing.model_validate(dict(base, **fields))


def test_a_published_hearing_notice_announces_date_and_place():
    shown = project(hearing(公告日期="2024-05-01", 材料送达日期="2024-05-10", 听证日期="2024-05-20"))
    assert (shown.notice_date, shown.date, shown.place, shown.selection_rules) == (dt.date(2024, 5, 1), dt.date(2024, 5, 20), "第一会议室", "随机抽取")
    assert shown.documents and shown.materials_sent is None and shown.record_link is None  # not sent, not held yet


def test_a_hearing_whose_notice_has_not_come_shows_nothing_of_it():
    shown = project(hearing(公告日期="2024-05-06", 听证日期="2024-05-20", 公告链接="https://x.example/gg"))
    assert shown.notice_date is shown.notice_link is shown.date is shown.place is shown.selection_rules is shown.record_link is None
    assert shown.documents == [] and shown.organiser == "测试市发展和改革局"
    held = project(hearing(听证日期="2024-05-05"))  # no notice recorded, but held by today
    assert held.date == DAY and held.place and held.record_link


def test_a_legality_review_still_under_way_shows_no_outcome():
    from gongkai.model.decision import DecisionProcedure

    procedure = DecisionProcedure.model_validate({
        "合法性审查": {"送审日期": "2024-05-01", "完成日期": "2024-05-20", "审查机构": "测试市司法局", "意见": "同意",
                   "文件": [{"名称": "审查意见书", "链接": "https://x.example/yj"}]},
        "集体讨论决定": {"会议": "市政府常务会议", "日期": "2024-05-06"},
        "决策后评估": {"日期": "2024-05-05", "情况": "已评估"}})
    shown = project(procedure)
    review = shown.legality_review
    assert (review.submitted, review.completed, review.opinion, review.documents) == (dt.date(2024, 5, 1), None, None, [])
    assert shown.collective_decision is None and shown.evaluation.summary == "已评估"  # the day itself has come


def test_a_document_published_before_it_takes_effect_keeps_its_announced_start(minimal_copy):
    _edit(minimal_copy / "documents/fx-2021-02.md", ("  - {状态: 现行有效, 日期: 2021-07-01}\n", "  - {状态: 现行有效, 日期: 2021-07-01, 说明: 施行说明}\n"))
    result = check(minimal_copy, today=FIXED_TODAY)
    from gongkai.kinds import DOCUMENT
    from gongkai.view import build_view

    view = build_view(result.catalog, dt.date(2021, 6, 25))  # published 2021-06-20, in force from 2021-07-01
    history = view.find(DOCUMENT, "fx-2021-02").model.history
    assert [(c.status.value, c.date, c.note) for c in history] == [("现行有效", dt.date(2021, 7, 1), None)]
    later = build_view(result.catalog, dt.date(2021, 7, 1)).find(DOCUMENT, "fx-2021-02").model.history
    assert later[0].note == "施行说明"


def test_interpretations_keep_their_number_in_the_catalog(minimal_copy):
    _edit(minimal_copy / "documents/fx-2021-02.md",
          ("政策解读:\n", "政策解读:\n  - {名称: 尚未发布的解读, 日期: 2099-01-01, 内容: 以后发布}\n"))
    result = check(minimal_copy, today=FIXED_TODAY)
    site = render(result.catalog, FIXED_TODAY)
    assert "interpretations/fx-2021-02-3.md" in site.pages  # the written one, third in the list
    assert not any(path.startswith("interpretations/fx-2021-02-1") for path in site.pages)
    assert "尚未发布的解读" not in "".join(site.pages.values())


def test_a_public_record_never_names_one_the_public_cannot_see(minimal_copy):
    """fx-2022-01 is published in 2030: a hearing's 所属决策 and a document's 制定依据 naming
    withheld or future records are dropped from pages and data alike."""
    _edit(minimal_copy / "hearings/2021/2021-01.yaml", ("所属决策: 2021-01", "所属决策: 2021-03"))  # 2021-03 is 不予公开
    result = check(minimal_copy, today=FIXED_TODAY)
    from gongkai.kinds import HEARING
    from gongkai.view import build_view

    view = build_view(result.catalog, FIXED_TODAY)
    assert view.find(HEARING, "2021-01").model.decision is None
    site = render(result.catalog, FIXED_TODAY)
    assert "所属决策" not in site.files["source/hearings/2021/2021-01.yaml.txt"].decode("utf-8")
    assert '"所属决策":null' in site.files["data/hearings.json"].decode("utf-8")


def test_staff_report_lists_no_deadline_from_a_part_not_yet_public(minimal_copy):
    """The 2024-01 hearing (notice 2024-05-01, held 2024-05-20): its date is a deadline on
    /compliance/ only once the notice has announced it."""
    def deadlines(day):
        result = check(minimal_copy, display_root="catalog", today=day)
        page = render(result.catalog, day, result.problems).pages["compliance.md"]
        return page.split("## 今后")[1].split("## 检查规则")[0]

    assert "举行听证" not in deadlines(dt.date(2024, 4, 20))
    assert "| 2024-05-20 | [测试市供水价格调整](decisions/2024-01.md) | 举行听证（18 天后） |" in deadlines(dt.date(2024, 5, 2))


def test_every_date_and_reference_in_the_models_is_handled():
    """A field added to a model later must be classified in projection.py: shown from its
    own date (BLOCK_DAY), handled one by one (REFINED_DATES), announced by the record
    (ANNOUNCED_DATES), or internal; and every field naming another record filtered."""
    from pydantic import BaseModel

    from gongkai.kinds import ALL_KINDS
    from gongkai.model.common import ID_PATTERN
    from gongkai.projection import ANNOUNCED_DATES, BLOCK_DAY, INTERNAL_FIELDS, NOT_RECORD_IDS, REFERENCES, REFINED_DATES

    def classified(table, cls, name):
        return any(issubclass(cls, owner) and name == field for owner, field in table)

    seen, dates, references, pending = set(), [], [], [kind.model for kind in ALL_KINDS]
    while pending:
        cls = pending.pop()
        if cls in seen:
            continue
        seen.add(cls)
        for name, info in cls.model_fields.items():
            if name in INTERNAL_FIELDS or info.exclude:
                continue
            types = _model_types(info.annotation)
            if dt.date in types:
                dates.append((cls, name))
            if ID_PATTERN in repr(info) and (cls, name) not in NOT_RECORD_IDS:
                references.append((cls, name))
            pending += [t for t in types if issubclass(t, BaseModel)]
    assert len(dates) > 30 and len(references) == len(REFERENCES) == 10
    for cls, name in dates:
        assert BLOCK_DAY.get(cls) == name or classified(REFINED_DATES, cls, name) or classified(ANNOUNCED_DATES, cls, name), \
            f"{cls.__name__}.{name} is not classified in projection.py"
    for cls, name in references:
        assert classified(REFERENCES, cls, name), f"{cls.__name__}.{name} names records but is not in projection.REFERENCES"


def _model_types(annotation):
    import typing

    found = []
    for arg in typing.get_args(annotation) or ():
        found += _model_types(arg)
    if isinstance(annotation, type):
        found.append(annotation)
    return found


def test_published_data_files_read_back_as_the_public_fields():
    """Every data file of the demo site is valid YAML holding exactly the record's public
    fields (empty ones left out, yes/no as 是/否), and for Markdown records the full text."""
    from conftest import PROJECT

    from gongkai.projection import public_fields
    from gongkai.view import build_view

    def comparable(value):
        if isinstance(value, bool):
            return "是" if value else "否"
        if isinstance(value, (dt.date, dt.datetime)):
            return value.isoformat()
        if isinstance(value, dict):
            return {k: v for k, v in ((k, comparable(v)) for k, v in value.items()) if v not in (None, [], {})}
        if isinstance(value, list):
            return [comparable(v) for v in value]
        return value

    result = check(PROJECT / "catalog", today=FIXED_TODAY)
    site = render(result.catalog, FIXED_TODAY)
    records = list(build_view(result.catalog, FIXED_TODAY).records)
    assert len(records) > 20
    for record in records:
        text = site.files[f"source/{record.catalog_path}.txt"].decode("utf-8-sig")
        expected = comparable(public_fields(record.model))
        if record.kind.suffix == ".md":
            _, front, body = text.split("---\n", 2)
            assert body == expected.pop("正文") + "\n", record.id
            text = front
        assert comparable(yaml.safe_load(text)) == expected, record.id
