"""MkDocs is a thin shell: each build checks the catalog (the only check of
`gongkai build`) and adds the pipeline's pages, generated files and checked
attachments as virtual files. Nothing is written into docs/, which holds only
hand-written pages and assets; `serve` watches the catalog and rebuilds once
per edit. Everything else lives in the gongkai package.

Environment: GONGKAI_CATALOG (catalog folder, default ./catalog),
GONGKAI_TODAY (YYYY-MM-DD, build the site as of that day; default today),
GONGKAI_CATALOG_ERROR_FLAG (a path the hook creates when catalog errors stop
the build, so the CLI can exit 1 rather than 3).
"""
from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path
from typing import Any, Optional

from mkdocs.commands.build import _populate_page
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

from gongkai import collector, memo
from gongkai.cachestore import BuildCache, StoredText
from gongkai.forked import SECOND_CORE_UP_TO_RECORDS, second_core_fits
from gongkai.typography import unbroken_dates
from gongkai.htmlsafety import outside_theme_ids, removed, sanitize, unshipped_code, with_csp
from gongkai.pagecache import idlegc
from gongkai.pagecache.early_site import EarlySite, keep_site
from gongkai.pagecache.fingerprint import environment_digest, installed_folder
from gongkai.pagecache.mkdocs_pages import PageReuse
from gongkai.pagecache.mkdocs_repeats import SettledFiles, build_date_once_a_second, generated_file_maker
from gongkai.pagecache.mkdocs_parallel import ParallelPages, pages_to_build
from gongkai.pagecache.parked import PackedPage, park, parkable, unpark
from gongkai.pagecache.preview import (DIRTY_BUILD_NOTICE, PreviewOutputs, instant_watch, keep_canonical_urls, keep_theme_listing,
                                       stop_as_on_ctrl_c)
from gongkai.pagecache.session import (TEMPLATE_CODE, StoreUnavailable, build_store, helper_store, kept_between_builds, parallel,
                                       release)
from gongkai.pagecache.whole_pages import WholePages
from gongkai.pipeline import build_cache, check, site_files, site_settings
from gongkai.problems import CatalogError, Severity, format_report
from gongkai.publish import top_level_names
from gongkai.render.compliance_page import PAGE as COMPLIANCE_PAGE
from gongkai.render.search_page import PAGE as SEARCH_PAGE
from gongkai.search.extract import extract
from gongkai.search.site import build_site_index, known_site_pages, site_pages
from gongkai.sitemap import write_relative_sitemap
from gongkai.spool import Content, Pieces, Spool, Spooled
from gongkai.staging import WarningCounter, discard, remove_leftovers, replace_output, spool_dir, staging_dir

log = logging.getLogger("mkdocs.gongkai")


def _catalog_dir(config) -> Path:
    configured = os.environ.get("GONGKAI_CATALOG")
    return Path(configured) if configured else Path(config.config_file_path).parent / "catalog"


def _today() -> dt.date:
    configured = os.environ.get("GONGKAI_TODAY")
    if not configured:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(configured)
    except ValueError:
        raise PluginError(f"GONGKAI_TODAY=\"{configured}\" 不是 YYYY-MM-DD 格式的日期") from None


def _default_slugify():
    from markdown.extensions.toc import slugify
    return slugify


_build: dict[str, Any] = {"command": None, "final": None, "staging": None, "warnings": None, "reuse": None,
                          "parallel": None, "static": [], "spool": None, "records": 0,
                          "preview": None, "files": None, "nav": None, "whole": None, "early": None}


def on_startup(command, dirty):
    # `mkdocs serve` builds into its own temporary folder; only real builds are staged.
    _build["command"] = command
    build_date_once_a_second()
    if command == "serve":
        stop_as_on_ctrl_c()
        memo.enable()  # rebuilds after a save reuse what the unchanged files gave
        if dirty:  # `gongkai serve`: the output folder is kept, and only what a save changed is rebuilt
            _build["preview"] = PreviewOutputs()
            keep_canonical_urls()
            keep_theme_listing()
            logging.getLogger("mkdocs.commands.build").addFilter(
                lambda record: not record.getMessage().startswith(DIRTY_BUILD_NOTICE))


def on_config(config):
    toc = config.mdx_configs.setdefault("toc", {})
    toc["slugify"] = outside_theme_ids(toc.get("slugify") or _default_slugify())
    site = site_settings(_catalog_dir(config))
    if site is not None:
        # The site's name is catalog data, kept in catalog/site.yaml only;
        # problems in it are reported by the full check in on_files.
        config.site_name = site.name
        config.copyright = f"{site.government} · 由政务公开目录自动生成"
        if site.url:
            config.site_url = site.url  # absolute links in the sitemap
        if site.compliance_in_nav and config.nav is not None:
            config.nav.append({"合规检查报告": COMPLIANCE_PAGE})
    return config


