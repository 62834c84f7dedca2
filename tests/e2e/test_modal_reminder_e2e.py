"""The scheduling form's "Remind the channel", over real HTTP: scheduled, then deleted on cancel."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from handlers.blocks import ids
from tests.support.deployment import Served, SlackStandin, ZoomStandin
from tests.support.drivers import SlackDriver
from tests.support.form_values import choice_value
from tests.support.live_world import outbox_settled, reminder_rows, scheduled, wait_until
from tests.support.meeting_world import linked, modal_values, submission, wait_stored


def test_a_reminder_asked_in_the_form_is_scheduled_and_deleted_when_cancelled(
    served: Served,
    slack_api: SlackStandin,
    zoom_api: ZoomStandin,
    slack_driver: SlackDriver,
    database_url: str,
) -> None:
    linked(served, slack_api, zoom_api)
    slack_driver.command("new Planning", channel_id="C0001")
    slack_api.state.wait_for("views.open")
    [view] = [v for v in slack_api.state.views.values() if v["callback_id"] == ids.CALLBACK_ID]
    assert ids.REMIND.block_id in [b.get("block_id") for b in view["blocks"]]
    values = modal_values(topic="Planning") | choice_value(ids.REMIND, "15")
    assert slack_driver.interact(submission(slack_api, view["id"], values)).status_code == 200

    [reminder] = wait_until(lambda: scheduled(slack_api) or None, "the reminder scheduled")
    [meeting] = wait_stored(database_url, lambda rows: bool(rows and rows[0]["message_ts"]))
    stored = meeting["start_time"]
    start = stored if isinstance(stored, datetime) else datetime.fromisoformat(str(stored))
    start = start if start.tzinfo else start.replace(tzinfo=UTC)
    assert start > datetime.now(UTC)
    assert reminder["post_at"] == int((start - timedelta(minutes=15)).timestamp())
    assert "Planning" in reminder["text"] and "in 15 min" in reminder["text"]

    slack_driver.command(f"cancel {meeting['zoom_meeting_id']}", channel_id="C0001")
    wait_until(lambda: scheduled(slack_api) == [] or None, "the reminder deleted")
    wait_until(lambda: outbox_settled(database_url), "the outbox delivered")
    assert len(slack_api.state.calls_to("chat.deleteScheduledMessage")) == 1
    assert [r["state"] for r in reminder_rows(database_url)] == ["off"]
