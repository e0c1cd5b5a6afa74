"""Property-based tests (hypothesis): whatever a catalog file holds, the loader,
the checks and the renderer never crash (everything wrong is a reported
problem), and every valid released record is rendered exactly once."""
import datetime as dt
import json
import shutil
import tempfile
from pathlib import Path

import yaml
from conftest import FIXED_TODAY, MINIMAL
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.kinds import DOCUMENT
from gongkai.pipeline import check, render
from gongkai.problems import Problem
from gongkai.textnorm import is_blank
from gongkai.render.search_page import page_infos
from gongkai.view import build_view

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Anything YAML can hold: scalars of every type, nested lists and mappings.
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30),
                    st.dates(), st.sampled_from(["主动公开", "2021-02-30", "是", "否", "廉府规〔2021〕1号", "<script>x</script>"]))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                      max_leaves=8)
FIELDS = ["标题", "文号", "统一登记号", "索引号", "发布机构", "主题分类", "成文日期", "发布日期", "施行日期", "有效期至",
          "合法性审核", "备案", "政策解读", "附件", "关系", "状态历史", "清理", "公开属性", "保密审查", "示例数据", "个人信息公开依据"]


def fresh_catalog() -> Path:
    root = Path(tempfile.mkdtemp(prefix="gk-prop-"))
    shutil.copytree(MINIMAL, root / "catalog")
    return root / "catalog"


def run_pipeline(catalog: Path) -> None:
    result = check(catalog, display_root="catalog", today=FIXED_TODAY)
    assert all(isinstance(p, Problem) and p.message for p in result.problems)
    if result.ok:
        render(result.catalog, FIXED_TODAY, result.problems)


@SETTINGS
@given(st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=6), values, max_size=12), st.text(max_size=200))
def test_any_front_matter_is_a_report_never_a_crash(front_matter, body):
    catalog = fresh_catalog()
    try:
        text = yaml.safe_dump(front_matter, allow_unicode=True)
        (catalog / "documents" / "fx-2030-01.md").write_text(f"---\n{text}---\n{body}\n", encoding="utf-8")
        run_pipeline(catalog)
    finally:
        shutil.rmtree(catalog.parent)


@SETTINGS
@given(st.binary(max_size=400))
def test_any_bytes_in_a_catalog_file_are_a_report_never_a_crash(data):
    catalog = fresh_catalog()
    try:
        (catalog / "decisions" / "2021" / "2021-09.yaml").write_bytes(data)
        (catalog / "documents" / "fx-2030-01.md").write_bytes(b"---\n" + data)
        run_pipeline(catalog)
    finally:
        shutil.rmtree(catalog.parent)


# Text a field accepts: not only invisible characters (a lone soft hyphen is rightly refused as empty).
printable = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=20).filter(
    lambda text: text.strip() and not is_blank(text))


@st.composite
def documents(draw):
    count = draw(st.integers(min_value=1, max_value=6))
    docs = []
    for n in range(1, count + 1):
        published = draw(st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2030, 12, 31)))
        docs.append({
            "id": f"pp-{published.year}-{n:02d}",
            "标题": draw(printable),
            "文号": f"测府规〔{published.year}〕{n + 100}号",
            "统一登记号": f"PP-{n}",
            "索引号": f"IDX/{n}",
            "发布机构": draw(printable),
            "主题分类": "城乡建设",
            "成文日期": published,
            "发布日期": published,
            "施行日期": published,
            "有效期至": published + dt.timedelta(days=draw(st.integers(1, 1500))),
            "合法性审核": {"日期": published, "审核机构": "测试市司法局"},
            "备案": [{"备案机关": "测试市人大常委会", "日期": published}, {"备案机关": "上级市人民政府", "日期": published}],
            "状态历史": [{"状态": "现行有效", "日期": published}],
            "公开属性": draw(st.sampled_from(["主动公开", "依申请公开", "不予公开"])),
            "保密审查": {"审查人": "审查组", "日期": published, "结论": draw(st.sampled_from(["同意公开", "同意公开", "不予公开"]))},
        })
    return docs


@SETTINGS
@given(documents(), printable)
def test_every_valid_released_record_is_rendered_exactly_once(docs, body):
    catalog = fresh_catalog()
    try:
        for doc in docs:
            front = {k: v for k, v in doc.items() if k != "id"}
            if front["公开属性"] == "主动公开" and front["保密审查"]["结论"] == "不予公开":
                front["公开属性"] = "依申请公开"  # a refused review on a 主动公开 record is an error, not a test of counting
            (catalog / "documents" / f"{doc['id']}.md").write_text(
                f"---\n{yaml.safe_dump(front, allow_unicode=True)}---\n{body}\n", encoding="utf-8")
        result = check(catalog, display_root="catalog", today=FIXED_TODAY)
        assert result.ok, [str(p) for p in result.errors]
        site = render(result.catalog, FIXED_TODAY, result.problems)
        view = build_view(result.catalog, FIXED_TODAY)
        released = {d["id"] for d in docs if d["公开属性"] == "主动公开" and d["保密审查"]["结论"] == "同意公开"
                    and d["发布日期"] <= FIXED_TODAY} | {r.id for r in view.of(DOCUMENT) if r.id.startswith("fx-")}
        pages = {path[len("documents/"):-3] for path in site.pages if path.startswith("documents/") and path.count("/") == 1}
        pages -= {"index", "by-issuer", "by-status"}
        assert pages == released
        infos = json.loads(page_infos(view))
        assert {url.split("/")[1] for url in infos if url.startswith("documents/")} == released
        listing = site.pages["documents/index.md"]
        for record_id in released:
            assert listing.count(f"({record_id}.md)") == 1, record_id
    finally:
        shutil.rmtree(catalog.parent)
