"""Run the benchmarks: `python -m bench.run [--quick] [--only NAME ...] [--no-postgres]`.

A full run rewrites the results section of docs/benchmarks.md and docs/benchmarks.json.
--quick sends a handful of requests per scenario (the test suite runs it so the bench
never rots) and writes only the JSON file it is given.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import abuse, scenarios, wrk
from bench.commands import commands
from bench.drain import drain
from bench.ingest import ingest
from bench.report import write
from bench.scale_out import scale_out

ROOT = Path(__file__).resolve().parents[1]
NAMES = (
    "ingest_sqlite",
    "ingest_postgres",
    "drain",
    "notice_latency",
    "notice_latency_postgres",
    "footprint",
    "scale_out_postgres",
    "commands",
    "zoom_economy",
    "unsigned_flood",
)
NEEDS_POSTGRES = ("ingest_postgres", "scale_out_postgres", "notice_latency_postgres")
NEEDS_WRK = ("ingest_sqlite", "ingest_postgres", "scale_out_postgres", "commands")


def postgres_available() -> bool:
    """Whether a PostgreSQL server answers on 127.0.0.1:5432."""
    if shutil.which("pg_isready") is None:
        return False
    return subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"], check=False).returncode == 0


def run(names: list[str], *, quick: bool, workdir: Path) -> dict[str, Any]:
    """Run the named scenarios and collect their results."""
    size = scenarios.QUICK if quick else scenarios.FULL
    plan: dict[str, Callable[[], dict[str, Any]]] = {
        "ingest_sqlite": lambda: ingest("sqlite", size, workdir),
        "ingest_postgres": lambda: ingest("postgres", size, workdir),
        "drain": lambda: drain(size, workdir),
        "scale_out_postgres": lambda: scale_out(size, workdir),
        "commands": lambda: commands(size, workdir),
        "notice_latency": lambda: scenarios.notice_latency(size, workdir),
        "notice_latency_postgres": lambda: scenarios.notice_latency(size, workdir, "postgres"),
        "footprint": lambda: scenarios.footprint(size, workdir),
        "zoom_economy": lambda: scenarios.zoom_economy(workdir),
        "unsigned_flood": lambda: abuse.unsigned_flood(workdir, quick=quick),
    }
    results: dict[str, Any] = {}
    for name in names:
        sys.stderr.write(f"bench: {name}...\n")
        try:
            results[name] = plan[name]()
        except Exception as error:  # one broken scenario must not lose the others' figures
            if quick:
                raise
            sys.stderr.write(f"bench: {name} failed: {error!r}\n")
    return results


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, run, write the results."""
    parser = argparse.ArgumentParser(prog="python -m bench.run")
    parser.add_argument("--quick", action="store_true", help="tiny loads; no markdown")
    parser.add_argument("--only", nargs="*", choices=NAMES, help="run only these scenarios")
    parser.add_argument("--no-postgres", action="store_true", help="skip the PostgreSQL ingest")
    parser.add_argument("--json", type=Path, default=ROOT / "docs" / "benchmarks.json")
    parser.add_argument("--label", default="results", help="which results section to rewrite")
    parser.add_argument("--note", default="", help="what else the machine was doing meanwhile")
    args = parser.parse_args(argv)
    names = list(args.only or NAMES)
    for name in NEEDS_POSTGRES:
        if name in names and (args.no_postgres or not postgres_available()):
            sys.stderr.write(f"bench: skipping {name} (no PostgreSQL on 127.0.0.1:5432)\n")
            names.remove(name)
    for name in NEEDS_WRK:
        if name in names and not wrk.available():
            sys.stderr.write(f"bench: skipping {name} (no wrk: apt-get install -y wrk)\n")
            names.remove(name)
    with tempfile.TemporaryDirectory(prefix="zoombridge-bench-") as tmp:
        results = run(names, quick=args.quick, workdir=Path(tmp))
    given = sys.argv[1:] if argv is None else argv
    command = " ".join(["python -m bench.run", *given])
    markdown = None if args.quick else ROOT / "docs" / "benchmarks.md"
    write(
        results,
        json_path=args.json,
        markdown_path=markdown,
        command=command,
        label=args.label,
        note=args.note,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
