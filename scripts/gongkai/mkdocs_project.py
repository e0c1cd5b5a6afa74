"""A throwaway MkDocs project that builds any catalog folder with this
project's mkdocs.yml, hook, hand-written docs/ and overrides.
Used by the build tests and the benchmark."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from .project import project_root


# No -q: it sets the "mkdocs" logger to ERROR, so warnings never reach the
# counter behind --strict and the build would no longer be strict. The output
# goes to a log file instead.
MKDOCS_BUILD = [sys.executable, "-m", "mkdocs", "build", "--strict"]


@dataclass(frozen=True)
class BuildRun:
    returncode: int
    output: str  # the build log
    seconds: float  # wall time
    cpu_seconds: float  # user + system time of the child (and its helper)
    peak_rss_kib: int  # the largest memory (PSS) of the child and its own children together, sampled
    log: Path  # where the output was written

    @property
    def peak_mib(self) -> float:
        return self.peak_rss_kib / 1024

    @property
    def warnings(self) -> list[str]:
        return [line for line in self.output.splitlines() if line.startswith(("WARNING", "ERROR"))]


def top_level_blocks(text: str) -> list[tuple[Optional[str], str]]:
    """mkdocs.yml split into (top-level key, its text); comment lines go with the key below them."""
    blocks: list[tuple[Optional[str], list[str]]] = []
    pending: list[str] = []
    for line in text.splitlines(keepends=True):
        starts_key = line[:1] not in ("", " ", "\t", "\n", "#")
        if starts_key:
            blocks.append((line.split(":", 1)[0], pending + [line]))
            pending = []
        elif line.startswith("#") or pending or not blocks:
            pending.append(line)
        else:
            blocks[-1][1].append(line)
    if pending:
        blocks.append((None, pending))
    return [(key, "".join(lines)) for key, lines in blocks]


def _hooks(config_text: str) -> list[str]:
    """The hook files the project's mkdocs.yml names (relative to the project)."""
    block = next((block for key, block in top_level_blocks(config_text) if key == "hooks"), "")
    return [line.strip()[2:].strip() for line in block.splitlines() if line.strip().startswith("- ")]


def prepare(target: Path, with_hook: bool = True, watch: Optional[Path] = None) -> Path:
    """Write target/mkdocs.yml, target/docs and target/overrides; return the config path.
    The config is the project's without its `hooks:` and `watch:` blocks; the
    hook is named again by absolute path unless `with_hook` is false (a plain
    MkDocs site). `watch`: another folder `mkdocs serve` should rebuild on (the
    hook watches the catalog it builds from)."""
    target.mkdir(parents=True, exist_ok=True)
    project = project_root()
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    parts = [block for key, block in top_level_blocks(text) if key not in ("hooks", "watch")]
    if with_hook:
        parts.append("\nhooks:\n" + "".join(f"  - {json.dumps((project / hook).as_posix())}\n" for hook in _hooks(text)))
    if watch is not None:
        parts.append(f"\nwatch:\n  - {json.dumps(Path(watch).as_posix())}\n")
    config = target / "mkdocs.yml"
    config.write_text("".join(parts), encoding="utf-8")
    # docs/ holds only hand-written pages and assets; the hook adds the generated ones.
    shutil.copytree(project / "docs", target / "docs", dirs_exist_ok=True)
    shutil.copytree(project / "overrides", target / "overrides", dirs_exist_ok=True)
    return config


def build(target: Path, catalog: Optional[Path], today: Optional[str] = None, extra_args: tuple = (),
          cache: Optional[Path] = None, parallel: bool = True) -> BuildRun:
    """Run `mkdocs build --strict` in a child process, its output going to
    target/build.log; time it and read its CPU time and peak RSS from wait4.
    GONGKAI_* variables come only from the arguments, never from this process;
    `cache`: the folder of page work kept between builds (GONGKAI_CACHE);
    `parallel`: False builds on one core (GONGKAI_PARALLEL=0)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("GONGKAI_")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    if catalog is not None:
        env["GONGKAI_CATALOG"] = str(catalog)
    if today:
        env["GONGKAI_TODAY"] = today
    if cache is not None:
        env["GONGKAI_CACHE"] = str(cache)
    if not parallel:
        env["GONGKAI_PARALLEL"] = "0"
    return run_measured([*MKDOCS_BUILD, *extra_args], target, env, target / "build.log")


def _memory_kib(pid: int) -> int:
    """Memory of a process and, one level down, its children (a build's helper), in KiB; 0 once gone.
    Proportional set sizes: a page a forked helper still shares with the build counts once."""
    total = 0
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    for each in [pid, *map(int, children)]:
        try:
            rollup = Path(f"/proc/{each}/smaps_rollup").read_text()
        except OSError:
            continue
        total += next((int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")), 0)
    return total


def run_measured(command: list, cwd: Path, env: dict, log_path: Path) -> BuildRun:
    """Run one child process with its output in `log_path`; wall time and CPU time from wait4, peak memory
    sampled from /proc every 0.2 s. (wait4's ru_maxrss cannot be used: a child started from a large process
    reports that process's size, which Linux carries over the exec.)"""
    peak = 0
    with open(log_path, "wb") as log:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            peak = max(peak, _memory_kib(process.pid))
            time.sleep(0.2)
        seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, so Popen must not wait again
    return BuildRun(
        returncode=process.returncode,
        output=log_path.read_text(encoding="utf-8", errors="replace"),
        seconds=seconds,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        peak_rss_kib=peak,
        log=log_path,
    )
