"""Every Block Kit id in one place: button action ids, modal field and callback ids, block ids.

Builders put these on blocks; listeners match on them. Nothing outside handlers/ knows them.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.slack.manifest import SCHEDULE_SHORTCUT_ID

SCHEDULE_SHORTCUT = SCHEDULE_SHORTCUT_ID  # declared in the manifest, so it lives there

JOIN_MEETING = "join_meeting"  # a url button: Slack still sends an action, ack it
CANCEL_MEETING = "cancel_meeting"  # value: "<meeting id>" or "<meeting id>:<occurrence id>"
CANCEL_OCCURRENCE = "cancel_occurrence"  # value: "<meeting id>:<occurrence id>"
CANCEL_SERIES = "cancel_series"  # value: "<meeting id>"
CANCEL_DISMISS = "cancel_dismiss"
LIST_PAGE = "list_page"  # value: the 1-based page number to show
LINK_ZOOM = "link_zoom"  # a url button to Zoom's authorize page
SCHEDULE_OPEN = "schedule_open"  # opens the scheduling modal
OPEN_RECORDING = "open_recording"  # a url button to the recording
UNLINK_ZOOM = "unlink_zoom"  # App Home
NOT_ME_UNLINK = "not_me_unlink"  # in the "linked" DM: this Zoom account is not mine
LIST_PAGE_PREV_BLOCK = "list_page_prev"
LIST_PAGE_NEXT_BLOCK = "list_page_next"

# -- the scheduling modal -------------------------------------------------------------------


@dataclass(frozen=True)
class FieldIds:
    """The block id (error key) and action id (state key) of one modal input."""

    block_id: str
    action_id: str


CALLBACK_ID = "schedule_meeting"
TOPIC = FieldIds("topic", "topic_input")
DATE = FieldIds("date", "date_input")
START_TIME = FieldIds("start_time", "start_time_input")
DURATION = FieldIds("duration", "duration_input")
TIMEZONE = FieldIds("timezone", "timezone_input")
REPEAT = FieldIds("repeat", "repeat_input")  # dispatches block_actions: rebuild the view
INTERVAL = FieldIds("repeat_interval", "repeat_interval_input")
WEEKLY_DAYS = FieldIds("weekly_days", "weekly_days_input")
MONTHLY_DAY = FieldIds("monthly_day", "monthly_day_input")
END_RULE = FieldIds("ends", "ends_input")
END_COUNT = FieldIds("end_count", "end_count_input")
END_DATE = FieldIds("end_date", "end_date_input")
PASSCODE = FieldIds("passcode", "passcode_input")
OPTIONS = FieldIds("options", "options_input")
RECORDING = FieldIds("recording", "recording_input")
AGENDA = FieldIds("agenda", "agenda_input")
ANNOUNCE = FieldIds("announce", "announce_input")
SCHEDULE_FOR = FieldIds("schedule_for", "schedule_for_input")
ALT_HOSTS = FieldIds("alternative_hosts", "alternative_hosts_input")
