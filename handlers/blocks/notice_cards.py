"""Notices from Zoom webhooks and the subscription replies, as Block Kit.

`BlockKitNotices` is the renderer the notice service is given by the assembly.
"""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import (
    ContextBlock,
    MarkdownTextObject,
)

from bot.notices.render import AnnouncementFacts, CardStatus, Rendered
from bot.notices.subscriptions import SubscriptionView
from bot.timefmt import format_duration
from handlers.blocks import ids as action_ids
from handlers.blocks import to_dicts
from handlers.blocks.base import Message, escape, section, topic_text, url_button
from handlers.blocks.messages import facts_card, live_notice, recording_ready

EVENT_WORDS = {
    "started": "when they start",
    "ended": "when they end",
    "recordings": "when recordings are ready",
}


def _rendered(message: Message) -> Rendered:
    text, blocks = message
    return text, to_dicts(blocks)


def ended_notice(topic: str, lasted_minutes: int | None) -> Message:
    """A meeting has ended, and how long it lasted."""
    lasted = f", lasted {format_duration(lasted_minutes)}" if lasted_minutes else ""
    text = f"{topic_text(topic)} has ended{lasted}."
    return text, [section(f":checkered_flag: *{topic_text(topic)}* has ended{lasted}.")]


def passcode_notice(topic: str, share_url: str, passcode: str) -> Message:
    """The host's private copy of a recording's passcode."""
    text = f"The recording of {topic_text(topic)} is ready. Its passcode is {escape(passcode)}"
    return text, [
        section(f":film_frames: The recording of *{topic_text(topic)}* is ready."),
        url_button("Watch the recording", share_url, action_ids.OPEN_RECORDING, primary=False),
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text=f"Passcode: `{escape(passcode)}` (not shown in the channel: "
                    "share it with whoever needs it)"
                )
            ]
        ),
    ]


class BlockKitNotices:
    """Renders each kind of notice for the notice service."""

    def live(self, *, topic: str, join_url: str) -> Rendered:
        """A meeting has started, with a Join button."""
        return _rendered(live_notice(topic, join_url))

    def ended(self, *, topic: str, lasted_minutes: int | None) -> Rendered:
        """A meeting has ended."""
        return _rendered(ended_notice(topic, lasted_minutes))

    def recording(self, *, topic: str, share_url: str, passcode: str | None) -> Rendered:
        """A recording is ready."""
        return _rendered(recording_ready(topic, share_url, passcode))

    def passcode_for_host(self, *, topic: str, share_url: str, passcode: str) -> Rendered:
        """The recording's passcode, for the host only."""
        return _rendered(passcode_notice(topic, share_url, passcode))

    def announcement(
        self, facts: AnnouncementFacts, *, status: CardStatus, lasted_minutes: int | None
    ) -> Rendered:
        """The meeting's channel card in its new state."""
        return _rendered(facts_card(facts, status, lasted_minutes))


def _when(events: Sequence[str]) -> str:
    words = [EVENT_WORDS[e] for e in ("started", "ended", "recordings") if e in events]
    if not words:
        return "never"
    return ", ".join(words[:-1]) + (" and " if len(words) > 1 else "") + words[-1]


def subscribed_message(view: SubscriptionView) -> Message:
    """Confirm a subscription and say where passcodes go."""
    passcodes = (
        "Recording passcodes are shown here."
        if view.include_passcodes
        else "Recording passcodes are not shown here; you get them by DM."
    )
    text = f"This channel will hear about your Zoom meetings {_when(view.events)}. {passcodes}"
    return text, [section(f":white_check_mark: {text}")]


def unsubscribed_message(existed: bool) -> Message:
    """Confirm (or explain) an unsubscribe."""
    text = (
        "This channel will no longer get notices about your Zoom meetings."
        if existed
        else "You had no subscription in this channel, so nothing changed."
    )
    return text, [section(text)]


def subscriptions_message(views: Sequence[SubscriptionView]) -> Message:
    """List a channel's subscriptions."""
    if not views:
        text = "This channel has no Zoom notices. Use `/zoom subscribe` to add yours."
        return text, [section(text)]
    lines = [
        f"• <@{v.slack_user_id}>'s meetings: {_when(v.events)}"
        + (" (with recording passcodes)" if v.include_passcodes else "")
        for v in views
    ]
    text = "Zoom notices in this channel:\n" + "\n".join(lines)
    return text, [section(text)]
