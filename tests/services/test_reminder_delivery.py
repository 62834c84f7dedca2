"""Reminder calls through the outbox against Slack's scheduled-message rules: never doubled,
limits turned into dead rows with the reason, deleting a reminder already posted is a no-op."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from bot.app import create_app
from bot.notices.worker import WorkerConfig
from bot.settings import Settings
from store.models import OutboxMessage
from tests.standins.loopback import LoopbackServer
from tests.support.deployment import SlackStandin
from tests.support.notice_world import HOST, add, wait_settled

FAST = WorkerConfig(poll_interval=0.05, lease=5.0, backoff_base=0.05, backoff_cap=0.2)
TEXT = "Reminder: Weekly sync starts soon."


@pytest.fixture
def worker(settings: Settings) -> Iterator[None]:
    """The app with a worker that polls and backs off in hundredths of seconds."""
    with LoopbackServer(create_app(settings, worker_config=FAST)):
        yield


def _row(action: str, post_at: int, channel: str = "C0001", text: str = TEXT) -> OutboxMessage:
    payload = {"post_at": post_at, "text": text, "zoom_user_id": HOST}
    return OutboxMessage(team_id="T0001", channel_id=channel, action=action, payload=payload)


def test_an_answer_lost_after_slack_scheduled_it_does_not_schedule_twice(
    worker: None, database_url: str, slack_api: SlackStandin
) -> None:
    slack_api.state.scheduled.lose_answers = 1
    post_at = int(time.time()) + 3600
    add(database_url, _row("schedule", post_at))
    [row] = wait_settled(database_url)
    assert (row["status"], row["attempts"]) == ("delivered", 2)
    assert len(slack_api.state.calls_to("chat.scheduleMessage")) == 1
    [message] = slack_api.state.scheduled.in_channel("C0001")
    assert (message["post_at"], message["text"]) == (post_at, TEXT)


def test_too_many_in_five_minutes_is_a_dead_row_that_blocks_nothing(
    worker: None, database_url: str, slack_api: SlackStandin
) -> None:
    post_at = int(time.time()) + 3600
    for n in range(30):
        slack_api.state.scheduled.schedule("C0001", post_at + n, {"text": f"other {n}"})
    add(database_url, _row("schedule", post_at), _row("schedule", post_at + 900, text="later"))
    first, second = wait_settled(database_url)
    assert (first["status"], first["last_error"]) == ("dead", "restricted_too_many")
    assert second["status"] == "delivered"


def test_deleting_a_reminder_that_was_already_posted_changes_nothing(
    worker: None, database_url: str, slack_api: SlackStandin
) -> None:
    now = time.time()
    slack_api.state.scheduled.schedule("C0001", int(now) + 60, {"text": TEXT})
    slack_api.state.scheduled.clock = lambda: now + 120  # its time came: Slack posted it
    add(database_url, _row("unschedule", int(now) + 60))
    [row] = wait_settled(database_url)
    assert row["status"] == "delivered"
    assert slack_api.state.calls_to("chat.deleteScheduledMessage") == []
    assert [m["text"] for m in slack_api.state.messages["C0001"]] == [TEXT]


def test_too_far_ahead_and_in_the_past_are_refused_like_slack(
    worker: None, database_url: str, slack_api: SlackStandin
) -> None:
    now = int(time.time())
    add(database_url, _row("schedule", now + 121 * 24 * 3600), _row("schedule", now - 60))
    rows_ = wait_settled(database_url)
    assert [(r["status"], r["last_error"]) for r in rows_] == [
        ("dead", "time_too_far"),
        ("dead", "time_in_past"),
    ]
