"""Channel reminders before meetings, sent with Slack's scheduled messages through the outbox.

One row per (meeting, channel) holds the next reminder. `sync` compares what Slack should hold
with what was last scheduled and queues the outbox calls that close the gap: schedule, or
delete then schedule when the meeting moved, or delete when it was cancelled. Slack schedules
at most 120 days ahead; a later reminder waits (state WAITING) for the horizon job.
A recurring meeting has only its next occurrence scheduled; the next one after it starts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.notices.live_render import LiveRenderer
from bot.notices.routes.route_context import Notice
from bot.notices.scheduled import SCHEDULE, UNSCHEDULE
from store.live_models import Reminder, ReminderState
from store.models import Meeting, MeetingStatus
from store.repos.zoom_user import ZOOM_USER_KEY
from store.types import utcnow

SLACK_HORIZON = timedelta(days=120)
HORIZON_MARGIN = timedelta(hours=6)  # schedule a little inside Slack's limit
REMIND_CHOICES = (5, 10, 15, 30, 60)
REMIND_MAX = 24 * 60


@dataclass(frozen=True)
class Wanted:
    """The reminder Slack should hold."""

    post_at: datetime
    text: str
    blocks: list[dict[str, Any]]


def occurrence_starts(values: Iterable[Any]) -> list[str]:
    """Occurrence start times as sorted ISO strings (from datetimes or Zoom's strings)."""
    found: set[str] = set()
    for value in values:
        if isinstance(value, datetime):
            found.add(value.isoformat())
        elif isinstance(value, str) and value:
            try:
                parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                continue
            if parsed.tzinfo is not None:
                found.add(parsed.isoformat())
    return sorted(found, key=datetime.fromisoformat)


def next_start(reminder: Reminder, meeting: Meeting, now: datetime) -> datetime | None:
    """The start the reminder is for: the next occurrence, or the meeting's start."""
    if meeting.status == MeetingStatus.CANCELLED:
        return None
    if meeting.recurring:
        later = [s for s in map(datetime.fromisoformat, reminder.occurrences) if s > now]
        if later or reminder.occurrences:
            return min(later) if later else None
    elif meeting.status != MeetingStatus.SCHEDULED:
        return None
    start = meeting.start_time
    return start if start is not None and start > now else None


def wanted(
    reminder: Reminder, meeting: Meeting, renderer: LiveRenderer, now: datetime
) -> Wanted | None:
    """What Slack should hold for this reminder now, if anything."""
    start = next_start(reminder, meeting, now)
    if start is None:
        return None
    post_at = (start - timedelta(minutes=reminder.minutes)).replace(microsecond=0)
    if post_at <= now:
        return None
    text, blocks = renderer.reminder(
        topic=meeting.topic, start_utc=start, minutes=reminder.minutes, join_url=meeting.join_url
    )
    return Wanted(post_at, text, blocks)


def _call(
    action: str,
    reminder: Reminder,
    meeting: Meeting,
    post_at: datetime,
    text: str,
    blocks: list[dict[str, Any]] | None,
) -> Notice:
    payload: dict[str, Any] = {
        "post_at": int(post_at.timestamp()),
        "text": text,
        ZOOM_USER_KEY: meeting.host_zoom_user_id,
    }
    if blocks:
        payload["blocks"] = blocks
    return Notice(reminder.team_id, reminder.channel_id, action, payload, meeting.id)


def sync(
    reminder: Reminder, meeting: Meeting, renderer: LiveRenderer, now: datetime
) -> list[Notice]:
    """Bring the reminder row in line with the meeting; the outbox calls that takes."""
    target = wanted(reminder, meeting, renderer, now)
    held = reminder.state == ReminderState.SCHEDULED and reminder.post_at is not None
    if target is not None and (reminder.post_at, reminder.text) == (target.post_at, target.text):
        beyond = target.post_at > now + SLACK_HORIZON - HORIZON_MARGIN
        if held or (reminder.state == ReminderState.WAITING and beyond):
            return []
    notices: list[Notice] = []
    if held and reminder.post_at is not None and reminder.post_at > now:
        notices.append(_call(UNSCHEDULE, reminder, meeting, reminder.post_at, reminder.text, None))
    reminder.updated_at = now
    if target is None:
        reminder.state, reminder.post_at, reminder.text = ReminderState.OFF, None, ""
        return notices
    reminder.post_at, reminder.text = target.post_at, target.text
    if target.post_at > now + SLACK_HORIZON - HORIZON_MARGIN:
        reminder.state = ReminderState.WAITING
        return notices
    reminder.state = ReminderState.SCHEDULED
    notices.append(_call(SCHEDULE, reminder, meeting, target.post_at, target.text, target.blocks))
    return notices


async def ensure(
    *,
    session: AsyncSession,
    meeting: Meeting,
    channel_id: str,
    minutes: int,
    renderer: LiveRenderer,
    occurrences: Iterable[Any] = (),
    now: datetime | None = None,
) -> list[Notice]:
    """Create or change the meeting's reminder in one channel; the outbox calls owed."""
    assert meeting.id is not None
    query = select(Reminder).where(
        col(Reminder.meeting_id) == meeting.id, col(Reminder.channel_id) == channel_id
    )
    reminder = (await session.exec(query.with_for_update())).first()
    if reminder is None:
        reminder = Reminder(meeting_id=meeting.id, team_id=meeting.team_id, channel_id=channel_id)
    reminder.minutes = max(1, min(minutes, REMIND_MAX))
    starts = occurrence_starts(occurrences)
    if starts:
        reminder.occurrences = starts
    notices = sync(reminder, meeting, renderer, now or utcnow())
    session.add(reminder)
    await session.flush()
    return notices


def after_started(occurrences: list[str], at: datetime) -> list[str]:
    """The occurrences left once the one nearest `at` started (it and earlier ones drop)."""
    starts = [datetime.fromisoformat(s) for s in occurrences]
    if not starts:
        return []
    running = min(starts, key=lambda s: abs((s - at).total_seconds()))
    return [s.isoformat() for s in starts if s > running]


async def resync_meeting(
    *,
    session: AsyncSession,
    meeting: Meeting,
    renderer: LiveRenderer,
    occurrences: Iterable[Any] | None = None,
    now: datetime | None = None,
    started_at: datetime | None = None,
) -> list[Notice]:
    """After a meeting changed (or one occurrence started): move, renew or delete reminders."""
    query = select(Reminder).where(col(Reminder.meeting_id) == meeting.id).with_for_update()
    notices: list[Notice] = []
    for reminder in (await session.exec(query)).all():
        if occurrences is not None:
            reminder.occurrences = occurrence_starts(occurrences)
        if started_at is not None and meeting.recurring:
            reminder.occurrences = after_started(reminder.occurrences, started_at)
        notices += sync(reminder, meeting, renderer, now or utcnow())
        session.add(reminder)
    await session.flush()
    return notices


async def cancel_reminders(*, session: AsyncSession, meeting: Meeting) -> list[Notice]:
    """The meeting was cancelled from Slack: delete its scheduled reminders everywhere."""
    query = select(Reminder).where(col(Reminder.meeting_id) == meeting.id).with_for_update()
    notices: list[Notice] = []
    now = utcnow()
    for reminder in (await session.exec(query)).all():
        held = reminder.state == ReminderState.SCHEDULED and reminder.post_at is not None
        if held and reminder.post_at is not None and reminder.post_at > now:
            notices.append(
                _call(UNSCHEDULE, reminder, meeting, reminder.post_at, reminder.text, None)
            )
        reminder.state, reminder.post_at, reminder.text = ReminderState.OFF, None, ""
        reminder.updated_at = now
        session.add(reminder)
    await session.flush()
    return notices
