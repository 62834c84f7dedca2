"""The scheduling modal's "Remind the channel" field."""

from __future__ import annotations

from slack_sdk.models.blocks import InputBlock, Option, StaticSelectElement

from handlers.slack import schedule_form as f


def remind_field() -> InputBlock:
    """An optional menu: remind the announce channel N minutes before the meeting."""
    options = [Option(value=value, text=label) for value, label in f.REMIND_CHOICES.items()]
    return InputBlock(
        block_id=f.REMIND.block_id,
        label="Remind the channel",
        element=StaticSelectElement(
            action_id=f.REMIND.action_id, placeholder="No reminder", options=options
        ),
        hint="A reminder with a Join button is posted in the announce channel before it starts.",
        optional=True,
    )
