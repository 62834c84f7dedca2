"""Block Kit builders: Slack's limits, ids shared with the form parser, button values."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from handlers.blocks import ids, to_dicts
from handlers.blocks import ids as action_ids
from handlers.blocks.help import help_blocks, help_text
from handlers.blocks.messages import (
    MeetingRow,
    announcement,
    cancel_choice,
    error_message,
    instant_meeting_message,
    link_prompt,
    linked_message,
    live_notice,
    meeting_list,
    recording_ready,
    relink_prompt,
    status_message,
)
from handlers.blocks.schedule_modal import schedule_modal
from handlers.slack.grammar import parse_action_value

START = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
JOIN = "https://us02web.zoom.us/j/12345678901?pwd=abc"


def _row(i: int, **over: Any) -> MeetingRow:
    fields: dict[str, Any] = {
        "meeting_id": 12345678900 + i,
        "topic": f"Meeting <{i}> & co",
        "start_utc": START,
        "duration": 30,
        "join_url": JOIN,
    } | over
    return MeetingRow(**fields)


def _round_trip(blocks: list[Block]) -> list[dict[str, Any]]:
    dicts = to_dicts(blocks)
    assert to_dicts(Block.parse_all(dicts)) == dicts
    return dicts


def _elements(dicts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for b in dicts if b["type"] == "actions" for e in b["elements"]]


@pytest.mark.parametrize("repeat", ["none", "daily", "weekly", "monthly", "bogus"])
def test_modal_limits_and_ids(repeat: str) -> None:
    view = schedule_modal(user_tz="Europe/London", topic="Standup", channel_id="C1", repeat=repeat)
    d = view.to_dict()
    assert d["callback_id"] == ids.CALLBACK_ID == "schedule_meeting"
    assert d["title"]["text"] == "Schedule a Zoom meeting" and len(d["title"]["text"]) <= 24
    assert d["submit"]["text"] == "Schedule" and d["close"]["text"] == "Cancel"
    assert 0 < len(d["blocks"]) <= 100
    assert View(**d).to_dict() == d
    pairs = [(b["block_id"], b["element"]["action_id"]) for b in d["blocks"]]
    assert len({b for b, _ in pairs}) == len(pairs)
    for block_id, action_id in pairs:
        assert ids.FieldIds(block_id, action_id) in vars(ids).values()
    assert pairs[:6] == [
        (x.block_id, x.action_id)
        for x in (ids.TOPIC, ids.DATE, ids.START_TIME, ids.DURATION, ids.TIMEZONE, ids.REPEAT)
    ]
    repeat_block = d["blocks"][5]
    assert repeat_block["dispatch_action"] is True
    assert "Europe/London" in d["blocks"][2]["hint"]["text"]


def test_modal_shows_recurrence_fields_for_the_choice() -> None:
    def blocks(repeat: str) -> set[str]:
        view = schedule_modal(user_tz="UTC", topic=None, channel_id=None, repeat=repeat)
        return {b["block_id"] for b in view.to_dict()["blocks"]}

    recurrence = {
        ids.INTERVAL.block_id,
        ids.END_RULE.block_id,
        ids.END_COUNT.block_id,
        ids.END_DATE.block_id,
    }
    assert not blocks("none") & recurrence
    assert recurrence <= blocks("daily") and ids.WEEKLY_DAYS.block_id not in blocks("daily")
    assert ids.WEEKLY_DAYS.block_id in blocks("weekly")
    assert ids.MONTHLY_DAY.block_id in blocks("monthly")


def test_modal_time_zone_menu_starts_with_user_zone() -> None:
    d = schedule_modal(user_tz="America/Boise", topic=None, channel_id="C1").to_dict()
    tz = next(b for b in d["blocks"] if b["block_id"] == ids.TIMEZONE.block_id)["element"]
    assert len(tz["options"]) <= 100
    assert tz["options"][0]["value"] == tz["initial_option"]["value"] == "America/Boise"


def test_modal_announce_channel() -> None:
    def announce(channel: str | None) -> dict[str, Any]:
        d = schedule_modal(user_tz="UTC", topic=None, channel_id=channel).to_dict()
        block: dict[str, Any] = next(
            b for b in d["blocks"] if b["block_id"] == ids.ANNOUNCE.block_id
        )
        return dict(block["element"])

    element = announce("C42")
    assert element["initial_conversation"] == "C42"
    assert element["filter"] == {"include": ["public", "private"], "exclude_bot_users": True}
    assert "initial_conversation" not in announce("D42")


def test_modal_keeps_metadata_and_topic() -> None:
    d = schedule_modal(
        user_tz="UTC", topic="x" * 300, channel_id=None, private_metadata='{"c":"C1"}'
    ).to_dict()
    assert d["private_metadata"] == '{"c":"C1"}'
    assert len(d["blocks"][0]["element"]["initial_value"]) == 200


def test_instant_meeting_message() -> None:
    text, blocks = instant_meeting_message("U1", "Sync <now>", JOIN, 12345678901)
    dicts = _round_trip(blocks)
    assert text.startswith("<@U1> started a Zoom meeting")
    assert "&lt;now&gt;" in text
    (button,) = _elements(dicts)
    assert button["url"] == JOIN and button["text"]["text"] == "Join"
    assert "123 4567 8901" in str(dicts)


@pytest.mark.parametrize(
    ("status", "has_join", "marker"),
    [
        ("scheduled", True, "Host: <@U1>"),
        ("live", True, "Live now"),
        ("ended", False, "Ended, lasted 47 min"),
        ("cancelled", False, "Cancelled"),
    ],
)
def test_announcement_states(status: Any, has_join: bool, marker: str) -> None:
    text, blocks = announcement(
        host_user_id="U1",
        topic="Planning",
        start_utc=START,
        duration=60,
        join_url=JOIN,
        meeting_id=12345678901,
        recurring=True,
        status=status,
        lasted_minutes=47,
        scheduled_by="U2",
    )
    dicts = _round_trip(blocks)
    assert "Planning" in text
    assert marker in str(dicts) and "<!date^1773154800^" in str(dicts)
    assert "Scheduled by <@U2>" in str(dicts)
    assert bool(_elements(dicts)) is has_join


def test_meeting_list_pages_and_cancel_values() -> None:
    rows = [_row(i) for i in range(10)]
    rows[3] = _row(3, recurring=True, occurrence_id="1773154800000")
    dicts = _round_trip(meeting_list(rows, page=2, page_size=10, total=35))
    assert len(dicts) <= 50
    cancels = [e for e in _elements(dicts) if e["action_id"] == action_ids.CANCEL_MEETING]
    assert len(cancels) == 10
    assert cancels[0]["value"] == "12345678900"
    assert cancels[3]["value"] == "12345678903:1773154800000"
    assert all(parse_action_value(c["value"]) for c in cancels)
    assert all(c["confirm"]["confirm"]["text"] == "Cancel meeting" for c in cancels)
    pages = [e for e in _elements(dicts) if e["action_id"] == action_ids.LIST_PAGE]
    assert [(p["text"]["text"], p["value"]) for p in pages] == [
        ("Previous page", "1"),
        ("Next page", "3"),
    ]
    assert "Page 2 of 4" in str(dicts)


def test_meeting_list_single_page_has_no_pager_and_escapes() -> None:
    dicts = _round_trip(meeting_list([_row(1)], page=1, total=1))
    assert not [e for e in _elements(dicts) if e["action_id"] == action_ids.LIST_PAGE]
    assert "Meeting &lt;1&gt; &amp; co" in str(dicts)


def test_meeting_list_caps_blocks_even_with_too_many_rows() -> None:
    rows = [_row(i) for i in range(100)]
    assert len(_round_trip(meeting_list(rows, page=1, page_size=100, total=100))) <= 50


def test_meeting_list_empty_state() -> None:
    dicts = _round_trip(meeting_list([], page=1, total=0))
    assert "no upcoming" in str(dicts)


@pytest.mark.parametrize("occurrence", ["1773154800000", None])
def test_cancel_choice(occurrence: str | None) -> None:
    dicts = _round_trip(cancel_choice(12345678901, "Weekly 1:1", occurrence))
    by_action = {e["action_id"]: e for e in _elements(dicts)}
    assert by_action[action_ids.CANCEL_SERIES]["value"] == "12345678901"
    if occurrence:
        assert by_action[action_ids.CANCEL_OCCURRENCE]["value"] == f"12345678901:{occurrence}"
    else:
        assert action_ids.CANCEL_OCCURRENCE not in by_action


def test_small_messages_round_trip() -> None:
    messages = [
        link_prompt("https://zoom.us/oauth/authorize?x=1"),
        relink_prompt("https://zoom.us/oauth/authorize?x=2"),
        error_message("Zoom said <no>"),
        linked_message("Ada Lovelace", "ada@example.com"),
        linked_message(None, None),
        status_message(zoom_name="Ada", zoom_email="ada@example.com", channel_events={"ended"}),
        status_message(zoom_name=None, zoom_email=None),
        status_message(zoom_name="Ada", zoom_email=None, needs_relink=True),
        recording_ready("Retro", "https://zoom.us/rec/share/abc", "p@ss"),
        recording_ready(None, "https://zoom.us/rec/share/abc", None),
        live_notice("Retro", JOIN),
    ]
    for text, blocks in messages:
        assert text
        _round_trip(blocks)
    _, link_blocks = messages[0]
    (button,) = _elements(to_dicts(link_blocks))
    assert button["text"]["text"] == "Link your Zoom account"
    assert "&lt;no&gt;" in str(to_dicts(messages[2][1]))


def test_help_blocks() -> None:
    plain = to_dicts(help_blocks())
    assert "/zoom new" in str(plain) and "/zoom subscribe" in str(plain)
    unknown = to_dicts(help_blocks(suggestion="list", unknown="lsit<>`"))
    assert "Did you mean `/zoom list`?" in unknown[0]["text"]["text"]
    assert "&lt;&gt;'" in unknown[0]["text"]["text"]
    assert "list" in help_text(suggestion="list", unknown="lsit")
