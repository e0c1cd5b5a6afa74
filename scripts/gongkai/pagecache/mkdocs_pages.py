"""Reusing MkDocs page work: the Markdown conversion (with the hook's content
pass) and the finished page (template and the hook's finishing pass).

A conversion's key is the page's Markdown, where it lives and the build's
environment; the files it looked up while resolving links are recorded with
what they resolved to, and an entry is reused only while every one of them
still resolves the same way (a deleted target must bring its warning back).
A finished page's key is everything of the page the template reads, plus the
navigation. Pages in the navigation are never reused (the template marks them
active and links their neighbours). Work that logged anything is not stored,
so a reused page never hides a warning.
"""
from __future__ import annotations

import hashlib
import os

import logging
from typing import Any, Callable, Optional, TypeGuard

import mkdocs
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents

from .. import memo
from ..search.extract import PageText, extract
from ..cachestore import digest
from .store import PageStore

# Marks set on a Page during one build.
_CONVERTED = "_gongkai_converted"  # content came from the store: the content pass already ran
_PENDING = "_gongkai_pending"  # (key, entry) to store once the content pass has run
_FINISHED = "_gongkai_finished"  # the output came from the store: the finishing pass already ran
_FINISH_KEY = "_gongkai_finish_key"
# What the page's links resolved to ([[path, resolution], ...]), when its conversion and passes reported
# nothing (preview.py leaves such a page unbuilt while its Markdown and these stay the same).
LOOKUPS = "_gongkai_lookups"

_CONVERSION_KEY = "_gongkai_conversion_key"
# On a File outside the navigation: the key of what a later build needs to take its page whole
# (whole_pages.py), given by that build's plan; the summary is stored once the page is finished cleanly.
WHOLE_KEY = "_gongkai_whole_key"

ContentPass = Callable[[str], tuple[str, bool]]  # html -> (html, clean: nothing to report)

# MkDocs' own sitemap template: a line for each page, of its URLs and date alone (a theme's own could show more).
MKDOCS_SITEMAP = os.path.join(os.path.dirname(mkdocs.__file__), "templates", "sitemap.xml")


def _kept_sitemap(environment: str, pages: list, render: Callable[[], str]) -> str:
    """serve: MkDocs' sitemap rendered again only when what it shows of the pages changed (rendering the
    12,000 pages' lines took 0.05 s of each rebuild at 10,000 records); `pages`: the Files it lists."""
    shown = tuple((file.page.is_link, file.page.abs_url, file.page.canonical_url, file.page.update_date) if file.page is not None else None
                  for file in pages)
    return memo.cached(("sitemap", environment, shown), render)


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _toc_data(items) -> list:
    return [[item.title, item.id, item.level, _toc_data(item.children)] for item in items]


def _toc(data: list) -> list[AnchorLink]:
    items = []
    for title, anchor, level, children in data:
        item = AnchorLink(title, anchor, level)
        item.children = _toc(children)
        items.append(item)
    return items


def resolution(files: Files, path: str) -> Optional[list]:
    """What a link to `path` resolves to: whether the target is excluded, or None when there is none.
    (Its URL follows from its path and the configuration, which the environment digest covers: no
    plugin here moves a file. Computing it for every link on each preview rebuild cost 0.4 s.)"""
    return _resolved(_file_at(files, path))


def _file_at(files: Files, path: str):
    """files.get_file_from_path(path). A key of src_uris is in the form get_file_from_path makes of a path
    (PurePath's): a path equal to one needs no parsing (the preview asks for every link of every page on each
    rebuild, a warm build for every link of the 12,000 pages it takes whole at 10,000 records)."""
    return files.src_uris.get(path) or files.get_file_from_path(path)


def _resolved(file) -> Optional[list]:
    return None if file is None else [file.inclusion.is_excluded()]


def is_finished_page(value: Any) -> TypeGuard[str]:
    """Whether a stored value is a finished page (a damaged or foreign entry is not)."""
    return isinstance(value, str) and value.lstrip()[:15].lower() == "<!doctype html>"


def references(page: Page) -> dict:
    """What other pages and MkDocs' anchor check read of a converted page: its title, its anchors
    and the anchors it links to (by target path)."""
    links = page.links_to_anchors
    return {"title": page._title_from_render, "anchors": sorted(page.present_anchor_ids or ()),
            "links": None if links is None else {target.src_uri: anchors for target, anchors in links.items()}}


def restore_references(page: Page, entry: dict, files: Files) -> None:
    """references() given back to a page that is not converted; every link target must resolve as it did."""
    page._title_from_render = entry["title"]
    page.present_anchor_ids = set(entry["anchors"])
    if entry["links"] is not None:
        targets = {src: _file_at(files, src) for src in entry["links"]}
        page.links_to_anchors = {target: entry["links"][src] for src, target in targets.items() if target is not None}


def html_digest(output: str) -> str:
    """The hash of a finished page's file, as MkDocs writes it (search.site's block key reads it)."""
    return hashlib.blake2b(output.encode("utf-8", errors="xmlcharrefreplace"), digest_size=20).hexdigest()


