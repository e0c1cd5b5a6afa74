#!/usr/bin/env python3
"""Search benchmark: the real search page in Debian's Chromium, on the demo site
and on a synthetic site of N records (default 10,000).

For each site it prints, per evaluation query (tests/search-queries.yaml): whether
the engine returned exactly the pages whose article text contains the query
(ground truth computed from the built HTML with the same extraction the indexer
uses; the browser tests check that extraction against the DOM on the demo site),
bytes transferred for the search (search.js and index files, as Chromium counts
them), and time to the first result on screen. Then the index build time and peak
memory, measured in a child process of its own, and the checks against the targets:
first search <= 300 KB, every further query <= 100 KB, peak memory < 1.5 GB.

    python scripts/benchmark_search.py                   # demo + 10,000 records
    python scripts/benchmark_search.py --records 2000 --keep --out bench-out
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote


import yaml
from gongkai.browser_support import CHROMIUM_ARGS, chromium_path, serve
from playwright.sync_api import sync_playwright

from gongkai import mkdocs_project
from gongkai.search.extract import extract
from gongkai.search.normalize import normalize
from gongkai.search.site import NOT_INDEXED, page_url
from gongkai.project import project_root
from gongkai.synthetic import TODAY as SYNTHETIC_TODAY, generate_catalog

PROJECT = project_root()
QUERIES = yaml.safe_load((PROJECT / "tests" / "search-queries.yaml").read_text(encoding="utf-8"))["queries"]
DEMO_TODAY = "2026-11-30"
FIRST_LIMIT = 300 * 1024
LATER_LIMIT = 100 * 1024
MEMORY_LIMIT_MIB = 1536
SEARCH_FILES = ("/assets/search/", "/search/data/")


@dataclass
class QueryRun:
    query: str
    relevant: int
    returned: int
    passed: bool
    search_bytes: int
    seconds: float


@dataclass
class SiteRun:
    name: str
    pages: int
    index_seconds: float
    index_peak_mib: float
    index_bytes: int
    queries: list = field(default_factory=list)
    first_page_bytes: int = 0


def ground_truth(site: Path) -> dict[str, str]:
    texts = {}
    for html in site.rglob("index.html"):
        url = page_url(site, html)
        page = extract(html.read_text(encoding="utf-8")) if url not in NOT_INDEXED else None
        if page:
            texts[url] = normalize(page.text)
    return texts


def build_site(work: Path, catalog: Path, today: str, reuse: bool) -> Path:
    if reuse and (work / "site" / "search" / "data" / "manifest.json").is_file():
        return work / "site"
    mkdocs_project.prepare(work)
    run = mkdocs_project.build(work, catalog, today)
    if run.returncode != 0:
        raise SystemExit(f"site build failed, see {run.log}")
    return work / "site"


def measure_index(site: Path, work: Path):
    """Rebuild the index alone in a fresh process: its time and peak memory."""
    command = [sys.executable, "-c", "import sys; from gongkai.search.site import build_site_index; build_site_index(sys.argv[1])", str(site)]
    run = mkdocs_project.run_measured(command, work, dict(os.environ), work / "index.log")
    if run.returncode != 0:
        raise SystemExit(f"index build failed, see {work / 'index.log'}")
    size = sum(p.stat().st_size for p in (site / "search" / "data").rglob("*") if p.is_file())
    return run.seconds, run.peak_rss_kib / 1024, size


class Transfer:
    """Bytes Chromium received (Network.loadingFinished encodedDataLength), by URL."""

    def __init__(self, context, page):
        self.urls: dict[str, str] = {}
        self.log: list[tuple[str, int]] = []
        session = context.new_cdp_session(page)
        session.send("Network.enable")
        session.send("Network.setCacheDisabled", {"cacheDisabled": False})
        session.on("Network.requestWillBeSent", lambda e: self.urls.__setitem__(e["requestId"], e["request"]["url"]))
        session.on("Network.loadingFinished", lambda e: self.log.append((self.urls.get(e["requestId"], ""), int(e["encodedDataLength"]))))

    def mark(self) -> int:
        return len(self.log)

    def since(self, mark: int, search_only: bool = True) -> int:
        return sum(size for url, size in self.log[mark:] if not search_only or any(part in url for part in SEARCH_FILES))


def wait_for_results(page) -> None:
    page.wait_for_function("() => { const s = document.querySelector('.gk-search-status').textContent;"
                           " return document.querySelector('.gk-result') || (s && s.startsWith('没有')); }", timeout=120_000)


def typed_queries(browser, base: str) -> tuple[list[tuple[int, float]], int]:
    """Each query typed into the search page, as a reader would, one after the other: per query the
    bytes of search files it transferred (until the network is idle: the page's background count
    included) and the seconds to its first result; and the first search's bytes with the page."""
    context = browser.new_context()
    page = context.new_page()
    transfer = Transfer(context, page)
    timings = []
    first_page_bytes = 0
    for number, query in enumerate(QUERIES):
        mark = transfer.mark()
        started = time.perf_counter()
        if number == 0:
            page.goto(f"{base}search/?q={quote(query['q'])}")
        else:
            page.fill("#gk-q", query["q"])
            page.press("#gk-q", "Enter")
        wait_for_results(page)
        seconds = time.perf_counter() - started
        page.wait_for_load_state("networkidle")
        search_bytes = transfer.since(mark)
        if number == 0:
            first_page_bytes = transfer.since(mark, search_only=False)
        timings.append((search_bytes, seconds))
    context.close()
    return timings, first_page_bytes


