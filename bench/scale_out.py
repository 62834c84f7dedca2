"""Scale-out on PostgreSQL: two web processes that only ingest and one worker that delivers.

Both webs take wrk load at once; then the run waits until the worker has delivered what is
owed. Owed = one post per stored event (each bench host is subscribed in one channel);
doubled = posts whose text the stand-in had already received.
"""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path
from typing import Any

from bench import wrk
from bench.drain import _stop
from bench.procs import spawn_app, spawn_worker
from bench.scenarios import Size, wait_for
from bench.world import WEBHOOK_SECRET, world
from tests.support.notice_world import rows


def scale_out(size: Size, workdir: Path) -> dict[str, Any]:
    """Two `serve --no-worker` + one `worker` on one PostgreSQL database."""
    with world("postgres", workdir) as w:
        webs = [spawn_app(w.env(), "--no-worker") for _ in range(2)]
        worker: subprocess.Popen[bytes] | None = None
        try:
            worker = spawn_worker(w.env(), "--channel-pace", "0")
            count = int(size.ingest_seconds * 4000) + 500
            results: list[Any] = [None, None]

            def hit(index: int) -> None:
                path = workdir / f"scale-{index}.txt"
                requests = wrk.webhook_file(path, count, WEBHOOK_SECRET, run=f"scale{index}")
                url = f"{webs[index].url}/zoom/webhook"
                seconds = size.ingest_seconds
                results[index] = wrk.run(url, requests, "zoom", connections=16, seconds=seconds)

            threads = [threading.Thread(target=hit, args=(i,)) for i in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            owed = rows(w.database_url, "SELECT count(*) AS n FROM webhook_events")[0]["n"]
            delivered = wait_for(
                lambda: (
                    len([c for c in w.slack.calls_to("chat.postMessage") if not c.failed]) >= owed
                ),
                600,
            )
        finally:
            if worker is not None:
                _stop(worker)
            for web in webs:
                web.stop()
        posts = [
            str(c.params["text"]) for c in w.slack.calls_to("chat.postMessage") if not c.failed
        ]
    return {
        "ingested_per_second": sum(r.per_second for r in results),
        "accepted": sum(r.requests - r.non_2xx for r in results),
        "owed": owed,
        "delivered": len(set(posts)),
        "doubled": len(posts) - len(set(posts)),
        "all_delivered": delivered,
        "generator_cpu_pct": sum(r.generator_cpu_pct for r in results),
    }
