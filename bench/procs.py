"""Processes under test: the app and the baselines, each in its own process, plus the load."""

from __future__ import annotations

import json
import os
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


def spawn_app(env: dict[str, str]) -> Server:
    """`zoombridge serve` with one uvicorn worker."""
    port = free_port()
    return spawn(["-m", "bot.cli", "serve"], {**env, "PORT": str(port), "HOST": "127.0.0.1"}, port)


def spawn_baseline(kind: str, secret: str, slack_api: str = "http://127.0.0.1:9/api/") -> Server:
    """One of bench.baselines."""
    port = free_port()
    args = ["-m", "bench.baselines", kind, "--port", str(port), "--secret", secret]
    return spawn([*args, "--slack-api", slack_api], {}, port)


def load(kind: str, url: str, **options: Any) -> dict[str, Any]:
    """Run bench.load in its own process and return its JSON result."""
    args = [sys.executable, "-m", "bench.load", kind, url]
    for name, value in options.items():
        args += [f"--{name.replace('_', '-')}", str(value)]
    done = subprocess.run(
        args,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result
