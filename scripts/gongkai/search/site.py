"""Index a built site: every page's article, with the labels the pipeline recorded."""
from __future__ import annotations

import functools
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Container, Iterable, Mapping, Optional

from .. import forked, memo
from .extract import PageText, extract
from ..cachestore import CacheStore, digest
from .index import IndexBuilder, PageInfo, Block, Earlier, block_of, block_bytes, block_from_bytes, block_pages, ends_block, prepared

PAGES_FILE = "search/pages.json"  # a file of the rendered site, read here from the built site
INDEX_DIR = "search/data"
SEARCH_PAGE = "search/"
NOT_INDEXED = {SEARCH_PAGE}  # the search page itself
# Pages for staff, not for the public search: the staff guide, the compliance report, the data references.
STAFF_PAGES = ("compliance/", "guide/", "about/fields/", "about/rules/")
OTHER_PAGE = PageInfo(kind="栏目页面")


@dataclass(frozen=True)
class IndexSummary:
    pages: int
    shards: int
    bytes: int


def page_url(site_dir: Path, html_file: Path) -> str:
    folder = html_file.parent.relative_to(site_dir).as_posix()
    return "" if folder == "." else folder + "/"


def _text(html: bytes, extract_text: Callable[[str], Optional[PageText]]) -> Optional[PageText]:
    """serve: a page written again with the HTML it had at the last rebuild keeps its text (keyed by
    its bytes: decoding every page again costs more than the rest of the lookup)."""
    found = memo.cached(("page text", html), lambda: extract_text(_decoded(html)) or False)  # False: no text, known
    return found if isinstance(found, PageText) else None


def _read_text(html_file: str, extract_text: Callable[[str], Optional[PageText]]) -> Optional[PageText]:
    with open(html_file, "rb") as html:
        return _text(html.read(), extract_text)


def _decoded(html: bytes) -> str:
    """As read_text reads it (newlines made \\n)."""
    return html.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def site_pages(site_dir: Path) -> list[tuple[str, str]]:
    """(URL, file) of every index.html below the site, in the order of sorted Paths (by path
    component), found with os.walk and string operations: rglob and relative_to make Paths of
    every file of the site (seconds at 10,000 records)."""
    top = os.path.normpath(site_dir)  # "site/" would sort its own page first
    return _in_order(top, [folder for folder, _, names in os.walk(top) if "index.html" in names])


def known_site_pages(site_dir: Path | str, outputs: Iterable[str]) -> list[tuple[str, str]]:
    """site_pages of a site whose every file is known (`outputs`: their paths inside the site, as
    MkDocs' dest_uri), without walking it: serve knows what its rebuild wrote or left in place
    (walking 37,000 files took 0.2 s of each rebuild at 10,000 records)."""
    top = os.path.normpath(site_dir)
    listed = tuple(outputs)
    # serve: the same outputs give the very list of the last rebuild (sorting them took 0.1 s of each at
    # 10,000 records), which the sitemap then knows unchanged (sitemap.py).
    return memo.cached(("site pages", top, listed), lambda: _in_order(top, [os.path.join(top, *output.split("/")[:-1]) for output in listed
                                                                            if output == "index.html" or output.endswith("/index.html")]))


def _in_order(top: str, folders: list[str]) -> list[tuple[str, str]]:
    folders.sort(key=lambda folder: folder.split(os.sep) + ["index.html"])
    pages = []
    for folder in folders:
        inside = folder[len(top):].strip(os.sep).replace(os.sep, "/")
        pages.append((inside + "/" if inside else "", os.path.join(folder, "index.html")))
    return pages


Page = tuple[str, str]  # URL, file


