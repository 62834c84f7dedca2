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
