"""After-meeting notices as Block Kit: the recording card, the AI summary, facts, transcript.

A long summary becomes several messages: sections of at most 3,000 characters, at most
50 blocks and about 12,000 characters of text per message, in reading order.
"""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import Block

from bot.notices.after_render import AiSummary, MeetingEndFacts, RecordingState
from bot.notices.render import AnnouncementFacts, Rendered
from bot.timefmt import format_duration
from handlers.blocks import ids as action_ids
from handlers.blocks import to_dicts
from handlers.blocks.base import (
    SECTION_MAX,
    Message,
    clip,
    context,
    escape,
    section,
    topic_text,
    url_button,
)
from handlers.blocks.messages import facts_card
from handlers.blocks.text_split import split_text

BLOCKS_MAX = 50
MESSAGE_TEXT_MAX = 12_000
ATTENDEES_SHOWN = 40


def _recording_lines(recording: RecordingState) -> list[str]:
    if recording.stage == "processing":
        return [":hourglass_flowing_sand: *Recording processing*: it appears here when ready."]
    lines = [":film_frames: *Recording ready*"]
    lines += [f"• {escape(kind)}" for kind in recording.kinds]
    if recording.passcode:
        lines.append(f"Passcode: `{escape(recording.passcode)}`")
    return lines


def recording_card(
    facts: AnnouncementFacts, lasted_minutes: int | None, recording: RecordingState
) -> Message:
    """The ended meeting's card, with "recording processing" or "ready" and its files."""
    text, blocks = facts_card(facts, "ended", lasted_minutes)
    extra: list[Block] = [section("\n".join(_recording_lines(recording)))]
    if recording.stage == "ready" and recording.share_url:
        watch = "Watch the recording"
        extra.append(
            url_button(watch, recording.share_url, action_ids.OPEN_RECORDING, primary=False)
        )
    state = "recording processing" if recording.stage == "processing" else "recording ready"
    return f"{text} ({state})", blocks[:-1] + extra + blocks[-1:]


def _summary_blocks(summary: AiSummary) -> list[tuple[Block, int]]:
    """Every block of the summary with its text length, before splitting into messages."""
    topic = topic_text(summary.topic)
    found: list[tuple[Block, int]] = []

    def add(text: str) -> None:
        for part in split_text(text, SECTION_MAX):
            found.append((section(part), len(part)))

    add(f":sparkles: *AI summary of {topic}*")
    if summary.overview.strip():
        add(escape(summary.overview.strip()))
    if summary.next_steps:
        add("*Next steps*\n" + "\n".join(f"• {escape(step)}" for step in summary.next_steps))
    if summary.full_url:
        add(f"<{summary.full_url}|Open the full summary in Zoom>")
    note = "Written by Zoom's AI Companion: check it before relying on it."
    found.append((context(note), len(note)))
    return found


def summary_messages(summary: AiSummary) -> list[Message]:
    """The summary as messages in order, each inside Slack's block and text limits."""
    messages: list[list[Block]] = [[]]
    size = 0
    for block, length in _summary_blocks(summary):
        current = messages[-1]
        if current and (len(current) >= BLOCKS_MAX or size + length > MESSAGE_TEXT_MAX):
            messages.append([])
            size = 0
        messages[-1].append(block)
        size += length
    topic = topic_text(summary.topic)
    count = len(messages)
    return [
        (f"AI summary of {topic}" + (f" ({n} of {count})" if count > 1 else ""), blocks)
        for n, blocks in enumerate(messages, start=1)
    ]


def _people(names: Sequence[str]) -> str:
    shown = [escape(clip(name, 80)) for name in names[:ATTENDEES_SHOWN]]
    more = len(names) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def meeting_end_facts(facts: MeetingEndFacts) -> Message:
    """How long it lasted and who attended (when the channel opted in to names)."""
    topic = topic_text(facts.topic)
    lasted = f" It lasted {format_duration(facts.lasted_minutes)}." if facts.lasted_minutes else ""
    head = f":checkered_flag: *{topic}* has ended.{lasted}"
    lines = [head]
    if facts.attendees is not None:
        lines.append(
            f"Attended ({len(facts.attendees)}): {_people(facts.attendees)}"
            if facts.attendees
            else "Nobody joined that I saw."
        )
    if facts.summary_missing:
        lines.append("_The AI summary is not available for this meeting._")
    text = clip("\n".join(lines), SECTION_MAX)
    return f"{topic} has ended.{lasted}", [section(text)]


def transcript_notice(topic: str, url: str) -> Message:
    """The meeting's transcript is ready, with its link."""
    line = f":memo: The transcript of *{topic_text(topic)}* is ready: <{url}|open the transcript>"
    return f"The transcript of {topic_text(topic)} is ready.", [section(line)]


class BlockKitAftermath:
    """Renders the after-meeting notices (mixed into the notice renderer)."""

    def recording_card(
        self, facts: AnnouncementFacts, *, lasted_minutes: int | None, recording: RecordingState
    ) -> Rendered:
        """The ended meeting's card with its recording's state."""
        text, blocks = recording_card(facts, lasted_minutes, recording)
        return text, to_dicts(blocks)

    def summary(self, summary: AiSummary) -> list[Rendered]:
        """The AI summary, one rendered message per part."""
        return [(text, to_dicts(blocks)) for text, blocks in summary_messages(summary)]

    def meeting_end_facts(self, facts: MeetingEndFacts) -> Rendered:
        """Duration and (when allowed) who attended."""
        text, blocks = meeting_end_facts(facts)
        return text, to_dicts(blocks)

    def transcript(self, *, topic: str, url: str) -> Rendered:
        """The transcript is ready."""
        text, blocks = transcript_notice(topic, url)
        return text, to_dicts(blocks)