@dataclass(frozen=True)
class Made:
    """A block of pages indexed: which of them have text (positions in the block), their stored
    documents and their postings (None: kept in a cache folder, still encoded: see block())."""

    texted: list[int]
    documents: list[bytes]
    postings: Optional[Block]
    encoded: bytes = b""  # the kept postings (index.block_bytes)
    # (a build with a cache folder) what each page of the block was made from (_page_digests): a later
    # build takes the block whole while they are the same, else the pages of it that are.
    pages: tuple[str, ...] = ()
    # block()'s answer, read once: a block made again reads its earlier version's postings for its pages
    # and again for its group (index.Earlier).
    _read: dict = field(default_factory=dict, compare=False, repr=False)

    def to_bytes(self) -> bytes:
        """The block as kept in a cache folder: a JSON head (data, never code), its postings (block_bytes) and
        the documents' bytes after them, as they are (in base64 within JSON they cost a third more to keep
        and 0.5 s of each warm build at 10,000 records to read back). The postings come apart from the
        head: a build reads them only for a group of blocks that changed (index.IndexBuilder._kept_group)."""
        postings = self.encoded if self.postings is None else block_bytes(self.postings)
        head = json.dumps({"texted": self.texted, "sizes": [len(document) for document in self.documents], "postings": len(postings),
                           "pages": self.pages}, separators=(",", ":")).encode("utf-8")
        return len(head).to_bytes(4, "big") + head + postings + b"".join(self.documents)

    @classmethod
    def from_bytes(cls, data: Any, pages: int) -> Optional["Made"]:
        """None when `data` is not a block of `pages` pages (a damaged cache: the block is made again);
        its postings are read by block()."""
        try:
            if not isinstance(data, bytes) or len(data) < 4:
                return None
            end = 4 + int.from_bytes(data[:4], "big")
            head = json.loads(data[4:end])
            texted, sizes, postings, digests = head["texted"], head["sizes"], head["postings"], head["pages"]
            if (not isinstance(texted, list) or not isinstance(sizes, list) or type(postings) is not int or postings < 0
                    or not isinstance(digests, list) or len(digests) not in (0, pages) or not all(isinstance(d, str) for d in digests)
                    or len(texted) != len(sizes) or not all(type(n) is int for n in texted + sizes)
                    or any(size < 0 for size in sizes) or end + postings + sum(sizes) != len(data)
                    or texted != sorted(set(texted)) or (texted and not (0 <= texted[0] and texted[-1] < pages))):
                return None
        except (KeyError, TypeError, AttributeError, ValueError):
            return None
        documents, at = [], end + postings
        for size in sizes:
            documents.append(data[at:at + size])
            at += size
        return cls(texted, documents, None, data[end:end + postings], tuple(digests))

    def block(self) -> Optional[Block]:
        """Its postings; None when those kept are damaged (the block is then made again)."""
        if self.postings is not None:
            return self.postings
        if "postings" not in self._read:
            postings = block_from_bytes(self.encoded)
            self._read["postings"] = postings if postings is not None and max(postings.lasts, default=-1) < len(self.documents) else None
        return self._read["postings"]


def _blocks(chosen: list[Page]) -> list[list[Page]]:
    """The pages in blocks, as the index builder groups them (index.ends_block)."""
    blocks, current = [], []
    for page in chosen:
        current.append(page)
        if ends_block(page[0]):
            blocks.append(current)
            current = []
    return blocks + [current] if current else blocks


@dataclass(frozen=True)
class Job:
    """A block of pages to index; (a build with a cache folder) what each page is made from, and the
    block as an earlier build made it, perhaps from other pages."""

    pages: list[Page]
    digests: tuple[str, ...] = ()
    earlier: Optional[Made] = None


def _made(job: Job, infos: dict[str, PageInfo], extract_text: Callable[[str], Optional[PageText]],
          left: Container[str] = ()) -> Made:
    """serve: a block whose every page this rebuild left as it was, with the same labels, is the block made
    before (going through its pages again, for their kept text and terms, took 0.1-0.2 s of each rebuild
    at 10,000 records)."""
    if not (memo.enabled() and left and not job.digests and all(html_file in left for _, html_file in job.pages)):
        return _made_of_pages(job, infos, extract_text, left)
    return memo.cached(("block made", tuple(job.pages), tuple(infos.get(url, OTHER_PAGE) for url, _ in job.pages)),
                       lambda: _made_of_pages(job, infos, extract_text, left))


def _made_of_pages(job: Job, infos: dict[str, PageInfo], extract_text: Callable[[str], Optional[PageText]],
                   left: Container[str] = ()) -> Made:
    texted, prepared_pages = [], []
    earlier = _earlier_pages(job)
    for position, (url, html_file) in enumerate(job.pages):
        if job.digests and job.digests[position] in earlier:
            # The same page as the earlier build's: its document and terms are taken, not read and
            # extracted again (an edit changes a page or two of each block it makes again).
            found = earlier[job.digests[position]]
            if found is not None:
                texted.append(position)
                prepared_pages.append(found)
            continue
        # serve: a page the rebuild left as it was is not read again (preview.py leaves most of them).
        page = memo.kept_while_left("page file text", html_file, html_file in left,
                                    functools.partial(_read_text, html_file, extract_text))
        if page is not None:
            texted.append(position)
            prepared_pages.append(prepared(url, page.title, page.text, infos.get(url, OTHER_PAGE)))
    return Made(texted, [page[0] for page in prepared_pages], block_of(prepared_pages), pages=job.digests)