def on_serve(server, config, builder):
    # The catalog in use (GONGKAI_CATALOG may name one outside the project); docs/
    # is watched by MkDocs itself and no longer changes during a build.
    server.watch(str(_catalog_dir(config)))
    instant_watch(server)  # a save starts the rebuild at once, not at the next poll
    idlegc.before_serving()
    return server


def _reuse(config):
    """Reuse of page work for this build (serve, or a build given a cache folder), or None."""
    try:
        store = build_store(_build["command"])
    except StoreUnavailable as unavailable:
        log.info(f"gongkai: {unavailable}")
        return None
    if store is None:
        return None
    settings = [Path(config.config_file_path).read_text(encoding="utf-8"), str(_build["command"]),
                repr([config.site_name, config.copyright, config.site_url, config.nav, config.use_directory_urls])]
    theme_dirs = [Path(folder) for folder in config.theme.dirs if not installed_folder(folder)]
    return PageReuse(store, environment_digest([Path(__file__)], theme_dirs, settings))


def on_pre_build(config):
    if _build["command"] == "serve":
        idlegc.before_rebuild()
    reuse = _build["reuse"] = _reuse(config)
    # A build (not serve: its store is in memory) uses the second core through a forked helper.
    if reuse is not None and reuse.store.folder is not None and _build["command"] != "serve" and parallel():
        _build["parallel"] = ParallelPages(reuse)
    if _build["command"] in ("build", "gh-deploy"):
        final = Path(config.site_dir)
        _build["final"], _build["staging"] = final, staging_dir(final)
        discard(_build["staging"])
        leftovers = remove_leftovers(final)
        if leftovers:
            log.info(f"gongkai: 删除了 {leftovers} 个中断的构建留下的临时文件夹")
        config.site_dir = str(_build["staging"])
        _build["warnings"] = WarningCounter()
        logging.getLogger("mkdocs").addHandler(_build["warnings"])


def _catalog_errors(message: str) -> PluginError:
    """The build stops on catalog problems: MkDocs prints the Chinese report, and
    the CLI (which names a flag file) exits 1 instead of 3."""
    flag = os.environ.get("GONGKAI_CATALOG_ERROR_FLAG")
    if flag:
        Path(flag).touch()
    return PluginError(message)


def _second_core() -> bool:
    """Whether this build may fork children for its serial steps (not serve: its reuse lives here;
    not a catalog too large for two processes' memory)."""
    return _build["command"] != "serve" and parallel() and second_core_fits(_build["records"])


def _build_cache() -> Optional[BuildCache]:
    """The build's cache folder as the check and the render use it: only one kept for later builds
    (serve reuses their work in memory instead)."""
    reuse = _build["reuse"]
    if reuse is None or _build["command"] == "serve" or not kept_between_builds(reuse.store):
        return None
    store = reuse.store
    return build_cache(store, reuse.environment, store.another)


def _keep_to_the_end() -> None:
    if _build["command"] != "serve":  # (serve keeps what it holds between rebuilds frozen itself: idlegc.py)
        collector.keep_to_the_end()


def _collector_after_build() -> None:
    """serve collects after a rebuild (idlegc.py); a build freezes everything, so that its process also ends
    without a last walk through it all."""
    if _build["command"] == "serve":
        idlegc.after_rebuild()
    else:
        collector.keep_to_the_end()


