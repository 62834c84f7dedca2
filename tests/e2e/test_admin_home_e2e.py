"""The admin section of App Home: only admins see it, and every click is re-checked."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from store.models import LinkStatus, OutboxMessage, OutboxStatus, WebhookEvent
from tests.support.deployment import SlackStandin
from tests.support.drivers import SlackDriver
from tests.support.meeting_world import action_values, block_action
from tests.support.notice_world import add, link, rows, subscription, wait_settled

ADMIN = "U0003"
DEAD_REASON = "channel_not_found"


def _world(database_url: str, slack_api: SlackStandin) -> int:
    slack_api.state.add_user(
        ADMIN, name="ann", real_name="Ann Admin", email="a@x.io", is_admin=True
    )
    broken = link("T0001", "U0002", zoom_user_id="zoomBob")
    broken.status = LinkStatus.BROKEN
    broken.zoom_email = "bob@example.com"
    dead = OutboxMessage(
        team_id="T0001",
        channel_id="C0001",
        action="post",
        payload={"text": "Standup has ended"},
        status=OutboxStatus.DEAD,
        last_error=DEAD_REASON,
        attempts=5,
    )
    ids = add(database_url, link("T0001", "U0001"), broken, subscription("C0001"), dead)
    return ids[-1]


def _home(driver: SlackDriver, slack: SlackStandin, user: str) -> dict[str, Any]:
    before = len(slack.state.calls_to("views.publish"))
    event = {"type": "app_home_opened", "user": user, "tab": "home", "event_ts": f"{time.time()}"}
    assert driver.event(event).status_code == 200
    slack.state.wait_for("views.publish", before + 1)
    return slack.state.home_views[user]


def _dms_to(slack: SlackStandin, user: str) -> list[str]:
    return [
        str(c.params.get("text"))
        for c in slack.state.calls_to("chat.postMessage")
        if str(c.params.get("channel", "")).endswith(user)
    ]


def test_an_admin_sees_links_dead_notices_subscriptions_and_a_non_admin_does_not(
    database_url: str, slack_api: SlackStandin, slack_driver: SlackDriver
) -> None:
    dead_id = _world(database_url, slack_api)
    view = _home(slack_driver, slack_api, ADMIN)
    text = str(view["blocks"])
    assert "Admin: Zoombridge health" in text
    assert "1 working, 1 broken" in text and "bob@example.com" in text
    assert action_values(view, "admin_remind_relink") == ["U0002"]
    assert action_values(view, "admin_retry_notice") == [str(dead_id)]
    assert DEAD_REASON in text and "Standup has ended" in text
    assert "<#C0001>: <@U0001> (started,ended,recordings)" in text
    assert "Last webhook from Zoom: never" in text
    assert [c.params["user"] for c in slack_api.state.calls_to("users.info")][-1] == ADMIN

    seen = datetime(2026, 11, 28, 9, 30, tzinfo=UTC)
    add(
        database_url,
        WebhookEvent(event_key="k", event="meeting.started", event_ts=1, received_at=seen),
    )
    again = str(_home(slack_driver, slack_api, ADMIN)["blocks"])
    assert f"Last webhook from Zoom: <!date^{int(seen.timestamp())}^" in again

    plain = _home(slack_driver, slack_api, "U0001")
    assert "Admin" not in str(plain["blocks"]) and "admin_" not in str(plain["blocks"])


def test_admin_reminds_to_relink_and_retries_a_dead_notice(
    database_url: str, slack_api: SlackStandin, slack_driver: SlackDriver
) -> None:
    dead_id = _world(database_url, slack_api)
    view = _home(slack_driver, slack_api, ADMIN)
    remind = block_action(slack_api, "admin_remind_relink", "U0002", user_id=ADMIN, view=view)
    assert slack_driver.interact(remind).status_code == 200
    slack_api.state.wait_for("chat.postMessage")
    [reminder] = _dms_to(slack_api, "U0002")
    assert "/zoom link" in reminder
    [queued] = rows(database_url, "SELECT * FROM outbox WHERE action = 'dm'")
    assert (queued["channel_id"], queued["team_id"]) == ("U0002", "T0001")

    retry = block_action(slack_api, "admin_retry_notice", str(dead_id), user_id=ADMIN, view=view)
    assert slack_driver.interact(retry).status_code == 200
    posted = slack_api.state.wait_for("chat.postMessage", 2)
    assert any(c.params.get("text") == "Standup has ended" for c in posted)
    settled = {r["id"]: r["status"] for r in wait_settled(database_url)}
    assert settled[dead_id] == OutboxStatus.DELIVERED


def test_forged_admin_actions_from_a_non_admin_do_nothing(
    database_url: str, slack_api: SlackStandin, slack_driver: SlackDriver
) -> None:
    dead_id = _world(database_url, slack_api)
    admin_view = _home(slack_driver, slack_api, ADMIN)
    for action, value in (("admin_remind_relink", "U0002"), ("admin_retry_notice", str(dead_id))):
        forged = block_action(slack_api, action, value, user_id="U0001", view=admin_view)
        assert slack_driver.interact(forged).status_code == 200
    # Each forged click was checked with Slack (users.info for U0001), then refused.
    checks = [c for c in slack_api.state.wait_for("users.info", 3) if c.params["user"] == "U0001"]
    assert len(checks) == 2
    time.sleep(0.3)  # give a wrongly accepted click time to show; nothing may follow
    assert rows(database_url, "SELECT * FROM outbox WHERE action = 'dm'") == []
    [row] = rows(database_url, "SELECT status FROM outbox WHERE id = :i", i=dead_id)
    assert row["status"] == OutboxStatus.DEAD
    assert _dms_to(slack_api, "U0002") == []
    assert len(slack_api.state.calls_to("views.publish")) == 1
