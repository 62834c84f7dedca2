"""The scheduling modal's "Remind the channel" field."""

from __future__ import annotations

from slack_sdk.models.blocks import InputBlock, StaticSelectElement

from handlers.blocks.ids import REMIND
from handlers.blocks.inputs import labelled, options
from handlers.blocks.schedule_choices import REMIND_CHOICES


def remind_field() -> InputBlock:
    """An optional menu: remind the announce channel N minutes before the meeting."""
    element = StaticSelectElement(
        action_id=REMIND.action_id, placeholder="No reminder", options=options(REMIND_CHOICES)
    )
    return labelled(
        REMIND,
        "Remind the channel",
        element,
        hint="A reminder with a Join button is posted in the announce channel before it starts.",
        optional=True,
    )