def _site_files(config) -> dict[str, Content]:
    catalog_dir, today = _catalog_dir(config), _today()
    cache = _build_cache()
    with collector.paused():  # (kept off until what the check made is frozen: no full collection as it ends)
        result = check(catalog_dir, today=today, second_core=_second_core(), cache=cache)
        _keep_to_the_end()
    findings = [problem for problem in result.problems if problem.severity is not Severity.ERROR]
    if findings:
        # Info level: MkDocs' strict mode fails on its own warnings, and only catalog errors
        # may block a build (warnings are for staff to act on). A rule that finds many is
        # summarised: the compliance report page and `gongkai check --all` list them all.
        log.info("目录检查发现的警告和提示：\n" + format_report(findings, complete=False))
    if not result.ok:
        raise _catalog_errors("目录文件有错误，网站未构建：\n" + format_report(result.problems))
    _build["records"] = len(result.catalog.records)
    if _build["parallel"] is not None and not second_core_fits(_build["records"]):
        _build["parallel"] = None
        log.info(f"gongkai: 记录超过 {SECOND_CORE_UP_TO_RECORDS:,} 条，为控制内存，本次构建只用一个处理器核心")
    if _build["final"] is not None:  # a build, not serve: serve keeps its files, its memo reuses them
        discard(spool_dir(_build["final"]))  # as the staging folder: one of an earlier process with this id
        _build["spool"] = Spool(spool_dir(_build["final"]))
    try:
        with collector.paused():
            generated = site_files(result.catalog, catalog_dir, today, result.problems, second_core=_second_core(),
                                   spool=_build["spool"], cache=cache)
            _keep_to_the_end()
    except CatalogError as error:
        # A file changed after it was checked (FileInfo.read): nothing of it is published.
        raise _catalog_errors("目录文件在检查之后被改动，网站未构建：\n" + format_report(error.problems)) from None
    log.info(f"gongkai: {len(result.catalog.records)} 条记录；生成 {len(generated)} 个页面和文件（不写入 docs/）")
    return generated


def _nav_pages(nav) -> set[str]:
    """Every page named in the navigation (a tree of lists, titled dicts and paths)."""
    pages, pending = set(), list(nav or [])
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            pending += item.values()
        elif isinstance(item, list):
            pending += item
        elif isinstance(item, str):
            pages.add(item)
    return pages


def _early_site(config) -> Optional[EarlySite]:
    """A build with a cache folder: the last site's pages, written meanwhile on the second core (early_site.py)."""
    reuse = _build["reuse"]
    if reuse is None or _build["staging"] is None or not kept_between_builds(reuse.store) or not parallel():
        return None
    early = EarlySite(reuse.store, reuse.environment, config.site_dir)
    early.start()
    return early


def _included_pages(files) -> set[str]:
    """Where the build writes its pages."""
    return {file.dest_uri for file in files.documentation_pages(inclusion=InclusionLevel.is_included)}


def on_files(files, config):
    _build["early"] = _early_site(config)  # (MkDocs has just cleaned the site folder)
    generated = _site_files(config)
    # The generated folders belong to the pipeline: a hand-written file there would be
    # shadowed or mixed with generated pages, and one left by an older version that
    # wrote into docs/ could be a page of a record withdrawn since.
    occupied = top_level_names(generated)
    clashes = sorted(f.src_uri for f in files if f.src_uri.split("/", 1)[0] in occupied)
    if clashes:
        names = "、".join(sorted({uri.split("/", 1)[0] for uri in clashes}))
        raise PluginError(f"docs/ 中有 {len(clashes)} 个文件位于自动生成的页面所在的位置（{names}），如 docs/{clashes[0]}：\n"
                          f"页面已不再写入 docs/，这些多半是旧版本构建留下的文件。请删除 docs/ 下的 {names}，再重新构建。")
    in_nav = _nav_pages(config.nav)
    static = []
    preview, reuse = _build["preview"], _build["reuse"]
    place = preview.placer(config.site_dir, config.use_directory_urls) if preview is not None else None
    generated_file = generated_file_maker(config)
    for path, content in generated.items():
        # Record pages stay out of the navigation tree (every page embeds it); listings link to them.
        outside_nav = path.endswith(".md") and path not in in_nav
        inclusion = InclusionLevel.NOT_IN_NAV if outside_nav else InclusionLevel.UNDEFINED
        if isinstance(content, StoredText):  # a kept page's Markdown, read from the cache folder only if asked for
            file = generated_file(PackedPage, path, abs_src_path=content.location, inclusion=inclusion)
            file.packed = content
        elif isinstance(content, Spooled):
            if content.offset >= 0:  # a part of the spool's pack (a page's Markdown)
                file = generated_file(PackedPage, path, abs_src_path=content.location, inclusion=inclusion)
                file.packed = content
            else:
                file = generated_file(File, path, abs_src_path=content.location, inclusion=inclusion)
            if not path.endswith(".md"):  # a data file goes into the site as it is (MkDocs copies it)
                file.copy_file = lambda dirty=False, content=content, file=file: content.place(file.abs_dest_path)
        elif isinstance(content, Pieces):  # serve's: the preview writes it out from its pieces (preview.py)
            file = generated_file(File, path, content=b"" if preview is not None else content.join(), inclusion=inclusion)
        else:
            file = generated_file(File, path, content=content, inclusion=inclusion)
        if place is not None:
            place(file)
        files.append(file)
        if not path.endswith(".md"):
            static.append(file)
    _build["static"] = static
    files = SettledFiles(files)  # (settled once MkDocs made the navigation: on_nav)
    _build["files"] = files  # the site's every file: its pages need not be found by walking it (_post_build)
    if preview is not None:
        left = preview.plan(files, reuse.environment if reuse is not None else "", generated)
        if left:
            log.info(f"gongkai: 预览只重建改动了的页面（{left} 个页面未改动）")
    return files


