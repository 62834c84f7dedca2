"""Parsing Zoom webhook payloads, event keys, the Slack error verdicts and the notice builders."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from bot.notices.payload import (
    EVENT_KEY_MAX,
    MalformedEvent,
    meeting_facts,
    meeting_id,
    parse_event,
    recording_facts,
)
from bot.notices.send import judge
from handlers.blocks.notice_cards import BlockKitNotices, ended_notice
from tests.support.notice_world import FIXTURES


def _fixture(name: str) -> bytes:
    return (FIXTURES / f"{name}.json").read_bytes()


def test_meeting_started_parses_with_a_string_id() -> None:
    event = parse_event(_fixture("meeting.started"))
    assert event.event == "meeting.started" and event.account_id == "AcctZoom01"
    facts = meeting_facts(event)
    assert facts.meeting_id == 85746065432 and facts.host_id == "zoomHostAda"
    assert facts.start_time == datetime(2024, 5, 1, 10, tzinfo=UTC)
    assert event.key == "meeting.started:1714557600123:4444AAAiAAAAAiAiAiiAii=="


def test_meeting_ended_knows_how_long_it_lasted() -> None:
    assert meeting_facts(parse_event(_fixture("meeting.ended"))).lasted_minutes == 47
    started = meeting_facts(parse_event(_fixture("meeting.started")))
    assert started.lasted_minutes is None


def test_recording_facts_carry_the_share_link_and_passcode_only() -> None:
    facts = recording_facts(parse_event(_fixture("recording.completed")))
    assert facts.meeting_id == 85746065432  # a number in this payload
    assert facts.share_url.endswith("Shareable-Link-123")
    assert facts.passcode == "R3c$pass9"  # `password`; recording_play_passcode is a URL token
    assert "download" not in repr(facts).lower()


def test_deauthorization_key_names_the_user() -> None:
    event = parse_event(_fixture("app_deauthorized"))
    assert event.key == "app_deauthorized:1714562000000:zoomHostAda"


def test_deauthorization_without_event_ts_keys_on_its_time_and_user() -> None:
    # Zoom's documented example: no top-level event_ts, a date string inside payload.
    event = parse_event(_fixture("app_deauthorized.docs"))
    assert event.key == "app_deauthorized:1592401948632:abcD3ojfdbjfg"  # deauthorization_time
    inside = {
        "event": "app_deauthorized",
        "payload": {"user_id": "u1", "event_ts": "1714562000000"},
    }
    assert parse_event(json.dumps(inside).encode()).key == "app_deauthorized:1714562000000:u1"


def test_an_event_without_any_time_is_keyed_on_its_body() -> None:
    body = json.dumps({"event": "meeting.started", "payload": {"object": {"uuid": "u=="}}})
    first, retry = parse_event(body.encode()), parse_event(body.encode())
    assert first.key == retry.key and first.key.startswith("meeting.started:sha256-")
    other = parse_event(body.replace("u==", "v==").encode())
    assert other.key != first.key
    assert abs(first.event_ts / 1000 - time.time()) < 60  # its time is when it arrived


@pytest.mark.parametrize(
    ("value", "expected"),
    [("85746065432", 85746065432), (85746065432, 85746065432), (" 12 ", 12), ("abc", None),
     (True, None), (None, None), (1.5, None)],
)  # fmt: skip
def test_meeting_ids_as_strings_or_numbers(value: object, expected: int | None) -> None:
    assert meeting_id(value) == expected


def test_long_keys_are_hashed_within_the_column() -> None:
    body = json.dumps(
        {"event": "meeting.started", "event_ts": 1, "payload": {"object": {"uuid": "u" * 400}}}
    )
    key = parse_event(body.encode()).key
    assert len(key) <= EVENT_KEY_MAX and key.startswith("meeting.started:sha256:")


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"not json", "body is not JSON"),
        (b"\xff\xfe", "body is not JSON"),
        (b"[1, 2]", "body is not a JSON object"),
        (b'{"payload": {}}', "missing event name"),
        (b'{"event": "meeting.started", "event_ts": 1, "payload": []}', "payload is not an object"),
    ],
)
def test_malformed_bodies_say_why(body: bytes, reason: str) -> None:
    with pytest.raises(MalformedEvent) as raised:
        parse_event(body)
    assert raised.value.reason == reason


def _slack_error(status: int, error: str, headers: dict[str, str] | None = None) -> SlackApiError:
    response = AsyncSlackResponse(
        client=None,
        http_verb="POST",
        api_url="https://slack.test/api/chat.postMessage",
        req_args={},
        data={"ok": False, "error": error},
        headers=headers or {},
        status_code=status,
    )
    return SlackApiError("failed", response)  # type: ignore[no-untyped-call]


def test_slack_failures_are_judged() -> None:
    limited = judge(_slack_error(429, "ratelimited", {"retry-after": "7"}))
    assert limited.retry and limited.retry_after == 7.0
    assert judge(_slack_error(503, "service_unavailable")).retry
    assert judge(_slack_error(200, "internal_error")).retry
    for permanent in ("channel_not_found", "not_in_channel", "is_archived", "account_inactive",
                      "invalid_auth", "token_revoked", "message_not_found"):  # fmt: skip
        verdict = judge(_slack_error(200, permanent))
        assert not verdict.retry and verdict.reason == permanent


def test_notice_builders_always_have_a_text_fallback() -> None:
    renderer = BlockKitNotices()
    live_text, live_blocks = renderer.live(topic="Q&A <team>", join_url="https://zoom.us/j/1")
    assert live_text == "Q&amp;A &lt;team&gt; has started."
    assert any(b["type"] == "actions" for b in live_blocks)
    text, blocks = renderer.recording(topic="Demo", share_url="https://z/s", passcode=None)
    assert "Passcode" not in json.dumps(blocks)
    assert ended_notice("Demo", 47)[0] == "Demo has ended, lasted 47 min."
    dm_text, _ = renderer.passcode_for_host(topic="Demo", share_url="https://z/s", passcode="p1")
    assert "p1" in dm_text
