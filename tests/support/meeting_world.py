"""Building Slack interaction payloads and reading stored meetings, for the meeting e2e tests."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import create_engine, text

from handlers.blocks import ids
from store.db import sync_url
from tests.support.deployment import Served, SlackStandin, ZoomStandin
from tests.support.drivers import SlackDriver
from tests.support.form_values import form
from tests.support.linking_flow import link_user

TEAM = "T0001"


def future_day(days: int = 7) -> date:
    """A date safely in the future in every time zone."""
    return (datetime.now(UTC) + timedelta(days=days)).date()


def modal_values(**over: Any) -> dict[str, Any]:
    """A valid submission (one-off, Europe/London, a week ahead) with overrides."""
    fields: dict[str, Any] = {"date": future_day().isoformat(), "announce": "C0001"} | over
    return form(**fields)


def submission(
    slack: SlackStandin, view_id: str, values: dict[str, Any], *, user_id: str = "U0001"
) -> dict[str, Any]:
    """A view_submission payload for a view the app opened, with the given state."""
    view = dict(slack.state.views[view_id])
    view["state"] = {"values": values}
    return {
        "type": "view_submission",
        "team": {"id": TEAM, "domain": "acme"},
        "user": {"id": user_id, "team_id": TEAM, "name": user_id.lower()},
        "api_app_id": "A0APP",
        "trigger_id": slack.state.issue_trigger(),
        "view": view,
        "response_urls": [],
        "is_enterprise_install": False,
    }


def block_action(
    slack: SlackStandin,
    action_id: str,
    value: str,
    *,
    user_id: str = "U0001",
    response_url: str | None = None,
    view: dict[str, Any] | None = None,
    block_id: str = "b1",
    selected: str | None = None,
) -> dict[str, Any]:
    """A block_actions payload: from a message (with a response_url) or from a view."""
    action: dict[str, Any] = {
        "action_id": action_id,
        "block_id": block_id,
        "type": "button",
        "value": value,
        "action_ts": f"{time.time():.6f}",
    }
    if selected is not None:
        action = {
            "action_id": action_id,
            "block_id": block_id,
            "type": "static_select",
            "selected_option": {
                "text": {"type": "plain_text", "text": selected},
                "value": selected,
            },
            "action_ts": f"{time.time():.6f}",
        }
    payload: dict[str, Any] = {
        "type": "block_actions",
        "team": {"id": TEAM, "domain": "acme"},
        "user": {"id": user_id, "team_id": TEAM, "name": user_id.lower()},
        "api_app_id": "A0APP",
        "trigger_id": slack.state.issue_trigger(),
        "actions": [action],
        "is_enterprise_install": False,
    }
    if view is not None:
        payload["container"] = {"type": "view", "view_id": view["id"]}
        payload["view"] = view
    else:
        payload["container"] = {"type": "message", "channel_id": "C0001", "is_ephemeral": True}
        payload["channel"] = {"id": "C0001", "name": "general"}
        payload["response_url"] = response_url
    return payload


def action_values(body: dict[str, Any], action_id: str) -> list[str]:
    """The values of every button with this action id in a message or view body."""
    found = []
    for block in body.get("blocks", []):
        elements = block.get("elements", []) + [block.get("accessory") or {}]
        found += [str(e.get("value")) for e in elements if e.get("action_id") == action_id]
    return found


def stored_meetings(database_url: str) -> list[dict[str, Any]]:
    """The meetings table as stored, oldest first."""
    engine = create_engine(sync_url(database_url))
    try:
        with engine.connect() as conn:
            result = conn.execute(text("SELECT * FROM meetings ORDER BY id"))
            return [dict(row._mapping) for row in result]
    finally:
        engine.dispose()


def repeat_choice(value: str) -> dict[str, Any]:
    """The Repeat menu's state for `value`."""
    option = {"text": {"type": "plain_text", "text": value}, "value": value}
    return {ids.REPEAT.block_id: {ids.REPEAT.action_id: {"selected_option": option}}}


def linked(
    served: Served,
    slack: SlackStandin,
    zoom: ZoomStandin,
    user_id: str = "U0001",
    zoom_user: str = "zu-ada",
) -> None:
    """Link through the real flow, then forget the Slack calls it made (the "linked" DM)."""
    link_user(served, slack, zoom, user_id, zoom_user)
    slack.state.clear()


def wait_stored(
    database_url: str, ready: Callable[[list[dict[str, Any]]], bool], timeout: float = 5.0
) -> list[dict[str, Any]]:
    """Poll the meetings table until `ready(rows)` holds (the app writes after it answers)."""
    deadline = time.monotonic() + timeout
    while True:
        found = stored_meetings(database_url)
        if ready(found):
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"meetings table never got ready: {found}")
        time.sleep(0.02)


def schedule(driver: SlackDriver, slack: SlackStandin, zoom: ZoomStandin, **over: Any) -> int:
    """Schedule through `/zoom new` and the modal; the Zoom meeting id (announced in C0001)."""
    before = set(zoom.state.meetings)
    posted = len(slack.state.calls_to("chat.postMessage"))
    opened = len(slack.state.calls_to("views.open"))
    driver.command("new Planning", channel_id="C0001")
    slack.state.wait_for("views.open", opened + 1)
    view_id = [v for v in slack.state.views.values() if v["callback_id"] == ids.CALLBACK_ID][-1][
        "id"
    ]
    values = modal_values(topic=over.pop("topic", "Planning"), **over)
    assert driver.interact(submission(slack, view_id, values)).status_code == 200
    slack.state.wait_for("chat.postMessage", posted + 2)  # the card and the DM
    [meeting_id] = set(zoom.state.meetings) - before
    return meeting_id