def _pages_done() -> None:
    """Every page and generated file is in the site (or the build failed): the spool and the
    plan of pages taken whole go."""
    if _build["whole"] is not None:
        _build["whole"].finish()
        _build["whole"] = None
    if _build["spool"] is not None:
        _build["spool"].remove()
        _build["spool"] = None


def on_post_build(config):
    try:
        _post_build(config)
    finally:
        _collector_after_build()


def _post_build(config):
    # The index is built from the finished HTML, so it holds exactly what readers see.
    _pages_done()
    reuse = _build["reuse"]
    if _build["parallel"] is not None:
        _build["parallel"].done()
        _build["parallel"] = None
    # What the build wrote (serve's rebuild: or left in place; preview.py deletes the rest). Walking the
    # site's 37,000 files and 12,000 folders to find its pages took 0.3 s of each build at 10,000 records.
    files = _build["files"]
    _build["files"] = None
    left: set[str] = set()
    if _build["preview"] is not None:
        left = _build["preview"].left()
        _build["preview"].finish(files)
        _build["nav"] = None
    # The index and the sitemap list the same pages (serve shows drafts too).
    shown = (lambda file: file.inclusion.is_in_serve()) if _build["preview"] is not None else (lambda file: file.inclusion.is_included())
    pages = (known_site_pages(config.site_dir, [file.dest_uri for file in files if shown(file)])
             if files is not None else site_pages(Path(config.site_dir)))
    summary = build_site_index(Path(config.site_dir), reuse.page_text if reuse else extract, second_core=_second_core(), pages=pages,
                               keeper=reuse.store if reuse else None, environment=reuse.environment if reuse else "", left=left,
                               html_digests=reuse.html_digests if reuse else {})
    log.info(f"gongkai: 搜索索引 {summary.pages} 个页面，{summary.shards} 个分片，{summary.bytes // 1024} KB")
    if not config.site_url:  # no 网站地址: MkDocs' sitemap would be empty
        listed = write_relative_sitemap(Path(config.site_dir), pages)
        log.info(f"gongkai: 未设置网站地址，站点地图按相对网址列出 {listed} 个页面")
    staging, final = _build["staging"], _build["final"]
    failing = staging is not None and config.strict and _build["warnings"].count
    if reuse is not None and files is not None and not failing and _build["command"] != "serve" and kept_between_builds(reuse.store):
        places = _included_pages(files)
        keep_site(reuse.store, reuse.environment, {place: key for place, key in reuse.finish_keys.items() if place in places},
                  _build["records"])
    _build["early"] = None
    if reuse is not None:
        log.info(reuse.finish_build(successful=not failing))
        release(reuse.store)
        _build["reuse"] = None
    if staging is None:
        return
    logging.getLogger("mkdocs").removeHandler(_build["warnings"])
    if config.strict and _build["warnings"].count:
        discard(staging)  # MkDocs is about to abort the strict build: keep the last good site
        log.info(f"gongkai: 构建有警告，保留原有网站 {final}")
    else:
        replace_output(staging, final)
        log.info(f"gongkai: 网站已整体替换到 {final}")
    config.site_dir = str(final)
    _build["staging"] = None


def on_build_error(error):
    _pages_done()
    _collector_after_build()
    _build["files"] = None  # (a build's too: it is not needed after a failure)
    if _build["preview"] is not None:
        _build["preview"].forget()
        _build["nav"] = None
    if _build["parallel"] is not None:
        _build["parallel"].abandon()
        _build["parallel"] = None
    if _build["early"] is not None:
        _build["early"].abandon()
        _build["early"] = None
    if _build["reuse"] is not None:
        _build["reuse"].finish_build(successful=False)
        release(_build["reuse"].store)
        _build["reuse"] = None
    if _build["staging"] is not None:
        logging.getLogger("mkdocs").removeHandler(_build["warnings"])
        discard(_build["staging"])
        log.info("gongkai: 构建失败，原有网站未改动")
        _build["staging"] = None


def on_pre_page(page, config, files):
    if _build["reuse"] is not None:
        _build["reuse"].attach(page)
    return page


