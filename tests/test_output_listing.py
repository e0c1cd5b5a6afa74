"""serve's listing of its output folder (pagecache/outputlisting.py): the same answers as
asking the file system about each file, for any file name, and the file system's own
answers whenever the listing cannot be made."""
import os
from pathlib import Path

from gongkai.pagecache.outputlisting import OutputListing
from gongkai.pagecache.preview import PreviewOutputs


def _folder(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "documents" / "lzrg-2025-01").mkdir(parents=True)
    (site / "documents" / "lzrg-2025-01" / "index.html").write_text("页面", encoding="utf-8")
    (site / "search" / "data" / "docs").mkdir(parents=True)
    (site / "search" / "data" / "docs" / "0.json.gz").write_bytes(b"\x1f\x8b")
    (site / "带 空格 的 文件.csv").write_bytes(b"")
    (site / "line\nbreak.txt").write_bytes(b"x")
    os.mkdir(os.fsencode(site) + b"/\xff\xfe-not-utf8")
    with open(os.fsencode(site) + b"/\xff\xfe-not-utf8/index.html", "wb") as page:
        page.write(b"x")
    (site / "empty-folder").mkdir()
    (site / "link.html").symlink_to(site / "documents" / "lzrg-2025-01" / "index.html")
    return site


def _walked(site: Path) -> set[str]:
    return {os.path.join(folder, name) for folder, _, names in os.walk(site) for name in names
            if os.path.isfile(os.path.join(folder, name)) and not os.path.islink(os.path.join(folder, name))}


def test_the_listing_holds_every_regular_file_whatever_its_name(tmp_path):
    site = _folder(tmp_path)
    listing = OutputListing(str(site))
    files = listing.files()
    assert files == _walked(site) and len(files) == 5
    assert str(site / "line\nbreak.txt") in files
    assert os.fsdecode(os.fsencode(site) + b"/\xff\xfe-not-utf8/index.html") in files
    # A folder or a symbolic link is not a page to serve: it is written again.
    assert not listing.is_file(str(site / "empty-folder")) and not listing.is_file(str(site / "link.html"))
    assert listing.is_file(str(site / "search" / "data" / "docs" / "0.json.gz"))
    assert not listing.is_file(str(site / "search" / "data" / "docs" / "1.json.gz"))


def test_the_listing_is_of_the_folder_as_it_was_when_started(tmp_path):
    site = _folder(tmp_path)
    listing = OutputListing(str(site))
    assert listing.files() is not None
    (site / "documents" / "lzrg-2025-01" / "index.html").unlink()  # removed after the listing was read
    assert listing.is_file(str(site / "documents" / "lzrg-2025-01" / "index.html"))


def test_a_path_outside_the_folder_is_asked_of_the_file_system(tmp_path):
    site = _folder(tmp_path)
    outside = tmp_path / "site-other" / "index.html"  # (a sibling whose name starts as the folder's)
    outside.parent.mkdir()
    outside.write_text("x", encoding="utf-8")
    listing = OutputListing(str(site))
    assert listing.is_file(str(outside)) and not listing.is_file(str(tmp_path / "nowhere.html"))


def test_without_a_listing_each_file_is_asked_of_the_file_system(tmp_path, monkeypatch):
    site = _folder(tmp_path)
    page = str(site / "documents" / "lzrg-2025-01" / "index.html")
    missing = OutputListing(str(tmp_path / "not-made-yet"))  # the first build: no folder yet
    assert missing.files() is None
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))  # no `find` at all
    no_find = OutputListing(str(site))
    assert no_find.files() is None
    for listing in (missing, no_find):
        assert listing.is_file(page) and not listing.is_file(str(site / "empty-folder"))


def test_a_listing_nobody_read_is_stopped(tmp_path):
    listing = OutputListing(str(_folder(tmp_path)))
    process = listing._process
    listing.close()
    assert process is not None and process.returncode is not None
    assert listing.files() is None


def test_the_preview_asks_the_listing_it_started_and_drops_it_after_the_rebuild(tmp_path):
    site = _folder(tmp_path)
    page = str(site / "documents" / "lzrg-2025-01" / "index.html")
    preview = PreviewOutputs()
    preview.start_listing(str(site) + "/.")  # (as MkDocs may name the folder)
    assert preview.is_file(page) and not preview.is_file(str(site / "empty-folder"))
    Path(page).unlink()  # after the listing: it still holds the page
    assert preview.is_file(page)
    preview.end_listing()
    assert not preview.is_file(page)  # asked of the file system again
