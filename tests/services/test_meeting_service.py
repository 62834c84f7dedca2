"""MeetingService against the Zoom stand-in and a real database (no Slack involved)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import aiohttp
import httpx
import pytest

from bot.accounts.tokens import ZoomAccounts
from bot.crypto import TokenCipher
from bot.meetings.refs import MeetingRef
from bot.meetings.request import ScheduleRequest
from bot.meetings.results import Cancelled, NeedsChoice
from bot.meetings.service import MeetingService
from bot.slack.gateway import SlackGateway
from bot.zoom.client import ZoomClient
from bot.zoom.errors import MeetingNotFound, NotMeetingHost
from bot.zoom.models import NewMeeting, Recurrence
from bot.zoom.oauth import ZoomOAuth
from store.db import Database
from store.repos import links
from tests.standins.zoom.state import CLIENT_ID, CLIENT_SECRET, make_occurrences
from tests.support.deployment import TOKEN_KEY, SlackStandin, ZoomStandin
from tests.support.meeting_world import stored_meetings

TEAM, USER = "T0001", "U0001"


@pytest.fixture
async def service(
    database_url: str, zoom_api: ZoomStandin, slack_api: SlackStandin
) -> AsyncIterator[MeetingService]:
    db = Database.connect(database_url)
    cipher = TokenCipher([TOKEN_KEY])
    grant = zoom_api.state.grant_user("zu-ada")
    assert grant.refresh_token is not None
    async with db.transaction() as session:
        await links.save_link(
            session=session,
            team_id=TEAM,
            slack_user_id=USER,
            zoom_user_id="zu-ada",
            zoom_account_id="acct-1",
            zoom_email="ada@example.com",
            zoom_name="Ada Lovelace",
            access_token_enc=cipher.encrypt(grant.access_token),
            refresh_token_enc=cipher.encrypt(grant.refresh_token),
            expires_at=grant.expires_at,
            scope=grant.scope,
        )
    async with httpx.AsyncClient(timeout=5) as http, aiohttp.ClientSession() as session:
        client = ZoomClient(http, zoom_api.api_url)
        accounts = ZoomAccounts(
            db=db,
            cipher=cipher,
            oauth=ZoomOAuth(http, zoom_api.url, CLIENT_ID, CLIENT_SECRET),
            client=client,
            slack=SlackGateway(api_url=slack_api.api_url, session=session, bot_token="xoxb-x"),
        )
        yield MeetingService(db=db, accounts=accounts, client=client)
    await db.close()


def _weekly(zoom: ZoomStandin, start: datetime) -> int:
    rule = {"type": 2, "repeat_interval": 1, "weekly_days": "2,4", "end_times": 4}
    occurrences = make_occurrences(start, "UTC", 30, rule)
    meeting = zoom.state.add_meeting(
        "zu-ada", "Weekly", start_time=start, type=8, recurrence=rule, occurrences=occurrences
    )
    return int(meeting["id"])


async def test_list_upcoming_reads_every_page_soonest_first(
    service: MeetingService, zoom_api: ZoomStandin
) -> None:
    now = datetime.now(UTC)
    for hour in range(305, 0, -1):
        zoom_api.state.add_meeting("zu-ada", f"M{hour}", start_time=now + timedelta(hours=hour))
    floating = zoom_api.state.add_meeting("zu-ada", "Any time", type=3)
    del floating["start_time"]
    meetings = await service.list_upcoming(TEAM, USER)
    assert [m.topic for m in meetings[:3]] == ["M1", "M2", "M3"]
    assert meetings[-1].topic == "Any time" and len(meetings) == 306
    assert len(zoom_api.state.requests_to("GET", "/v2/users/me/meetings")) == 2


async def test_create_scheduled_records_the_meeting_and_its_announcement(
    service: MeetingService, zoom_api: ZoomStandin, database_url: str
) -> None:
    start = datetime.now(UTC).replace(microsecond=0, second=0) + timedelta(days=2)
    meeting = NewMeeting(
        topic="Retro",
        type=8,
        start_time=start,
        timezone="Asia/Kathmandu",
        duration=30,
        recurrence=Recurrence(type=1, repeat_interval=1, end_times=3),
    )
    request = ScheduleRequest(meeting=meeting, announce_channel="C0001")
    created = await service.create_scheduled(TEAM, USER, request)
    [sent] = zoom_api.state.requests_to("POST", "/v2/users/me/meetings")
    assert sent.json_body == request.to_zoom_body()
    assert created.meeting.type == 8 and len(created.meeting.occurrences) == 3
    await service.record_announcement(created.record_id, "C0001", "1700000000.000100")
    [row] = stored_meetings(database_url)
    assert (row["zoom_meeting_id"], row["channel_id"], row["message_ts"]) == (
        created.meeting.id,
        "C0001",
        "1700000000.000100",
    )
    raw = row["start_time"]
    stored = raw if isinstance(raw, datetime) else datetime.fromisoformat(str(raw))
    assert stored.replace(tzinfo=stored.tzinfo or UTC) == start
    assert row["timezone"] == "Asia/Kathmandu"


async def test_recurring_asks_first_and_targets_the_next_live_occurrence(
    service: MeetingService, zoom_api: ZoomStandin
) -> None:
    meeting_id = _weekly(zoom_api, datetime.now(UTC) + timedelta(days=1))
    occurrences = zoom_api.state.meetings[meeting_id]["occurrences"]
    occurrences[0]["status"] = "deleted"
    choice = await service.start_cancel(TEAM, USER, MeetingRef(meeting_id))
    assert choice == NeedsChoice(meeting_id, "Weekly", occurrences[1]["occurrence_id"])
    assert not zoom_api.state.requests_to("DELETE", "/v2/meetings/")

    done = await service.cancel(TEAM, USER, MeetingRef(meeting_id), "occurrence")
    assert isinstance(done, Cancelled) and done.scope == "occurrence" and done.recurring
    assert done.occurrence_start is not None
    [delete] = zoom_api.state.requests_to("DELETE", "/v2/meetings/")
    assert delete.query == {"occurrence_id": occurrences[1]["occurrence_id"]}


async def test_unknown_occurrence_and_foreign_meeting_change_nothing(
    service: MeetingService, zoom_api: ZoomStandin
) -> None:
    meeting_id = _weekly(zoom_api, datetime.now(UTC) + timedelta(days=1))
    with pytest.raises(MeetingNotFound):
        await service.cancel(TEAM, USER, MeetingRef(meeting_id, "123"), "occurrence")
    bobs = zoom_api.state.add_meeting("zu-bob", "Bob's")
    with pytest.raises(NotMeetingHost):
        await service.start_cancel(TEAM, USER, MeetingRef(int(bobs["id"])))
    assert not zoom_api.state.requests_to("DELETE", "/v2/meetings/")


async def test_instant_meeting_defaults_its_topic(
    service: MeetingService, zoom_api: ZoomStandin
) -> None:
    created = await service.create_instant(TEAM, USER, None)
    assert created.meeting.type == 1
    [sent] = zoom_api.state.requests_to("POST", "/v2/users/me/meetings")
    assert sent.json_body == {"topic": "Zoom meeting", "type": 1}
