"""Open data: exports re-read and compared with the catalog, valid against their
published schemas; Atom feeds valid and deterministic; the DCAT catalog."""
import csv
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET

import jsonschema
import openpyxl
import pytest
from conftest import FIXED_TODAY, MINIMAL, PROJECT

from gongkai.model.document import REGISTER_WORDS
from gongkai.kinds import ALL_KINDS as FEED_KINDS, DECISION, DOCUMENT
from gongkai.opendata.exports import EXPORTED_KINDS as ALL_KINDS, KIND_COLUMN
from gongkai.projection import public_fields
from gongkai.pipeline import check, render
from gongkai.view import build_view

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module", params=[MINIMAL, PROJECT / "catalog"], ids=["fixture", "demo"])
def built(request):
    result = check(request.param, today=FIXED_TODAY)
    assert result.ok
    view = build_view(result.catalog, FIXED_TODAY)
    return view, render(result.catalog, FIXED_TODAY, result.problems), request.param


def public_ids(view, kind):
    return sorted(r.id for r in view.of(kind))


def test_json_exports_hold_exactly_the_public_records_with_computed_status(built):
    view, site, _ = built
    everything = json.loads(site.files["data/all.json"])
    assert everything["记录数"] == len(everything["记录"]) == sum(len(view.of(k)) for k in ALL_KINDS)
    for kind in ALL_KINDS:
        data = json.loads(site.files[f"data/{kind.key}.json"])
        assert data["schema_version"] == "1.0" and data["生成日期"] == FIXED_TODAY.isoformat()
        assert [r["编号"] for r in data["记录"]] == public_ids(view, kind)
        for exported in data["记录"]:
            record = view.find(kind, exported["编号"])
            if hasattr(record.model, "title"):
                assert exported["标题"] == record.model.title
            assert "保密审查" not in exported and "个人信息公开依据" not in exported  # control data stays internal
            if kind is DOCUMENT:
                assert exported["有效性"] == REGISTER_WORDS[view.validity[record.id][0]]
                assert exported["正文"] == record.model.text


def test_json_exports_validate_against_their_published_schemas(built):
    _, site, _ = built
    for path, data in site.files.items():
        if path.endswith(".json") and path.startswith("data/") and not path.endswith((".schema.json", "catalog.json")):
            schema = json.loads(site.files[path.replace(".json", ".schema.json")])
            jsonschema.validate(json.loads(data), schema)


def test_csv_has_a_bom_and_the_same_rows_as_json(built):
    view, site, _ = built
    for kind in ALL_KINDS:
        raw = site.files[f"data/{kind.key}.csv"]
        assert raw.startswith("\ufeff".encode("utf-8"))
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
        assert [row["编号"] for row in rows] == public_ids(view, kind)
        if kind is DOCUMENT:
            assert [row["有效性"] for row in rows] == [REGISTER_WORDS[view.validity[i][0]] for i in public_ids(view, kind)]
    everything = list(csv.DictReader(io.StringIO(site.files["data/all.csv"].decode("utf-8-sig"))))
    assert len(everything) == sum(len(view.of(k)) for k in ALL_KINDS) and everything[0]["记录类别"]


def test_the_files_of_everything_keep_each_records_kind_and_its_own_fields(built):
    """A decision item has a 类别 of its own (国务院令第713号第三条): the files of everything name the record's
    kind in a column no model has, so neither value hides the other."""
    view, site, catalog = built
    for kind in ALL_KINDS:
        model = next((r.model for r in view.of(kind)), None)
        if model is not None:
            assert KIND_COLUMN not in public_fields(model), kind.key
    decisions = [r for r in view.of(DECISION) if r.model.category is not None]
    assert decisions or catalog == MINIMAL  # the demo catalog has categorised decision items
    by_id = {(row["记录类别"], row["编号"]): row for row in json.loads(site.files["data/all.json"])["记录"]}
    rows = list(csv.DictReader(io.StringIO(site.files["data/all.csv"].decode("utf-8-sig"))))
    header = next(csv.reader(io.StringIO(site.files["data/all.csv"].decode("utf-8-sig"))))
    assert len(header) == len(set(header)), "a column name used twice"
    csv_rows = {(row["记录类别"], row["编号"]): row for row in rows}
    for record in decisions:
        key = (DECISION.label, record.id)
        assert by_id[key]["类别"] == record.model.category.value
        assert csv_rows[key]["类别"] == record.model.category.value


