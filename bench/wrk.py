"""wrk, the compiled load generator (Debian package `wrk`), with pre-signed requests.

Every request is signed in advance (Zoom's or Slack's HMAC) and written to a file that
bench/signed.lua replays, each line once, so the generator spends its CPU on HTTP only.
The generator's own CPU time is read from the kernel after it exits and reported as a share
of the machine, so a reader can see it was not the bottleneck.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import resource
import shutil
import subprocess
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.load import command_body, webhook_body

SCRIPT = Path(__file__).with_name("signed.lua")
THREADS = 2


def available() -> bool:
    """Whether wrk is installed (`apt-get install -y wrk`)."""
    return shutil.which("wrk") is not None


def _sign(secret: str, ts: str, body: str) -> str:
    return "v0=" + hmac.new(secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()


def write_requests(path: Path, bodies: Iterable[str], secret: str) -> int:
    """Sign each body now (both platforms use v0:ts:body) and write one line each."""
    ts = str(int(time.time()))
    lines = [f"{ts}\t{_sign(secret, ts, body)}\t{body}" for body in bodies]
    path.write_text("\n".join(lines) + "\n")
    return len(lines)


def webhook_file(path: Path, count: int, secret: str, run: str, hosts: int = 50) -> Path:
    """`count` distinct signed meeting.started events."""
    bodies = (webhook_body(seq, hosts=hosts, run=run).decode() for seq in range(count))
    write_requests(path, bodies, secret)
    return path


def command_file(path: Path, count: int, secret: str, response_base: str) -> Path:
    """`count` signed `/zoom list` commands with distinct response URLs."""
    write_requests(path, (command_body(seq, response_base) for seq in range(count)), secret)
    return path


@dataclass(frozen=True)
class WrkResult:
    """One wrk run: throughput, latency and the generator's CPU share."""

    requests: int
    seconds: float
    non_2xx: int
    socket_errors: int
    p50_ms: float
    p90_ms: float
    p99_ms: float
    generator_cpu_pct: float  # of the whole machine (all cores)

    @property
    def per_second(self) -> float:
        """Requests completed per second."""
        return self.requests / self.seconds

    def asdict(self) -> dict[str, Any]:
        """As JSON-ready figures."""
        return {**self.__dict__, "per_second": self.per_second}


def run(
    url: str,
    requests: Path,
    kind: str,
    *,
    connections: int,
    seconds: float,
    delay_ms: float = 0.0,
    during: Callable[[], None] | None = None,
) -> WrkResult:
    """Run wrk against `url` for `seconds` with `connections` open; `during` runs meanwhile."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    args = ["wrk", f"-t{THREADS}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
    args += ["-s", str(SCRIPT), url, "--", str(requests), kind, str(THREADS), str(delay_ms)]
    began = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if during is not None:
        during()
    out, err = process.communicate(timeout=seconds + 60)
    if not out.strip():
        raise RuntimeError(f"wrk printed no result (exit {process.returncode}): {err.strip()}")
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    found = json.loads(out.strip().splitlines()[-1])
    return WrkResult(
        requests=found["requests"],
        seconds=found["duration_us"] / 1e6,
        non_2xx=found["non_2xx"],
        socket_errors=found["socket_errors"],
        p50_ms=found["p50_us"] / 1000,
        p90_ms=found["p90_us"] / 1000,
        p99_ms=found["p99_us"] / 1000,
        generator_cpu_pct=100 * cpu / wall / (os.cpu_count() or 1),
    )
