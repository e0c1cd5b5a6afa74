"""`gongkai serve` (mkdocs serve --dirty) rebuilds only what a save changed, and its
output folder then holds exactly what a clean rebuild of the same catalog writes:
after an edit, a deletion, an addition, a theme change, a date that expires a
document with no file changed, and a rebuild that failed on a catalog error."""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from test_build_cache import EXPIRING, LATER, TODAY, catalog_copy, change_theme, delete_record, edit_title, snapshot  # noqa: F401

from gongkai import mkdocs_project
from gongkai.pagecache.parallel import cores

# One serve process: each line on stdin is a day; it rebuilds its output folder as of that day.
SERVE = """
import logging, os, sys
from mkdocs.config import load_config
from mkdocs.commands.build import build
config_file, site, dirty = sys.argv[1], sys.argv[2], sys.argv[3] == "dirty"
logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
started = False
for line in sys.stdin:
    os.environ["GONGKAI_TODAY"] = line.strip()
    config = load_config(config_file=config_file, site_dir=site)
    if not started:
        config.plugins.on_startup(command="serve", dirty=dirty)
        started = True
    try:
        build(config, serve_url="/", dirty=dirty)
        print("built", flush=True)
    except BaseException as error:
        print("failed", flush=True)
"""


class Preview:
    def __init__(self, project: Path, catalog: Path, site: Path, log: Path, dirty: bool = True) -> None:
        env = {key: value for key, value in os.environ.items() if not key.startswith("GONGKAI_")}
        env.update(GONGKAI_CATALOG=str(catalog), NO_MKDOCS_2_WARNING="1")
        self.log = log
        self.process = subprocess.Popen(
            [sys.executable, "-c", SERVE, str(project / "mkdocs.yml"), str(site), "dirty" if dirty else "clean"],
            cwd=project, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=open(log, "ab"), text=True)

    def rebuild(self, today: str) -> str:
        self.process.stdin.write(today + "\n")
        self.process.stdin.flush()
        return self.process.stdout.readline().strip()

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=60)


def clean_build(tmp_path: Path, project: Path, catalog: Path, today: str) -> dict[str, bytes]:
    site = tmp_path / f"clean-{len(list(tmp_path.glob('clean-*')))}"
    preview = Preview(project, catalog, site, tmp_path / "clean.log", dirty=False)
    assert preview.rebuild(today) == "built", (tmp_path / "clean.log").read_text(encoding="utf-8")[-3000:]
    preview.close()
    return snapshot(site)


REMOVED_OUTPUTS = ("documents/lfbg-2024-01/index.html", "search/data/docs/0.json.gz", "search/data/manifest.json")


def pages_left(log: Path) -> list[int]:
    return [int(n) for n in re.findall(r"预览只重建改动了的页面（(\d+) 个页面未改动）", log.read_text(encoding="utf-8"))]


def break_catalog(catalog: Path, project: Path) -> None:
    path = catalog / "documents" / "lfg-2021-01.md"
    path.write_text(path.read_text(encoding="utf-8").replace("\n标题: ", "\n标题: [", 1), encoding="utf-8")


def mend_catalog(catalog: Path, project: Path) -> None:
    path = catalog / "documents" / "lfg-2021-01.md"
    path.write_text(path.read_text(encoding="utf-8").replace("\n标题: [", "\n标题: ", 1), encoding="utf-8")


