"""What the scheduling modal offers in each menu; the form parser accepts exactly these."""

from __future__ import annotations

from typing import Literal

DURATION_CHOICES = (15, 30, 45, 60, 90, 120, 180, 240)
REPEAT_CHOICES = {
    "none": "Does not repeat",
    "daily": "Daily",
    "weekly": "Weekly",
    "monthly": "Monthly",
}
INTERVAL_UNIT = {"daily": "days", "weekly": "weeks", "monthly": "months"}
# Zoom numbers weekdays from 1 = Sunday.
WEEKDAYS = tuple(
    (str(n), name) for n, name in enumerate(("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"), 1)
)
END_RULE_CHOICES = {"count": "After a number of times", "date": "On a date"}
OPTION_CHOICES = {
    "waiting_room": "Waiting room",
    "join_before_host": "Let people join before the host",
    "mute_upon_entry": "Mute people when they join",
    "use_pmi": "Use the host's Personal Meeting ID",
}
RECORDING_CHOICES = {
    "none": "Don't record",
    "local": "Record on the host's computer",
    "cloud": "Record to the cloud",
}
# Zoom's recurrence type for each Repeat choice.
REPEAT_TYPES: dict[str, Literal[1, 2, 3]] = {"daily": 1, "weekly": 2, "monthly": 3}
