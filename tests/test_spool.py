"""Data files kept on disk while a build runs (gongkai.spool): the site is the same, the memory is not held."""
import os

import pytest
from conftest import FIXED_TODAY, MINIMAL, PROJECT

from gongkai import mkdocs_project
from gongkai.kinds import DOCUMENT
from gongkai.render.parts import record_page
from gongkai.pipeline import check, render, site_files
from gongkai.spool import Spool, Spooled, content_bytes


@pytest.fixture
def demo_check():
    return check(PROJECT / "catalog", today=FIXED_TODAY)


@pytest.mark.parametrize("second_core", [False, True])
def test_a_site_rendered_into_a_spool_is_the_site_rendered_in_memory(demo_check, monkeypatch, tmp_path, second_core):
    import gongkai.render as render_stage

    monkeypatch.setattr(render_stage, "FORK_FROM_RECORDS", 1)
    result = demo_check
    in_memory = render(result.catalog, FIXED_TODAY, result.problems)
    spool = Spool(tmp_path / "spool")
    spooled = render(result.catalog, FIXED_TODAY, result.problems, second_core=second_core, spool=spool)
    assert spooled.copies == in_memory.copies
    assert list(spooled.pages) == list(in_memory.pages) and list(spooled.files) == list(in_memory.files)
    assert {path: content_bytes(content).decode("utf-8") for path, content in spooled.pages.items()} == in_memory.pages
    assert {path: content_bytes(content) for path, content in spooled.files.items()} == in_memory.files
    # Every data file and record page waits on disk, named by a counter (nothing from the catalog names a file there).
    assert all(isinstance(content, Spooled) for content in spooled.files.values())
    # A one-shot build lets go of the positions once the staff report named its lines.
    assert all(not record.source.values for record in result.catalog.records)
    record_pages = [record_page(record) for record in result.catalog.records if record.kind is DOCUMENT]
    assert record_pages and all(isinstance(spooled.pages[path], Spooled) for path in record_pages)
    written = sorted(os.listdir(spool.folder))  # process-counter, or process-pack (the pages' Markdown)
    assert len(written) >= len(spooled.files) and all(name.replace("-", "").removesuffix("pack").isdigit() for name in written)
    assert f"{os.getpid()}-pack" in written
    spool.remove()
    assert not spool.folder.exists()


def test_serve_keeps_an_export_in_its_pieces_and_writes_them_out_as_the_file(demo_check, tmp_path, monkeypatch):
    """serve's render (memo on) keeps each JSON export as the pieces it was written in: the same
    bytes as a render in memory, and what overwrite_pieces writes over a longer or shorter file."""
    from gongkai import memo
    from gongkai.inplace import overwrite_pieces
    from gongkai.spool import Pieces

    result = demo_check
    in_memory = render(result.catalog, FIXED_TODAY, result.problems)
    for name, value in (("_enabled", True), ("_current", {}), ("_previous", {})):  # as in serve
        monkeypatch.setattr(memo, name, value)
    in_pieces = render(result.catalog, FIXED_TODAY, result.problems)
    pieced = {path: content for path, content in in_pieces.files.items() if isinstance(content, Pieces)}
    assert "data/all.json" in pieced and "data/documents.json" in pieced
    assert {path: content_bytes(content) for path, content in in_pieces.files.items()} == in_memory.files
    assert all(len(content) == len(in_memory.files[path]) for path, content in pieced.items())
    target = tmp_path / "all.json"
    for before in (b"x" * (len(pieced["data/all.json"]) + 5000), b"short"):
        target.write_bytes(before)
        overwrite_pieces(str(target), pieced["data/all.json"].parts)
        assert target.read_bytes() == in_memory.files["data/all.json"]
    many = [bytes([n % 256]) * (n % 7) for n in range(3000)]  # more pieces than one writev call takes
    overwrite_pieces(str(target), many)
    assert target.read_bytes() == b"".join(many)


def test_a_spooled_file_reads_back_its_bytes_and_size(tmp_path):
    spool = Spool(tmp_path / "spool")
    kept = spool.keep("第一条".encode("utf-8"))
    assert (kept.read(), len(kept), content_bytes(kept)) == ("第一条".encode("utf-8"), 9, "第一条".encode("utf-8"))
    assert content_bytes("页") == "页".encode("utf-8") and content_bytes(b"x") == b"x"
    assert spool.keep(b"") != kept  # each file its own name


