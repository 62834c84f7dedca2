"""How settings are read, and setting groups kept beside `bot.settings` (which builds on them)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class SettingsBase(BaseSettings):
    """The environment, then `.env`; empty values count as unset; unknown names are ignored."""

    model_config = SettingsConfigDict(
        env_file=".env", env_ignore_empty=True, extra="ignore", case_sensitive=False
    )


class LiveMeetingSettings(SettingsBase):
    """How live cards are watched."""

    # A live card Zoom has said nothing about for this long is checked with Zoom (and closed).
    meeting_silence_minutes: float = Field(default=30.0, gt=0, le=24 * 60)
    # A live card's participant count is redrawn at most once per this many seconds.
    participant_update_seconds: float = Field(default=5.0, gt=0, le=300)


class InteractionLimits(SettingsBase):
    """How much work after Slack's acknowledgement one process takes on at once."""

    # Slash commands, buttons and modal submissions running at once (each may wait on Zoom;
    # 100 is also how many connections the Zoom client keeps, so none waits for one there)
    slack_work_concurrency: int = Field(default=100, ge=1, le=10_000)
    # ...and how many more may wait for a turn before people are told to try again.
    slack_work_backlog: int = Field(default=512, ge=0, le=100_000)


# What the variables of these groups should look like (bot.settings names every fault at once).
GROUP_FORMS = {
    "MEETING_SILENCE_MINUTES": "minutes a live card may hear nothing before Zoom is asked",
    "PARTICIPANT_UPDATE_SECONDS": "seconds between participant-count redraws, up to 300",
    "SLACK_WORK_CONCURRENCY": "how many Slack interactions one process works on at once, 1-10000",
    "SLACK_WORK_BACKLOG": "how many more may wait for a turn before people hear it is busy",
}
