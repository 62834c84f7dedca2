"""Zoom's AI meeting summary: the model of its answer, and the path that fetches it.

A meeting instance is addressed by its UUID. Zoom's rule: a UUID that starts with ``/`` or
contains ``//`` must be URL-encoded twice, because one decoding happens before routing.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from bot.zoom.answers import MaybeInt, Text

# Any one of these lets an app read AI summaries (classic and granular scopes, user or admin).
SUMMARY_SCOPES = frozenset(
    {
        "meeting_summary:read",
        "meeting_summary:read:admin",
        "meeting:read:summary",
        "meeting:read:summary:admin",
    }
)


def grants_summaries(scope: str) -> bool:
    """Whether a token's space-separated scope string lets it read meeting summaries."""
    return bool(SUMMARY_SCOPES & set(scope.split()))


class SummaryDetail(BaseModel):
    """One labelled paragraph of the summary."""

    model_config = ConfigDict(extra="ignore")

    label: Text = ""
    summary: Text = ""


def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


class MeetingAiSummary(BaseModel):
    """GET /meetings/{meetingUUID}/meeting_summary; every field may be missing at first."""

    model_config = ConfigDict(extra="ignore")

    meeting_uuid: Text = ""
    meeting_id: MaybeInt = None
    meeting_topic: Text = ""
    meeting_host_id: Text = ""
    summary_title: Text = ""
    summary_overview: Text = ""
    summary_details: list[SummaryDetail] = Field(default_factory=list)
    next_steps: list[str] = Field(default_factory=list)
    summary_doc_url: Text = ""

    @field_validator("next_steps", mode="before")
    @classmethod
    def _steps(cls, value: Any) -> list[str]:
        return [step.strip() for step in _items(value) if isinstance(step, str) and step.strip()]

    @field_validator("summary_details", mode="before")
    @classmethod
    def _details(cls, value: Any) -> list[Any]:
        return [item for item in _items(value) if isinstance(item, dict)]

    @property
    def is_empty(self) -> bool:
        """Zoom answered before the summary was written: nothing to show yet."""
        details = any(d.summary.strip() for d in self.summary_details)
        return not (self.summary_overview.strip() or details or self.next_steps)

    @property
    def overview(self) -> str:
        """The overview, or the labelled details joined when Zoom gave no overview."""
        if self.summary_overview.strip():
            return self.summary_overview.strip()
        parts = [f"{d.label}: {d.summary}".strip(": ") for d in self.summary_details if d.summary]
        return "\n\n".join(parts)
