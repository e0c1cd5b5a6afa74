"""Full exports of the public view: per kind and for everything, as JSON (all
fields, no cap, with a schema version), CSV (UTF-8 with BOM, so Excel and WPS
open Chinese correctly) and XLSX (the staff Excel columns). Bytes out, no I/O;
every file is byte-for-byte the same on a rebuild of the same day."""
from __future__ import annotations

import csv
import functools
import datetime as dt
import io
import json
from dataclasses import dataclass

from .. import memo
from ..excel.cells import csv_text
from ..excel.columns import SHEETS
from ..excel.export import cell_value, headers_for, record_row, row_sheets
from ..excel.xlsx import CompressedSheet, compressed_sheet, workbook_bytes
from ..model.document import REGISTER_WORDS
from ..kinds import ALL_KINDS, DOCUMENT, Kind
from ..records import Record
from ..view import SiteView
from ..paths import record_url
from ..projection import public_fields
from ..spool import IN_MEMORY, Keeper, OutFile, Pieces, Spooled
from ..textnorm import UTF8_BOM

SCHEMA_VERSION = "1.0"
DATA_DIR = "data"
ALL = "all"
KIND_COLUMN = "记录类别"  # in the files of everything (a decision item has a 类别 of its own)


@dataclass(frozen=True)
class ExportFile:
    path: str  # under docs/
    data: bytes | Spooled | Pieces
    kind: Kind | None  # None: everything
    form: str  # json | csv | xlsx
    records: int


def _view_answers(record: Record, view: SiteView) -> tuple:
    """What a record's export entry takes from the view besides the record: its publication date,
    and for a document its validity, since when, and the 文号 of the documents amending it."""
    published = view.publication_date(record)
    if record.kind is not DOCUMENT:
        return (published,)
    validity, since = view.validity[record.id]
    return published, validity, since, tuple(amender.model.doc_number for amender in view.amended_by[record.id])


def record_json(record: Record, answers: tuple) -> dict:
    """A record's entry in the exports (`answers`: _view_answers)."""
    data: dict[str, object] = {"编号": record.id, "网址": record_url(record)}
    data.update(memo.of_object("public fields", record.model, functools.partial(public_fields, record.model)))
    published = answers[0]
    data["发布日期"] = published.isoformat() if published else None
    if record.kind is DOCUMENT:
        _, validity, since, amenders = answers
        data["有效性"] = REGISTER_WORDS[validity]  # 有效 / 失效 / 废止, as the government's register lists it
        data["有效性起始日期"] = since.isoformat() if since else None
        data["修改文件"] = list(amenders)
    return data


def _entries(record: Record, view: SiteView) -> tuple[bytes, bytes]:
    """A record's export entry, encoded, for its kind's file and for the file of everything; serve
    keeps them while the record and the view's answers about it are the same."""
    answers = _view_answers(record, view)
    return memo.of_object(("export entry", answers), record, lambda: _encoded_entries(record, answers))


def _encoded_entries(record: Record, answers: tuple) -> tuple[bytes, bytes]:
    entry = _compact(record_json(record, answers))
    return entry.encode("utf-8"), _labelled(record, entry).encode("utf-8")


def _labelled(record: Record, entry: str) -> str:
    """The entry in the export of everything: led by the record's kind (no model has a field of that
    name: tests/test_opendata.py)."""
    return '{"' + KIND_COLUMN + '":' + _compact(record.kind.label) + "," + entry[1:]


class _JsonExport:
    """An export as one compact JSON document, written record by record: the bytes json.dumps gives for
    the whole document (its records last), without ever holding it (hundreds of MB at 100,000 records)."""

    def __init__(self, kind: Kind | None, count: int, view: SiteView, out: OutFile) -> None:
        document = {
            "schema_version": SCHEMA_VERSION,
            "类别": kind.label if kind else "全部",
            "生成日期": view.today.isoformat(),
            "记录数": count,
            "说明": "本网站主动公开的全部记录；有效性按生成日期计算。字段含义见 /about/fields/，结构见同目录的 .schema.json。",
        }
        # Compact: with an indent json falls back to its pure-Python encoder (seconds at 10,000 records).
        out.write(_compact(document)[:-1].encode("utf-8") + ',"记录":['.encode("utf-8"))
        self.out, self.written = out, 0

    def add(self, entry: bytes) -> None:
        """The next record's entry, as _entries encodes it."""
        if self.written:
            self.out.write(b",")
        self.out.write(entry)
        self.written += 1

    def done(self) -> bytes | Spooled | Pieces:
        self.out.write(b"]}\n")
        return self.out.done()