def run_queries(browser, base: str, texts: dict[str, str]) -> tuple[list[QueryRun], int]:
    """The typed queries (typed_queries); then, in a separate browser context (so its downloads
    do not warm the cache of the first), every result of every query through the same engine."""
    timings, first_page_bytes = typed_queries(browser, base)
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base}search/")
    runs = []
    for query, (search_bytes, seconds) in zip(QUERIES, timings):
        wanted = normalize(query.get("equals", query["q"]))
        relevant = {url for url, text in texts.items() if wanted in text}
        found = page.evaluate("([q]) => window.gkSearch.search('../search/data/', q).then(r => r.map(x => x.url))", [query["q"]])
        passed = set(found) == relevant and len(found) == len(relevant)
        runs.append(QueryRun(query["q"], len(relevant), len(found), passed, search_bytes, seconds))
    context.close()
    return runs, first_page_bytes


def measure_site(name: str, work: Path, catalog: Path, today: str, browser, reuse: bool) -> SiteRun:
    print(f"== {name}: building the site in {work} ...", flush=True)
    site = build_site(work, catalog, today, reuse)
    seconds, peak, size = measure_index(site, work)
    texts = ground_truth(site)
    result = SiteRun(name, len(texts), seconds, peak, size)
    print(f"   {len(texts)} pages; index {size / 1024 / 1024:.1f} MB built in {seconds:.1f} s, peak {peak:.0f} MiB; running queries ...", flush=True)
    with serve(site) as base:
        result.queries, result.first_page_bytes = run_queries(browser, base, texts)
    return result


def kib(size: int) -> str:
    return f"{size / 1024:.1f} KB"


