"""The Workflow Builder step "Create a Zoom meeting": inputs in, one meeting, outputs out.

Slack may deliver the same function_executed event again (a retry after a slow answer);
each execution id is claimed in the database first, so a redelivery creates nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError

from bot.meetings.request import ScheduleRequest
from bot.meetings.service import MeetingService
from bot.zoom.models import TOPIC_MAX, NewMeeting
from store.db import Database
from store.repos import workflow_steps as repo

logger = logging.getLogger(__name__)

DEFAULT_DURATION = 30
MAX_DURATION = 24 * 60
PAST_GRACE = timedelta(minutes=5)


class StepInputError(ValueError):
    """An input the workflow passed cannot make a meeting; the message says which and why."""


class AlreadyRan(Exception):
    """This execution was acted on before (a redelivered event)."""


@dataclass(frozen=True)
class StepInputs:
    """The step's validated inputs."""

    topic: str
    start_utc: datetime
    duration: int
    host_user_id: str


@dataclass(frozen=True)
class StepOutputs:
    """What the step hands to the workflow's next steps."""

    join_url: str
    meeting_id: str


def read_inputs(inputs: dict[str, Any], now: datetime) -> StepInputs:
    """Validate Workflow Builder's inputs (numbers may arrive as text)."""
    topic = str(inputs.get("topic") or "").strip()
    host = str(inputs.get("host") or "").strip()
    if not topic:
        raise StepInputError("The step needs a meeting topic.")
    if not host:
        raise StepInputError("The step needs a host (a Slack user).")
    try:
        start = datetime.fromtimestamp(float(inputs.get("start") or 0), UTC)
    except (TypeError, ValueError, OverflowError):
        raise StepInputError("The start time is not a date and time.") from None
    if start < now - PAST_GRACE:
        raise StepInputError("The start time is in the past.")
    raw = inputs.get("duration")
    try:
        duration = int(raw) if raw not in (None, "") else DEFAULT_DURATION
    except (TypeError, ValueError):
        raise StepInputError("The duration must be a whole number of minutes.") from None
    if not 1 <= duration <= MAX_DURATION:
        raise StepInputError(f"The duration must be between 1 and {MAX_DURATION} minutes.")
    return StepInputs(topic[:TOPIC_MAX], start.replace(microsecond=0), duration, host)


class WorkflowStepService:
    """Creates the step's meeting, hosted by the Slack user the workflow names."""

    def __init__(self, *, db: Database, meetings: MeetingService) -> None:
        self.db = db
        self.meetings = meetings

    async def create(self, team_id: str, execution_id: str, inputs: StepInputs) -> StepOutputs:
        """Claim the execution, then create exactly one meeting; raises AlreadyRan."""
        try:
            async with self.db.transaction() as session:
                await repo.add_run(session=session, execution_id=execution_id, team_id=team_id)
        except IntegrityError:
            raise AlreadyRan(execution_id) from None
        meeting = NewMeeting(
            topic=inputs.topic, type=2, start_time=inputs.start_utc, duration=inputs.duration
        )
        request = ScheduleRequest(meeting=meeting)
        created = await self.meetings.create_scheduled(team_id, inputs.host_user_id, request)
        zoom_meeting = created.meeting
        async with self.db.transaction() as session:
            await repo.set_run_meeting(
                session=session, execution_id=execution_id, zoom_meeting_id=zoom_meeting.id
            )
        logger.info("workflow_step.meeting_created", extra={"team_id": team_id})
        return StepOutputs(join_url=zoom_meeting.join_url, meeting_id=str(zoom_meeting.id))
