"""The filterable listings' data files (render/list_data.py): what the listing script reads."""
import json
import re
import shutil

from conftest import FIXED_TODAY, PROJECT

from gongkai import memo
from gongkai.pipeline import check, site_files
from gongkai.render.list_data import SOURCES, list_data_path


def _lists(catalog, reuse: bool, monkeypatch) -> dict[str, bytes]:
    monkeypatch.setattr(memo, "_enabled", reuse)
    result = check(catalog, today=FIXED_TODAY)
    files = site_files(result.catalog, catalog, FIXED_TODAY, result.problems)
    return {key: files[list_data_path(key)] for key in SOURCES}


def test_each_file_is_its_document_as_json_writes_it_rows_newest_first_also_when_rows_are_kept(tmp_path, monkeypatch):
    catalog = tmp_path / "catalog"
    shutil.copytree(PROJECT / "catalog", catalog)
    monkeypatch.setattr(memo, "_current", {})
    monkeypatch.setattr(memo, "_previous", {})
    path = catalog / "documents" / "lfg-2021-01.md"
    for step in range(2):  # serve's second rebuild reuses the rows the edit did not change
        if step:
            path.write_text(re.sub(r"^标题: (.*)$", r"标题: \1（修订）", path.read_text(encoding="utf-8"), count=1, flags=re.M),
                            encoding="utf-8")
        kept = _lists(catalog, True, monkeypatch)
        assert kept == _lists(catalog, False, monkeypatch)
        for key, data in kept.items():
            document = json.loads(data)
            assert data == (json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
            assert list(document) == ["title", "columns", "rows"] and document["rows"], key
            dated = [row["c"][[c["role"] for c in document["columns"]].index("date")] or "" for row in document["rows"]]
            assert dated == sorted(dated, reverse=True)
        assert ("（修订）" in kept["documents"].decode("utf-8")) == bool(step)
