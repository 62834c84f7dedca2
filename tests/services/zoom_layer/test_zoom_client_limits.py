"""ZoomClient against the Zoom stand-in: rate limits, retries, timeouts and what is never resent."""

from __future__ import annotations

import logging
import socket
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

from bot.zoom.client import ZoomClient
from bot.zoom.errors import (
    RateLimited,
    ZoomUnavailable,
    next_utc_midnight,
)
from bot.zoom.models import Meeting
from tests.standins.zoom.state import ZoomState
from tests.support.deployment import ZoomStandin
from tests.support.zoom_calls import RecordingSleep, one_off


async def test_read_429_is_retried_honouring_retry_after(
    zoom: ZoomClient, state: ZoomState, sleep: RecordingSleep, ada: str
) -> None:
    meeting = await zoom.create_meeting(token=ada, user_id="me", meeting=one_off())
    state.fail("get_meeting", times=2, status=429, retry_after="2")
    fetched = await zoom.get_meeting(token=ada, meeting_id=meeting.id)
    assert fetched.id == meeting.id
    assert sleep.delays == [pytest.approx(2.0, abs=0.2)] * 2
    assert len(state.requests_to("GET", "/v2/meetings")) == 3


async def test_read_429_backs_off_then_gives_up(
    zoom: ZoomClient, state: ZoomState, sleep: RecordingSleep, ada: str
) -> None:
    state.fail("/v2/users/me", times=10, status=429)
    with pytest.raises(RateLimited) as caught:
        await zoom.get_user(token=ada)
    assert caught.value.daily is False
    assert sleep.delays == [0.5, 1.0, 2.0]
    assert len(state.requests_to("GET", "/v2/users/me")) == 4


async def test_read_429_with_http_date(
    zoom: ZoomClient, state: ZoomState, sleep: RecordingSleep, ada: str
) -> None:
    when = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=5)
    state.fail("get_user", times=1, status=429, retry_after=format_datetime(when, usegmt=True))
    await zoom.get_user(token=ada)
    assert sleep.delays == [pytest.approx(5.0, abs=1.1)]


async def test_read_5xx_is_retried(
    zoom: ZoomClient, state: ZoomState, sleep: RecordingSleep, ada: str
) -> None:
    state.fail("get_user", times=2, status=503)
    assert (await zoom.get_user(token=ada)).id == "zu-ada"
    assert sleep.delays == [0.5, 1.0]


async def test_create_429_is_never_retried(
    zoom: ZoomClient, state: ZoomState, sleep: RecordingSleep, ada: str
) -> None:
    state.fail("create_meeting", times=1, status=429, retry_after="1")
    with pytest.raises(RateLimited) as caught:
        await zoom.create_meeting(token=ada, user_id="me", meeting=one_off())
    assert caught.value.daily is False
    assert sleep.delays == []
    assert len(state.requests_to("POST", "/v2/users/me/meetings")) == 1


async def test_daily_create_limit(zoom: ZoomClient, state: ZoomState, ada: str) -> None:
    state.daily_create_limit = 2
    for _ in range(2):
        await zoom.create_meeting(token=ada, user_id="me", meeting=one_off())
    with pytest.raises(RateLimited) as caught:
        await zoom.create_meeting(token=ada, user_id="me", meeting=one_off())
    assert caught.value.daily is True
    assert caught.value.retry_at == next_utc_midnight(datetime.now(UTC))
    assert "daily limit" in caught.value.message
    assert len(state.meetings) == 2


async def test_daily_limit_without_headers_resets_at_midnight_utc(
    zoom: ZoomClient, state: ZoomState, ada: str
) -> None:
    body = {
        "code": 429,
        "message": "You have exceeded the daily rate limit (100) of Meeting Create/Update API "
        "requests permitted for this particular user. You may resume these requests at GMT "
        "00:00:00.",
    }
    state.fail("create_meeting", status=429, body=body)
    with pytest.raises(RateLimited) as caught:
        await zoom.create_meeting(token=ada, user_id="me", meeting=one_off())
    assert caught.value.daily is True
    assert caught.value.retry_at == next_utc_midnight(datetime.now(UTC))