def _content_pass(html: str, where: str) -> tuple[str, bool]:
    clean = sanitize(html)
    lost = removed(html, clean)
    if lost:
        # Rendering escapes every catalog value, so this means something slipped
        # past it: a warning, which fails the strict build, rather than silence.
        log.warning(f"gongkai: {where} 的内容中有 HTML 被安全过滤移除：{', '.join(lost)}")
    return unbroken_dates(clean), not lost


def _unchanged(html: str) -> tuple[str, bool]:
    return html, True


def on_page_content(html, page, config, files):
    where = page.file.src_uri
    # The search page is the project's own form and script, not catalog content.
    content_pass = _unchanged if where == SEARCH_PAGE else (lambda text: _content_pass(text, where))
    if _build["reuse"] is not None:
        html = _build["reuse"].content(page, html, content_pass)
    else:
        html = content_pass(html)[0]
    return park(page, html, _build["spool"]) if _build["spool"] is not None else html


def on_page_context(context, page, config, nav):
    unpark(page)
    return context


def _serve_helper(files) -> Optional[ParallelPages]:
    """serve: a rebuild with many pages to build (the first, a deletion that moves the later records
    of every listing) shares them with a helper on the second core."""
    reuse = _build["reuse"]
    if reuse is None or _build["command"] != "serve":
        return None
    try:
        store = helper_store(reuse.store, len(pages_to_build(files)), _build["records"])
    except StoreUnavailable as unavailable:
        log.info(f"gongkai: {unavailable}")
        return None
    if store is None:
        return None
    reuse.use_store(store)  # released with the rebuild (on_post_build, on_build_error)
    return ParallelPages(reuse, only_modified=True)


def on_nav(nav, config, files):
    _build["nav"] = nav
    if isinstance(files, SettledFiles):
        files.settle()
    reuse = _build["reuse"]
    if reuse is not None and _build["command"] != "serve" and kept_between_builds(reuse.store):
        _build["whole"] = WholePages(reuse, _build["early"])
        whole = _build["whole"].plan(files, nav, second_core=_second_core())
        if whole:
            log.info(f"gongkai: {whole} 个页面与上次构建相同，直接取自缓存")
    if _build["parallel"] is None:
        _build["parallel"] = _serve_helper(files)
    if _build["parallel"] is not None:
        _build["parallel"].convert(nav, files, config)
    return nav


def on_env(env, config, files):
    if _build["command"] == "serve":
        env.bytecode_cache = TEMPLATE_CODE
    if _build["reuse"] is not None:
        _build["reuse"].wrap_templates(env)
        if _build["preview"] is not None:
            # Every page shows the navigation: when it changed, the pages left as they were are built too.
            _build["preview"].navigation(_build["reuse"].navigation_digest(_build["nav"]),
                                         lambda file: _populate_page(file.page, config, files))
    if _build["early"] is not None:  # (before the helper starts and before MkDocs writes anything)
        done = _build["early"].wait(_included_pages(files))
        if done:
            log.info(done)
    if _build["parallel"] is not None:
        _build["parallel"].finish_pages(env, files, config)
    return env


def _finished(html: str, where: str) -> tuple[str, bool]:
    """A finished page with its fixed policy, and whether nothing was reported. The policy
    does not trust the page, so anything in it that could run or redirect and that the
    project does not ship (htmlsafety.unshipped_code) is reported: a warning fails the strict build."""
    found = unshipped_code(html)
    if found:
        log.warning(f"gongkai: {where} 的网页中有本项目没有提供的脚本、事件属性或跳转"
                    f"（浏览器会按内容安全策略阻止脚本），必须查明来源：{'；'.join(found)}")
    # Simplified Chinese as used in mainland China (Material writes the bare language, "zh").
    html = html.replace('<html lang="zh"', '<html lang="zh-CN"', 1)
    # `mkdocs serve` adds its live-reload script after this hook: only there may it run inline.
    return with_csp(html, live_reload=_build["command"] == "serve"), not found


def _release(page) -> None:
    """Memory: at 100,000 records every page's Markdown and HTML would otherwise stay until the
    build ends. A written page outside the navigation is not read again (anchors are checked
    from their own record, the search index from the written files), nor is a generated file
    once MkDocs copied it, which it did before writing the first page."""
    for file in _build["static"]:
        file.content_bytes = b""
    _build["static"] = []
    if parkable(page):
        page.file.content_string = ""
        page.markdown = ""
        page.content = None


def on_post_page(output, page, config):
    _release(page)
    where = page.file.src_uri
    if _build["reuse"] is not None:
        return _build["reuse"].finished(page, output, lambda html: _finished(html, where))
    return _finished(output, where)[0]


def on_post_template(output_content, template_name, config):
    return _finished(output_content, template_name)[0] if "<head>" in output_content else output_content
