"""Scheduling for someone else over real HTTP: the exact body, refusals, list all, cancel."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.delegation_world import add_carol, open_modal, people, served_s2s
from tests.support.deployment import Served, SlackStandin, ZoomStandin
from tests.support.drivers import SlackDriver
from tests.support.meeting_world import (
    future_day,
    linked,
    modal_values,
    stored_meetings,
    submission,
    wait_stored,
)

DAY = future_day(8)


def _submit(driver: SlackDriver, slack: SlackStandin, **people_fields: Any) -> Any:
    view_id = open_modal(driver, slack)
    values = modal_values(date=DAY.isoformat(), time="10:00", tz="Europe/Paris", topic="Planning")
    values.update(people(**people_fields))
    return driver.interact(submission(slack, view_id, values))


def _expected_body(**extra: Any) -> dict[str, Any]:
    settings = {
        "waiting_room": True,
        "join_before_host": False,
        "mute_upon_entry": True,
        "auto_recording": "cloud",
    }
    return {
        "topic": "Planning",
        "type": 2,
        "start_time": f"{DAY.isoformat()}T10:00:00",
        "timezone": "Europe/Paris",
        "duration": 45,
        "settings": settings | extra.pop("settings", {}),
        **extra,
    }


def test_delegated_create_sends_schedule_for_announces_lists_and_the_scheduler_cancels(
    served: Served,
    slack_api: SlackStandin,
    zoom_api: ZoomStandin,
    slack_driver: SlackDriver,
    database_url: str,
) -> None:
    add_carol(slack_api, zoom_api)
    linked(served, slack_api, zoom_api)
    zoom_api.state.schedule_privileges.add(("zu-ada", "zu-bob"))
    answer = _submit(slack_driver, slack_api, schedule_for="U0002", alternates=["U0003"])
    assert answer.status_code == 200 and answer.content in (b"", b"{}")

    posts = slack_api.state.wait_for("chat.postMessage", 2)
    [create] = zoom_api.state.requests_to("POST", "/v2/users")
    assert create.path == "/v2/users/me/meetings"
    assert create.json_body == _expected_body(
        schedule_for="bob@example.com", settings={"alternative_hosts": "carol@example.com"}
    )
    [meeting] = zoom_api.state.meetings.values()
    assert (meeting["host_id"], meeting["assistant_id"]) == ("zu-bob", "zu-ada")
    card, confirmation = (p.params for p in posts)
    assert card["channel"] == "C0001"
    assert card["text"] == "Zoom meeting Planning scheduled by <@U0001> for <@U0002>"
    assert "Host: <@U0002>" in str(card["blocks"])
    assert "Scheduled by <@U0001> for <@U0002>" in str(card["blocks"])
    assert confirmation["channel"] == "U0001" and "on behalf of <@U0002>" in confirmation["text"]
    [row] = wait_stored(database_url, lambda rows: bool(rows and rows[0]["message_ts"]))
    assert (row["slack_user_id"], row["scheduled_by_slack_user_id"]) == ("U0002", "U0001")
    assert row["host_zoom_user_id"] == "zu-bob" and row["host_pmi"] is None

    plain = slack_driver.command("list")
    [mine] = slack_api.state.wait_for_response(plain.response_url)
    assert str(meeting["id"]) not in str(mine["blocks"])  # Zoom lists by host only
    everything = slack_driver.command("list all")
    [listed] = slack_api.state.wait_for_response(everything.response_url)
    assert "Planning" in str(listed["blocks"]) and "For <@U0002>" in str(listed["blocks"])

    cancel = slack_driver.command(f"cancel {meeting['id']}")
    [done] = slack_api.state.wait_for_response(cancel.response_url)
    assert "Cancelled the meeting" in done["text"]
    assert meeting["id"] not in zoom_api.state.meetings
    [update] = slack_api.state.wait_for("chat.update")
    assert "Cancelled" in str(update.params["blocks"])
    assert [r["status"] for r in stored_meetings(database_url)] == ["cancelled"]


REFUSALS = [
    (
        set(),
        True,
        ["hasn't given you the Schedule Privilege", "Settings > Meeting > Schedule Privilege"],
    ),
    (
        {("zu-ada", "zu-bob")},
        False,
        ["isn't allowed to use your shared access permissions", "Manage > Added Apps"],
    ),
]


@pytest.mark.parametrize(("privileges", "shared_access", "phrases"), REFUSALS)
def test_a_refusal_says_which_permission_is_missing_and_creates_nothing(
    served: Served,
    slack_api: SlackStandin,
    zoom_api: ZoomStandin,
    slack_driver: SlackDriver,
    database_url: str,
    privileges: set[tuple[str, str]],
    shared_access: bool,
    phrases: list[str],
    linked_user: str,
) -> None:
    zoom_api.state.schedule_privileges |= privileges
    zoom_api.state.shared_access_allowed = shared_access
    assert _submit(slack_driver, slack_api, schedule_for="U0002").status_code == 200

    [dm] = slack_api.state.wait_for("chat.postMessage")
    assert dm.params["channel"] == "U0001"
    text = dm.params["text"]
    assert all(phrase.replace("*", "") in text for phrase in phrases), text
    assert "<@U0002>" in str(dm.params["blocks"]) and "Nothing was created" in text
    [create] = zoom_api.state.requests_to("POST", "/v2/users")
    assert create.json_body["schedule_for"] == "bob@example.com"
    assert zoom_api.state.meetings == {}
    assert stored_meetings(database_url) == []
    assert "C0001" not in slack_api.state.messages


def test_people_without_an_email_get_field_errors_and_nothing_reaches_zoom(
    served: Served,
    slack_api: SlackStandin,
    zoom_api: ZoomStandin,
    slack_driver: SlackDriver,
    database_url: str,
) -> None:
    for user_id in ("U0009", "U0010"):
        slack_api.state.add_user(user_id, name=user_id, real_name="No Email", email="")
    linked(served, slack_api, zoom_api)
    answer = _submit(slack_driver, slack_api, schedule_for="U0009", alternates=["U0010", "U0002"])
    body = answer.json()
    assert body["response_action"] == "errors"
    assert set(body["errors"]) == {"schedule_for", "alternative_hosts"}
    assert "no email address in their Slack profile" in body["errors"]["schedule_for"]
    assert body["errors"]["alternative_hosts"].startswith("One person here has no email")
    again = _submit(slack_driver, slack_api, schedule_for="U0002", alternates=["U0002"])
    assert again.json()["errors"] == {
        "alternative_hosts": "The host can't also be an alternative host. Remove them."
    }
    assert not zoom_api.state.requests_to("POST", "/v2/users")
    assert stored_meetings(database_url) == []


def test_account_level_mode_schedules_for_others_as_the_callers_email(
    database_url: str, slack_api: SlackStandin, zoom_api: ZoomStandin
) -> None:
    zoom_api.state.schedule_privileges.add(("zu-ada", "zu-bob"))
    with served_s2s(database_url, slack_api, zoom_api) as driver:
        assert _submit(driver, slack_api, schedule_for="U0002").status_code == 200
        slack_api.state.wait_for("chat.postMessage", 2)
        [create] = zoom_api.state.requests_to("POST", "/v2/users")
        assert create.path == "/v2/users/ada@example.com/meetings"
        assert create.json_body == _expected_body(schedule_for="bob@example.com")
        [row] = wait_stored(database_url, lambda rows: bool(rows and rows[0]["message_ts"]))
        assert (row["slack_user_id"], row["scheduled_by_slack_user_id"]) == ("U0002", "U0001")

        zoom_api.state.schedule_privileges.clear()
        assert _submit(driver, slack_api, schedule_for="U0002").status_code == 200
        dm = slack_api.state.wait_for("chat.postMessage", 3)[-1]
        assert "Schedule Privilege" in dm.params["text"] and len(zoom_api.state.meetings) == 1
