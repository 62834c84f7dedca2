"""Outbox drain: how fast a backlog reaches Slack, and whether the rate holds as it grows.

The backlog is queued straight into the database, then `zoombridge worker` is started and
the rate is read from the Slack stand-in's clock (first to last post), so process start-up
does not count. Unlimited: the stand-in has no rate limits and the worker no pace. One
channel: the stand-in enforces about 1/s per channel (burst 5, then 429 + Retry-After) and
the worker keeps its default pace.
"""

from __future__ import annotations

import asyncio
import subprocess
import time
from pathlib import Path
from typing import Any

from bench.procs import spawn_worker
from bench.scenarios import Size, wait_for
from bench.world import World, world
from store.db import Database
from store.repos.outbox import NewMessage, add_messages
from tests.support.notice_world import rows


def _queue(w: World, plan: list[tuple[str, int]]) -> None:
    async def fill() -> None:
        db = Database.connect(w.database_url)
        try:
            messages = [
                NewMessage("T0001", c, "post", {"text": f"drain {c} #{n}", "blocks": None})
                for n in range(max(count for _, count in plan))
                for c, count in plan
                if n < count
            ]
            for start in range(0, len(messages), 500):
                async with db.transaction() as session:
                    chunk = messages[start : start + 500]
                    await add_messages(session=session, webhook_event_id=None, messages=chunk)
        finally:
            await db.close()

    asyncio.run(fill())


def _posts(w: World) -> list[Any]:
    return [c for c in w.slack.calls_to("chat.postMessage") if not c.failed]


def _stop(worker: subprocess.Popen[bytes]) -> None:
    worker.terminate()
    try:
        worker.wait(timeout=15)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def _unlimited(pending: int, channels: int, workdir: Path) -> dict[str, Any]:
    with world("sqlite", workdir) as w:
        names = [f"CD{n:04d}" for n in range(channels)]
        for name in names:
            w.slack.add_channel(name, name=name.lower())
        _queue(w, [(name, pending // channels) for name in names])
        worker = spawn_worker(w.env(), "--channel-pace", "0")
        try:
            done = wait_for(lambda: len(_posts(w)) >= pending, 600)
        finally:
            _stop(worker)
        posts = _posts(w)
    times = sorted(p.at for p in posts)
    span = times[-1] - times[0] if len(times) > 1 else float("nan")
    return {
        "pending": pending,
        "channels": channels,
        "delivered": len(posts),
        "all_delivered": done,
        "per_second": (len(times) - 1) / span if span else float("nan"),
    }


def _one_channel(pending: int, window: float, workdir: Path) -> dict[str, Any]:
    with world("sqlite", workdir) as w:
        w.slack.add_channel("CD1CH", name="one-channel")
        w.slack.rate_limit_post_message = True  # burst 5, then 1/s per channel, else 429
        _queue(w, [("CD1CH", pending)])
        worker = spawn_worker(w.env())  # the default pace: 1/s after a burst of 4
        try:
            time.sleep(window)
        finally:
            _stop(worker)
        posts = _posts(w)
        limited = [c for c in w.slack.calls_to("chat.postMessage") if c.failed]
        left = rows(w.database_url, "SELECT count(*) AS n FROM outbox WHERE status='pending'")
    texts = [str(p.params["text"]) for p in posts]
    steady = sorted(p.at for p in posts)[5:]  # after the stand-in's burst allowance
    rate = (len(steady) - 1) / (steady[-1] - steady[0]) if len(steady) > 2 else float("nan")
    return {
        "pending": pending,
        "window_s": window,
        "delivered": len(posts),
        "steady_per_second": rate,
        "allowed_per_second": 1.0,
        "answered_429": len(limited),
        "in_order": texts == [f"drain CD1CH #{n}" for n in range(len(texts))],
        "doubled": len(texts) - len(set(texts)),
        "lost": pending - len(posts) - left[0]["n"],
    }


def drain(size: Size, workdir: Path) -> dict[str, Any]:
    """Drain rates at 100 and at 10,000 pending over 100 channels, and in one limited channel."""
    small = _unlimited(100, 100, workdir)
    large = _unlimited(size.drain_pending, 100, workdir)
    one = _one_channel(size.drain_pending, size.drain_window, workdir)
    return {
        "over_100_channels_100": small,
        "over_100_channels_large": large,
        "ratio_large_vs_small": large["per_second"] / small["per_second"],
        "one_channel_limited": one,
        "ratio_one_channel_vs_allowed": one["steady_per_second"] / one["allowed_per_second"],
    }