def report(run: SiteRun) -> list[str]:
    print(f"\n{run.name}: {run.pages} pages, index {run.index_bytes / 1024 / 1024:.1f} MB, "
          f"built in {run.index_seconds:.1f} s, peak memory {run.index_peak_mib:.0f} MiB")
    print(f"  {'query':<22}{'relevant':>9}{'returned':>9}  {'result':<6}{'transfer':>11}{'first result':>14}")
    for q in run.queries:
        print(f"  {q.query:<20}{q.relevant:>9}{q.returned:>9}  {'PASS' if q.passed else 'FAIL':<6}{kib(q.search_bytes):>11}{q.seconds * 1000:>11.0f} ms")
    first, later = run.queries[0], run.queries[1:]
    passed = sum(q.passed for q in run.queries)
    largest_later = max(later, key=lambda q: q.search_bytes)
    print(f"  queries passed: {passed}/{len(run.queries)}")
    print(f"  first search: {kib(first.search_bytes)} for search.js and index files ({kib(run.first_page_bytes)} with the page itself)")
    print(f"  later queries: median {kib(int(statistics.median(q.search_bytes for q in later)))}, largest {kib(largest_later.search_bytes)} ({largest_later.query})")
    print(f"  time to first result: median {statistics.median(q.seconds for q in run.queries) * 1000:.0f} ms, slowest {max(q.seconds for q in run.queries) * 1000:.0f} ms")
    return [
        verdict(passed == len(run.queries), f"{run.name}: {passed}/{len(run.queries)} queries return exactly the pages containing them"),
        verdict(first.search_bytes <= FIRST_LIMIT, f"{run.name}: first search {kib(first.search_bytes)} (target <= 300 KB)"),
        verdict(largest_later.search_bytes <= LATER_LIMIT, f"{run.name}: largest later query {kib(largest_later.search_bytes)} (target <= 100 KB)"),
        verdict(run.index_peak_mib < MEMORY_LIMIT_MIB, f"{run.name}: index build peak {run.index_peak_mib:.0f} MiB (target < 1536 MiB)"),
    ]


def verdict(passed: bool, text: str) -> str:
    return f"  {'PASS' if passed else 'FAIL'}  {text}"


def measure_built(site: Path) -> int:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        with serve(site) as base:
            timings, first_page_bytes = typed_queries(browser, base)
        browser.close()
    size = sum(p.stat().st_size for p in (site / "search" / "data").rglob("*") if p.is_file())
    print(f"{site}: index {size / 1024 / 1024:.1f} MB")
    print(f"  {'query':<22}{'transfer':>11}{'first result':>14}")
    for query, (search_bytes, seconds) in zip(QUERIES, timings):
        print(f"  {query['q']:<20}{kib(search_bytes):>11}{seconds * 1000:>11.0f} ms")
    later = timings[1:]
    print(f"  first search: {kib(timings[0][0])} for search.js and index files ({kib(first_page_bytes)} with the page itself)")
    print(f"  later queries: median {kib(int(statistics.median(b for b, _ in later)))}, largest {kib(max(b for b, _ in later))}")
    print(f"  time to first result: median {statistics.median(t for _, t in timings) * 1000:.0f} ms, slowest {max(t for _, t in timings) * 1000:.0f} ms")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=10_000, help="size of the synthetic site (default 10000)")
    parser.add_argument("--out", type=Path, help="work folder (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--reuse", action="store_true", help="with --out: reuse sites already built there (the index is still rebuilt and measured)")
    parser.add_argument("--site", type=Path, help="only the transfer and time of the typed queries on this built site "
                                                  "(no ground truth, no index rebuild: for 100,000 records)")
    args = parser.parse_args()
    if args.site:
        return measure_built(args.site)
    work = args.out or Path(tempfile.mkdtemp(prefix="gongkai-search-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    checks = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            demo = measure_site("demo site", work / "demo", PROJECT / "catalog", DEMO_TODAY, browser, args.reuse)
            catalog = work / f"synthetic-{args.records}" / "catalog"
            if not catalog.exists():
                started = time.perf_counter()
                generate_catalog(catalog, args.records)
                print(f"== generated {args.records} synthetic records in {time.perf_counter() - started:.1f} s", flush=True)
            synthetic = measure_site(f"{args.records}-record site", work / f"site-{args.records}", catalog, SYNTHETIC_TODAY.isoformat(), browser, args.reuse)
            browser.close()
        for run in (demo, synthetic):
            checks += report(run)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print("\nChecks against targets")
    print("\n".join(checks))
    return 0


if __name__ == "__main__":
    sys.exit(main())