def test_xlsx_uses_the_staff_columns_and_real_dates(built):
    view, site, _ = built
    book = openpyxl.load_workbook(io.BytesIO(site.files["data/documents.xlsx"]))
    sheet = book["规范性文件"]
    headers = [c.value for c in sheet[1]]
    assert headers[:4] == ["序号", "编号", "文件名称", "文号"] and headers[-1] == "有效性"
    ids = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert ids == public_ids(view, DOCUMENT)
    published = headers.index("发布日期")
    assert all(isinstance(row[published], dt.datetime) for row in sheet.iter_rows(min_row=2, values_only=True))
    assert len(openpyxl.load_workbook(io.BytesIO(site.files["data/all.xlsx"])).sheetnames) == 6


def test_every_generated_file_is_the_same_on_a_rebuild(built):
    _, site, catalog = built
    result = check(catalog, today=FIXED_TODAY)
    again = render(result.catalog, FIXED_TODAY, result.problems)
    assert again.files == site.files


def test_atom_feeds_are_valid_and_newest_first(built):
    view, site, _ = built
    for path, data in site.files.items():
        if not path.startswith("feeds/"):
            continue
        root = ET.fromstring(data)
        assert root.tag == f"{ATOM}feed"
        for required in ("id", "title", "updated", "author"):
            assert root.find(f"{ATOM}{required}") is not None, (path, required)
        assert root.find(f"{ATOM}link[@rel='self']") is not None
        entries = root.findall(f"{ATOM}entry")
        assert len(entries) <= 50
        ids = [e.find(f"{ATOM}id").text for e in entries]
        assert len(ids) == len(set(ids)) and all(i.startswith("urn:uuid:") for i in ids)
        updated = [e.find(f"{ATOM}updated").text for e in entries]
        assert updated == sorted(updated, reverse=True) and all(u <= FIXED_TODAY.isoformat() + "T99" for u in updated)
        for entry in entries:
            assert entry.find(f"{ATOM}title").text and entry.find(f"{ATOM}link").get("href")
    everything = ET.fromstring(site.files["feeds/all.xml"]).findall(f"{ATOM}entry")
    assert len(everything) == min(50, sum(len(view.of(k)) for k in FEED_KINDS))  # the annual report too


def test_data_page_and_dcat_catalog_describe_every_file(built):
    view, site, _ = built
    page = site.pages["data/index.md"]
    catalog = json.loads(site.files["data/catalog.json"])
    assert catalog["@type"] == "dcat:Catalog"
    downloads = {d["dcat:downloadURL"] for s in catalog["dcat:dataset"] for d in s["dcat:distribution"]}
    for path in site.files:
        if path.startswith("data/") and path.endswith((".json", ".csv", ".xlsx")) and ".schema." not in path and path != "data/catalog.json":
            assert path in downloads and f"({path.split('/')[-1]})" in page
    # One row per dataset, its formats as links in one cell.
    [row] = [line for line in page.splitlines() if line.startswith("| 全部记录 |")]
    assert "[JSON](all.json)" in row and "(all.csv)" in row and "(all.xlsx)" in row
    assert f"| {sum(len(view.of(k)) for k in ALL_KINDS)} |" in row


@pytest.mark.parametrize("records", [[], [{"标题": "示例"}], [{"标题": "引号\"、反斜杠\\、换行\n和\u2028"}, {}, {"数": [1, None, True]}]])
def test_an_export_written_record_by_record_is_the_json_of_the_whole_document(tmp_path, records):
    from types import SimpleNamespace

    from gongkai.opendata.exports import SCHEMA_VERSION, _JsonExport
    from gongkai.spool import IN_MEMORY, Spool

    view = SimpleNamespace(today=FIXED_TODAY)
    whole = json.dumps({"schema_version": SCHEMA_VERSION,
                        "类别": "全部", "生成日期": FIXED_TODAY.isoformat(), "记录数": len(records),
                        "说明": "本网站主动公开的全部记录；有效性按生成日期计算。字段含义见 /about/fields/，结构见同目录的 .schema.json。",
                        "记录": records}, ensure_ascii=False, separators=(",", ":")) + "\n"
    for out in (IN_MEMORY.file(), Spool(tmp_path / "spool").file()):
        export = _JsonExport(None, len(records), view, out)
        for record in records:
            export.add(json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        written = export.done()
        assert (written if isinstance(written, bytes) else written.read()) == whole.encode("utf-8")
