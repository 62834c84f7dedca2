"""Errors raised by the Zoom layer, and how Zoom's error answers map onto them.

ZoomError                   base; ``.message`` (human-readable), ``.code``, ``.status``
 +-- ZoomAuthError          authentication or authorisation with Zoom failed
 |    +-- NotLinked         the Slack user has not linked a Zoom account
 |    +-- LinkBroken        the refresh token is dead (``invalid_grant``): relink
 |    +-- TokenExpired      401 code 124: the caller refreshes once and retries
 +-- MeetingNotFound        404 / code 3001: deleted or expired
 +-- NotMeetingHost         code 3003
 +-- MeetingInProgress      code 3002
 +-- AccessDenied           missing scopes (4700/4711), 403, "not permitted"
 +-- ZoomValidationError    code 300 with ``.errors`` (field, message), other 400s
 +-- RateLimited            429; ``.daily``, ``.retry_at`` (aware UTC)
 +-- ZoomUnavailable        5xx, timeouts, connection errors; ``.operation`` (read, create,
                            update, delete), ``.maybe_sent``, ``.outcome_unknown``

Messages are written for people: other layers show them in Slack. They never
contain a token.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from email.utils import parsedate_to_datetime
from typing import Any, Literal

import httpx

Operation = Literal["read", "create", "update", "delete"]
_MAY_HAVE_HAPPENED = {"create": "created", "update": "changed", "delete": "cancelled"}


class ZoomError(Exception):
    """Base class for everything the Zoom layer raises."""

    default_message = "Zoom could not complete the request."

    def __init__(
        self, message: str | None = None, *, code: int | None = None, status: int | None = None
    ) -> None:
        self.message = message or self.default_message
        self.code = code
        self.status = status
        super().__init__(self.message)


class ZoomAuthError(ZoomError):
    """Zoom did not accept our credentials."""

    default_message = "Zoom did not accept this app's credentials."


class NotLinked(ZoomAuthError):
    """The Slack user has no linked Zoom account."""

    default_message = "You have not linked a Zoom account yet. Use `/zoom link` first."


class LinkBroken(ZoomAuthError):
    """The stored refresh token no longer works; the user must link again."""

    default_message = (
        "Your Zoom link has expired or was revoked. Use `/zoom link` to connect Zoom again."
    )


class TokenExpired(ZoomAuthError):
    """The access token is expired or unknown (401, code 124)."""

    default_message = "The Zoom access token has expired."


class MeetingNotFound(ZoomError):
    """The meeting does not exist or has expired."""

    default_message = "That Zoom meeting does not exist or has already ended."


class NotMeetingHost(ZoomError):
    """The user is not the host of the meeting."""

    default_message = "Only the meeting's host can do that."


class MeetingInProgress(ZoomError):
    """The meeting is running, so it cannot be changed or deleted."""

    default_message = "That meeting is in progress, so it cannot be changed right now."


class AccessDenied(ZoomError):
    """Zoom refused access (missing scopes, account settings, permissions)."""

    default_message = "Zoom did not allow this app to do that."


class ZoomValidationError(ZoomError):
    """Zoom rejected the request's content."""

    default_message = "Zoom did not accept the meeting details."

    def __init__(
        self,
        message: str | None = None,
        *,
        code: int | None = None,
        status: int | None = None,
        errors: list[dict[str, str]] | None = None,
    ) -> None:
        self.errors = errors or []
        if message and self.errors:
            details = "; ".join(f"{e.get('field')}: {e.get('message')}" for e in self.errors)
            message = f"{message} ({details})"
        super().__init__(message, code=code, status=status)


class RateLimited(ZoomError):
    """Zoom's rate limit was hit; ``retry_at`` says when to try again."""

    def __init__(
        self, *, daily: bool, retry_at: datetime, code: int | None = 429, status: int | None = 429
    ) -> None:
        self.daily = daily
        self.retry_at = retry_at
        if daily:
            message = (
                "Zoom's daily limit for creating and updating meetings has been reached. "
                f"Try again after {retry_at:%Y-%m-%d %H:%M} UTC."
            )
        else:
            message = "Zoom is receiving too many requests right now. Try again in a moment."
        super().__init__(message, code=code, status=status)