def _compact(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _csv_text(value) -> str:
    """Dates as YYYY-MM-DD; text that starts like a formula behind a leading '
    (excel/cells.py); numbers as they are, so a negative number stays a number."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return csv_text(value)
    return "" if value is None else str(value)


def _csv(kinds: list[Kind], rows_by_kind: dict, texts_by_kind: dict) -> bytes:
    """`texts_by_kind`: each row's cell texts (_cell_texts), made once for its kind's file and the file of everything."""
    everything = len(kinds) > 1
    headers: list[str] = []
    for kind in kinds:
        headers += [h for h in headers_for(kind) if h not in headers]
    if everything:
        headers = [KIND_COLUMN] + headers
    # serve keeps the lines of each run of rows, encoded, while its rows are the same objects: an edit
    # makes its run's lines again, not its kind's (at 10,000 records going through every row's kept
    # line took 0.13 s of each rebuild).
    chunks = [memo.of_objects(("csv lines", kind.key, tuple(headers)), run, functools.partial(_csv_lines, kind, texts, headers, everything))
              for kind in kinds for run, texts in zip(memo.runs(rows_by_kind[kind]), memo.runs(texts_by_kind[kind]))]
    return UTF8_BOM + _csv_line(headers).encode("utf-8") + b"".join(chunks)


def _cell_texts(kind: Kind, row: list) -> list[str]:
    """A row's cells as CSV texts, under headers_for(kind); serve keeps them while the row is the same object (_rows)."""
    return memo.of_object(("csv cells", kind.key), row, lambda: [_csv_text(cell_value(value)) for value in row])


_NO_VALUE = _csv_text(cell_value(None))


def _csv_lines(kind: Kind, texts: list[list[str]], headers: list[str], everything: bool) -> bytes:
    own = {header: place for place, header in enumerate(headers_for(kind))}  # (the last of a repeated header, as a dict of the row keeps it)
    places = [own.get(header, -1) for header in headers]
    label = _csv_text(cell_value(kind.label))

    def line(cells: list[str]) -> str:
        line_cells = [cells[place] if 0 <= place < len(cells) else _NO_VALUE for place in places]
        if everything:
            line_cells[0] = label  # (the file of everything leads with the kind: KIND_COLUMN)
        return _csv_line(line_cells)
    return "".join(map(line, texts)).encode("utf-8")


def _csv_line(cells: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    return buffer.getvalue()


def _xlsx(sheets: list[CompressedSheet], view: SiteView) -> bytes:
    return workbook_bytes(sheets, view.today, view.site.government)


def _rows(kind: Kind, records: list[Record], today) -> list[list]:
    """Each record's register row (序号 is its place in the list), made once for the CSV and XLSX
    files of its kind and of everything; serve keeps an unchanged record's row at an unchanged place."""
    return [memo.of_object(("register row", kind.key, number, today), record, functools.partial(record_row, kind, record, number, today))
            for number, record in enumerate(records, 1)]


def _ordered(view: SiteView, kind: Kind) -> list[Record]:
    return sorted(view.of(kind), key=lambda r: r.id)


# The record kinds with a staff register (Excel sheet); the annual disclosure
# report has files of its own in the official table layout (annual/).
EXPORTED_KINDS = [kind for kind in ALL_KINDS if kind in SHEETS]


def export_files(view: SiteView, keeper: Keeper = IN_MEMORY) -> list[ExportFile]:
    """Every export; `keeper` takes each file as it is made (a build spools them to disk)."""
    kinds = EXPORTED_KINDS
    records = {kind: _ordered(view, kind) for kind in kinds}
    rows = {kind: _rows(kind, records[kind], view.today) for kind in kinds}
    texts = {kind: [_cell_texts(kind, row) for row in rows[kind]] for kind in kinds}
    everything = sum(len(records[kind]) for kind in kinds)
    # Each entry goes to its kind's file and to the file of everything as it is made (made once, held by neither).
    all_json = _JsonExport(None, everything, view, keeper.file())
    # Each kind's sheet is made once, for its kind's workbook and for the workbook of everything.
    sheets = {kind: compressed_sheet(sheet) for kind in kinds for sheet in row_sheets({kind: rows[kind]})}
    files = []
    for kind in kinds:
        count = len(records[kind])
        base = f"{DATA_DIR}/{kind.key}"
        own = _JsonExport(kind, count, view, keeper.file())
        for record in records[kind]:
            entry, labelled = _entries(record, view)
            own.add(entry)
            all_json.add(labelled)
        files.append(ExportFile(f"{base}.json", own.done(), kind, "json", count))
        files.append(ExportFile(f"{base}.csv", keeper.keep(_csv([kind], rows, texts)), kind, "csv", count))
        files.append(ExportFile(f"{base}.xlsx", keeper.keep(_xlsx([sheets[kind]], view)), kind, "xlsx", count))
    base = f"{DATA_DIR}/{ALL}"
    files.append(ExportFile(f"{base}.json", all_json.done(), None, "json", everything))
    files.append(ExportFile(f"{base}.csv", keeper.keep(_csv(kinds, rows, texts)), None, "csv", everything))
    files.append(ExportFile(f"{base}.xlsx", keeper.keep(_xlsx([sheets[kind] for kind in SHEETS if kind in sheets], view)), None, "xlsx",
                            everything))
    return files
