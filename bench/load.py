"""A load generator that runs in its own process: signed requests at a fixed concurrency or rate.

    python -m bench.load webhook URL --count N --concurrency C [--rate R] [--secret S]
    python -m bench.load command URL --count N --concurrency C --secret S --response-base URL

Prints one JSON object: per-request send times and latencies, and the wall time.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import json
import sys
import time
from typing import Any
from urllib.parse import urlencode

import httpx


def webhook_body(seq: int, *, hosts: int = 50, run: str = "r") -> bytes:
    """A distinct meeting.started event of host zu-bench-{seq % hosts}; the topic has the seq."""
    now_ms = int(time.time() * 1000)
    payload = {
        "event": "meeting.started",
        "event_ts": now_ms + seq,
        "payload": {
            "account_id": "acct-1",
            "object": {
                "id": str(80000000000 + seq),
                "uuid": f"{run}-uuid-{seq}==",
                "host_id": f"zu-bench-{seq % hosts}",
                "topic": f"bench {run} #{seq}",
                "type": 2,
                "start_time": "2026-11-28T10:00:00Z",
                "timezone": "UTC",
                "duration": 30,
            },
        },
    }
    return json.dumps(payload).encode()


def zoom_headers(body: bytes, secret: str) -> dict[str, str]:
    """Zoom's signature headers for a body."""
    ts = str(int(time.time()))
    digest = hmac.new(secret.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()
    return {
        "content-type": "application/json",
        "x-zm-request-timestamp": ts,
        "x-zm-signature": f"v0={digest}",
    }


def slack_headers(body: str, secret: str) -> dict[str, str]:
    """Slack's signature headers for a form body."""
    ts = str(int(time.time()))
    base = f"v0:{ts}:{body}".encode()
    digest = hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {
        "content-type": "application/x-www-form-urlencoded",
        "x-slack-request-timestamp": ts,
        "x-slack-signature": f"v0={digest}",
    }


def command_body(seq: int, response_base: str, text: str = "list") -> str:
    """A /zoom slash command from the linked bench user."""
    return urlencode(
        {
            "token": "bench",
            "team_id": "T0001",
            "team_domain": "acme",
            "channel_id": "C0001",
            "channel_name": "general",
            "user_id": "U0001",
            "user_name": "ada",
            "command": "/zoom",
            "text": text,
            "api_app_id": "A0APP",
            "response_url": f"{response_base}/response/bench-{seq}",
            "trigger_id": f"bench.{seq}",
        }
    )


async def run(args: argparse.Namespace) -> dict[str, Any]:
    """Send `count` requests with `concurrency` workers, optionally paced to `rate` per second."""
    queue: asyncio.Queue[int] = asyncio.Queue()
    for seq in range(args.count):
        queue.put_nowait(seq)
    sent: list[float] = [0.0] * args.count
    latency: list[float] = [0.0] * args.count
    status: list[int] = [0] * args.count
    started = time.perf_counter()
    epoch = time.time()
    limits = httpx.Limits(
        max_connections=args.concurrency, max_keepalive_connections=args.concurrency
    )

    async def worker(http: httpx.AsyncClient) -> None:
        while not queue.empty():
            seq = queue.get_nowait()
            if args.rate:
                await asyncio.sleep(max(0.0, started + seq / args.rate - time.perf_counter()))
            if args.kind == "webhook":
                body: bytes | str = webhook_body(seq, hosts=args.hosts, run=args.run)
                headers = zoom_headers(body, args.secret)  # type: ignore[arg-type]
                path = "/zoom/webhook"
            else:
                body = command_body(seq, args.response_base)
                headers = slack_headers(body, args.secret)
                path = "/slack/events"
            t0 = time.perf_counter()
            sent[seq] = epoch + (t0 - started)
            try:
                response = await http.post(path, content=body, headers=headers)
                status[seq] = response.status_code
            except httpx.HTTPError:  # a timeout or reset counts as a failed request
                status[seq] = 0
            latency[seq] = time.perf_counter() - t0

    async with httpx.AsyncClient(base_url=args.url, limits=limits, timeout=30) as http:
        await asyncio.gather(*(worker(http) for _ in range(args.concurrency)))
    wall = time.perf_counter() - started
    return {"wall": wall, "sent": sent, "latency": latency, "status": status}


def main() -> None:
    """Parse arguments, run, print JSON."""
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=["webhook", "command"])
    parser.add_argument("url")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument(
        "--rate", type=float, default=0.0, help="requests per second (0: as fast as possible)"
    )
    parser.add_argument("--secret", default="bench-secret")
    parser.add_argument("--response-base", default="http://127.0.0.1:9")
    parser.add_argument("--run", default="r", help="a tag that makes event keys unique per run")
    parser.add_argument("--hosts", type=int, default=50, help="spread events over this many hosts")
    result = asyncio.run(run(parser.parse_args()))
    sys.stdout.write(json.dumps(result))


if __name__ == "__main__":
    main()