async def test_create_timeout_is_maybe_sent_and_not_resent(
    server: ZoomStandin, state: ZoomState, ada: str
) -> None:
    state.hang_creates = 1.0
    async with httpx.AsyncClient(timeout=0.3) as http:
        zoom = ZoomClient(http, server.url + "/v2", sleep=RecordingSleep())
        with pytest.raises(ZoomUnavailable) as caught:
            await zoom.create_meeting(token=ada, user_id="me", meeting=one_off())
    assert caught.value.maybe_sent is True and caught.value.outcome_unknown is True
    assert "may have been created" in caught.value.message
    assert len(state.requests_to("POST", "/v2/users/me/meetings")) == 1
    assert len(state.meetings) == 1


@pytest.mark.parametrize("read", ["list", "meeting", "user"])
async def test_a_read_that_times_out_is_retried_then_says_try_again(
    read: str, server: ZoomStandin, state: ZoomState, ada: str
) -> None:
    meeting = state.add_meeting("zu-ada", "Roadmap review")
    state.delay_seconds = 0.5
    sleep = RecordingSleep()
    async with httpx.AsyncClient(timeout=0.2) as http:
        zoom = ZoomClient(http, server.url + "/v2", sleep=sleep, max_read_retries=1)
        with pytest.raises(ZoomUnavailable) as caught:
            if read == "list":
                await zoom.list_meetings(token=ada, user_id="me")
            elif read == "meeting":
                await zoom.get_meeting(token=ada, meeting_id=meeting["id"])
            else:
                await zoom.get_user(token=ada)
    assert caught.value.operation == "read" and caught.value.outcome_unknown is False
    assert caught.value.message.startswith("Zoom is having trouble right now")
    assert len(sleep.delays) == 1  # one retry, then given up


async def test_create_5xx_is_maybe_sent_and_not_resent(
    zoom: ZoomClient, state: ZoomState, ada: str
) -> None:
    state.fail("create_meeting", times=3, status=502)
    with pytest.raises(ZoomUnavailable) as caught:
        await zoom.create_meeting(token=ada, user_id="me", meeting=one_off())
    assert (caught.value.maybe_sent, caught.value.status) == (True, 502)
    assert caught.value.outcome_unknown and "may have been created" in caught.value.message
    assert len(state.requests_to("POST", "/v2/users/me/meetings")) == 1


async def test_connection_refused_was_not_sent(http: httpx.AsyncClient) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    zoom = ZoomClient(http, f"http://127.0.0.1:{port}/v2", sleep=RecordingSleep())
    with pytest.raises(ZoomUnavailable) as caught:
        await zoom.create_meeting(token="t", user_id="me", meeting=one_off())
    assert caught.value.maybe_sent is False and caught.value.outcome_unknown is False
    assert "may have" not in caught.value.message  # nothing reached Zoom: just try again


async def test_requests_are_logged_without_tokens(
    zoom: ZoomClient, ada: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="bot.zoom.client"):
        await zoom.get_user(token=ada)
    record = next(r for r in caplog.records if r.getMessage() == "zoom.request")
    assert (record.method, record.path, record.status) == ("GET", "/users/me", 200)  # type: ignore[attr-defined]
    assert isinstance(record.ms, int)  # type: ignore[attr-defined]
    assert all(ada not in str(vars(r)) for r in caplog.records)


def test_meeting_ids_from_strings() -> None:
    meeting = Meeting.model_validate({"id": "85746065123", "topic": "t", "extra": 1})
    assert meeting.id == 85746065123


async def test_bad_meeting_id_is_refused_before_sending(zoom: ZoomClient, ada: str) -> None:
    with pytest.raises(ValueError, match="not a Zoom meeting id"):
        await zoom.get_meeting(token=ada, meeting_id="../users/me")
