"""The Workflow Builder step over real HTTP: function_executed in, one Zoom meeting, and
functions.completeSuccess / completeError with the execution's own token."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.support.deployment import Served, SlackStandin, ZoomStandin
from tests.support.drivers import SlackDriver
from tests.support.meeting_world import linked, stored_meetings
from tests.support.slack_events import function_event


def _inputs(host: str = "U0001", **over: Any) -> dict[str, Any]:
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=3)
    return {"topic": "Incident review", "start": int(start.timestamp()), "duration": 45,
            "host": host} | over  # fmt: skip


def _execution(slack: SlackStandin, event: dict[str, Any]) -> dict[str, Any]:
    execution_id = event["function_execution_id"]
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        found = slack.state.platform.executions[execution_id]
        if found["state"] != "pending":
            return found
        time.sleep(0.02)
    raise AssertionError(f"execution {execution_id} never completed")


def test_the_step_creates_exactly_one_meeting_and_returns_its_outputs(
    served: Served,
    slack_api: SlackStandin,
    zoom_api: ZoomStandin,
    slack_driver: SlackDriver,
    database_url: str,
) -> None:
    linked(served, slack_api, zoom_api, "U0001", "zu-ada")
    before = set(zoom_api.state.meetings)
    inputs = _inputs()
    event = function_event(slack_api, inputs)
    assert slack_driver.event(event).status_code == 200
    done = _execution(slack_api, event)

    assert done["state"] == "completed"
    [meeting_id] = set(zoom_api.state.meetings) - before
    meeting = zoom_api.state.meetings[meeting_id]
    assert done["outputs"] == {"join_url": meeting["join_url"], "meeting_id": str(meeting_id)}
    assert meeting["topic"] == "Incident review" and meeting["duration"] == 45
    assert meeting["host_id"] == "zu-ada"
    assert meeting["start_time"] == datetime.fromtimestamp(inputs["start"], UTC).strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )
    [call] = slack_api.state.calls_to("functions.completeSuccess")
    assert call.headers["authorization"] == f"Bearer {done['token']}"
    assert [m["zoom_meeting_id"] for m in stored_meetings(database_url)] == [meeting_id]

    # Slack delivers the same execution again: nothing more is created or completed.
    assert slack_driver.event(event).status_code == 200
    second = function_event(slack_api, _inputs(topic="Sync point"))
    assert slack_driver.event(second).status_code == 200
    _execution(slack_api, second)
    topics = sorted(m["topic"] for m in zoom_api.state.meetings.values())
    assert topics == ["Incident review", "Sync point"]
    assert len(slack_api.state.calls_to("functions.completeSuccess")) == 2


def test_an_unlinked_host_fails_the_step_with_a_human_error(
    served: Served, slack_api: SlackStandin, zoom_api: ZoomStandin, slack_driver: SlackDriver
) -> None:
    event = function_event(slack_api, _inputs(host="U0002"))
    assert slack_driver.event(event).status_code == 200
    done = _execution(slack_api, event)
    assert done["state"] == "failed"
    assert "<@U0002> has not linked a Zoom account" in done["error"]
    assert "/zoom link" in done["error"]
    assert zoom_api.state.meetings == {}


def test_bad_inputs_fail_the_step_without_calling_zoom(
    served: Served, slack_api: SlackStandin, zoom_api: ZoomStandin, slack_driver: SlackDriver
) -> None:
    linked(served, slack_api, zoom_api, "U0001", "zu-ada")
    past = int((datetime.now(UTC) - timedelta(days=1)).timestamp())
    event = function_event(slack_api, _inputs(start=past))
    assert slack_driver.event(event).status_code == 200
    done = _execution(slack_api, event)
    assert (done["state"], done["error"]) == ("failed", "The start time is in the past.")
    assert not zoom_api.state.requests_to("POST", "/v2/users")