def test_a_build_spools_beside_its_site_and_removes_the_spool(tmp_path, monkeypatch):
    import gongkai.spool as spool_module

    target = tmp_path / "project"
    mkdocs_project.prepare(target)
    run = mkdocs_project.build(target, MINIMAL, FIXED_TODAY.isoformat())
    assert run.returncode == 0, run.output
    assert (target / "site" / "data" / "all.json").is_file()
    assert not [name for name in os.listdir(target) if name.startswith(".site.")]
    # Every data file went from the spool into the site with the bytes rendered in memory.
    result = check(MINIMAL, today=FIXED_TODAY)
    data_files = {path: content_bytes(content) for path, content in
                  site_files(result.catalog, MINIMAL, FIXED_TODAY, result.problems).items() if not path.endswith(".md")}
    assert len(data_files) > 10
    assert {path: (target / "site" / path).read_bytes() for path in data_files} == data_files
    # The spool folder is made afresh: an existing one (or a link planted there) stops the build.
    (tmp_path / "elsewhere").mkdir()
    folder = tmp_path / "planted"
    folder.symlink_to(tmp_path / "elsewhere")
    with pytest.raises(FileExistsError):
        spool_module.Spool(folder)


@pytest.mark.parametrize("links", [True, False], ids=["linked", "copied"])
def test_a_spooled_file_placed_in_the_site_outlives_the_spool(tmp_path, monkeypatch, links):
    """A data file goes from the spool into the site as a hard link (no byte copied) or, where the
    disk refuses one, as a copy; either way the site keeps it, with the same bytes and permissions as
    a copy, once the spool is removed. A file already at the place is replaced, not written through."""
    spool = Spool(tmp_path / "spool")
    kept = spool.keep("第一条，示例数据".encode("utf-8"))
    site = tmp_path / "site"
    (site / "data").mkdir(parents=True)
    earlier = site / "data" / "old.json"
    earlier.write_bytes(b"earlier")
    os.link(earlier, site / "data" / "x.json")  # another name of a file that must not change
    os.link(earlier, site / "data" / "earlier.json")  # (and a third, as old.json is replaced below)
    if not links:
        def refuse(source, target):
            raise OSError("no links on this disk")
        monkeypatch.setattr(os, "link", refuse)
    outside = tmp_path / "outside.json"
    outside.write_bytes(b"outside")
    (site / "data" / "linked.json").symlink_to(outside)  # a link where a file goes: replaced, never written through
    packed = spool.pack("第二条，示例数据".encode("utf-8"))
    kept.place(str(site / "data" / "x.json"))
    kept.place(str(site / "new" / "y.json"))  # a folder not made yet
    kept.place(str(site / "data" / "linked.json"))
    packed.place(str(site / "data" / "old.json"))  # a part of a pack: its own bytes, in place of the file there
    packed.place(str(site / "newer" / "z.json"))
    assert outside.read_bytes() == b"outside" and not (site / "data" / "linked.json").is_symlink()
    assert (site / "data" / "linked.json").read_bytes() == "第一条，示例数据".encode("utf-8")
    assert (site / "newer" / "z.json").read_bytes() == "第二条，示例数据".encode("utf-8") == (site / "data" / "old.json").read_bytes()
    earlier = site / "data" / "earlier.json"  # (x.json's other name, from before it was replaced)
    copied = site / "copied.json"
    import shutil
    shutil.copyfile(kept.location, copied)
    spool.remove()
    assert (site / "data" / "x.json").read_bytes() == "第一条，示例数据".encode("utf-8") == (site / "new" / "y.json").read_bytes()
    assert earlier.read_bytes() == b"earlier"
    assert os.stat(site / "data" / "x.json").st_mode == os.stat(copied).st_mode
    assert (os.stat(site / "new" / "y.json").st_nlink == 3) == links  # the other names: the first and third places


def test_a_pack_gives_back_each_part_and_a_forked_child_packs_into_its_own(tmp_path):
    """Pages' Markdown and parked HTML are parts of one file per process (Spool.pack): each part reads
    back as written, at once and after the parts that follow, from this process and a forked one."""
    from gongkai import forked
    from gongkai.spool import _readers

    spool = Spool(tmp_path / "spool")
    expected = [f"第{n}页，示例数据\n".encode("utf-8") * n for n in range(1, 300)]
    parts = []
    for data in expected:
        parts.append(spool.pack(data))
        assert parts[-1].read() == data  # at once: nothing waits in a buffer
    with forked.child(lambda: [(spool.pack(b"child %d" % n), parts[n].read()) for n in range(50)]) as child:
        made = child()
    assert [part.read() for part in parts] == expected and len({part.location for part in parts}) == 1
    assert [(part.read(), read) for part, read in made] == [(b"child %d" % n, expected[n]) for n in range(50)]
    assert made[0][0].location != parts[0].location and parts[0].offset == 0 and parts[1].offset == len(expected[0])
    assert content_bytes(parts[7]) == expected[7] and len(parts[7]) == len(expected[7])
    parts[3].place(str(tmp_path / "site" / "x.md"))  # a part placed in the site is a file of its own
    assert (tmp_path / "site" / "x.md").read_bytes() == expected[3]
    spool.remove()
    assert not (tmp_path / "spool").exists() and not [location for location in _readers if str(tmp_path) in location]
