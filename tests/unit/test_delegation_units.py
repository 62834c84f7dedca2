"""Pure parts of delegation, PMI and join: the form's people, the bodies, refusals, cards."""

from __future__ import annotations

from typing import Any

import pytest

from bot.meetings.delegation import refusal
from bot.meetings.join import JoinInfo
from bot.meetings.request import People, ScheduleRequest
from bot.zoom.errors import AccessDenied, ZoomError, ZoomValidationError
from bot.zoom.models import MeetingSettings, NewMeeting
from handlers.blocks import to_dicts
from handlers.blocks.join_card import join_card
from handlers.slack.grammar import InstantMeeting, parse_command
from handlers.slack.schedule_form import parse_submission
from tests.support.delegation_world import people
from tests.support.form_values import NOW, form
from tests.unit.test_zoom_openapi import validate


def _parse(values: dict[str, Any]) -> ScheduleRequest | dict[str, str]:
    return parse_submission(values, user_tz="Europe/London", now=NOW, user_id="U1")


def test_people_and_pmi_reach_the_request_and_the_spec_valid_body() -> None:
    request = _parse(form(options=["use_pmi"]) | people("U2", ["U3", "U4", "U3"]))
    assert isinstance(request, ScheduleRequest)
    assert (request.schedule_for, request.alternative_hosts) == ("U2", ("U3", "U4"))
    body = request.to_zoom_body(People("bob@example.com", ("c@example.com", "d@example.com")))
    assert body["schedule_for"] == "bob@example.com"
    assert body["settings"]["alternative_hosts"] == "c@example.com;d@example.com"
    assert body["settings"]["use_pmi"] is True
    validate(NewMeeting.model_validate(body).to_body())


def test_scheduling_for_yourself_is_not_delegation() -> None:
    request = _parse(form() | people("U1"))
    assert isinstance(request, ScheduleRequest) and request.schedule_for is None
    assert "schedule_for" not in request.to_zoom_body(People())


def test_instant_pmi_body_validates() -> None:
    new = NewMeeting(topic="Standup", type=1, settings=MeetingSettings(use_pmi=True))
    assert new.to_body() == {"topic": "Standup", "type": 1, "settings": {"use_pmi": True}}
    validate(new.to_body())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("now pmi", InstantMeeting(None, use_pmi=True)),
        ("now PMI Standup call", InstantMeeting("Standup call", use_pmi=True)),
        ("now pmireview", InstantMeeting("pmireview")),
        ("now Standup pmi", InstantMeeting("Standup pmi")),
    ],
)
def test_now_pmi(text: str, expected: InstantMeeting) -> None:
    assert parse_command(text) == expected


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (ZoomError("You cannot schedule a meeting for bob@example.com.", code=3000, status=400),
         "privilege"),
        (AccessDenied("Authenticated user has not permitted access to the targeted resource.",
                      code=403, status=403), "shared_access"),
        (ZoomValidationError("The value that you entered for the schedule_for field is invalid.",
                             code=300, status=400), "unknown_host"),
        (ZoomError("User does not exist: bob@example.com.", code=1001, status=404),
         "unknown_host"),
        (ZoomValidationError("Validation Failed.", code=300, status=400), None),
    ],
)  # fmt: skip
def test_refusal_reasons(error: ZoomError, reason: str | None) -> None:
    found = refusal(error, "U2", "bob@example.com")
    assert (found.reason if found else None) == reason


def test_plain_join_card() -> None:
    text, blocks = join_card("U1", JoinInfo(85000000099, "https://zoom.us/j/85000000099"))
    assert text == "Join Zoom meeting 850 0000 0099"
    assert "https://zoom.us/j/85000000099" in str(to_dicts(blocks))
