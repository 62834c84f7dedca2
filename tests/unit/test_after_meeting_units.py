"""Pure parts of the after-meeting notices: splitting, encoding, links, payloads, grammar."""

from __future__ import annotations

import json
import re

from bot.notices.after_payload import recording_files, records_to_cloud, summary_event
from bot.notices.after_render import AiSummary, MeetingEndFacts
from bot.notices.payload import parse_event
from bot.zoom.paths import encoded_uuid, summary_path
from bot.zoom.recording_links import shareable, without_passcode
from bot.zoom.summary import MeetingAiSummary
from handlers.blocks import to_dicts
from handlers.blocks.after_cards import (
    BLOCKS_MAX,
    MESSAGE_TEXT_MAX,
    meeting_end_facts,
    summary_messages,
)
from handlers.blocks.text_split import split_text
from handlers.slack.grammar import SUBSCRIBE_EVENTS, Subscribe, parse_command
from tests.support.notice_world import zoom_fixture


def test_split_text_keeps_every_word_in_order_within_the_limit() -> None:
    text = "\n\n".join(f"Paragraph {n}. " + "word " * 300 for n in range(10))
    pieces = split_text(text, 3000)
    assert len(pieces) > 1 and all(len(p) <= 3000 for p in pieces)
    assert re.findall(r"\S+", " ".join(pieces)) == re.findall(r"\S+", text)
    assert all(p.startswith("Paragraph") for p in pieces[:2])  # cut at paragraph breaks
    assert split_text("x" * 7000, 3000) == ["x" * 3000, "x" * 3000, "x" * 1000]
    assert split_text("", 10) == [""]


def test_a_long_summary_becomes_several_valid_messages_in_order() -> None:
    overview = " ".join(f"w{n}" for n in range(9000))  # about 50,000 characters
    steps = [f"Step {n}: " + "do it " * 20 for n in range(80)]
    messages = summary_messages(AiSummary("Planning", overview, steps, "https://z.example/doc"))
    assert len(messages) > 2
    shown = []
    for n, (text, blocks) in enumerate(messages, start=1):
        dicts = to_dicts(blocks)  # slack_sdk checks each block's limits
        assert len(dicts) <= BLOCKS_MAX and text.endswith(f"({n} of {len(messages)})")
        body = json.dumps(dicts)
        assert len(body) < MESSAGE_TEXT_MAX * 1.3
        sections = [d["text"]["text"] for d in dicts if d["type"] == "section"]
        assert all(len(s) <= 3000 for s in sections)
        shown += sections
    words = " ".join(shown).split()
    assert words[words.index("w0") : words.index("w0") + 9000] == overview.split()
    assert "Step 79:" in " ".join(shown) and "https://z.example/doc" in " ".join(shown)


def test_uuids_are_double_encoded_only_when_zoom_says_so() -> None:
    assert encoded_uuid("/aBc//d==") == "%252FaBc%252F%252Fd%253D%253D"
    assert encoded_uuid("aBc//d==") == "aBc%252F%252Fd%253D%253D"
    assert encoded_uuid("aB/c+d==") == "aB%2Fc%2Bd%3D%3D"
    assert summary_path("aBcd==") == "/meetings/aBcd%3D%3D/meeting_summary"


def test_share_links_lose_pwd_unless_passcodes_are_allowed() -> None:
    url = "https://zoom.us/rec/share/abc?pwd=Play42&startTime=1"
    assert without_passcode(url) == "https://zoom.us/rec/share/abc?startTime=1"
    assert shareable(url, passcode_allowed=True) == url
    assert shareable("https://zoom.us/rec/share/abc", passcode_allowed=False).endswith("/abc")


def test_recording_files_give_the_typed_passcode_and_no_download_link() -> None:
    event = parse_event(json.dumps(zoom_fixture("recording.transcript_completed")).encode())
    files = recording_files(event)
    assert files.passcode == "123456"  # `password`
    assert files.kinds == ("Audio transcript",)
    assert files.transcript_url == "" and files.share_url == "https://example.com"
    assert "download" not in repr(files).lower() and "transcript.token" not in repr(files)
    completed = parse_event(json.dumps(zoom_fixture("recording.completed")).encode())
    assert recording_files(completed).passcode == "R3c$pass9"  # not recording_play_passcode
    odd = zoom_fixture("recording.completed", recording_files="nope", id="12345678901")
    tolerant = recording_files(parse_event(json.dumps(odd).encode()))
    assert tolerant.kinds == () and tolerant.meeting_id == 12345678901


def test_summary_events_and_answers_are_read_tolerantly() -> None:
    event = parse_event(json.dumps(zoom_fixture("meeting.summary_completed")).encode())
    facts = summary_event(event)
    assert (facts.uuid, facts.host_id, facts.meeting_id) == (
        "/ajXp112QmuoKj4854875==",
        "x1yCzABCDEfg23HiJKl4mN",
        1234567890,
    )
    empty = MeetingAiSummary.model_validate({"meeting_id": "123", "next_steps": "x"})
    assert empty.is_empty and empty.meeting_id == 123 and empty.next_steps == []
    details = MeetingAiSummary.model_validate(
        {"summary_details": [{"label": "Beta", "summary": "Ship."}, "junk"], "next_steps": [" "]}
    )
    assert not details.is_empty and details.overview == "Beta: Ship."
    started = parse_event(
        json.dumps(zoom_fixture("meeting.started", settings={"auto_recording": "cloud"})).encode()
    )
    assert records_to_cloud(started)


def test_facts_show_names_only_when_given() -> None:
    _, with_names = meeting_end_facts(MeetingEndFacts("Sync", 47, ["Ada <b>", "Bob"]))
    _, without = meeting_end_facts(MeetingEndFacts("Sync", 47, None, summary_missing=True))
    shown, hidden = json.dumps(to_dicts(with_names)), json.dumps(to_dicts(without))
    assert "Ada &lt;b&gt;, Bob" in shown and "47 min" in shown
    assert "Attended" not in hidden and "not available" in hidden


def test_subscribe_grammar_knows_summaries_and_names() -> None:
    assert parse_command("subscribe summaries names") == Subscribe(
        SUBSCRIBE_EVENTS | {"summaries"}, False, None, show_names=True
    )
    assert parse_command("subscribe ended summary") == Subscribe(
        frozenset({"ended", "summaries"}), False
    )
    assert parse_command("subscribe") == Subscribe(SUBSCRIBE_EVENTS, False)  # never by default
    wrong = parse_command("subscribe summeries")
    assert isinstance(wrong, Subscribe) and wrong.problem and "summaries" in wrong.problem


def test_odd_values_in_a_summary_answer_become_empty() -> None:
    odd = MeetingAiSummary.model_validate(
        {
            "meeting_id": "not a number",
            "summary_overview": 12,
            "summary_details": [{"label": None, "summary": "Kept."}],
            "summary_doc_url": None,
        }
    )
    assert odd.meeting_id is None and odd.summary_doc_url == ""
    assert odd.overview == "Kept." and not odd.is_empty
