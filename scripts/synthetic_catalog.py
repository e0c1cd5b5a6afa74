#!/usr/bin/env python3
"""Write a deterministic synthetic catalog of N record files (see scripts/gongkai/synthetic/).

    python scripts/synthetic_catalog.py 10000 /tmp/out/catalog
    python -m gongkai --catalog /tmp/out/catalog --today 2025-06-30 check
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Optional

from gongkai.project import ProjectNotFound, project_root
from gongkai.synthetic import MIN_RECORDS, TODAY, generate_catalog


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("records", type=int, metavar="N", help=f"number of record files, at least {MIN_RECORDS}")
    parser.add_argument("catalog", type=Path, help="the catalog folder to create; it must not exist yet")
    args = parser.parse_args(argv)
    if args.records < MIN_RECORDS:
        parser.error(f"N must be at least {MIN_RECORDS}")
    if args.catalog.exists():
        parser.error(f"{args.catalog} already exists")
    try:
        project_root()  # the prose is drawn from the project's demo report: known before anything is written
    except ProjectNotFound as error:
        parser.error(str(error))
    mix = generate_catalog(args.catalog, args.records)
    print(f"Wrote {mix.total} record files to {args.catalog}: {mix.describe()}; plus site.yaml.")
    print(f"Every record is released by {TODAY.isoformat()}: build the site as of that day (--today / GONGKAI_TODAY).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
