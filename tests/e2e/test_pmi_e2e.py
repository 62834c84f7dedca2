"""Meetings in the host's Personal Meeting ID: created from Slack, noticed by the PMI."""

from __future__ import annotations

import json
from typing import Any

from handlers.blocks import ids
from tests.support.delegation_world import open_modal
from tests.support.deployment import Served, SlackStandin, ZoomStandin
from tests.support.drivers import SlackDriver, ZoomWebhookDriver
from tests.support.meeting_world import modal_values, submission, wait_stored
from tests.support.notice_world import wait_settled, zoom_fixture


def _writes(slack: SlackStandin) -> list[tuple[str, dict[str, Any]]]:
    calls = slack.state.calls
    return [(c.method, c.params) for c in calls if c.method in ("chat.postMessage", "chat.update")]


def _started(pmi: int, **fields: Any) -> dict[str, Any]:
    return zoom_fixture(
        "meeting.started", id=str(pmi), uuid="pmiRunUuid==", host_id="zu-ada", **fields
    )


def test_a_scheduled_pmi_meeting_is_noticed_when_zoom_reports_the_pmi(
    served: Served,
    slack_api: SlackStandin,
    zoom_api: ZoomStandin,
    slack_driver: SlackDriver,
    zoom_webhooks: ZoomWebhookDriver,
    database_url: str,
    linked_user: str,
) -> None:
    pmi = zoom_api.state.users["zu-ada"].pmi
    view_id = open_modal(slack_driver, slack_api)
    values = modal_values(options=["use_pmi"], recording="none", topic="Office hours")
    assert slack_driver.interact(submission(slack_api, view_id, values)).status_code == 200
    slack_api.state.wait_for("chat.postMessage", 2)
    [create] = zoom_api.state.requests_to("POST", "/v2/users/me/meetings")
    assert create.json_body["settings"] == {
        "waiting_room": False,
        "join_before_host": False,
        "mute_upon_entry": False,
        "auto_recording": "none",
        "use_pmi": True,
    }
    [meeting] = zoom_api.state.meetings.values()
    assert meeting["id"] != pmi  # Zoom answers with its own id...
    [row] = wait_stored(database_url, lambda rows: bool(rows and rows[0]["message_ts"]))
    assert row["host_pmi"] == pmi and row["zoom_meeting_id"] == meeting["id"]
    ts = row["message_ts"]
    slack_api.state.clear()

    # ...but its webhooks carry the PMI.
    response = zoom_webhooks.post(_started(pmi, topic="Office hours"))
    assert response.status_code == 200
    assert [r["status"] for r in wait_settled(database_url)] == ["delivered", "delivered"]
    update, thread = _writes(slack_api)
    assert update[0] == "chat.update" and (update[1]["channel"], update[1]["ts"]) == ("C0001", ts)
    assert "Live now" in json.dumps(update[1]["blocks"])
    assert thread[0] == "chat.postMessage" and thread[1]["thread_ts"] == ts
    assert "Office hours has started" in thread[1]["text"]
    assert f"https://zoom.example/j/{pmi}" in json.dumps(thread[1]["blocks"])
    [live] = wait_stored(database_url, lambda rows: rows[0]["status"] == "live")

    slack_api.state.clear()
    ended = zoom_fixture("meeting.ended", id=str(pmi), uuid="pmiRunUuid==", host_id="zu-ada")
    assert zoom_webhooks.post(ended).status_code == 200
    wait_settled(database_url)
    [(method, params)] = _writes(slack_api)
    assert method == "chat.update" and "Ended" in json.dumps(params["blocks"])
    wait_stored(database_url, lambda rows: rows[0]["status"] == "ended")


def test_pmi_is_refused_for_a_series_with_fixed_times(
    served: Served,
    slack_api: SlackStandin,
    zoom_api: ZoomStandin,
    slack_driver: SlackDriver,
    linked_user: str,
) -> None:
    view_id = open_modal(slack_driver, slack_api)
    values = modal_values(options=["use_pmi"], repeat="daily", ends="count", end_count="3")
    body = slack_driver.interact(submission(slack_api, view_id, values)).json()
    assert list(body["errors"]) == [ids.OPTIONS.block_id]
    assert "Personal Meeting ID" in body["errors"][ids.OPTIONS.block_id]
    assert not zoom_api.state.requests_to("POST", "/v2/users")


def test_now_pmi_starts_an_instant_meeting_in_the_pmi_and_routes_its_notices(
    served: Served,
    slack_api: SlackStandin,
    zoom_api: ZoomStandin,
    slack_driver: SlackDriver,
    zoom_webhooks: ZoomWebhookDriver,
    database_url: str,
    linked_user: str,
) -> None:
    pmi = zoom_api.state.users["zu-ada"].pmi
    slack_driver.command("now pmi Standup", channel_id="C0001")
    [post] = slack_api.state.wait_for("chat.postMessage")
    [create] = zoom_api.state.requests_to("POST", "/v2/users/me/meetings")
    assert create.json_body == {"topic": "Standup", "type": 1, "settings": {"use_pmi": True}}
    assert f"https://zoom.example/j/{pmi}" in json.dumps(post.params["blocks"])
    # Zoom's instant answer has no `pmi`, so the app asked for the user's own.
    assert zoom_api.state.requests_to("GET", "/v2/users/me")
    [row] = wait_stored(database_url, lambda rows: bool(rows and rows[0]["message_ts"]))
    assert row["host_pmi"] == pmi
    slack_api.state.clear()

    assert zoom_webhooks.post(_started(pmi, topic="Standup")).status_code == 200
    wait_settled(database_url)
    methods = [(m, p["channel"]) for m, p in _writes(slack_api)]
    assert methods == [("chat.update", "C0001"), ("chat.postMessage", "C0001")]
