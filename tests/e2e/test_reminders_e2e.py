"""Reminders and meetings changed in Zoom, over real HTTP: scheduled, moved, deleted at Slack."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.notices.live_jobs import LiveJobs
from handlers.blocks.live_cards import BlockKitLive
from store.db import Database
from tests.support.deployment import SlackStandin
from tests.support.drivers import ZoomWebhookDriver
from tests.support.live_world import (
    CREATED_ID,
    event,
    outbox_settled,
    reminder_rows,
    scheduled,
    soon,
    wait_until,
    zoom_time,
)
from tests.support.notice_world import add, rows, subscription


def _subscribed(database_url: str, **fields: object) -> None:
    sub = subscription("C0001", **fields)  # type: ignore[arg-type]
    sub.remind_minutes = 10
    add(database_url, sub)


def _settle(database_url: str) -> None:
    wait_until(lambda: outbox_settled(database_url), "the outbox delivered")


def _card(database_url: str, slack: SlackStandin) -> dict[str, object]:
    [meeting] = rows(database_url, "SELECT * FROM meetings")
    assert meeting["message_ts"], "the card's ts is stored once posted"
    return slack.state.message("C0001", str(meeting["message_ts"]))


def _buttons(message: dict[str, object]) -> list[str]:
    blocks = message.get("blocks") or []
    assert isinstance(blocks, list)
    elements = [e for b in blocks for e in b.get("elements", []) if e.get("type") == "button"]
    return [e["text"]["text"] for e in elements]


def test_meeting_made_in_zoom_is_announced_reminded_moved_and_cancelled(
    zoom_webhooks: ZoomWebhookDriver, database_url: str, slack_api: SlackStandin
) -> None:
    _subscribed(database_url)
    start = soon(days=2)
    created = event("meeting.created", start_time=zoom_time(start))
    assert zoom_webhooks.post(created).status_code == 200
    _settle(database_url)

    card = _card(database_url, slack_api)
    assert "Design review" in str(card["text"]) and "Join" in _buttons(card)
    [reminder] = scheduled(slack_api)
    assert reminder["post_at"] == int((start - timedelta(minutes=10)).timestamp())
    assert f"<!date^{int(start.timestamp())}^" in reminder["text"]
    assert "Join" in _buttons(reminder)
    [schedule_call] = slack_api.state.calls_to("chat.scheduleMessage")
    assert "metadata" not in schedule_call.params

    later = start + timedelta(minutes=90)
    moved = event(
        "meeting.updated",
        start_time=zoom_time(later),
        payload={"old_object": {"id": CREATED_ID, "start_time": zoom_time(start)}},
    )
    assert zoom_webhooks.post(moved).status_code == 200
    _settle(database_url)
    card = _card(database_url, slack_api)
    assert "Design review" in str(card["text"]), "a field the update did not carry stays"
    assert f"<!date^{int(later.timestamp())}^" in str(card["blocks"])
    [reminder] = scheduled(slack_api)
    assert reminder["post_at"] == int((later - timedelta(minutes=10)).timestamp())
    assert len(slack_api.state.calls_to("chat.deleteScheduledMessage")) == 1
    [meeting] = rows(database_url, "SELECT * FROM meetings")
    assert (meeting["topic"], meeting["duration"]) == ("Design review", 45)

    assert zoom_webhooks.post(event("meeting.deleted")).status_code == 200
    _settle(database_url)
    card = _card(database_url, slack_api)
    assert "was cancelled" in str(card["text"]) and "Join" not in _buttons(card)
    assert scheduled(slack_api) == []
    assert [r["state"] for r in reminder_rows(database_url)] == ["off"]


def test_topic_change_keeps_time_and_updates_the_reminder_text(
    zoom_webhooks: ZoomWebhookDriver, database_url: str, slack_api: SlackStandin
) -> None:
    _subscribed(database_url)
    start = soon(days=1)
    zoom_webhooks.post(event("meeting.created", start_time=zoom_time(start)))
    _settle(database_url)
    renamed = event(
        "meeting.updated",
        topic="Design review (v2)",
        start_time=None,
        timezone=None,
        payload={"old_object": {"id": CREATED_ID, "topic": "Design review"}},
    )
    del renamed["payload"]["object"]["start_time"], renamed["payload"]["object"]["timezone"]
    assert zoom_webhooks.post(renamed).status_code == 200
    _settle(database_url)
    [meeting] = rows(database_url, "SELECT * FROM meetings")
    assert meeting["topic"] == "Design review (v2)"
    assert meeting["start_time"] is not None and meeting["timezone"] == "Europe/London"
    [reminder] = scheduled(slack_api)
    assert "Design review (v2)" in reminder["text"]
    assert reminder["post_at"] == int((start - timedelta(minutes=10)).timestamp())


def test_recurring_meeting_reminds_only_the_next_occurrence(
    zoom_webhooks: ZoomWebhookDriver, database_url: str, slack_api: SlackStandin
) -> None:
    _subscribed(database_url)
    first = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(minutes=30)
    starts = [first + timedelta(days=7 * n) for n in range(3)]
    occurrences = [
        {"occurrence_id": str(int(s.timestamp() * 1000)), "start_time": zoom_time(s)}
        for s in starts
    ]
    created = event("meeting.created", type=8, start_time=zoom_time(first), occurrences=occurrences)
    zoom_webhooks.post(created)
    _settle(database_url)
    assert [m["post_at"] for m in scheduled(slack_api)] == [
        int((starts[0] - timedelta(minutes=10)).timestamp())
    ]

    started = event("meeting.started", id=str(CREATED_ID), host_id="zoomHostAda", type=8)
    assert zoom_webhooks.post(started).status_code == 200
    _settle(database_url)
    assert [m["post_at"] for m in scheduled(slack_api)] == [
        int((starts[1] - timedelta(minutes=10)).timestamp())
    ], "the following occurrence is scheduled once one starts"

    one_gone = event(
        "meeting.deleted",
        type=8,
        occurrences=[occurrences[1]],
        payload={"operation": "single"},
    )
    assert zoom_webhooks.post(one_gone).status_code == 200
    _settle(database_url)
    assert [m["post_at"] for m in scheduled(slack_api)] == [
        int((starts[2] - timedelta(minutes=10)).timestamp())
    ]
    [meeting] = rows(database_url, "SELECT * FROM meetings")
    assert meeting["status"] == "live", "deleting one occurrence does not cancel the series"


async def test_reminder_beyond_slacks_horizon_waits_for_the_worker(
    zoom_webhooks: ZoomWebhookDriver, database_url: str, slack_api: SlackStandin
) -> None:
    _subscribed(database_url)
    start = soon(days=130)
    zoom_webhooks.post(event("meeting.created", start_time=zoom_time(start)))
    await asyncio.to_thread(_settle, database_url)
    assert slack_api.state.calls_to("chat.scheduleMessage") == []
    [reminder] = reminder_rows(database_url)
    assert reminder["state"] == "waiting"

    # Thirty days on, the horizon job finds it within Slack's 120 days and queues it.
    later = datetime.now(UTC) + timedelta(days=30)
    slack_api.state.scheduled.clock = later.timestamp
    db = Database.connect(database_url)
    try:
        jobs = LiveJobs(db=db, renderer=BlockKitLive())
        early = datetime.now(UTC) + timedelta(days=5)  # still 125 days ahead
        assert await jobs.schedule_due_reminders(now=early) == 0
        assert await jobs.schedule_due_reminders(now=later) == 1
        assert await jobs.schedule_due_reminders(now=later) == 0, "queued once"
    finally:
        await db.close()
    await asyncio.to_thread(_settle, database_url)
    [message] = scheduled(slack_api)
    assert message["post_at"] == int((start - timedelta(minutes=10)).timestamp())
    assert [r["state"] for r in reminder_rows(database_url)] == ["scheduled"]


def test_meeting_made_from_slack_is_not_announced_twice(
    zoom_webhooks: ZoomWebhookDriver, database_url: str, slack_api: SlackStandin
) -> None:
    from tests.support.notice_world import meeting

    _subscribed(database_url)
    start = soon(days=2)
    made = meeting("C0001", "1700000000.000100", zoom_meeting_id=CREATED_ID, start_time=start)
    add(database_url, made)
    zoom_webhooks.post(event("meeting.created", start_time=zoom_time(start)))
    _settle(database_url)
    assert slack_api.state.calls_to("chat.postMessage") == []
    assert len(rows(database_url, "SELECT * FROM meetings")) == 1
    assert len(scheduled(slack_api)) == 1, "the subscription's reminder still comes"
