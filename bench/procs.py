"""Processes under test: the app and the baselines, each in its own process, plus the load."""

from __future__ import annotations

import json
import os
import resource
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    """A port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """A server process and where it listens."""

    process: subprocess.Popen[bytes]
    url: str
    started_in: float  # seconds from spawn to the first 200 from /readyz

    def rss_mb(self) -> float:
        """Resident memory of the process, in MiB (Linux /proc)."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        line = next(x for x in status.splitlines() if x.startswith("VmRSS:"))
        return int(line.split()[1]) / 1024

    def cpu_seconds(self) -> float:
        """User + system CPU time the process has used so far (Linux /proc)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        """Terminate and reap."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def spawn(args: list[str], env: dict[str, str], port: int, *, timeout: float = 30.0) -> Server:
    """Start `python args...` and wait until GET /readyz answers 200."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **env}
    began = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, *args], cwd=ROOT, env=full_env, stdout=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    deadline = began + timeout
    while time.perf_counter() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{args} exited with {process.returncode} before it was ready")
        try:
            if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                return Server(process, url, time.perf_counter() - began)
        except httpx.TransportError:
            pass
        time.sleep(0.01)
    process.kill()
    raise RuntimeError(f"{args} was not ready within {timeout} s")


def spawn_app(env: dict[str, str], *options: str) -> Server:
    """`zoombridge serve` with one uvicorn worker (options: --no-worker, --channel-pace S)."""
    args = ["-m", "bot.cli", "serve", *options]
    for attempt in range(3):  # another process may take the free port before the app binds it
        port = free_port()
        try:
            return spawn(args, {**env, "PORT": str(port), "HOST": "127.0.0.1"}, port)
        except RuntimeError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def spawn_worker(env: dict[str, str], *options: str) -> subprocess.Popen[bytes]:
    """`zoombridge worker` (no HTTP, so nothing to wait for)."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **env}
    args = [sys.executable, "-m", "bot.cli", "worker", *options]
    return subprocess.Popen(args, cwd=ROOT, env=full_env, stdout=subprocess.DEVNULL)


def spawn_baseline(kind: str, secret: str, **options: str) -> Server:
    """One of bench.baselines (options: slack_api, database_url, zoom_api, zoom_token)."""
    port = free_port()
    args = ["-m", "bench.baselines", kind, "--port", str(port), "--secret", secret]
    for name, value in options.items():
        args += [f"--{name.replace('_', '-')}", value]
    return spawn(args, {}, port)


def load(kind: str, url: str, **options: Any) -> dict[str, Any]:
    """Run bench.load in its own process; its JSON result and its CPU share of the machine."""
    args = [sys.executable, "-m", "bench.load", kind, url]
    for name, value in options.items():
        args += [f"--{name.replace('_', '-')}", str(value)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    done = subprocess.run(
        args,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    result: dict[str, Any] = json.loads(done.stdout)
    result["generator_cpu_pct"] = 100 * cpu / wall / (os.cpu_count() or 1)
    return result