def test_each_rebuild_leaves_what_a_clean_rebuild_writes(tmp_path, catalog_copy):  # noqa: F811
    project = tmp_path / "project"
    mkdocs_project.prepare(project)
    site, log = tmp_path / "preview", tmp_path / "preview.log"
    deleted = catalog_copy / "documents" / "lfbg-2025-02.md"
    kept = deleted.read_text(encoding="utf-8")
    # With the site's address, MkDocs' sitemap lists every page's URL (serve keeps it while they are the same).
    site_file = catalog_copy / "site.yaml"
    site_file.write_text(site_file.read_text(encoding="utf-8") + "网站地址: https://www.lianjiang.gov.cn/zwgk/\n", encoding="utf-8")
    preview = Preview(project, catalog_copy, site, log)
    try:
        assert preview.rebuild(TODAY) == "built", log.read_text(encoding="utf-8")[-3000:]
        steps = [
            ("title", edit_title, TODAY),
            ("deletion", delete_record, TODAY),
            ("addition", lambda catalog, project: deleted.write_text(kept, encoding="utf-8"), TODAY),
            ("date", lambda catalog, project: None, LATER),  # no file changes, yet a document expires
            ("theme", change_theme, LATER),
            # Outputs removed by something outside serve, not by a save: a page left as it was and
            # a file of the search index are written again.
            ("outputs removed", lambda catalog, project: [(site / name).unlink() for name in REMOVED_OUTPUTS], LATER),
        ]
        for name, change, today in steps:
            change(catalog_copy, project)
            assert preview.rebuild(today) == "built", (name, log.read_text(encoding="utf-8")[-3000:])
            assert snapshot(site) == clean_build(tmp_path, project, catalog_copy, today), name
        left = pages_left(log)
        # The title edit left nearly every page as it was; the theme change rebuilt them all.
        assert left[0] > 40 and len(left) == 5, left
        if cores() > 1:  # (the serve process is started without GONGKAI_PARALLEL)
            # The first build and the theme change shared their pages with a helper on the second core
            # (and still wrote what a clean build writes); the title edit had too few pages for one.
            helped = [int(n) for n in re.findall(r"其中辅助进程 (\d+) 项", log.read_text(encoding="utf-8"))]
            assert len(helped) == 7 and helped[0] > 0 and helped[5] > 0 and helped[1] == 0, helped
            # The title edit still found the conversions of the pages every rebuild converts (hand-written
            # ones, those in the navigation) that the first build made in its shared store.
            reused = [int(n) for n in re.findall(r"缓存复用 (\d+) 项", log.read_text(encoding="utf-8"))]
            assert reused[1] > 5, reused

        break_catalog(catalog_copy, project)
        (catalog_copy / "documents" / "lfbg-2024-02.md").unlink()  # gone while the rebuild fails
        assert preview.rebuild(LATER) == "failed"
        mend_catalog(catalog_copy, project)
        assert preview.rebuild(LATER) == "built"
        assert snapshot(site) == clean_build(tmp_path, project, catalog_copy, LATER), "after a failed rebuild"
    finally:
        preview.close()
    assert "dirty" not in log.read_text(encoding="utf-8")  # MkDocs' English notice is not shown to staff


def test_the_expiry_page_changes_while_the_server_runs(tmp_path, catalog_copy):  # noqa: F811
    project = tmp_path / "project"
    mkdocs_project.prepare(project)
    site = tmp_path / "preview"
    preview = Preview(project, catalog_copy, site, tmp_path / "preview.log")
    page = site / Path(EXPIRING).with_suffix("") / "index.html"
    try:
        assert preview.rebuild(TODAY) == "built"
        assert "本文件已失效" not in page.read_text(encoding="utf-8")
        assert preview.rebuild(LATER) == "built"
        assert "本文件已失效" in page.read_text(encoding="utf-8")
    finally:
        preview.close()


def _files(config, pages: dict[str, str]):
    from mkdocs.structure.files import File, Files, InclusionLevel
    return Files([File.generated(config, path, content=text, inclusion=InclusionLevel.NOT_IN_NAV)
                  for path, text in pages.items()])


