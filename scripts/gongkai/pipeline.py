"""The whole pipeline as plain functions: load -> validate -> cross-check -> compliance -> view -> render -> publish.

Runs and is tested without MkDocs; the MkDocs hook and the CLI call these.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Optional, Sequence

from . import bodytext, collector, forked, memo
from .cachestore import BuildCache, CacheStore, ClosableStore, digest, installed
from .compliance.engine import run_rules
from .crosscheck import crosscheck
from .judging import KeptVerdicts
from .load import LoadedCatalog, load_catalog, load_site
from .model import SiteSettings
from .problems import Problem, Severity
from .publish import published_files, write_folder
from .render import RenderedSite, render_site
from .compliance.report import staff_report
from .records import Catalog
from .spool import Content, Spool
from .validate import validate, validate_record
from .view import build_view
from .yamlsource import SourceDocument


@dataclass
class CheckResult:
    catalog: Catalog
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def ok(self) -> bool:
        return not self.errors


# Libraries whose code decides what the check makes of a file and what the render makes of a record:
# the parser and emitter, the models' validation and dumps, and the official holiday calendar.
CACHE_DISTRIBUTIONS = ("pyyaml", "pydantic", "pydantic-core", "chinese_calendar")


def build_cache(store: CacheStore, environment: str, opener: Optional[Callable[[], ClosableStore]] = None) -> BuildCache:
    """A build's cache folder as the check and the render use it (`environment`: the build's, which
    covers this package's code), its keys changing with those libraries' versions too. `opener`:
    another connection to the store, for a forked child."""
    return BuildCache(store, digest(environment, *(f"{name}={installed(name)}" for name in CACHE_DISTRIBUTIONS)), opener)


def check(catalog_dir: Path, display_root: Optional[str] = None, today: Optional[dt.date] = None,
          second_core: bool = False, cache: Optional[BuildCache] = None) -> CheckResult:
    """Load, validate, cross-check and apply the compliance rules as of `today`.
    Problems name files as `display_root/...` (default: the catalog folder
    relative to the working directory). `second_core`: a forked child may share the cross-checks.
    `cache` (build_cache): a build's cache folder, where the parse of each record file and the
    verdicts on each record are kept for later builds."""
    if display_root is None:
        display_root = Path(os.path.relpath(Path(catalog_dir).resolve())).as_posix()
    today = today or dt.date.today()
    with collector.paused():
        loaded = load_catalog(Path(catalog_dir), display_root, cache)
        # The check's scan of each body, for the render after it; not for the largest catalogs, whose
        # memory matters more than the time (as for the second core).
        bodytext.keep_scans(forked.second_core_fits(len(loaded.records)))
        catalog, problems = validate(loaded)
        kept = KeptVerdicts(cache, _judged_alike(cache, loaded, today)) if cache is not None else None
        problems = loaded.problems + problems + crosscheck(catalog, second_core, kept)
        problems += run_rules(catalog, catalog.compliance, today, kept)
    if not memo.enabled():
        _release_parsed_values(catalog)
    return CheckResult(catalog, problems)


def _judged_alike(cache: BuildCache, loaded: LoadedCatalog, today: dt.date) -> str:
    """What every kept verdict depends on besides its record and its questions: the day, how problems
    name the catalog folder, and the settings files (site.yaml, compliance.yaml, imports.yaml, whose
    batches complete migrated records)."""
    settings = [raw.content if raw is not None else "-" for raw in (loaded.site, loaded.compliance, loaded.imports)]
    return cache.key("judged alike", today.isoformat(), loaded.root, *settings)


def _release_parsed_values(catalog: Catalog) -> None:
    """Each record's parsed YAML values were validated into its model and scanned for personal numbers
    above; later stages read only their positions. Dropping them takes a third off a large catalog's
    memory. (serve keeps them: its memo may scan a record again in a later rebuild.)"""
    for source in _sources(catalog):
        source.data = None


def _sources(catalog: Catalog) -> Iterator[SourceDocument]:
    """Each validated record's source, site.yaml and compliance.yaml included."""
    for record in (*catalog.records, *catalog.settings_records):
        yield record.source


def site_settings(catalog_dir: Path) -> Optional[SiteSettings]:
    """The site's own settings, read cheaply (e.g. for MkDocs' config stage)."""
    raw = load_site(Path(catalog_dir))
    record = validate_record(raw)[0] if raw else None
    return record.model if record else None


def render(catalog: Catalog, today: Optional[dt.date] = None, findings: Sequence[Problem] = (),
           second_core: bool = False, spool: Optional[Spool] = None, cache: Optional[BuildCache] = None) -> RenderedSite:
    """Render the public view of a validated catalog as of `today` (default: the real today);
    `second_core`: a forked child makes the data files meanwhile. `spool`: a one-shot build's; its pages
    and files are kept there, not in memory, and the catalog's positions are let go once the staff
    report has named its lines (nothing later reports a problem on a record)."""
    today = today or dt.date.today()
    view = build_view(catalog, today)
    report = staff_report(catalog, today, list(findings))
    if spool is not None:
        for source in _sources(catalog):
            source.where.forget()  # the public view's records share these
    try:
        with collector.paused():  # (a render makes next to no cycles: 139 objects at 10,000 records)
            return render_site(view, catalog.files, report, second_core, spool, cache)
    finally:
        bodytext.forget_scans()


def site_files(catalog: Catalog, catalog_dir: Path, today: Optional[dt.date] = None,
               findings: Sequence[Problem] = (), second_core: bool = False, spool: Optional[Spool] = None,
               cache: Optional[BuildCache] = None) -> dict[str, Content]:
    """Every file of the public site (path -> content), attachments verified against the check:
    what MkDocs builds from. CatalogError when an attachment changed since it was checked."""
    return published_files(render(catalog, today, findings, second_core, spool, cache), Path(catalog_dir))


def generate(catalog: Catalog, catalog_dir: Path, out_dir: Path, today: Optional[dt.date] = None,
             findings: Sequence[Problem] = ()) -> int:
    """Write the site's files into `out_dir` as real files (`render --out`); the number written."""
    return write_folder(site_files(catalog, catalog_dir, today, findings), Path(out_dir))
