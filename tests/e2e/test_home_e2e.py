"""App Home and the global shortcut over real HTTP."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

from handlers.blocks import ids
from tests.support.deployment import Served, SlackStandin, ZoomStandin
from tests.support.drivers import SlackDriver
from tests.support.meeting_world import action_values, block_action

HOME_OPENED = {"type": "app_home_opened", "user": "U0001", "channel": "DU0001", "tab": "home"}


def _open_home(driver: SlackDriver, slack: SlackStandin, count: int = 1) -> dict[str, Any]:
    event = {**HOME_OPENED, "event_ts": f"{time.time():.6f}"}
    assert driver.event(event).status_code == 200
    slack.state.wait_for("views.publish", count)
    return slack.state.home_views["U0001"]


def _elements(view: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        e
        for b in view["blocks"]
        for e in [*b.get("elements", []), b.get("accessory") or {}]
        if e.get("action_id")
    ]


def test_home_for_an_unlinked_user_offers_the_link(
    slack_api: SlackStandin, slack_driver: SlackDriver
) -> None:
    view = _open_home(slack_driver, slack_api)
    assert view["type"] == "home"
    [link] = [e for e in _elements(view) if e["action_id"] == "link_zoom"]
    assert "/zoom/oauth/start?state=" in link["url"]
    assert "schedule_open" not in str(view["blocks"])


def test_home_shows_status_meetings_and_cancels_from_there(
    served: Served,
    slack_api: SlackStandin,
    zoom_api: ZoomStandin,
    slack_driver: SlackDriver,
    linked_user: str,
) -> None:
    soon = datetime.now(UTC) + timedelta(days=1)
    later = zoom_api.state.add_meeting("zu-ada", "Later", start_time=soon + timedelta(days=1))
    first = zoom_api.state.add_meeting("zu-ada", "Sooner", start_time=soon)
    view = _open_home(slack_driver, slack_api)
    text = str(view["blocks"])
    assert "Linked to Zoom as Ada Lovelace (ada@example.com)" in text
    assert text.index("Sooner") < text.index("Later")
    ids = [e["action_id"] for e in _elements(view)]
    assert {"schedule_open", "unlink_zoom", "join_meeting", "cancel_meeting"} <= set(ids)
    assert action_values(view, "cancel_meeting") == [str(first["id"]), str(later["id"])]

    click = block_action(slack_api, "cancel_meeting", str(first["id"]), view=view)
    assert slack_driver.interact(click).status_code == 200
    slack_api.state.wait_for("views.publish", 2)
    [delete] = zoom_api.state.requests_to("DELETE", "/v2/meetings/")
    assert delete.path == f"/v2/meetings/{first['id']}"
    republished = slack_api.state.home_views["U0001"]
    assert "Sooner" not in str(republished["blocks"]) and "Later" in str(republished["blocks"])
    [dm] = slack_api.state.wait_for("chat.postMessage")
    assert dm.params["channel"] == "U0001" and "Cancelled the meeting" in dm.params["text"]


def test_home_schedule_button_and_global_shortcut_open_the_modal(
    served: Served,
    slack_api: SlackStandin,
    zoom_api: ZoomStandin,
    slack_driver: SlackDriver,
    linked_user: str,
) -> None:
    view = _open_home(slack_driver, slack_api)
    click = block_action(slack_api, "schedule_open", "home", view=view)
    assert slack_driver.interact(click).status_code == 200
    shortcut = {
        "type": "shortcut",
        "callback_id": ids.SCHEDULE_SHORTCUT,
        "team": {"id": "T0001", "domain": "acme"},
        "user": {"id": "U0001", "team_id": "T0001", "username": "ada"},
        "trigger_id": slack_api.state.issue_trigger(),
        "action_ts": f"{time.time():.6f}",
    }
    assert slack_driver.interact(shortcut).status_code == 200
    opened = slack_api.state.wait_for("views.open", 2)
    assert {c.params["trigger_id"] for c in opened} == {click["trigger_id"], shortcut["trigger_id"]}
    for modal in slack_api.state.views.values():
        if modal["type"] != "modal":
            continue
        assert modal["callback_id"] == "schedule_meeting"
        announce = next(b for b in modal["blocks"] if b["block_id"] == "announce")
        assert "initial_conversation" not in announce["element"]


def test_unlink_from_home_revokes_and_shows_the_link_button(
    served: Served,
    slack_api: SlackStandin,
    zoom_api: ZoomStandin,
    slack_driver: SlackDriver,
    linked_user: str,
) -> None:
    view = _open_home(slack_driver, slack_api)
    click = block_action(slack_api, "unlink_zoom", "unlink", view=view)
    assert slack_driver.interact(click).status_code == 200
    slack_api.state.wait_for("views.publish", 2)
    after = slack_api.state.home_views["U0001"]
    assert [e["action_id"] for e in _elements(after)] == ["link_zoom"]
    assert zoom_api.state.requests_to("POST", "/oauth/revoke")
