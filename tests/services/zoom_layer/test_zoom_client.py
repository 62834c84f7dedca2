"""ZoomClient against the Zoom stand-in over real HTTP."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.zoom.client import ZoomClient
from bot.zoom.errors import (
    AccessDenied,
    MeetingInProgress,
    MeetingNotFound,
    NotMeetingHost,
    TokenExpired,
    ZoomValidationError,
)
from bot.zoom.models import MeetingSettings, NewMeeting, Recurrence
from tests.standins.zoom.state import ZoomState
from tests.support.zoom_calls import one_off


async def test_get_user_me(zoom: ZoomClient, ada: str) -> None:
    user = await zoom.get_user(token=ada)
    assert (user.id, user.email, user.account_id) == ("zu-ada", "ada@example.com", "acct-1")
    assert user.name == "Ada Lovelace"
    assert user.timezone == "Europe/London"


async def test_account_token_reads_any_user_by_email(zoom: ZoomClient, state: ZoomState) -> None:
    token = state.grant_account().access_token
    user = await zoom.get_user(token=token, user_id="bob@example.com")
    assert user.id == "zu-bob"
    assert state.requests[-1].path == "/v2/users/bob@example.com"


async def test_create_meeting_sends_local_time_and_returns_meeting(
    zoom: ZoomClient, state: ZoomState, ada: str
) -> None:
    meeting = await zoom.create_meeting(token=ada, user_id="me", meeting=one_off())
    assert isinstance(meeting.id, int) and meeting.id > 2**32
    assert meeting.topic == "Design review"
    assert meeting.start_time == datetime(2031, 5, 6, 12, 30, tzinfo=UTC)
    assert meeting.join_url.endswith(str(meeting.id))
    sent = state.requests_to("POST", "/v2/users/me/meetings")
    assert len(sent) == 1
    assert sent[0].json_body["start_time"] == "2031-05-06T14:30:00"
    assert sent[0].json_body["timezone"] == "Europe/Paris"
    assert sent[0].headers["authorization"] == "Bearer [redacted]"
    assert sent[0].token == ada


async def test_create_weekly_meeting_gets_occurrences(zoom: ZoomClient, ada: str) -> None:
    weekly = NewMeeting(
        topic="Standup",
        type=8,
        start_time=datetime(2031, 1, 6, 9, 0),  # a Monday
        timezone="America/New_York",
        duration=15,
        recurrence=Recurrence(type=2, repeat_interval=1, weekly_days="2,4", end_times=6),
        settings=MeetingSettings(waiting_room=True),
    )
    meeting = await zoom.create_meeting(token=ada, user_id="me", meeting=weekly)
    assert len(meeting.occurrences) == 6
    assert meeting.occurrences[1].start_time == datetime(2031, 1, 8, 14, 0, tzinfo=UTC)
    assert meeting.recurrence is not None and meeting.recurrence["weekly_days"] == "2,4"
    assert meeting.settings is not None and meeting.settings["waiting_room"] is True


async def test_list_meetings_follows_every_page(
    zoom: ZoomClient, state: ZoomState, ada: str
) -> None:
    start = datetime.now(UTC) + timedelta(days=1)
    for n in range(1000):
        state.add_meeting("zu-ada", f"Meeting {n}", start_time=start + timedelta(minutes=n))
    state.add_meeting("zu-ada", "Already over", start_time=start - timedelta(days=3))
    state.add_meeting("zu-bob", "Not Ada's", start_time=start)

    meetings = await zoom.list_meetings(token=ada, user_id="me")

    assert len(meetings) == 1000
    assert len({m.id for m in meetings}) == 1000
    assert [m.topic for m in meetings[:2]] == ["Meeting 0", "Meeting 1"]
    calls = state.requests_to("GET", "/v2/users/me/meetings")
    assert len(calls) == 4
    assert {c.query["page_size"] for c in calls} == {"300"}
    assert {c.query["type"] for c in calls} == {"upcoming"}
    assert "next_page_token" not in calls[0].query
    assert all(c.query.get("next_page_token") for c in calls[1:])


async def test_list_meetings_page(zoom: ZoomClient, state: ZoomState, ada: str) -> None:
    state.add_meeting("zu-ada", "Only one")
    page = await zoom.list_meetings_page(token=ada, user_id="me", type="scheduled")
    assert [m.topic for m in page.meetings] == ["Only one"]
    assert page.total_records == 1
    assert not page.next_page_token


async def test_get_meeting_accepts_string_id_and_occurrence(zoom: ZoomClient, ada: str) -> None:
    daily = NewMeeting(
        topic="Daily",
        type=8,
        start_time=datetime(2031, 3, 1, 8, 0, tzinfo=UTC),
        duration=10,
        recurrence=Recurrence(type=1, end_times=3),
    )
    created = await zoom.create_meeting(token=ada, user_id="me", meeting=daily)
    second = created.occurrences[1]
    fetched = await zoom.get_meeting(
        token=ada, meeting_id=str(created.id), occurrence_id=second.occurrence_id
    )
    assert fetched.id == created.id
    assert fetched.start_time == second.start_time == datetime(2031, 3, 2, 8, 0, tzinfo=UTC)


async def test_delete_meeting_and_occurrence(zoom: ZoomClient, state: ZoomState, ada: str) -> None:
    daily = NewMeeting(
        topic="Daily",
        type=8,
        start_time=datetime(2031, 3, 1, 8, 0, tzinfo=UTC),
        recurrence=Recurrence(type=1, end_times=3),
    )
    recurring = await zoom.create_meeting(token=ada, user_id="me", meeting=daily)
    first = recurring.occurrences[0].occurrence_id
    await zoom.delete_meeting(
        token=ada, meeting_id=recurring.id, occurrence_id=first, cancel_meeting_reminder=True
    )
    left = await zoom.get_meeting(token=ada, meeting_id=recurring.id)
    assert first not in {o.occurrence_id for o in left.occurrences}
    assert state.requests_to("DELETE", "/v2/meetings")[0].query == {
        "occurrence_id": first,
        "cancel_meeting_reminder": "true",
    }

    single = await zoom.create_meeting(token=ada, user_id="me", meeting=one_off())
    await zoom.delete_meeting(token=ada, meeting_id=single.id)
    with pytest.raises(MeetingNotFound):
        await zoom.get_meeting(token=ada, meeting_id=single.id)


async def test_update_meeting(zoom: ZoomClient, ada: str) -> None:
    meeting = await zoom.create_meeting(token=ada, user_id="me", meeting=one_off())
    await zoom.update_meeting(token=ada, meeting_id=meeting.id, changes={"topic": "Renamed"})
    assert (await zoom.get_meeting(token=ada, meeting_id=meeting.id)).topic == "Renamed"


async def test_missing_meeting_is_not_found(zoom: ZoomClient, ada: str) -> None:
    with pytest.raises(MeetingNotFound) as caught:
        await zoom.get_meeting(token=ada, meeting_id=99999999999)
    assert (caught.value.code, caught.value.status) == (3001, 404)


async def test_other_hosts_meeting_is_refused(zoom: ZoomClient, ada: str, bob: str) -> None:
    meeting = await zoom.create_meeting(token=ada, user_id="me", meeting=one_off())
    with pytest.raises(NotMeetingHost) as caught:
        await zoom.delete_meeting(token=bob, meeting_id=meeting.id)
    assert caught.value.code == 3003


async def test_meeting_in_progress_cannot_be_deleted(
    zoom: ZoomClient, state: ZoomState, ada: str
) -> None:
    meeting = await zoom.create_meeting(token=ada, user_id="me", meeting=one_off())
    state.meetings_in_progress.add(meeting.id)
    with pytest.raises(MeetingInProgress) as caught:
        await zoom.delete_meeting(token=ada, meeting_id=meeting.id)
    assert "in progress" in caught.value.message


async def test_expired_and_unknown_tokens(zoom: ZoomClient, state: ZoomState, ada: str) -> None:
    with pytest.raises(TokenExpired) as unknown:
        await zoom.get_user(token="not-a-token")
    assert unknown.value.code == 124
    state.expire_all_access_tokens()
    with pytest.raises(TokenExpired) as expired:
        await zoom.get_user(token=ada)
    assert "expired" in expired.value.message
    assert ada not in expired.value.message


async def test_validation_error_keeps_field_errors(zoom: ZoomClient, ada: str) -> None:
    meeting = await zoom.create_meeting(token=ada, user_id="me", meeting=one_off())
    with pytest.raises(ZoomValidationError) as caught:
        await zoom.update_meeting(
            token=ada, meeting_id=meeting.id, changes={"password": "no spaces!"}
        )
    assert caught.value.code == 300
    assert caught.value.errors[0]["field"] == "password"
    assert "password" in caught.value.message


async def test_missing_scope_is_access_denied(zoom: ZoomClient, ada: str) -> None:
    with pytest.raises(AccessDenied) as caught:
        await zoom.get_user(token=ada, user_id="zu-bob")
    assert caught.value.code == 4700
    assert "scopes" in caught.value.message
