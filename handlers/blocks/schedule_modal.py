"""The "Schedule a Zoom meeting" modal; its ids are in `handlers.blocks.ids`."""

from __future__ import annotations

from datetime import date

from slack_sdk.models.blocks import (
    Block,
    CheckboxesElement,
    ConversationFilter,
    ConversationSelectElement,
    DatePickerElement,
    PlainTextInputElement,
    RadioButtonsElement,
    TimePickerElement,
    UserMultiSelectElement,
    UserSelectElement,
)
from slack_sdk.models.views import View

from bot.timefmt import format_duration, timezone_choices
from bot.zoom.models import AGENDA_MAX, MAX_END_TIMES, MAX_REPEAT_INTERVAL, TOPIC_MAX
from handlers.blocks import ids
from handlers.blocks import schedule_choices as choices
from handlers.blocks.inputs import labelled, menu, options, pick, whole_number

OPTIONS_HINT = "With the waiting room on, Zoom doesn't let people join before the host."

TITLE = "Schedule a Zoom meeting"
DEFAULT_DURATION = 30


def _timing_blocks(user_tz: str, initial_date: date | None) -> list[Block]:
    durations = {str(m): format_duration(m) for m in choices.DURATION_CHOICES}
    zones = {z: z.replace("_", " ") for z in timezone_choices(user_tz)}
    first_zone = next(iter(zones), None)
    return [
        labelled(
            ids.DATE,
            "Date",
            DatePickerElement(
                action_id=ids.DATE.action_id,
                placeholder="Pick a date",
                initial_date=initial_date.isoformat() if initial_date else None,
            ),
        ),
        labelled(
            ids.START_TIME,
            "Start time",
            TimePickerElement(action_id=ids.START_TIME.action_id, placeholder="Pick a time"),
            hint=f"In the time zone below. Your Slack time zone is {user_tz}.",
        ),
        labelled(ids.DURATION, "Duration", menu(ids.DURATION, durations, str(DEFAULT_DURATION))),
        labelled(ids.TIMEZONE, "Time zone", menu(ids.TIMEZONE, zones, first_zone)),
    ]


def _recurrence_blocks(repeat: str) -> list[Block]:
    if repeat not in choices.REPEAT_TYPES:
        return []
    top = MAX_REPEAT_INTERVAL[choices.REPEAT_TYPES[repeat]]
    unit = choices.INTERVAL_UNIT[repeat]
    blocks: list[Block] = [
        labelled(
            ids.INTERVAL,
            f"Repeat every ({unit})",
            whole_number(ids.INTERVAL, 1, top, 1),
            hint=f"1 to {top}",
        )
    ]
    if repeat == "weekly":
        days = options(dict(choices.WEEKDAYS))
        boxes = CheckboxesElement(action_id=ids.WEEKLY_DAYS.action_id, options=days)
        blocks.append(labelled(ids.WEEKLY_DAYS, "On days", boxes, optional=True))
    if repeat == "monthly":
        day = whole_number(ids.MONTHLY_DAY, 1, 31)
        hint = "1 to 31. Leave empty to use the day of the first meeting."
        blocks.append(labelled(ids.MONTHLY_DAY, "Day of the month", day, hint=hint, optional=True))
    ends = options(choices.END_RULE_CHOICES)
    radio = RadioButtonsElement(
        action_id=ids.END_RULE.action_id, options=ends, initial_option=pick(ends, "count")
    )
    blocks += [
        labelled(ids.END_RULE, "Ends", radio),
        labelled(
            ids.END_COUNT,
            "Number of times",
            whole_number(ids.END_COUNT, 1, MAX_END_TIMES),
            hint=f"When it ends after a number of times: 1 to {MAX_END_TIMES}.",
            optional=True,
        ),
        labelled(
            ids.END_DATE,
            "End date",
            DatePickerElement(action_id=ids.END_DATE.action_id, placeholder="Last meeting on"),
            hint="When it ends on a date: the day of the last meeting.",
            optional=True,
        ),
    ]
    return blocks


def _people_blocks() -> list[Block]:
    return [
        labelled(
            ids.SCHEDULE_FOR,
            "Schedule for",
            UserSelectElement(action_id=ids.SCHEDULE_FOR.action_id, placeholder="Yourself"),
            hint="Someone who gave you their Schedule Privilege in Zoom. Leave empty for you.",
            optional=True,
        ),
        labelled(
            ids.ALT_HOSTS,
            "Alternative hosts",
            UserMultiSelectElement(action_id=ids.ALT_HOSTS.action_id, placeholder="Pick people"),
            hint="They can start the meeting too. They need Zoom accounts with the same email.",
            optional=True,
        ),
    ]


def _extra_blocks(channel_id: str | None) -> list[Block]:
    option_list = options(choices.OPTION_CHOICES)
    # Slack rejects an initial DM in a menu filtered to channels, so only preselect channels.
    in_channel = channel_id if channel_id and channel_id[:1] in ("C", "G") else None
    announce = ConversationSelectElement(
        action_id=ids.ANNOUNCE.action_id,
        placeholder="Pick a channel",
        initial_conversation=in_channel,
        filter=ConversationFilter(include=["public", "private"], exclude_bot_users=True),
    )
    return [
        labelled(
            ids.PASSCODE,
            "Passcode",
            PlainTextInputElement(action_id=ids.PASSCODE.action_id, max_length=10),
            hint="Up to 10 letters, digits or @ _ * -. Leave empty for Zoom's default.",
            optional=True,
        ),
        labelled(
            ids.OPTIONS,
            "Options",
            CheckboxesElement(
                action_id=ids.OPTIONS.action_id,
                options=option_list,
                initial_options=[o for o in option_list if o.value == "waiting_room"],
            ),
            hint=OPTIONS_HINT,
            optional=True,
        ),
        labelled(
            ids.RECORDING, "Recording", menu(ids.RECORDING, choices.RECORDING_CHOICES, "none")
        ),
        labelled(
            ids.AGENDA,
            "Agenda",
            PlainTextInputElement(
                action_id=ids.AGENDA.action_id, multiline=True, max_length=AGENDA_MAX
            ),
            optional=True,
        ),
        *_people_blocks(),
        labelled(
            ids.ANNOUNCE,
            "Announce in",
            announce,
            hint="The channel gets a message with the time and a Join button.",
            optional=True,
        ),
    ]


def schedule_modal(
    *,
    user_tz: str,
    topic: str | None,
    channel_id: str | None,
    repeat: str = "none",
    private_metadata: str = "",
    initial_date: date | None = None,
) -> View:
    """The scheduling modal, showing the recurrence fields for the chosen `repeat`."""
    repeat = repeat if repeat in choices.REPEAT_CHOICES else "none"
    topic_input = PlainTextInputElement(
        action_id=ids.TOPIC.action_id,
        initial_value=topic[:TOPIC_MAX] if topic else None,
        max_length=TOPIC_MAX,
        placeholder="Weekly sync",
    )
    repeat_block = labelled(ids.REPEAT, "Repeat", menu(ids.REPEAT, choices.REPEAT_CHOICES, repeat))
    repeat_block.dispatch_action = True
    blocks: list[Block] = [
        labelled(ids.TOPIC, "Topic", topic_input),
        *_timing_blocks(user_tz, initial_date),
        repeat_block,
        *_recurrence_blocks(repeat),
        *_extra_blocks(channel_id),
    ]
    view = View(
        type="modal",
        callback_id=ids.CALLBACK_ID,
        title=TITLE,
        submit="Schedule",
        close="Cancel",
        blocks=blocks,
        private_metadata=private_metadata or None,
    )
    view.validate_json()
    return view