def test_a_page_whose_link_target_went_is_rebuilt_though_its_markdown_is_the_same(tmp_path):
    from types import SimpleNamespace

    from mkdocs.config import load_config

    from gongkai.pagecache.mkdocs_pages import LOOKUPS, resolution
    from gongkai.pagecache.preview import PreviewOutputs

    config = load_config(config_file=str(mkdocs_project.prepare(tmp_path / "project")), site_dir=str(tmp_path / "site"))
    config.plugins._current_plugin = None  # as during a build (File.generated records who made a file)
    pages = {"a.md": "# A\n\n[B](b.md)\n", "b.md": "# B\n"}
    preview = PreviewOutputs()

    def rebuild(present: dict[str, str]) -> set[str]:
        files = _files(config, present)
        preview.plan(files, "environment", present)
        built = {file.src_uri for file in files if file.is_modified()}
        for file in files:
            if file.src_uri in built:  # what the conversion records: the links it resolved
                targets = re.findall(r"\((\w+\.md)\)", present[file.src_uri])
                file.page = SimpleNamespace(**{LOOKUPS: [[t, resolution(files, t)] for t in targets]})
                Path(file.abs_dest_path).parent.mkdir(parents=True, exist_ok=True)
                Path(file.abs_dest_path).write_text("built", encoding="utf-8")
        preview.finish(files)
        return built

    assert rebuild(pages) == {"a.md", "b.md"}
    assert rebuild(pages) == set()  # nothing changed: nothing is built
    assert rebuild({"a.md": pages["a.md"]}) == {"a.md"}  # b.md went: a.md's link no longer resolves
    assert not (tmp_path / "site" / "b" / "index.html").exists()  # and b's page is gone
    assert rebuild(pages) == {"a.md", "b.md"}
    assert rebuild(pages) == set()
    preview.navigation("menu", lambda file: None)
    populated = []
    files = _files(config, pages)
    preview.plan(files, "environment", pages)
    preview.navigation("another menu", populated.append)  # every page shows the navigation
    assert sorted(file.src_uri for file in populated) == ["a.md", "b.md"] and all(f.is_modified() for f in files)
    preview.finish(files)
    files = _files(config, pages)
    preview.plan(files, "another environment", pages)  # another configuration, theme or code
    assert all(file.is_modified() for file in files)


def test_a_generated_file_is_placed_as_mkdocs_places_it(tmp_path):
    from mkdocs.config import load_config
    from mkdocs.structure.files import File

    from gongkai.pagecache.preview import PreviewOutputs

    config = load_config(config_file=str(mkdocs_project.prepare(tmp_path / "project")), site_dir=str(tmp_path / "site"))
    config.plugins._current_plugin = None
    paths = ["index.md", "documents/index.md", "documents/lzfg-2021-01.md", "data/records/中文 名.json", "a/b/c.md"]
    preview = PreviewOutputs()

    def placed(site_dir: str, directory_urls: bool) -> list[tuple[str, str, str]]:
        config.site_dir, config.use_directory_urls = site_dir, directory_urls
        place = preview.placer(site_dir, directory_urls)
        files = [File.generated(config, path, content="x") for path in paths]
        for file in files:
            place(file)
        return [(file.dest_uri, file.url, file.abs_dest_path) for file in files]

    def mkdocs_own(site_dir: str, directory_urls: bool) -> list[tuple[str, str, str]]:
        config.site_dir, config.use_directory_urls = site_dir, directory_urls
        return [(file.dest_uri, file.url, file.abs_dest_path) for file in (File.generated(config, path, content="x") for path in paths)]

    site, other = str(tmp_path / "site"), str(tmp_path / "other")
    for site_dir, directory_urls in ((site, True), (site, True), (other, True), (other, False), (site, True)):
        assert placed(site_dir, directory_urls) == mkdocs_own(site_dir, directory_urls)  # kept, or made again when they changed
    assert placed(site, True)[2] == ("documents/lzfg-2021-01/index.html", "documents/lzfg-2021-01/",
                                     os.path.join(site, "documents", "lzfg-2021-01", "index.html"))


def test_serve_gives_each_page_the_canonical_url_mkdocs_gives_it(tmp_path, monkeypatch):
    from mkdocs.config import load_config
    from mkdocs.structure.files import File
    from mkdocs.structure.pages import Page

    from gongkai import memo
    from gongkai.pagecache.preview import keep_canonical_urls

    config = load_config(config_file=str(mkdocs_project.prepare(tmp_path / "project")), site_dir=str(tmp_path / "site"))
    config.plugins._current_plugin = None
    paths = ["index.md", "documents/index.md", "documents/lzfg-2021-01.md", "a/中文 名.md"]
    bases = ["https://www.lianjiang.gov.cn/zwgk/", "https://www.lianjiang.gov.cn/zwgk", "", None]

    def urls() -> list[tuple]:
        found = []
        for base in bases:
            config.site_url = base
            for path in paths:
                page = Page(None, File.generated(config, path, content="x"), config)
                found.append((page.canonical_url, page.abs_url))
        return found

    mkdocs_own = urls()
    monkeypatch.setattr(Page, "_set_canonical_url", Page._set_canonical_url)  # put back after the test
    for name, value in (("_enabled", True), ("_current", {}), ("_previous", {})):  # as in serve
        monkeypatch.setattr(memo, name, value)
    keep_canonical_urls()
    keep_canonical_urls()  # (once is enough)
    assert urls() == mkdocs_own and any(key[0] == "canonical url" for key in memo._current)
    memo.next_build()
    assert urls() == mkdocs_own  # kept
    assert mkdocs_own[2] == ("https://www.lianjiang.gov.cn/zwgk/documents/lzfg-2021-01/", "/zwgk/documents/lzfg-2021-01/")


