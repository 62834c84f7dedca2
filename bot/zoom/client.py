"""A thin typed layer over the Zoom Meetings API; the caller supplies each token.

Reads (GET) are retried a bounded number of times on per-second 429s, 5xx and
transport errors. Writes are never retried: a create that may have reached Zoom
and is sent again makes a duplicate meeting.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime
from typing import Any

import httpx

from bot.observability import observe
from bot.zoom.answers import PastMeeting
from bot.zoom.errors import Operation, RateLimited, ZoomError, ZoomUnavailable, api_error
from bot.zoom.models import Meeting, MeetingPage, MeetingSummary, NewMeeting, ZoomUser
from bot.zoom.paths import meeting_path, past_meeting_path, summary_path, user_path
from bot.zoom.summary import MeetingAiSummary

logger = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]
MeetingId = int | str

_PAGE_SIZE = 300
# What each method does at Zoom, so a failure can say whether anything may have happened.
OPERATIONS: dict[str, Operation] = {
    "GET": "read",
    "POST": "create",
    "PATCH": "update",
    "DELETE": "delete",
}
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _bool_param(value: bool | None) -> str | None:
    return None if value is None else str(value).lower()


class ZoomClient:
    """Calls https://api.zoom.us/v2 (or a stand-in) through one shared httpx client."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        api_url: str,
        *,
        max_read_retries: int = 3,
        max_retry_wait: float = 30.0,
        sleep: Sleep = asyncio.sleep,
        clock: Callable[[], datetime] = _utcnow,
    ) -> None:
        self._http = http
        self._base = api_url.rstrip("/")
        self._max_read_retries = max_read_retries
        self._max_retry_wait = max_retry_wait
        self._sleep = sleep
        self._clock = clock

    async def get_user(self, *, token: str, user_id: str = "me") -> ZoomUser:
        """GET /users/{user_id}."""
        response = await self._request("GET", user_path(user_id), token=token)
        return ZoomUser.model_validate(response.json())

    async def create_meeting(self, *, token: str, user_id: str, meeting: NewMeeting) -> Meeting:
        """POST /users/{user_id}/meetings; never retried."""
        path = user_path(user_id) + "/meetings"
        response = await self._request("POST", path, token=token, json=meeting.to_body())
        return Meeting.model_validate(response.json())

    async def list_meetings_page(
        self,
        *,
        token: str,
        user_id: str,
        type: str = "upcoming",
        page_size: int = _PAGE_SIZE,
        next_page_token: str | None = None,
    ) -> MeetingPage:
        """One page of GET /users/{user_id}/meetings."""
        params = {"type": type, "page_size": str(page_size)}
        if next_page_token:
            params["next_page_token"] = next_page_token
        path = user_path(user_id) + "/meetings"
        response = await self._request("GET", path, token=token, params=params)
        return MeetingPage.model_validate(response.json())

    async def list_meetings(
        self, *, token: str, user_id: str, type: str = "upcoming"
    ) -> list[MeetingSummary]:
        """Every meeting of that type, following next_page_token to the end."""
        meetings: list[MeetingSummary] = []
        page_token: str | None = None
        seen: set[str] = set()
        while True:
            page = await self.list_meetings_page(
                token=token, user_id=user_id, type=type, next_page_token=page_token
            )
            meetings.extend(page.meetings)
            page_token = page.next_page_token
            if not page_token or page_token in seen:
                return meetings
            seen.add(page_token)

    async def get_meeting(
        self, *, token: str, meeting_id: MeetingId, occurrence_id: str | None = None
    ) -> Meeting:
        """GET /meetings/{meeting_id}."""
        params = {"occurrence_id": occurrence_id} if occurrence_id else None
        response = await self._request("GET", meeting_path(meeting_id), token=token, params=params)
        return Meeting.model_validate(response.json())

    async def get_past_meeting(self, *, token: str, uuid: str) -> PastMeeting:
        """GET /past_meetings/{uuid}: when one instance really started and ended."""
        response = await self._request("GET", past_meeting_path(uuid), token=token)
        return PastMeeting.model_validate(response.json())

    async def get_meeting_summary(self, *, token: str, meeting_uuid: str) -> MeetingAiSummary:
        """GET /meetings/{meetingUUID}/meeting_summary (the UUID double-encoded when needed)."""
        response = await self._request("GET", summary_path(meeting_uuid), token=token)
        return MeetingAiSummary.model_validate(response.json() if response.content else {})

    async def update_meeting(
        self,
        *,
        token: str,
        meeting_id: MeetingId,
        changes: NewMeeting | Mapping[str, Any],
        occurrence_id: str | None = None,
    ) -> None:
        """PATCH /meetings/{meeting_id} (counts against the daily limit); never retried."""
        body = changes.to_body() if isinstance(changes, NewMeeting) else dict(changes)
        params = {"occurrence_id": occurrence_id} if occurrence_id else None
        await self._request(
            "PATCH", meeting_path(meeting_id), token=token, params=params, json=body
        )

    async def delete_meeting(
        self,
        *,
        token: str,
        meeting_id: MeetingId,
        occurrence_id: str | None = None,
        schedule_for_reminder: bool | None = None,
        cancel_meeting_reminder: bool | None = None,
    ) -> None:
        """DELETE /meetings/{meeting_id} (or one occurrence); never retried."""
        candidates = {
            "occurrence_id": occurrence_id,
            "schedule_for_reminder": _bool_param(schedule_for_reminder),
            "cancel_meeting_reminder": _bool_param(cancel_meeting_reminder),
        }
        params = {k: v for k, v in candidates.items() if v is not None}
        await self._request("DELETE", meeting_path(meeting_id), token=token, params=params)

    async def _request(
        self,
        method: str,
        path: str,
        *,
        token: str,
        params: Mapping[str, str] | None = None,
        json: Any = None,
    ) -> httpx.Response:
        retries = self._max_read_retries if method == "GET" else 0
        attempt = 0
        while True:
            try:
                response = await self._send(method, path, token=token, params=params, json=json)
            except ZoomUnavailable:
                if attempt >= retries:
                    raise
                await self._sleep(self._backoff(attempt))
            else:
                if response.is_success:
                    return response
                error = api_error(response, self._clock(), operation=OPERATIONS[method])
                delay = self._retry_delay(error, response, attempt)
                if attempt >= retries or delay is None:
                    raise error
                await self._sleep(delay)
            attempt += 1

    async def _send(
        self,
        method: str,
        path: str,
        *,
        token: str,
        params: Mapping[str, str] | None,
        json: Any,
    ) -> httpx.Response:
        started = time.perf_counter()
        status: int | None = None
        try:
            response = await self._http.request(
                method,
                self._base + path,
                params=params,
                json=json,
                headers={"Authorization": f"Bearer {token}"},
            )
            status = response.status_code
            return response
        except _NOT_SENT as exc:
            raise ZoomUnavailable(maybe_sent=False, operation=OPERATIONS[method]) from exc
        except httpx.TransportError as exc:
            # The request may have been written before the failure: Zoom may have acted on it.
            raise ZoomUnavailable(maybe_sent=True, operation=OPERATIONS[method]) from exc
        finally:
            ms = round((time.perf_counter() - started) * 1000)
            extra = {"method": method, "path": path, "status": status, "ms": ms}
            logger.info("zoom.request", extra=extra)
            observe.zoom_call(method, path, status)

    def _retry_delay(
        self, error: ZoomError, response: httpx.Response, attempt: int
    ) -> float | None:
        """Seconds to wait before retrying a read that failed this way, or None."""
        if isinstance(error, ZoomUnavailable):
            return self._backoff(attempt)
        if not isinstance(error, RateLimited) or error.daily:
            return None
        if "retry-after" not in response.headers:
            return self._backoff(attempt)
        wait = (error.retry_at - self._clock()).total_seconds()
        return max(wait, 0.0) if wait <= self._max_retry_wait else None

    @staticmethod
    def _backoff(attempt: int) -> float:
        return float(min(0.5 * 2**attempt, 8.0))
