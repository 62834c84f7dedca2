"""What Zoom answers, read tolerantly: the fields we use are parsed, the rest ignored.

An odd value in a field we use (null, a number where text was expected, a time without a
zone) becomes empty or is read sensibly rather than failing the whole answer; only a missing
meeting or user id is refused, and one unreadable list item is logged and skipped.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    field_validator,
    model_validator,
)

logger = logging.getLogger(__name__)


def _lenient(default: Any) -> WrapValidator:
    """Parse a field Zoom sent, or fall back to ``default`` when it is null or odd."""

    def validate(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        if value is None:
            return default
        try:
            return handler(value)
        except ValidationError:
            return default

    return WrapValidator(validate)


Text = Annotated[str, _lenient("")]
MaybeText = Annotated[str | None, _lenient(None)]
MaybeInt = Annotated[int | None, _lenient(None)]
MaybeTime = Annotated[datetime | None, _lenient(None)]


def zone_or_utc(name: str | None) -> ZoneInfo:
    """The named IANA zone, or UTC when the name is empty or unknown."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def aware(moment: datetime | None, timezone: str | None) -> datetime | None:
    """An aware UTC time; a zoneless one is read in ``timezone``, as Zoom reads its own input."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone_or_utc(timezone))
    return moment.astimezone(UTC)


class _Response(BaseModel):
    model_config = ConfigDict(extra="ignore")


class ZoomUser(_Response):
    """A Zoom user as returned by GET /users/{userId}."""

    id: str
    email: Text = ""
    first_name: Text = ""
    last_name: Text = ""
    display_name: Text = ""
    account_id: Text = ""
    timezone: Text = ""
    pmi: MaybeInt = None
    personal_meeting_url: Text = ""
    type: MaybeInt = None

    @property
    def name(self) -> str:
        """The best human name Zoom gave us."""
        full = f"{self.first_name} {self.last_name}".strip()
        return self.display_name or full or self.email or self.id


class Occurrence(_Response):
    """One occurrence of a recurring meeting."""

    occurrence_id: str
    start_time: MaybeTime = None
    duration: MaybeInt = None
    status: Text = "available"


class MeetingSummary(_Response):
    """A meeting as it appears in list results; start times are aware UTC."""

    id: int
    uuid: Text = ""
    host_id: Text = ""
    topic: Text = ""
    type: Annotated[int, _lenient(2)] = 2
    start_time: MaybeTime = None
    duration: MaybeInt = None
    timezone: MaybeText = None
    join_url: Text = ""
    agenda: MaybeText = None

    @model_validator(mode="after")
    def _aware_times(self) -> MeetingSummary:
        self.start_time = aware(self.start_time, self.timezone)
        return self


class Meeting(MeetingSummary):
    """A meeting as returned by create and GET /meetings/{id}.

    ``settings`` and ``recurrence`` are kept as Zoom sent them: nothing reads them back, and
    Zoom's answers hold values its own request rules refuse (a ``jbh_time`` of 15, say).
    """

    host_email: MaybeText = None
    assistant_id: MaybeText = None  # who scheduled it for the host (schedule_for)
    pmi: MaybeInt = None  # the host's PMI, when the meeting uses it
    status: MaybeText = None
    start_url: MaybeText = Field(default=None, repr=False)
    password: MaybeText = Field(default=None, repr=False)
    occurrences: Annotated[list[Occurrence], _lenient([])] = Field(default_factory=list)
    recurrence: Annotated[dict[str, Any] | None, _lenient(None)] = None
    settings: Annotated[dict[str, Any] | None, _lenient(None)] = None

    @model_validator(mode="after")
    def _aware_occurrences(self) -> Meeting:
        for occurrence in self.occurrences:
            occurrence.start_time = aware(occurrence.start_time, self.timezone)
        return self


class MeetingPage(_Response):
    """One page of GET /users/{userId}/meetings; an unreadable item is logged and skipped."""

    meetings: list[MeetingSummary] = Field(default_factory=list)
    next_page_token: MaybeText = None
    total_records: MaybeInt = None

    @field_validator("meetings", mode="before")
    @classmethod
    def _readable_items(cls, items: Any) -> list[MeetingSummary]:
        if not isinstance(items, list):
            return []
        readable = []
        for item in items:
            try:
                readable.append(MeetingSummary.model_validate(item))
            except ValidationError as error:
                fields = sorted({".".join(map(str, e["loc"])) for e in error.errors()})
                logger.warning("zoom.list_item_skipped", extra={"fields": fields})
        return readable
