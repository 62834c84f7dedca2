"""Abuse from the internet: three clients offering unsigned 64 MiB bodies to /slack/events.

Each client sends until refused and reconnects until it has offered 64 MiB, alternating a
declared length and chunked encoding.

Measures the app's peak resident memory while they are sent, and how long `/healthz` takes
to answer meanwhile (sampled every 10 ms). The target: RSS under 150 MB, /healthz within
100 ms. Before the body cap, the same run reached 784 MB and froze the event loop.
"""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from bench.procs import spawn_app
from bench.world import world

MIB = 1024 * 1024
FLOODS = 3


def _attempt(host: str, port: int, size: int, chunked: bool) -> tuple[str, int]:
    """One unsigned POST of up to `size` bytes; the status line and the bytes it took."""
    length = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {size}"
    head = (
        f"POST /slack/events HTTP/1.1\r\nHost: {host}\r\n{length}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n\r\n"
    ).encode()
    piece = b"x" * 65536
    chunk = b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece
    sent = 0
    with socket.create_connection((host, port), timeout=60) as sock:
        sock.sendall(head)
        try:
            while sent < size:
                sock.sendall(chunk)
                sent += len(piece)
        except OSError:
            pass  # the server answered early and closed: that is the point
        try:
            line = sock.recv(64).split(b"\r\n", 1)[0].decode(errors="replace")
        except OSError as error:
            line = type(error).__name__
    return line, max(sent, 1)


def _flood(url: str, size: int, outcome: list[str]) -> None:
    """Offer `size` unsigned bytes, reconnecting whenever refused (alternately chunked)."""
    host, port = url.removeprefix("http://").split(":")
    offered, attempts, answers = 0, 0, set[str]()
    while offered < size:
        line, took = _attempt(host, int(port), size - offered, chunked=attempts % 2 == 1)
        offered, attempts = offered + took, attempts + 1
        answers.add(line)
    outcome.append(f"{sorted(answers)} x{attempts} for {offered // MIB} MiB offered")


def unsigned_flood(workdir: Path, *, quick: bool) -> dict[str, Any]:
    """Peak RSS and /healthz latency while three unsigned 64 MiB bodies arrive together."""
    size = (4 if quick else 64) * MIB
    with world("sqlite", workdir) as w:
        app = spawn_app(w.env())
        try:
            idle = app.rss_mb()
            outcomes: list[str] = []
            floods = [
                threading.Thread(target=_flood, args=(app.url, size, outcomes))
                for _ in range(FLOODS)
            ]
            latencies: list[float] = []
            peak = idle
            with httpx.Client(base_url=app.url, timeout=10) as http:
                for flood in floods:
                    flood.start()
                while any(f.is_alive() for f in floods) or not latencies:
                    started = time.perf_counter()
                    http.get("/healthz").raise_for_status()
                    latencies.append((time.perf_counter() - started) * 1000)
                    peak = max(peak, app.rss_mb())
                    time.sleep(0.01)
            for flood in floods:
                flood.join()
        finally:
            app.stop()
    return {
        "bodies": FLOODS,
        "body_mib": size // MIB,
        "rss_idle_mb": idle,
        "rss_peak_mb": peak,
        "healthz_answered": len(latencies),
        "healthz_max_ms": max(latencies),
        "healthz_p50_ms": sorted(latencies)[len(latencies) // 2],
        "floods": outcomes,
    }