def _earlier_pages(job: Job) -> dict[str, Optional[tuple[bytes, str, bytes]]]:
    """Page digest -> the page's document, terms and weights as the earlier build's block holds them
    (None: a page without text); nothing when that block is damaged."""
    earlier = job.earlier
    if earlier is None or not earlier.pages:
        return {}
    postings = earlier.block()
    pages = block_pages(postings, len(earlier.documents)) if postings is not None else None
    if pages is None:
        return {}
    found: dict[str, Optional[tuple[bytes, str, bytes]]] = dict.fromkeys(earlier.pages)
    for position, document, (joined, weights) in zip(earlier.texted, earlier.documents, pages):
        found[earlier.pages[position]] = (document, joined, weights)
    return found


def _made_all(jobs: list[Job], infos: dict[str, PageInfo],
              extract_text: Callable[[str], Optional[PageText]], left: Container[str] = ()) -> list[Made]:
    return [_made(job, infos, extract_text, left) for job in jobs]


def _kept_postings(kept: Made, block: list[Page], infos: dict[str, PageInfo], extract_text: Callable[[str], Optional[PageText]]) -> Block:
    """The postings of a block taken from a cache folder, made again from its pages should they be damaged."""
    postings = kept.block()
    return postings if postings is not None else _made(Job(block), infos, extract_text).postings  # type: ignore[return-value]


def _page_digests(block: list[Page], infos: dict[str, PageInfo], html_digests: Mapping[str, str]) -> tuple[str, ...]:
    """What each page's document and terms are made from: its URL, labels and HTML. `html_digests`: the
    hash of each page's file (pagecache.mkdocs_pages.html_digest) that the build knows without reading it."""
    digests = []
    for url, html_file in block:
        html = html_digests.get(url + "index.html")
        if html is None:
            with open(html_file, "rb") as page:
                html = hashlib.blake2b(page.read(), digest_size=20).hexdigest()
        digests.append(digest(url, json.dumps(infos[url].to_json() if url in infos else None, ensure_ascii=False, sort_keys=True), html))
    return tuple(digests)


def _block_key(environment: str, digests: tuple[str, ...]) -> str:
    """What a block's documents and postings are made from (and the code that makes them, which the
    environment covers): the key of its postings in the groups' keys."""
    return digest(b"postings block", environment, *digests)


def _block_place(environment: str, block: list[Page]) -> str:
    """Where a cache folder keeps a block: by its pages' URLs, so that a build finds the block an
    earlier one made even when some of its pages changed since."""
    return digest(b"postings block of", environment, *[url for url, _ in block])


def _earlier(job: Job, environment: str) -> Optional[Earlier]:
    """The block an earlier build made in the place of this one, for the builder to replace in its group."""
    earlier = job.earlier
    if earlier is None or not earlier.pages:
        return None
    return Earlier(_block_key(environment, earlier.pages), earlier.block, len(earlier.texted))


def _kept(made: Made, place: Optional[str], keeper: Optional[CacheStore]) -> Made:
    """A block just made, kept at its place in a cache folder (a build with one)."""
    if place is not None:
        keeper.put(place, made.to_bytes())  # type: ignore[union-attr]
    return made


# Below this many pages a second process saves less than it costs.
FORK_FROM_PAGES = 200
# The child's share of the pages: it extracts every page's text, while this process finds most
# of its pages' text already stored by the build's helper (measured at 10,000 records: 1.6 times
# the time per page), so both finish together.
CHILD_SHARE = 0.4


