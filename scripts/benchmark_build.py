#!/usr/bin/env python3
"""Build benchmark: how the site build scales with the size of the catalog.

For each size N the benchmark
  1. writes a synthetic but valid catalog of N record files (80 % normative
     documents, 15 % decision catalogs and items, 5 % hearing catalogs and items;
     see scripts/gongkai/synthetic/),
  2. builds it with `mkdocs build --strict` in a temporary copy of the project
     (the hook runs check + render + publish), measuring wall time and the peak
     memory (RSS) of that one child process,
  3. measures the HTML in site/,
  4. builds it warm: the first build kept its page work in a cache folder; one
     record's title is edited and the site rebuilt with that cache, three times,
     each time another record's (the check takes the median: the machine's speed
     swings by a tenth from run to run), then rebuilt once more with nothing
     changed, each as CI builds (a fresh checkout with the cache folder restored:
     no earlier site folder to replace),
  5. builds the same pages as plain Markdown (title and body text only, no hook)
     as a baseline, and the project's rendered Markdown (`render --out`) with
     Material's own search plugin and jieba (the comparison of the build-time
     target),
  6. edits another title and rebuilds in place of the last site (a machine that
     keeps its site folder: the old folder is deleted once replaced), then builds
     cold on one core (GONGKAI_PARALLEL=0: no helper process), in place too.
     These last, because they delete a site: no build before them deletes one
     (as_a_fresh_checkout: a CI checkout deletes nothing, and ext4 is slow to
     create files for minutes after a mass deletion),
and finally prints the figures and the checks against the targets. It exits 0
even when a target is missed; it exits 1 only when the benchmark itself cannot
run (invalid synthetic catalog, failed build).

    python scripts/benchmark_build.py                        # N = 1000 and 10000
    python scripts/benchmark_build.py --records 200 1000 --keep --out bench-out
"""
from __future__ import annotations

import argparse
import functools
import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Optional, TypeVar

from gongkai import mkdocs_project
from gongkai.kinds import DECISION, DOCUMENT, HEARING
from gongkai.pipeline import check, generate, render
from gongkai.problems import format_report
from gongkai.render.parts import record_page
from gongkai.spool import content_bytes
from gongkai.synthetic import MIN_RECORDS, TODAY, Mix, generate_catalog

DEFAULT_SIZES = [1000, 10000]
RECORD_KINDS = (DOCUMENT, DECISION, HEARING)  # kinds whose pages are "record pages"

TARGET_MEDIAN_BYTES = 40 * 1024
MEMORY_TARGET_RECORDS, MEMORY_TARGET_MIB = 100_000, 4096  # 100,000 records in 4 GB
COLD_RATIO = 0.75  # cold build time / Material search + jieba on the same pages
WARM_SHARE, WARM_TARGET_RECORDS = 0.10, 10_000  # warm build after one edit / cold build, at 10,000 records
WARM_EDITS = 3  # one-edit warm builds, each of another record; the check takes their median
LINEAR_SLACK = 1.1  # time(N2) <= 1.1 * N2/N1 * time(N1), i.e. 11x for 1k -> 10k

# ---------------------------------------------------------------------------
# The plain-Markdown baseline.

T = TypeVar("T")


def record_texts(result) -> dict[str, tuple[str, str]]:
    """docs path -> (title, body text) of every record page, from the checked catalog."""
    texts = {}
    for record in result.catalog.records:
        if record.kind in RECORD_KINDS:
            model = record.model
            texts[record_page(record)] = (model.title, getattr(model, "body", None) or getattr(model, "summary", None) or "")
    return texts


def page_title(markdown: str) -> str:
    return next((line[2:] for line in markdown.splitlines() if line.startswith("# ")), "")


