"""ZoomClient.get_meeting_summary against the Zoom stand-in over real HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator
from urllib.parse import quote

import httpx
import pytest

from bot.zoom.client import ZoomClient
from bot.zoom.errors import AccessDenied, MeetingNotFound, NotMeetingHost
from bot.zoom.paths import encoded_uuid
from tests.support.after_world import ODD_UUID, summary_body
from tests.support.deployment import ZoomStandin


@pytest.fixture
async def zoom(zoom_api: ZoomStandin) -> AsyncIterator[ZoomClient]:
    async with httpx.AsyncClient(timeout=5.0) as http:
        yield ZoomClient(http, zoom_api.api_url, max_read_retries=0)


async def test_an_odd_uuid_is_double_encoded_and_the_first_answer_is_empty(
    zoom: ZoomClient, zoom_api: ZoomStandin
) -> None:
    state = zoom_api.state
    state.summaries.put(ODD_UUID, summary_body(ODD_UUID, 85746065432), empty_calls=1)
    token = state.grant_user("zu-ada").access_token

    first = await zoom.get_meeting_summary(token=token, meeting_uuid=ODD_UUID)
    second = await zoom.get_meeting_summary(token=token, meeting_uuid=ODD_UUID)

    assert first.is_empty and first.meeting_uuid == ODD_UUID
    assert not second.is_empty
    assert second.overview == "We agreed to ship the beta on Friday."
    assert second.next_steps == ["Ada writes the notes"]
    assert state.summaries.served == [ODD_UUID, ODD_UUID]


async def test_single_encoding_an_odd_uuid_finds_nothing_at_zoom(
    zoom_api: ZoomStandin,
) -> None:
    """The stand-in is strict like Zoom: this is why the client double-encodes."""
    state = zoom_api.state
    state.summaries.put(ODD_UUID, summary_body(ODD_UUID, 85746065432), empty_calls=0)
    token = state.grant_user("zu-ada").access_token
    encoded_once = quote(ODD_UUID, safe="")
    assert encoded_uuid(ODD_UUID) == quote(encoded_once, safe="")
    once = httpx.URL(zoom_api.url).copy_with(
        raw_path=f"/v2/meetings/{encoded_once}/meeting_summary".encode()
    )
    async with httpx.AsyncClient() as http:
        answer = await http.get(once, headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 404 and answer.json()["code"] == 3001


async def test_someone_elses_summary_and_a_missing_scope_are_refused(
    zoom: ZoomClient, zoom_api: ZoomStandin
) -> None:
    state = zoom_api.state
    state.summaries.put("u1==", summary_body("u1==", 1, host="zu-ada"), empty_calls=0)
    with pytest.raises(NotMeetingHost):
        await zoom.get_meeting_summary(
            token=state.grant_user("zu-bob").access_token, meeting_uuid="u1=="
        )
    with pytest.raises(MeetingNotFound):
        await zoom.get_meeting_summary(
            token=state.grant_user("zu-ada").access_token, meeting_uuid="nope=="
        )
    narrow = state.grant_user("zu-ada")
    narrow.scope = "meeting:read"
    with pytest.raises(AccessDenied):
        await zoom.get_meeting_summary(token=narrow.access_token, meeting_uuid="u1==")
    account = state.grant_account().access_token
    assert not (await zoom.get_meeting_summary(token=account, meeting_uuid="u1==")).is_empty
