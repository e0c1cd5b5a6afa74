"""A throwaway MkDocs project that builds any catalog folder with this
project's mkdocs.yml, hook and assets, without touching the real docs/.
Used by the build tests and the benchmark."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

PROJECT = Path(__file__).resolve().parents[2]


@dataclass
class BuildRun:
    returncode: int
    output: str
    seconds: float
    peak_rss_kib: int


def prepare(target: Path, with_hook: bool = True, watch: Optional[Path] = None) -> Path:
    """Write target/mkdocs.yml and target/docs/assets; return the config path.
    `watch`: a catalog folder `mkdocs serve` should rebuild on."""
    target.mkdir(parents=True, exist_ok=True)
    text = (PROJECT / "mkdocs.yml").read_text(encoding="utf-8")
    hook = (PROJECT / "scripts" / "mkdocs_hooks.py").as_posix()
    lines = []
    skipping = False
    for line in text.split("\n"):
        # Drop the hooks/watch blocks; the hook is added back with an absolute path.
        if line.startswith(("hooks:", "watch:")):
            skipping = True
            continue
        if skipping and (line.startswith("  ") or not line.strip()):
            continue
        skipping = False
        lines.append(line)
    if with_hook:
        lines += ["hooks:", f"  - {hook}"]
    if watch is not None:
        lines += ["watch:", f"  - {Path(watch).as_posix()}"]
    config = target / "mkdocs.yml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    shutil.copytree(PROJECT / "docs" / "assets", target / "docs" / "assets", dirs_exist_ok=True)
    return config


def build(target: Path, catalog: Optional[Path], today: Optional[str] = None, extra_args: tuple = ()) -> BuildRun:
    """Run `mkdocs build --strict` in a child process; time it and read its peak RSS."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if catalog is not None:
        env["GONGKAI_CATALOG"] = str(catalog)
    if today:
        env["GONGKAI_TODAY"] = today
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict", *extra_args],
        cwd=target, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    output = process.stdout.read()
    process.stdout.close()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return BuildRun(process.returncode, output, time.perf_counter() - started, usage.ru_maxrss)