def write_plain_docs(titles: dict[str, str], plain_docs: Path, texts: dict[str, tuple[str, str]]) -> int:
    """The pipeline's pages (docs path -> title) again as plain Markdown, at the same paths:
    record pages with `# title` and the body text only, every other page with its title only."""
    count = 0
    for path in sorted(titles):
        title, body = texts.get(path) or (titles[path], "")
        target = plain_docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"# {title}\n\n{body}\n" if body else f"# {title}\n", encoding="utf-8")
        count += 1
    return count


# ---------------------------------------------------------------------------
# Measuring the built sites.


@dataclass(frozen=True)
class SiteStats:
    pages: int  # index.html files
    html_bytes: int
    record_pages: int
    record_median_bytes: float
    largest_page: str
    largest_bytes: int
    search_index_bytes: int
    site_bytes: int  # everything in site/


def html_page(docs_path: str) -> str:
    """site/ path of a docs page with directory URLs: documents/x.md -> documents/x/index.html."""
    return docs_path.removesuffix(".md") + "/index.html"


def site_stats(site: Path, record_docs_paths: list[str]) -> SiteStats:
    html = {path.relative_to(site).as_posix(): path.stat().st_size for path in site.rglob("*.html")}
    missing = [path for path in map(html_page, record_docs_paths) if path not in html]
    if missing:
        raise RuntimeError(f"{len(missing)} record pages missing from {site}, e.g. {missing[0]}")
    record_sizes = [html[html_page(path)] for path in record_docs_paths]
    largest = max(html, key=lambda path: html[path])
    search_index = site / "search" / "data"  # the site's own bigram index (none in the plain build)
    lunr_index = site / "search" / "search_index.json"  # Material's search plugin
    return SiteStats(
        pages=sum(1 for path in html if path.rsplit("/", 1)[-1] == "index.html"),
        html_bytes=sum(html.values()),
        record_pages=len(record_sizes),
        record_median_bytes=statistics.median(record_sizes),
        largest_page=largest,
        largest_bytes=html[largest],
        search_index_bytes=sum(p.stat().st_size for p in search_index.rglob("*") if p.is_file())
        + (lunr_index.stat().st_size if lunr_index.is_file() else 0),
        site_bytes=sum(path.stat().st_size for path in site.rglob("*") if path.is_file()),
    )


# ---------------------------------------------------------------------------
# One size, end to end.


