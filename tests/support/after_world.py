"""Arranging after-meeting tests: the app with quick timings, Zoom summaries, waiting for jobs."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import create_engine, text

from bot.app import create_app
from bot.notices.aftermath_runner import AftermathConfig
from bot.notices.worker import WorkerConfig
from bot.settings import Settings
from store.db import sync_url
from tests.standins.loopback import LoopbackServer
from tests.support.deployment import Served, SlackStandin
from tests.support.drivers import SlackDriver, ZoomWebhookDriver
from tests.support.notice_world import rows, wait_routed, zoom_fixture

# Starts with "/" and contains "//": Zoom needs it double-encoded in a path.
ODD_UUID = "/aBc+dE//fGh12=="
QUICK_AFTERMATH = AftermathConfig(poll_interval=0.05, summary_retry_delays=(0.05, 0.05))
QUICK_WORKER = WorkerConfig(poll_interval=0.05, backoff_base=0.05, backoff_cap=0.2)
SLACK_WRITES = ("chat.postMessage", "chat.update", "conversations.open")


@contextmanager
def serve(
    settings: Settings,
    aftermath: AftermathConfig = QUICK_AFTERMATH,
    worker: WorkerConfig = QUICK_WORKER,
) -> Iterator[Served]:
    """`create_app` with quick after-meeting and delivery timings, served on loopback."""
    app = create_app(settings, worker_config=worker, aftermath_config=aftermath)
    with LoopbackServer(app, name="zoombridge") as server:
        yield Served(url=server.url, settings=settings)


def summary_body(
    uuid: str,
    meeting_id: int,
    *,
    host: str = "zu-ada",
    overview: str = "We agreed to ship the beta on Friday.",
    next_steps: list[str] | None = None,
    doc_url: str = "https://docs.zoom.us/doc/Summary-Doc-123",
) -> dict[str, Any]:
    """What Zoom's meeting_summary endpoint answers once the summary is written."""
    return {
        "meeting_host_id": host,
        "meeting_host_email": "ada@example.com",
        "meeting_uuid": uuid,
        "meeting_id": meeting_id,
        "meeting_topic": "Planning",
        "meeting_start_time": "2024-05-01T10:00:00Z",
        "meeting_end_time": "2024-05-01T10:47:00Z",
        "summary_title": "Meeting summary for Planning",
        "summary_overview": overview,
        "summary_details": [{"label": "Beta", "summary": "Ship Friday."}],
        "next_steps": next_steps if next_steps is not None else ["Ada writes the notes"],
        "summary_doc_url": doc_url,
    }


def summary_completed(uuid: str, meeting_id: int, host: str = "zu-ada") -> dict[str, Any]:
    """A meeting.summary_completed webhook for one meeting instance."""
    return zoom_fixture(
        "meeting.summary_completed",
        meeting_uuid=uuid,
        meeting_id=meeting_id,
        meeting_host_id=host,
        meeting_topic="Planning",
    )


def participant_joined(
    uuid: str, meeting_id: int, name: str, key: str, host: str = "zu-ada"
) -> dict[str, Any]:
    """A meeting.participant_joined webhook (the published sample, for this person)."""
    person = {
        "user_id": key,
        "user_name": name,
        "id": "",
        "participant_uuid": f"p-{key}",
        "join_time": "2024-05-01T10:01:00Z",
        "email": f"{key}@example.com",
    }
    return zoom_fixture(
        "meeting.participant_joined",
        id=str(meeting_id),
        uuid=uuid,
        host_id=host,
        participant=person,
    )


def wait_quiet(
    database_url: str, *, waiting: tuple[str, ...] = (), timeout: float = 15.0
) -> list[dict[str, Any]]:
    """Wait until no job (but of the `waiting` kinds) nor outbox row is pending; the outbox."""
    deadline = time.monotonic() + timeout
    wait_routed(database_url, timeout)  # the jobs and notices are made while routing
    while True:
        jobs = rows(database_url, "SELECT kind, status FROM aftermath_jobs")
        outbox = rows(database_url, "SELECT * FROM outbox ORDER BY id")
        if all(j["status"] != "pending" or j["kind"] in waiting for j in jobs) and all(
            r["status"] != "pending" for r in outbox
        ):
            return outbox
        if time.monotonic() > deadline:
            raise AssertionError(f"still pending: jobs {jobs}, outbox {outbox}")
        time.sleep(0.02)


def wait_until(check: Callable[[], bool], what: str, timeout: float = 10.0) -> None:
    """Poll `check` until it holds."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"never happened: {what}")
        time.sleep(0.02)


def writes(slack: SlackStandin) -> list[tuple[str, dict[str, Any]]]:
    """Every write the app made at the Slack stand-in, in order."""
    return [(c.method, c.params) for c in slack.state.calls if c.method in SLACK_WRITES]


def everything_sent(slack: SlackStandin) -> str:
    """All Slack calls' parameters as one string (to look for what must never leave)."""
    return json.dumps([c.params for c in slack.state.calls])


def subscribe(driver: SlackDriver, slack: SlackStandin, words: str, channel: str) -> str:
    """`/zoom subscribe <words>` in a channel; the reply."""
    sent = driver.command(f"subscribe {words}", channel_id=channel)
    assert sent.response.status_code == 200
    (reply,) = slack.state.wait_for_response(sent.response_url)
    return json.dumps(reply)


def post_webhook(app: Served, event: dict[str, Any]) -> None:
    """Send one signed Zoom webhook; it must be accepted."""
    webhooks = ZoomWebhookDriver(app.url)
    try:
        assert webhooks.post(event).json() == {"status": "accepted"}
    finally:
        webhooks.close()


def jobs_due_now(database_url: str) -> None:
    """Make every pending after-meeting job due (the waiting time has passed)."""
    wait_routed(database_url)  # the jobs are made while the webhooks are routed
    engine = create_engine(sync_url(database_url))
    try:
        with engine.begin() as conn:
            conn.execute(
                text("UPDATE aftermath_jobs SET due_at = :now WHERE status = 'pending'"),
                {"now": datetime.now(UTC)},
            )
    finally:
        engine.dispose()


def set_announcement(database_url: str, ts: str) -> None:
    """Record the card's ts, as the app does once its announcement was posted."""
    engine = create_engine(sync_url(database_url))
    try:
        with engine.begin() as conn:
            conn.execute(text("UPDATE meetings SET message_ts = :ts"), {"ts": ts})
    finally:
        engine.dispose()