def test_settled_files_list_the_pages_mkdocs_lists_and_forget_them_when_a_file_comes_or_goes(tmp_path):
    from mkdocs.config import load_config
    from mkdocs.structure.files import File, InclusionLevel

    from gongkai.pagecache.mkdocs_repeats import SettledFiles

    config = load_config(config_file=str(mkdocs_project.prepare(tmp_path / "project")), site_dir=str(tmp_path / "site"))
    config.plugins._current_plugin = None
    made = [File.generated(config, "index.md", content="x", inclusion=InclusionLevel.INCLUDED),
            File.generated(config, "a.md", content="x", inclusion=InclusionLevel.NOT_IN_NAV),
            File.generated(config, "draft.md", content="x", inclusion=InclusionLevel.DRAFT),
            File.generated(config, "data/a.json", content="x", inclusion=InclusionLevel.INCLUDED)]
    files = SettledFiles(made)

    def listed() -> tuple[list[str], list[str]]:
        return ([file.src_uri for file in files.documentation_pages()],
                [file.src_uri for file in files.documentation_pages(inclusion=InclusionLevel.is_in_serve)])

    assert listed() == (["index.md", "a.md"], ["index.md", "a.md", "draft.md"])
    files.settle()
    first = files.documentation_pages()
    first.clear()  # the caller's own list: the collection's listing is not changed by it
    assert listed() == (["index.md", "a.md"], ["index.md", "a.md", "draft.md"])
    files.append(File.generated(config, "b.md", content="x", inclusion=InclusionLevel.NOT_IN_NAV))
    assert listed()[0] == ["index.md", "a.md", "b.md"]
    files.settle()
    files.remove(made[1])
    assert listed()[0] == ["index.md", "b.md"]
    # Settled, the listing is the one made once: a change of inclusion after on_nav (which MkDocs does not
    # make) would not show; before settling, every listing is made afresh.
    files.settle()
    assert listed()[0] == ["index.md", "b.md"]
    made[0].inclusion = InclusionLevel.EXCLUDED
    assert listed()[0] == ["index.md", "b.md"]
    files.append(made[1])
    assert listed()[0] == ["b.md", "a.md"]


def test_each_page_gets_the_build_date_mkdocs_gives_it(monkeypatch):
    import time

    from mkdocs.structure import pages
    from mkdocs.utils import get_build_date

    from gongkai.pagecache.mkdocs_repeats import build_date_once_a_second

    monkeypatch.setattr(pages, "get_build_date", pages.get_build_date)  # put back after the test
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    build_date_once_a_second()
    build_date_once_a_second()  # (once is enough)
    assert pages.get_build_date is not get_build_date and pages.get_build_date._kept
    for now in (1_767_225_599.999, 1_767_225_600.0, 1_767_225_600.5, 1_767_225_599.2):  # the last second of 2025, UTC, and the next
        monkeypatch.setattr(time, "time", lambda now=now: now)
        assert pages.get_build_date() == ("2025-12-31" if now < 1_767_225_600 else "2026-01-01")
    monkeypatch.undo()
    monkeypatch.setattr(pages, "get_build_date", pages.get_build_date)
    build_date_once_a_second()
    assert pages.get_build_date() == get_build_date()  # the clock's own date, now
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    assert pages.get_build_date() == get_build_date() == "2020-09-13"