class ZoomUnavailable(ZoomError):
    """Zoom could not be reached or failed; ``outcome_unknown`` if a write may have happened."""

    default_message = "Zoom is having trouble right now. Please try again in a few minutes."

    def __init__(
        self,
        message: str | None = None,
        *,
        maybe_sent: bool,
        operation: Operation = "read",
        code: int | None = None,
        status: int | None = None,
    ) -> None:
        self.maybe_sent = maybe_sent
        self.operation: Operation = operation
        if message is None and self.outcome_unknown:
            what = "did not answer in time" if status is None else f"failed (HTTP {status})"
            message = (
                f"Zoom {what}, so the meeting may have been "
                f"{_MAY_HAVE_HAPPENED[operation]}. Check `/zoom list` before trying again."
            )
        super().__init__(message, code=code, status=status)

    @property
    def outcome_unknown(self) -> bool:
        """A create, update or delete that may have reached Zoom: it may have happened."""
        return self.maybe_sent and self.operation != "read"


def next_utc_midnight(now: datetime) -> datetime:
    """The next 00:00 UTC after ``now``."""
    tomorrow = now.astimezone(UTC).date() + timedelta(days=1)
    return datetime.combine(tomorrow, time(0), tzinfo=UTC)


def parse_retry_after(value: str | None, now: datetime) -> datetime | None:
    """Turn a Retry-After value (seconds, HTTP date or ISO 8601) into an aware UTC time."""
    if not value:
        return None
    value = value.strip()
    try:
        return now + timedelta(seconds=max(0.0, float(value)))
    except ValueError:
        pass
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def rate_limited(response: httpx.Response, body: dict[str, Any], now: datetime) -> RateLimited:
    """Build RateLimited from a 429, telling the daily limit from the per-second one."""
    limit_type = response.headers.get("x-ratelimit-type", "")
    message = str(body.get("message", ""))
    daily = "daily" in limit_type.lower() or "daily" in message.lower()
    retry_at = parse_retry_after(response.headers.get("retry-after"), now)
    if retry_at is None:
        retry_at = next_utc_midnight(now) if daily else now + timedelta(seconds=1)
    return RateLimited(daily=daily, retry_at=retry_at, code=_int_or_none(body.get("code")))


def response_json(response: httpx.Response) -> dict[str, Any]:
    """The JSON object of an answer, or an empty dict."""
    try:
        data = response.json()
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def api_error(
    response: httpx.Response, now: datetime, *, operation: Operation = "read"
) -> ZoomError:
    """Map an unsuccessful Meetings API answer (``{"code", "message"}``) to a ZoomError."""
    status = response.status_code
    body = response_json(response)
    code = _int_or_none(body.get("code"))
    zoom_message = str(body.get("message") or "").strip() or None
    kwargs: dict[str, Any] = {"code": code, "status": status}
    if status == 429:
        return rate_limited(response, body, now)
    if status >= 500:  # a failed read changed nothing; a failed write may have gone through
        return ZoomUnavailable(maybe_sent=True, operation=operation, **kwargs)
    if status == 401 and code == 124:
        return TokenExpired(zoom_message, **kwargs)
    if code == 3001 or (status == 404 and code is None):
        return MeetingNotFound(None, **kwargs)
    if code == 3003:
        return NotMeetingHost(None, **kwargs)
    if code == 3002:
        return MeetingInProgress(None, **kwargs)
    lowered = (zoom_message or "").lower()
    if code in (4700, 4711) or status == 403 or "not permitted" in lowered or "scope" in lowered:
        return AccessDenied(zoom_message, **kwargs)
    if status == 401:
        return ZoomAuthError(zoom_message, **kwargs)
    if code == 300 or status == 400:
        errors = [e for e in body.get("errors") or [] if isinstance(e, dict)]
        return ZoomValidationError(zoom_message, errors=errors, **kwargs)
    return ZoomError(zoom_message, **kwargs)


def _int_or_none(value: object) -> int | None:
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return None