@dataclass
class SizeResult:
    records: int
    mix: Mix
    generation_seconds: float
    check_seconds: float
    render_seconds: float
    ours: mkdocs_project.BuildRun
    ours_site: SiteStats
    one_core: Optional[mkdocs_project.BuildRun] = None  # None: --cold-only
    warm_edits: tuple[mkdocs_project.BuildRun, ...] = ()  # one title edited each time, another record's
    warm_same: Optional[mkdocs_project.BuildRun] = None
    warm_in_place: Optional[mkdocs_project.BuildRun] = None
    plain: Optional[mkdocs_project.BuildRun] = None
    plain_site: Optional[SiteStats] = None
    material: Optional[mkdocs_project.BuildRun] = None
    material_site: Optional[SiteStats] = None

    @property
    def warm_edit(self) -> Optional[mkdocs_project.BuildRun]:
        """The median of the one-edit warm builds (the machine's speed swings by a tenth from run to run)."""
        return sorted(self.warm_edits, key=lambda run: run.seconds)[len(self.warm_edits) // 2] if self.warm_edits else None


class BenchmarkError(Exception):
    """The benchmark itself could not run (not a missed target)."""


def timed(action: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    value = action()
    return value, time.perf_counter() - start


def measure_size(records: int, work: Path, cold_only: bool = False) -> SizeResult:
    catalog = work / "catalog"
    print(f"\n== N = {records}: work folder {work}", flush=True)
    mix, generation_seconds = timed(lambda: generate_catalog(catalog, records))
    assert mix.total == records, (mix, records)
    print(f"   generated {mix.describe()} in {generation_seconds:.1f} s", flush=True)

    result, check_seconds = timed(lambda: check(catalog, today=TODAY))
    if not result.ok:  # warnings (e.g. documents about to expire) are logged by the hook, not fatal
        raise BenchmarkError("the synthetic catalog has errors:\n" + format_report(result.errors[:20]))
    rendered, render_seconds = timed(functools.partial(render, result.catalog, TODAY))
    titles = {path: page_title(content_bytes(text).decode("utf-8")) for path, text in rendered.pages.items() if path.endswith(".md")}
    print(f"   pipeline.check(): 0 errors, {len(result.problems)} warnings in {check_seconds:.1f} s; render() {render_seconds:.1f} s", flush=True)
    texts = record_texts(result)
    record_paths = sorted(texts)
    del result, rendered

    ours_project, plain_project, material_project = work / "site-ours", work / "site-plain", work / "site-material"
    cache = work / "cache"
    mkdocs_project.prepare(ours_project)
    ours = measured_build(ours_project, catalog, "pipeline site (cold, its page work kept in a cache folder)", cache=cache)
    ours_site = site_stats(ours_project / "site", record_paths)
    if cold_only:
        return SizeResult(records, mix, generation_seconds, check_seconds, render_seconds, ours, ours_site)
    # No timed build deletes a site before the baselines are built: see as_a_fresh_checkout.
    warm_edits = []
    for number in range(WARM_EDITS):
        edit_one_title(catalog, number)
        as_a_fresh_checkout(ours_project)
        warm_edits.append(measured_build(ours_project, catalog, f"pipeline site (warm as in CI: one title edited, {number + 1} of {WARM_EDITS})",
                                         cache=cache))
    as_a_fresh_checkout(ours_project)
    warm_same = measured_build(ours_project, catalog, "pipeline site (warm as in CI: nothing changed)", cache=cache)

    mkdocs_project.prepare(plain_project, with_hook=False)
    write_plain_docs(titles, plain_project / "docs", texts)
    plain = measured_build(plain_project, None, "plain Markdown")
    plain_site = site_stats(plain_project / "site", record_paths)

    prepare_material_search(material_project, catalog)
    material = measured_build(material_project, None, "rendered Markdown with Material's search and jieba")
    material_site = site_stats(material_project / "site", record_paths)

    # These two replace the site they are built in place of: each deletes the old one.
    edit_one_title(catalog, WARM_EDITS)
    warm_in_place = measured_build(ours_project, catalog, "pipeline site (warm in place of the last site: one title edited)",
                                   cache=cache)
    one_core = measured_build(ours_project, catalog, "pipeline site (cold, one core)", parallel=False)
    return SizeResult(records, mix, generation_seconds, check_seconds, render_seconds, ours, ours_site, one_core,
                      tuple(warm_edits), warm_same, warm_in_place, plain, plain_site, material, material_site)


def as_a_fresh_checkout(project: Path) -> None:
    """The project as CI finds it, with only the cache folder restored: no site folder. The old site
    is moved aside, not deleted: the work folders are deleted only once every size is measured. A CI
    checkout deletes nothing before its build, while ext4 makes each file created in the same block
    groups as up to 360,000 inodes freed in the last minutes (six, while their inode table is being
    written to) scan past them (recently_deleted() in its inode allocator): measured with perf, a warm
    build at 10,000 records then spent 27 s in the kernel instead of 12."""
    moved = project.parent / "moved-sites"
    moved.mkdir(exist_ok=True)
    (project / "site").rename(moved / str(len(list(moved.iterdir()))))
    os.sync()


def edit_one_title(catalog: Path, offset: int = 0) -> None:
    """One record edited as a clerk would: a document's title (`offset`: another one than the middle's)."""
    documents = sorted((catalog / DOCUMENT.folder).glob("*.md"))
    path = documents[len(documents) // 2 + offset]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n标题: ", "\n标题: （修订）", 1), encoding="utf-8")


def prepare_material_search(project: Path, catalog: Path) -> None:
    """The project's rendered Markdown and hand-written docs, built by Material with its
    search plugin (lunr; jieba cuts the Chinese text when it is installed) and no hook."""
    config = mkdocs_project.prepare(project, with_hook=False)
    text = config.read_text(encoding="utf-8")
    if "plugins: []" not in text:
        raise BenchmarkError("mkdocs.yml no longer says `plugins: []`; update prepare_material_search")
    config.write_text(text.replace("plugins: []", "plugins:\n  - search:\n      lang: zh"), encoding="utf-8")
    result = check(catalog, today=TODAY)
    generate(result.catalog, catalog, project / "docs", TODAY, result.problems)


def measured_build(project: Path, catalog: Optional[Path], label: str, cache: Optional[Path] = None,
                   parallel: bool = True) -> mkdocs_project.BuildRun:
    """Build `project` from `catalog` (None: plain Markdown, no hook) and report it."""
    print(f"   building {label} ...", end=" ", flush=True)
    run = mkdocs_project.build(project, catalog, TODAY.isoformat() if catalog else None, cache=cache, parallel=parallel)
    print(f"{run.seconds:.1f} s, peak {run.peak_mib:.0f} MiB", flush=True)
    for line in run.warnings[:20]:
        print(f"   mkdocs: {line}")
    if run.returncode != 0:
        tail = "\n".join(run.output.splitlines()[-30:])
        raise BenchmarkError(f"mkdocs build of the {label} failed (exit {run.returncode}), log {run.log}:\n{tail}")
    return run


# ---------------------------------------------------------------------------
# Report.


def kib(size: float) -> str:
    return f"{size / 1024:.1f} KB"


def mib(size: float) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


# Rows read optional builds (None with --cold-only; _cell shows "-"), hence Any.
ROWS: list[tuple[str, Callable[[Any], str]]] = [
    ("record files (documents / decisions / hearings / year catalogs)",
     lambda r: f"{r.mix.documents} / {r.mix.decisions} / {r.mix.hearings} / {len(r.mix.decision_years) + len(r.mix.hearing_years)}"),
    ("generation time", lambda r: f"{r.generation_seconds:.1f} s"),
    ("pipeline.check() in-process", lambda r: f"{r.check_seconds:.1f} s"),
    ("pipeline render() in-process", lambda r: f"{r.render_seconds:.1f} s"),
    ("build time, ours (hook + mkdocs, cold)", lambda r: f"{r.ours.seconds:.1f} s"),
    ("build CPU time, ours", lambda r: f"{r.ours.cpu_seconds:.1f} s"),
    ("peak RSS, ours (largest process)", lambda r: f"{r.ours.peak_mib:.0f} MiB"),
    ("build time, ours on one core", lambda r: f"{r.one_core.seconds:.1f} s"),
    ("peak RSS, ours on one core", lambda r: f"{r.one_core.peak_mib:.0f} MiB"),
    ("warm build as in CI, one title edited (median)", lambda r: f"{r.warm_edit.seconds:.1f} s ({r.warm_edit.seconds / r.ours.seconds:.0%} of cold)"),
    ("... each of the one-edit warm builds", lambda r: " / ".join(f"{run.seconds:.1f}" for run in r.warm_edits) + " s"),
    ("warm build as in CI, nothing changed", lambda r: f"{r.warm_same.seconds:.1f} s ({r.warm_same.seconds / r.ours.seconds:.0%} of cold)"),
    ("warm build in place of the last site, one edit",
     lambda r: f"{r.warm_in_place.seconds:.1f} s ({r.warm_in_place.seconds / r.ours.seconds:.0%} of cold)"),
    ("build time, Material search + jieba", lambda r: f"{r.material.seconds:.1f} s"),
    ("peak RSS, Material search + jieba", lambda r: f"{r.material.peak_mib:.0f} MiB"),
    ("time ratio ours/Material+jieba", lambda r: f"{r.ours.seconds / r.material.seconds:.2f}x"),
    ("search index, Material+jieba", lambda r: mib(r.material_site.search_index_bytes)),
    ("build time, plain Markdown", lambda r: f"{r.plain.seconds:.1f} s"),
    ("peak RSS, plain Markdown", lambda r: f"{r.plain.peak_mib:.0f} MiB"),
    ("time ratio ours/plain", lambda r: f"{r.ours.seconds / r.plain.seconds:.2f}x"),
    ("memory ratio ours/plain", lambda r: f"{r.ours.peak_mib / r.plain.peak_mib:.2f}x"),
    ("HTML pages (index.html), ours / plain", lambda r: f"{r.ours_site.pages} / {r.plain_site.pages}"),
    ("record pages", lambda r: str(r.ours_site.record_pages)),
    ("total HTML size, ours", lambda r: mib(r.ours_site.html_bytes)),
    ("total HTML size, plain", lambda r: mib(r.plain_site.html_bytes)),
    ("median record page, ours", lambda r: kib(r.ours_site.record_median_bytes)),
    ("median record page, plain", lambda r: kib(r.plain_site.record_median_bytes)),
    ("largest page, ours", lambda r: f"{kib(r.ours_site.largest_bytes)} {r.ours_site.largest_page}"),
    ("search index, ours / plain", lambda r: f"{mib(r.ours_site.search_index_bytes)} / {mib(r.plain_site.search_index_bytes)}"),
    ("whole site/ folder, ours", lambda r: mib(r.ours_site.site_bytes)),
]


def _cell(render_cell: Callable[[Any], str], result: SizeResult) -> str:
    try:
        return render_cell(result)
    except (AttributeError, TypeError):  # a build --cold-only did not make
        return "-"


def print_table(results: list[SizeResult]) -> None:
    header = ["N = " + str(r.records) for r in results]
    cells = [[_cell(render_cell, r) for r in results] for _, render_cell in ROWS]
    label_width = max(len(label) for label, _ in ROWS)
    widths = [max(len(header[i]), *(len(row[i]) for row in cells)) for i in range(len(results))]
    print("\n" + " " * label_width + "  " + "  ".join(h.rjust(w) for h, w in zip(header, widths)))
    for (label, _), row in zip(ROWS, cells):
        print(label.ljust(label_width) + "  " + "  ".join(cell.rjust(w) for cell, w in zip(row, widths)))
    print("KB = 1024 bytes, MB = 1024 KB. Plain Markdown: the same page paths; record pages hold only "
          "`# title` and the body text (documents: 正文, decisions: 简介), other pages only their title.")


def verdict(passed: bool) -> str:
    return "PASS" if passed else "FAIL"


def print_checks(results: list[SizeResult]) -> None:
    print("\nChecks against targets")
    largest = max(results, key=lambda r: r.records)
    for r in results:
        if r.records >= MEMORY_TARGET_RECORDS:
            print(f"  {verdict(r.ours.peak_mib <= MEMORY_TARGET_MIB)}  peak memory at N={r.records}: {r.ours.peak_mib:.0f} MiB "
                  f"(build and helpers together; target <= {MEMORY_TARGET_MIB} MiB at {MEMORY_TARGET_RECORDS:,} records)")
        if r.material is None or r.warm_edit is None or r.warm_in_place is None:
            print(f"  INFO  N={r.records}: cold build {r.ours.seconds:.1f} s, peak memory {r.ours.peak_mib:.0f} MiB "
                  f"(build and helper together); --cold-only: no comparison builds")
            continue
        ratio = r.ours.seconds / r.material.seconds
        print(f"  {verdict(ratio <= COLD_RATIO)}  cold build at N={r.records}: {r.ours.seconds:.1f} s = {ratio:.2f} x "
              f"Material+jieba ({r.material.seconds:.1f} s; target <= {COLD_RATIO})")
        share = r.warm_edit.seconds / r.ours.seconds
        # (Below 10,000 records the target does not apply: starting MkDocs and the hook take seconds whatever the size.)
        judged = verdict(share <= WARM_SHARE) if r.records >= WARM_TARGET_RECORDS else "INFO"
        print(f"  {judged}  warm build after one edit at N={r.records} (as in CI, median of {len(r.warm_edits)}): "
              f"{r.warm_edit.seconds:.1f} s = "
              f"{share:.0%} of cold (target <= {WARM_SHARE:.0%} at {WARM_TARGET_RECORDS:,} records); in place of the last site "
              f"{r.warm_in_place.seconds:.1f} s = {r.warm_in_place.seconds / r.ours.seconds:.0%}")
    median = largest.ours_site.record_median_bytes
    print(f"  {verdict(median <= TARGET_MEDIAN_BYTES)}  median record page at N={largest.records}: "
          f"{kib(median)} (target <= {kib(TARGET_MEDIAN_BYTES)} = {TARGET_MEDIAN_BYTES} bytes)")
    smallest = min(results, key=lambda r: r.records)
    if smallest is largest:
        print("  SKIP  linear build time: needs at least two sizes")
    else:
        limit = LINEAR_SLACK * largest.records / smallest.records
        ratio = largest.ours.seconds / smallest.ours.seconds
        print(f"  {verdict(ratio <= limit)}  build time grows linearly: time({largest.records}) / time({smallest.records}) = "
              f"{largest.ours.seconds:.1f} s / {smallest.ours.seconds:.1f} s = {ratio:.2f} (target <= {limit:.1f})")
        memory_growth = largest.ours.peak_mib / smallest.ours.peak_mib
        print(f"  INFO  peak memory growth: {largest.ours.peak_mib:.0f} MiB / {smallest.ours.peak_mib:.0f} MiB = "
              f"{memory_growth:.2f} for {largest.records / smallest.records:.0f}x the records")
    if largest.plain is None:
        return
    print(f"  INFO  peak memory at N={largest.records}: ours {largest.ours.peak_mib:.0f} MiB, "
          f"plain Markdown {largest.plain.peak_mib:.0f} MiB ({largest.ours.peak_mib / largest.plain.peak_mib:.2f}x), "
          f"{largest.ours.peak_mib * 1024 / largest.records:.0f} KiB per record (no numeric target set)")


# ---------------------------------------------------------------------------


def parse_arguments(argv: Optional[list[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, nargs="+", default=DEFAULT_SIZES, metavar="N",
                        help=f"catalog sizes in record files (default: {' '.join(map(str, DEFAULT_SIZES))})")
    parser.add_argument("--out", type=Path, default=None, help="folder for the work folders (default: a new temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the work folders (catalogs, docs, sites, build logs)")
    parser.add_argument("--cold-only", action="store_true",
                        help="only the cold build of each size (for 30,000 and 100,000 records)")
    args = parser.parse_args(argv)
    if min(args.records) < MIN_RECORDS:
        parser.error(f"--records: each size must be at least {MIN_RECORDS}")
    return args


def main(argv: Optional[list[str]] = None) -> int:
    args = parse_arguments(argv)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="gongkai-bench-", dir=args.out)).resolve()
    print(f"Build benchmark: sizes {', '.join(map(str, args.records))}; site date {TODAY}; work folder {root}")
    results = []
    try:
        for records in args.records:
            work = root / f"records-{records}"
            results.append(measure_size(records, work, args.cold_only))  # (deleted at the end: as_a_fresh_checkout)
    except BenchmarkError as error:
        print(f"\nBENCHMARK ERROR: {error}\nWork folders kept in {root}", file=sys.stderr)
        return 1
    if args.keep:
        print(f"\nWork folders kept in {root}")
    else:
        shutil.rmtree(root, ignore_errors=True)
    print_table(results)
    print_checks(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