def test_serve_adds_the_theme_files_mkdocs_adds_and_lists_only_the_projects_own_theme_folder_again(tmp_path, monkeypatch):
    from jinja2 import FileSystemLoader
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    from gongkai.pagecache.preview import keep_theme_listing

    project = tmp_path / "project"
    config = load_config(config_file=str(mkdocs_project.prepare(project)), site_dir=str(tmp_path / "site"))
    config.plugins._current_plugin = None

    def added() -> list[tuple[str, str]]:
        files = Files([])
        files.add_files_from_theme(config.theme.get_env(), config)
        return sorted((file.src_uri, file.abs_src_path) for file in files)

    mkdocs_own = added()
    monkeypatch.setattr(Files, "add_files_from_theme", Files.add_files_from_theme)  # put back after the test
    keep_theme_listing()
    keep_theme_listing()  # (once is enough)
    assert added() == mkdocs_own and any(uri.startswith("assets/javascripts/") for uri, _ in mkdocs_own)
    listed, list_templates = [], FileSystemLoader.list_templates
    monkeypatch.setattr(FileSystemLoader, "list_templates", lambda loader: listed.append(loader.searchpath) or list_templates(loader))
    assert added() == mkdocs_own
    assert listed == [[str(project / "overrides")]]  # the installed themes' names were kept
    (project / "overrides" / "assets" / "extra").mkdir(parents=True)
    (project / "overrides" / "assets" / "extra" / "new.js").write_text("", encoding="utf-8")
    (project / "overrides" / "notes.txt").write_text("", encoding="utf-8")
    now = added()
    monkeypatch.undo()
    assert now == added() and ("assets/extra/new.js", str(project / "overrides" / "assets" / "extra" / "new.js")) in now


def test_a_generated_file_is_the_file_mkdocs_generates(tmp_path, monkeypatch):
    from mkdocs.config import load_config
    from mkdocs.structure.files import File, InclusionLevel

    from gongkai import memo
    from gongkai.pagecache.mkdocs_repeats import generated_file_maker
    from gongkai.pagecache.parked import PackedPage

    config = load_config(config_file=str(mkdocs_project.prepare(tmp_path / "project")), site_dir=str(tmp_path / "site"))
    paths = ["index.md", "documents/lzfg-2021-01.md", "data/records/中文 名.json", "a//b/./c.md", "./d.md", "e/", "README.md"]
    pack = tmp_path / "pack"
    pack.write_bytes(b"packed")
    made = []
    for serve in (False, True, True):  # serve keeps each path's normalisation
        monkeypatch.setattr(memo, "_enabled", serve)
        for directory_urls in (True, False):
            config.use_directory_urls = directory_urls
            for plugin in (None, "hooks"):
                config.plugins._current_plugin = plugin
                make = generated_file_maker(config)
                for path in paths:
                    for cls, source, inclusion in ((File, {"content": "x"}, InclusionLevel.NOT_IN_NAV),
                                                   (PackedPage, {"abs_src_path": str(pack)}, InclusionLevel.UNDEFINED),
                                                   (File, {"content": b"y"}, InclusionLevel.UNDEFINED)):
                        ours, mkdocs_own = make(cls, path, inclusion=inclusion, **source), cls.generated(config, path, inclusion=inclusion, **source)
                        assert type(ours) is type(mkdocs_own) and vars(ours) == vars(mkdocs_own), (path, cls)
                        assert ours.content_bytes == mkdocs_own.content_bytes
                        made.append(((ours.src_uri, ours.dest_uri, ours.url, ours.abs_dest_path, ours.abs_src_path, ours.edit_uri,
                                      ours.inclusion, ours.generated_by),
                                     (mkdocs_own.src_uri, mkdocs_own.dest_uri, mkdocs_own.url, mkdocs_own.abs_dest_path,
                                      mkdocs_own.abs_src_path, mkdocs_own.edit_uri, mkdocs_own.inclusion, mkdocs_own.generated_by)))
        memo.next_build()
    assert all(ours == mkdocs_own for ours, mkdocs_own in made) and len(made) == 3 * 2 * 2 * len(paths) * 3
    assert ("a/b/c.md", "a/b/c/index.html") == made[9][0][:2]
    with pytest.raises(TypeError):
        generated_file_maker(config)(File, "x.md", content="x", abs_src_path="/tmp/x")
