#!/usr/bin/env python3
"""Preview benchmark: how long a clerk waits for `serve` to show one edit.

For each size N it writes a synthetic catalog of N records, starts `mkdocs serve`
(live reload) in a temporary copy of the project, waits for the first build, then
edits one document's title and measures the time from the save until the served
page shows the new title, and how many rebuilds the one save caused; then deletes a
document no other record names (until its page is gone) and adds it back (until its
page is there). It prints the
figures beside the issue's targets (<= 2 s at 1,000 records, <= 5 s at 10,000,
exactly one rebuild per save). Exit 0 even when a target is missed; 1 when the
benchmark itself cannot run.

    python scripts/benchmark_preview.py --records 1000
"""
from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from gongkai import mkdocs_project
from gongkai.synthetic import TODAY, generate_catalog

# Logged by `serve` at the start of every build. (MkDocs drops a repeated log message of its build
# module, so "Documentation built in 0.70 seconds" twice in a row is logged once.)
BUILT = "Building documentation..."
# Logged when a rebuild has finished and the browsers are told to reload: only then does a reader see
# the change (a deleted page's file is gone earlier, while the listings still name it).
RELOADED = "Reloading browsers"
TARGETS = {1000: 2.0, 10000: 5.0}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _wait(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def measure(records: int, work: Path) -> dict:
    catalog = work / "catalog"
    generate_catalog(catalog, records)
    project = work / "project"
    mkdocs_project.prepare(project)
    port = _free_port()
    log = work / "serve.log"
    env = dict(os.environ, GONGKAI_CATALOG=str(catalog), GONGKAI_TODAY=TODAY.isoformat(), NO_MKDOCS_2_WARNING="1")
    document = sorted((catalog / "documents").glob("*.md"))[0]
    url = f"http://127.0.0.1:{port}/documents/{document.stem}/"
    with open(log, "wb") as output:
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dirty", "--dev-addr", f"127.0.0.1:{port}"],
                                  cwd=project, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        started = time.monotonic()
        if not _wait(lambda: "<title>" in _page(url), 3600):
            raise RuntimeError("serve did not come up:\n" + log.read_text(encoding="utf-8")[-2000:])
        first = time.monotonic() - started
        time.sleep(2)  # let the watcher settle

        def timed(change, shows) -> tuple[float, int]:
            """Seconds from the change until the served site shows it, and the rebuilds it caused."""
            builds_before = log.read_text(encoding="utf-8").count(BUILT)
            reloads_before = log.read_text(encoding="utf-8").count(RELOADED)
            saved = time.monotonic()
            change()
            if not _wait(lambda: log.read_text(encoding="utf-8").count(RELOADED) > reloads_before and shows(), 3600):
                raise RuntimeError("the change never showed:\n" + log.read_text(encoding="utf-8")[-2000:])
            shown = time.monotonic() - saved
            time.sleep(max(5.0, shown))  # a second rebuild, if any, would start by now
            _wait(lambda: log.read_text(encoding="utf-8").count(BUILT) > builds_before + 1, 3 * shown)
            return shown, log.read_text(encoding="utf-8").count(BUILT) - builds_before

        marker = f"预览计时{int(time.time())}"
        text = document.read_text(encoding="utf-8")
        title_line = next(line for line in text.splitlines() if line.startswith("标题:"))
        edit = timed(lambda: document.write_text(text.replace(title_line, f"{title_line}{marker}", 1), encoding="utf-8"),
                     lambda: marker in _page(url))
        # A record no other record names can be withdrawn and added again without breaking a reference.
        loose = _unreferenced_document(catalog, exclude=document)
        loose_url = f"http://127.0.0.1:{port}/documents/{loose.stem}/"
        kept = loose.read_bytes()
        deletion = timed(loose.unlink, lambda: "<title>" not in _page(loose_url))
        addition = timed(lambda: loose.write_bytes(kept), lambda: "<title>" in _page(loose_url))
        return {"records": records, "first_build_s": first, "edit_shown_s": edit[0], "rebuilds": edit[1],
                "deletion_s": deletion[0], "deletion_rebuilds": deletion[1],
                "addition_s": addition[0], "addition_rebuilds": addition[1]}
    finally:
        server.terminate()
        server.wait(timeout=30)


def _unreferenced_document(catalog: Path, exclude: Path) -> Path:
    texts = {path: path.read_text(encoding="utf-8") for path in catalog.rglob("*") if path.suffix in (".md", ".yaml")}
    for path in sorted((catalog / "documents").glob("*.md"), reverse=True):
        if path != exclude and not any(path.stem in text for other, text in texts.items() if other != path):
            return path
    raise RuntimeError("every synthetic document is named by another record")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args()
    rows = []
    for records in args.records:
        with tempfile.TemporaryDirectory(prefix="gongkai-preview-") as scratch:
            try:
                rows.append(measure(records, Path(scratch)))
            except RuntimeError as error:
                print(f"预览基准无法运行（{records} 条）：{error}", file=sys.stderr)
                return 1
    print(f"{'records':>8} {'first build':>12} {'edit shown':>11} {'deletion':>9} {'addition':>9} {'rebuilds':>9}  target")
    for row in rows:
        target = TARGETS.get(row["records"])
        times = (row["edit_shown_s"], row["deletion_s"], row["addition_s"])
        rebuilds = (row["rebuilds"], row["deletion_rebuilds"], row["addition_rebuilds"])
        met = target is not None and max(times) <= target and set(rebuilds) == {1}
        verdict = "" if target is None else f"<= {target:.0f} s, one rebuild each: " + ("met" if met else "missed")
        print(f"{row['records']:>8} {row['first_build_s']:>11.1f}s {times[0]:>10.1f}s {times[1]:>8.1f}s {times[2]:>8.1f}s "
              f"{'/'.join(map(str, rebuilds)):>9}  {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
