"""Every failure a user can meet reads as a sentence they can act on."""

from __future__ import annotations

from datetime import UTC, datetime

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from bot.container import NotConfigured
from bot.zoom.errors import (
    LinkBroken,
    MeetingInProgress,
    MeetingNotFound,
    NotLinked,
    NotMeetingHost,
    RateLimited,
    ZoomUnavailable,
)
from handlers.slack.error_replies import describe


def _text(error: BaseException, link_url: str | None = None) -> str:
    text, blocks = describe(error, link_url=link_url)
    return text + str([b.to_dict() for b in blocks])


def test_daily_limit_says_when_it_resets() -> None:
    reset = datetime(2026, 11, 29, 0, 0, tzinfo=UTC)
    text = _text(RateLimited(daily=True, retry_at=reset))
    assert "daily limit" in text and f"<!date^{int(reset.timestamp())}^" in text


def test_not_linked_and_broken_offer_buttons() -> None:
    assert "Link your Zoom account" in _text(NotLinked(), "https://x/start")
    assert "Link Zoom again" in _text(LinkBroken(), "https://x/start")


def test_each_zoom_failure_has_its_sentence() -> None:
    created = _text(ZoomUnavailable(maybe_sent=True, operation="create"))
    assert "may have been created" in created and "/zoom list" in created
    assert "may have been cancelled" in _text(ZoomUnavailable(maybe_sent=True, operation="delete"))
    for quiet in (
        ZoomUnavailable(maybe_sent=True),  # a read: nothing can have happened
        ZoomUnavailable(maybe_sent=False, operation="create"),  # never reached Zoom
    ):
        assert "having trouble" in _text(quiet) and "may have" not in _text(quiet)
    assert "not found" in _text(MeetingNotFound())
    assert "host" in _text(NotMeetingHost())
    assert "in progress" in _text(MeetingInProgress())
    assert "ZOOM_CLIENT_ID" in _text(NotConfigured("set ZOOM_CLIENT_ID"))


def test_slack_errors_explain_how_to_fix() -> None:
    response = AsyncSlackResponse(
        client=None,
        http_verb="POST",
        api_url="chat.postMessage",
        req_args={},
        data={"ok": False, "error": "not_in_channel"},
        headers={},
        status_code=200,
    )
    error = SlackApiError("x", response)  # type: ignore[no-untyped-call]
    assert "/invite @Zoombridge" in _text(error)


def test_unexpected_errors_do_not_leak_details() -> None:
    text = _text(RuntimeError("token=abc internal detail"))
    assert "Something went wrong" in text and "internal detail" not in text
