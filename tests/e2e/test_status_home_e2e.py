"""Status sync from App Home (the toggle) and what uninstalling does to it, over real HTTP."""

from __future__ import annotations

import json
import time
from typing import Any

from tests.support.deployment import Served, SlackStandin
from tests.support.drivers import SlackDriver, ZoomWebhookDriver
from tests.support.meeting_world import block_action
from tests.support.notice_world import rows
from tests.support.slack_events import grant_buttons
from tests.support.status_world import granted, meeting_event, post_settled, served, status_of

__all__ = ["served"]  # the fixture: a deployment that can grant user tokens


def _home(driver: SlackDriver, slack: SlackStandin, count: int) -> dict[str, Any]:
    event = {"type": "app_home_opened", "user": "U0001", "tab": "home", "event_ts": "1.0"}
    assert driver.event(event).status_code == 200
    slack.state.wait_for("views.publish", count)
    return slack.state.home_views["U0001"]


def test_app_home_toggle_offers_the_grant_and_turns_sync_off(
    served: Served,
    slack_api: SlackStandin,
    slack_driver: SlackDriver,
    zoom_webhooks: ZoomWebhookDriver,
    database_url: str,
) -> None:
    off = _home(slack_driver, slack_api, 1)
    assert "Zoom status in Slack:* off" in json.dumps(off)
    assert all("/slack/status/start?state=" in url for url in grant_buttons(off))
    assert len(grant_buttons(off)) == 2

    slack_api.state.people.set_status("U0001", "Lunch", ":sandwich:", 0)
    granted(served, slack_api, database_url)
    post_settled(zoom_webhooks, database_url, meeting_event("meeting.started", "uuid-home"))
    on = _home(slack_driver, slack_api, 1)
    assert "Zoom status in Slack:* on" in json.dumps(on) and "status_sync_off" in json.dumps(on)

    click = block_action(slack_api, "status_sync_off", "off", view=on)
    assert slack_driver.interact(click).status_code == 200
    slack_api.state.wait_for("views.publish", 2)
    assert rows(database_url, "SELECT * FROM status_sync") == []
    assert status_of(slack_api)["status_text"] == "Lunch"  # ours came down on the way out
    assert slack_api.state.calls_to("auth.revoke")
    assert "Zoom status in Slack:* off" in json.dumps(slack_api.state.home_views["U0001"])


def test_uninstalling_forgets_status_grants(
    served: Served, slack_api: SlackStandin, slack_driver: SlackDriver, database_url: str
) -> None:
    granted(served, slack_api, database_url)
    assert slack_driver.event({"type": "app_uninstalled"}).status_code == 200
    deadline = time.monotonic() + 5
    while rows(database_url, "SELECT * FROM status_sync") and time.monotonic() < deadline:
        time.sleep(0.02)
    assert rows(database_url, "SELECT * FROM status_sync") == []