class PageReuse:
    def __init__(self, store: PageStore, environment: str) -> None:
        self.store = store
        self.environment = environment
        # dest_uri -> html_digest of each page this build knows the HTML of without reading its file: those
        # it finished, and those taken whole (their summary holds it), whichever process writes them.
        self.html_digests: dict[str, str] = {}
        # dest_uri -> the key of the finished HTML of each page this build wrote from, or stored, finished
        # HTML (early_site.py notes them for the next build).
        self.finish_keys: dict[str, str] = {}
        self._navigation: Optional[str] = None
        self._navigation_of: Any = None
        self.reached: Callable[[str], None] = lambda src_uri: None  # the build is at this page (parallel.py)
        self.done_elsewhere: Callable[[str], bool] = lambda src_uri: False  # a helper wrote this page (parallel.py)
        self.extract_when_finished = False  # a helper also stores each finished page's search text
        self._replaced: list[PageStore] = []
        self._rebuilt_always: list[str] = []  # conversion keys of the pages every serve rebuild converts

    def use_store(self, store: PageStore) -> None:
        """Work with another connection from now on (a forked helper's own); the old one is
        kept referenced, never closed here: it belongs to the parent process."""
        if store is not self.store:
            self._replaced.append(self.store)
            self.store = store

    # --- conversion -------------------------------------------------------

    def attach(self, page: Page) -> None:
        """Route this page's conversion through the store (on_pre_page)."""
        page.render = lambda config, files: self._render(page, config, files)  # type: ignore[method-assign]

    def _conversion_key(self, page: Page) -> str:
        file = page.file
        return digest("conversion", self.environment, file.src_uri, file.dest_uri, file.url,
                      file.inclusion.name, page.markdown or "")

    def _render(self, page: Page, config, files: Files) -> None:
        self.reached(page.file.src_uri)
        key = self._conversion_key(page)
        setattr(page, _CONVERSION_KEY, key)
        if self._replaced and (page.file.abs_src_path is not None or not page.file.inclusion.is_not_in_nav()):
            self._rebuilt_always.append(key)  # hand-written or in the navigation (preview.py)
        entry = self.store.get(key)
        if entry is not None:
            try:
                if all(resolution(files, path) == found for path, found in entry["lookups"]):
                    self._restore(page, entry, files)
                    setattr(page, LOOKUPS, entry["lookups"])
                    return
            except (KeyError, TypeError, ValueError, AttributeError):
                pass  # an entry of another shape (a damaged cache) is a miss: the page is converted again
        lookups: dict[str, Optional[list]] = {}
        lookup = files.get_file_from_path

        def recording_lookup(path: str):
            file = lookup(path)
            lookups[str(path)] = _resolved(file)
            return file

        records = _Records()
        logger = logging.getLogger("mkdocs")
        files.get_file_from_path = recording_lookup  # type: ignore[method-assign]
        logger.addHandler(records)
        try:
            Page.render(page, config, files)
        finally:
            del files.get_file_from_path
            logger.removeHandler(records)
        if records.count:
            return
        resolved = sorted([path, found] for path, found in lookups.items())
        setattr(page, LOOKUPS, resolved)
        setattr(page, _PENDING, (key, {"lookups": resolved, "toc": _toc_data(page.toc), **references(page)}))

    def _restore(self, page: Page, entry: dict, files: Files) -> None:
        if not isinstance(entry["content"], str) or not isinstance(entry["title"], (str, type(None))):
            raise TypeError("content")
        page.content = entry["content"]
        toc = _toc(entry["toc"])
        if toc:
            toc[0].active = True  # type: ignore[attr-defined]  # as mkdocs.structure.toc.get_toc does
        page.toc = TableOfContents(toc)
        restore_references(page, entry, files)  # every target was looked up while converting, and still resolves
        setattr(page, _CONVERTED, True)

    def content(self, page: Page, html: str, content_pass: ContentPass) -> str:
        """The hook's content pass (on_page_content), skipped for a page whose content came from the store."""
        if getattr(page, _CONVERTED, False):
            return html
        html, clean = content_pass(html)
        if not clean:
            setattr(page, LOOKUPS, None)
        pending = getattr(page, _PENDING, None)
        if pending is not None and clean:
            key, entry = pending
            self.store.put(key, {**entry, "content": html})
        return html

    # --- finished pages ---------------------------------------------------

    def navigation_digest(self, nav) -> str:
        if self._navigation_of is not nav:
            items: list[str] = []
            pending = list(nav.items)
            while pending:
                item = pending.pop(0)
                items += [type(item).__name__, str(item.title), str(getattr(item, "url", "") or "")]
                pending = list(getattr(item, "children", None) or []) + pending
            self._navigation, self._navigation_of = digest(*items), nav
        return self._navigation  # type: ignore[return-value]

    def _finish_key(self, page: Page, template_name: str, nav) -> Optional[str]:
        if not page.file.inclusion.is_not_in_nav() or page.parent or page.previous_page or page.next_page:
            return None
        return digest("page", self.environment, self.navigation_digest(nav), template_name, page.url,
                      page.file.dest_uri, page.canonical_url or "", page.edit_url or "", str(page.is_homepage),
                      str(page.title), page.content or "", repr(_toc_data(page.toc)), repr(sorted(page.meta.items())))

    def wrap_templates(self, env) -> None:
        """Serve finished pages from the store (on_env): MkDocs renders each page with
        env.get_template(name).render(context); a template's other uses are untouched."""
        original = env.get_template
        reuse = self

        class ReusedTemplate:
            def __init__(self, template, name: str) -> None:
                self._template, self._name = template, name

            def __getattr__(self, attribute: str):
                return getattr(self._template, attribute)

            def render(self, *args, **kwargs):
                context = args[0] if args and isinstance(args[0], dict) else kwargs
                page = context.get("page")
                if (page is None and memo.enabled() and self._name == "sitemap.xml" and isinstance(context.get("pages"), list)
                        and getattr(self._template, "filename", None) == MKDOCS_SITEMAP):
                    return _kept_sitemap(reuse.environment, context["pages"], lambda: self._template.render(*args, **kwargs))
                if not isinstance(page, Page) or context.get("nav") is None:
                    return self._template.render(*args, **kwargs)
                reuse.reached(page.file.src_uri)
                key = reuse._finish_key(page, self._name, context["nav"])
                if key is not None:
                    setattr(page, _FINISH_KEY, key)
                    stored = reuse.store.get(key)
                    if is_finished_page(stored):
                        setattr(page, _FINISHED, True)
                        return stored
                return self._template.render(*args, **kwargs)

        def get_template(name, parent=None, globals=None):
            template = original(name, parent, globals)
            return template if parent is not None else ReusedTemplate(template, name)

        env.get_template = get_template

    def finished(self, page: Page, output: str, finishing_pass: ContentPass) -> str:
        """The hook's finishing pass (on_post_page), skipped for a page served from the store."""
        key = getattr(page, _FINISH_KEY, None)
        kept = getattr(page, _FINISHED, False)
        if not kept:
            output, kept = finishing_pass(output)
            if not kept:
                setattr(page, LOOKUPS, None)
            if key is not None and kept:
                self.store.put(key, output)
                if self.extract_when_finished:
                    self.page_text(output)
        if key is not None and kept:
            self.finish_keys[page.file.dest_uri] = key
        else:
            self.finish_keys.pop(page.file.dest_uri, None)
        html = self.html_digests[page.file.dest_uri] = html_digest(output)
        self._summarise(page, html)
        return output

    def _summarise(self, page: Page, html: str) -> None:
        """Store what a later build needs to take this page whole, when both its steps were clean."""
        whole, conversion = getattr(page.file, WHOLE_KEY, None), getattr(page, _CONVERSION_KEY, None)
        finish, lookups = getattr(page, _FINISH_KEY, None), getattr(page, LOOKUPS, None)
        if whole is None or conversion is None or finish is None or lookups is None:
            return
        self.store.put(whole, {"conversion": conversion, "finish": finish, "lookups": lookups, "html": html, **references(page)})

    def _keep_for_serve(self) -> None:
        """A serve rebuild that shared its pages with a helper worked from a temporary store, which goes
        with the rebuild: the conversions of the pages every rebuild converts again (hand-written ones and
        those in the navigation) are kept in serve's own store, or the next save would convert them all
        again (the first save after serve starts: 24 pages, 0.3 s at 10,000 records)."""
        kept = next((store for store in self._replaced if store.folder is None), None)
        if kept is None or self.store is kept:
            return
        for key in self._rebuilt_always:
            value = self.store.get(key)
            if value is not None:
                kept.put(key, value)
        kept.finish_build(True)  # what it held before is of pages this rebuild converted anew

    # --- search text ------------------------------------------------------

    def page_text(self, html: str) -> Optional[PageText]:
        """The searchable text of a finished page (search.extract), by the page's bytes."""
        key = digest("text", self.environment, html)
        stored = self.store.get(key)
        if stored == []:
            return None
        if isinstance(stored, list) and len(stored) == 2 and all(isinstance(part, str) for part in stored):
            return PageText(title=stored[0], text=stored[1])
        page = extract(html)
        self.store.put(key, [page.title, page.text] if page is not None else [])
        return page

    def finish_build(self, successful: bool) -> str:
        """Close this build's use of the store; a line for the build log."""
        hits, helped, misses = self.store.hits, self.store.helped, self.store.misses
        if successful:
            self._keep_for_serve()
        dropped = self.store.finish_build(successful)
        failure = f"；缓存出错，此后未再使用（{self.store.failure}）" if self.store.failure else ""
        return (f"gongkai: 缓存复用 {hits} 项，新算 {misses + helped} 项（其中辅助进程 {helped} 项），"
                f"清除 {dropped} 项过时的{failure}")
