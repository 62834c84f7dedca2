"""Benchmark results as JSON and as docs/benchmarks.md."""

from __future__ import annotations

import json
import os
import platform
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.figures import rows


def machine(note: str = "") -> dict[str, str]:
    """What the figures were measured on (`note`: what else the machine was doing)."""
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [
            x.split(":", 1)[1].strip()
            for x in cpuinfo.read_text().splitlines()
            if x.startswith("model name")
        ]
        cpu = names[0] if names else cpu
    try:
        postgres = subprocess.run(
            ["psql", "--version"], capture_output=True, text=True, timeout=5
        ).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        postgres = "not available"
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": f"{cpu}, {os.cpu_count()} cores",
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgres": postgres,
        "os": platform.platform(),
        "load average (1, 5, 15 min) when written": " ".join(f"{x:.1f}" for x in os.getloadavg()),
        "note": note or "none given",
    }


def write(
    results: dict[str, Any],
    *,
    json_path: Path,
    markdown_path: Path | None,
    command: str,
    label: str = "results",
    note: str = "",
) -> None:
    """Store the JSON and, for full runs, regenerate this run's table in the markdown page."""
    facts = machine(note)
    payload = {"command": command, "machine": facts, "results": results}
    json_path.write_text(json.dumps(payload, indent=2, default=str) + "\n")
    if markdown_path is None:
        return
    lines = [
        "| figure | measured | baseline (same run) | ratio | target |",
        "| --- | --- | --- | --- | --- |",
        *("| " + " | ".join(row) + " |" for row in rows(results)),
    ]
    facts_md = "\n".join(f"- {k}: {v}" for k, v in facts.items())
    generated = (
        f"<!-- {label}:start -->\n"
        f"Command: `{command}`\n\n{facts_md}\n\n" + "\n".join(lines) + f"\n<!-- {label}:end -->"
    )
    text = markdown_path.read_text() if markdown_path.exists() else ""
    if f"<!-- {label}:start -->" not in text:
        text += f"\n<!-- {label}:start -->\n<!-- {label}:end -->\n"
    head, _, rest = text.partition(f"<!-- {label}:start -->")
    _, _, tail = rest.partition(f"<!-- {label}:end -->")
    markdown_path.write_text(head + generated + tail)