def build_site_index(site_dir: Path, extract_text: Callable[[str], Optional[PageText]] = extract,
                     second_core: bool = False, pages: Optional[list[Page]] = None,
                     keeper: Optional[CacheStore] = None, environment: str = "", left: Container[str] = (),
                     html_digests: Mapping[str, str] = MappingProxyType({})) -> IndexSummary:
    """`extract_text`: the page's searchable text from its HTML (a caller may reuse earlier results).
    `pages`: site_pages of the site, when the caller has already found them.
    `keeper`: where a build with a cache folder keeps each block of pages indexed, by its pages' URLs and
    `environment` (the code), with what each page was made from (its URL, labels and HTML): a later
    build takes the blocks whose pages did not change from there, and of a block whose pages did, the
    pages that did not. (serve reuses them in memory instead.)
    `second_core`: a forked child indexes the first part of the blocks to make meanwhile (not under
    serve, whose reuse lives in this process); it extracts their text itself, as the build's helper
    stored the text of the pages at the end of the list, not of those at the start.
    `left`: (serve) the HTML files of `pages` that this rebuild left as they were.
    `html_digests`: the hashes of pages' files the caller knows (by their place in the site, as MkDocs'
    dest_uri), so the blocks' keys need not read those files (12,000 at 10,000 records)."""
    site_dir = Path(site_dir)
    pages_file = site_dir / PAGES_FILE
    infos = {}
    if pages_file.is_file():
        infos = {url: PageInfo.from_json(data) for url, data in json.loads(pages_file.read_text(encoding="utf-8")).items()}
    chosen = [(url, html_file) for url, html_file in (site_pages(site_dir) if pages is None else pages)
              if not (url in NOT_INDEXED or url.startswith(STAFF_PAGES))]
    blocks = _blocks(chosen)
    keeping = keeper is not None and not memo.enabled()
    jobs = [Job(block) for block in blocks]
    made: list[Optional[Made]] = [None] * len(blocks)
    places = [_block_place(environment, block) for block in blocks] if keeping else []
    if keeping:
        keeper.prefetch(places)  # type: ignore[union-attr]
        for number, block in enumerate(blocks):
            digests = _page_digests(block, infos, html_digests)
            kept = Made.from_bytes(keeper.get(places[number]), len(block))  # type: ignore[union-attr]
            if kept is not None and kept.pages == digests:
                made[number] = kept
            jobs[number] = Job(block, digests, kept)
    keys = [_block_key(environment, job.digests) for job in jobs] if keeping else []
    missing = [number for number, found in enumerate(made) if found is None]
    remade = set(missing)
    two_processes = second_core and not memo.enabled()
    forking = two_processes and sum(len(blocks[n]) for n in missing) >= FORK_FROM_PAGES
    # On one core each block still to make is made as the merge below reaches it and let go once merged, so
    # memory holds a group's blocks, not the whole index's (a 100,000-record build, which runs on one core,
    # held every block's postings at once at its peak). Two processes make them first, sharing them out.
    if two_processes:
        middle = int(len(missing) * CHILD_SHARE) if forking else 0
        first_jobs, later_jobs = [jobs[n] for n in missing[:middle]], [jobs[n] for n in missing[middle:]]
        with forked.child(lambda: _made_all(first_jobs, infos, extract), fork=forking) as first:
            later = _made_all(later_jobs, infos, extract_text, left)
            for number, found in zip(missing, first() + later):
                made[number] = _kept(found, places[number] if keeping else None, keeper)
    builder = IndexBuilder(site_dir / INDEX_DIR)
    builder.keeper = keeper if keeping else None
    # Each page's document is a file of its own (12,000 at 10,000 records): a forked child writes them all
    # while the postings are merged here. (It had written the later half: this process's half took 0.3 s
    # of a warm build's serial end, while the child, writing alone, still finishes before the merge.)
    documents = [document for indexed in made for document in indexed.documents] if two_processes else []  # type: ignore[union-attr]
    sharing = two_processes and len(documents) >= FORK_FROM_PAGES
    builder.elsewhere_from = 0 if sharing else None  # (else each is written here as its block is merged)
    with forked.child(lambda: builder.write_documents(0, documents if sharing else []), fork=sharing) as written:
        for number, block in enumerate(blocks):
            indexed = made[number]
            if indexed is None:
                indexed = _kept(_made(jobs[number], infos, extract_text, left), places[number] if keeping else None, keeper)
            made[number] = None  # (a kept block's postings stay with its group until the group is merged)
            postings = indexed.postings if indexed.postings is not None else functools.partial(_kept_postings, indexed, block, infos, extract_text)
            builder.add_block([(infos.get(block[position][0], OTHER_PAGE), document)
                               for position, document in zip(indexed.texted, indexed.documents)], postings, block[-1][0],
                              keys[number] if keeping else None, _earlier(jobs[number], environment) if number in remade else None)
        manifest = builder.finish()
        written()  # (should the child have failed, they are written here)
    return IndexSummary(manifest["docs"], manifest["shards"], builder.size)
