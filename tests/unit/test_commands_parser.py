"""The /zoom grammar: every verb, meeting references, and that nothing ever raises."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.meetings.refs import MeetingRef, format_meeting_id
from bot.zoom.models import TOPIC_MAX
from handlers.slack.grammar import (
    HELP_ENTRIES,
    VERBS,
    Cancel,
    Help,
    InstantMeeting,
    Join,
    Link,
    ListMeetings,
    Schedule,
    Status,
    Subscribe,
    Subscriptions,
    Unknown,
    Unlink,
    Unsubscribe,
    parse_action_value,
    parse_command,
)

ALL_EVENTS = frozenset({"started", "ended", "recordings"})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", InstantMeeting(None)),
        ("   ", InstantMeeting(None)),
        ("now", InstantMeeting(None)),
        ("NOW  Quick   Sync ", InstantMeeting("Quick   Sync")),
        ("new", Schedule(None)),
        ("schedule Team &amp; Co &lt;3 &gt;", Schedule("Team & Co <3 >")),
        ("new Design Review", Schedule("Design Review")),
        ("list", ListMeetings()),
        ("List all", ListMeetings(include_scheduled_for_others=True)),
        ("link", Link()),
        ("unlink", Unlink()),
        ("Status", Status()),
        ("help", Help()),
        ("?", Help()),
        ("unsubscribe", Unsubscribe()),
        ("subscriptions", Subscriptions()),
        ("subscribe", Subscribe(ALL_EVENTS, False)),
        ("subscribe ended", Subscribe(frozenset({"ended"}), False)),
        (
            "subscribe started recordings passcodes",
            Subscribe(frozenset({"started", "recordings"}), True),
        ),
        ("subscribe passcodes", Subscribe(ALL_EVENTS, True)),
        ("join me", Join(None, personal=True)),
        ("join 123 456 789", Join(MeetingRef(123456789), personal=False)),
    ],
)
def test_verbs(text: str, expected: object) -> None:
    assert parse_command(text) == expected


@pytest.mark.parametrize(
    "ref",
    [
        "123 4567 8901",
        "12345678901",
        "123-4567-8901",
        "https://us02web.zoom.us/j/12345678901?pwd=abc",
        "<https://us02web.zoom.us/j/12345678901?pwd=abc&amp;from=addon>",
        "<https://zoom.us/j/12345678901|Join here>",
        "zoom.us/j/12345678901",
        "https://company.zoom.us/s/12345678901",
        "https://zoom.us/wc/join/12345678901",
        "zoommtg://zoom.us/join?confno=12345678901",
    ],
)
def test_cancel_accepts_ids_and_links(ref: str) -> None:
    assert parse_command(f"cancel {ref}") == Cancel(MeetingRef(12345678901))


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("cancel", "meeting ID"),
        ("cancel 12345", "9 to 11 digits"),
        ("cancel 123456789012", "9 to 11 digits"),
        ("cancel https://example.com/j/12345678901", "isn't a Zoom link"),
        ("cancel https://zoom.us/my/alice", "can't find a meeting ID"),
        ("cancel tomorrow", "isn't a meeting ID"),
    ],
)
def test_cancel_problems_are_kept(text: str, needle: str) -> None:
    command = parse_command(text)
    assert isinstance(command, Cancel)
    assert command.meeting_ref is None
    assert command.problem is not None and needle in command.problem


def test_join_without_reference_has_problem() -> None:
    command = parse_command("join")
    assert isinstance(command, Join) and command.meeting_ref is None and command.problem


def test_subscribe_unknown_word_suggests() -> None:
    command = parse_command("subscribe startd")
    assert isinstance(command, Subscribe)
    assert command.problem is not None and "started" in command.problem


@pytest.mark.parametrize(
    ("word", "suggestion"),
    [("lsit", "list"), ("LNK", "link"), ("cancle", "cancel"), ("xyzzy", None)],
)
def test_unknown_with_suggestion(word: str, suggestion: str | None) -> None:
    assert parse_command(f"{word} extra words") == Unknown(word, suggestion)


def test_long_topic_is_kept_whole() -> None:
    topic = "x" * (TOPIC_MAX + 50)
    assert parse_command(f"new {topic}") == Schedule(topic)


def test_help_covers_every_verb() -> None:
    usages = " ".join(entry.usage for entry in HELP_ENTRIES)
    for verb in VERBS:
        if verb != "schedule":  # an alias of "new"
            assert f"/zoom {verb}" in usages or f"[{verb}]" in usages


@pytest.mark.parametrize(
    ("meeting_id", "shown"),
    [(12345678901, "123 4567 8901"), (1234567890, "123 456 7890"), (123456789, "123 456 789")],
)
def test_format_meeting_id(meeting_id: int, shown: str) -> None:
    assert format_meeting_id(meeting_id) == shown
    assert parse_command(f"cancel {shown}") == Cancel(MeetingRef(meeting_id))


def test_action_value_round_trip() -> None:
    ref = MeetingRef(12345678901, "1773154800000")
    assert ref.to_action_value() == "12345678901:1773154800000"
    assert parse_action_value(ref.to_action_value()) == ref
    assert parse_action_value("12345678901") == MeetingRef(12345678901)
    assert parse_action_value("abc") is None
    assert parse_action_value(None) is None


@given(st.text())
def test_parse_never_raises(text: str) -> None:
    parse_command(text)


@given(st.lists(st.sampled_from([*VERBS, "me", "all", "zoom.us/j/1", "<", "&amp;", " ", "1"])))
def test_parse_never_raises_on_grammar_soup(words: list[str]) -> None:
    parse_command(" ".join(words))


@given(st.sampled_from(VERBS), st.text())
def test_every_verb_with_any_argument_never_raises(verb: str, rest: str) -> None:
    assert not isinstance(parse_command(f"{verb} {rest}"), Unknown)
