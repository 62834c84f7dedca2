"""The announcement card through a cloud recording's life: processing, then ready.

When a meeting that records to the cloud ends, its card says the recording is processing;
`recording.completed` turns that into "recording ready" with one line per kind of file and
the share link. Passcodes (and share links carrying ``?pwd=``) follow the channel's policy.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.notices.after_payload import recording_files, records_to_cloud
from bot.notices.after_render import RecordingState
from bot.notices.payload import ZoomEvent
from bot.notices.render import AnnouncementFacts
from bot.notices.routes.recordings import recording_completed
from bot.notices.routes.route_context import RouteContext, event_meetings, subscribers
from bot.zoom.recording_links import shareable
from store.models import Meeting, MeetingStatus

CLOUD = "cloud"


def records_in_cloud(meeting: Meeting, event: ZoomEvent) -> bool:
    """Known to record to the cloud: from our row, or from the started/ended payload."""
    return meeting.auto_recording == CLOUD or records_to_cloud(event)


def _card_update(
    ctx: RouteContext, meeting: Meeting, host_id: str, lasted: int | None, state: RecordingState
) -> None:
    if not (meeting.channel_id and meeting.message_ts):
        return
    ctx.add(
        "update",
        team_id=meeting.team_id,
        channel_id=meeting.channel_id,
        rendered=ctx.renderer.recording_card(
            AnnouncementFacts.of(meeting), lasted_minutes=lasted, recording=state
        ),
        zoom_user_id=host_id,
        meeting_id=meeting.id,
        ts=meeting.message_ts,
    )


def processing_card(ctx: RouteContext, meeting: Meeting, host_id: str, lasted: int | None) -> None:
    """The ended card of a cloud-recorded meeting: "recording processing"."""
    _card_update(ctx, meeting, host_id, lasted, RecordingState("processing"))


async def passcode_channels(ctx: RouteContext, host_id: str) -> set[tuple[str, str]]:
    """Channels whose subscription to this host's recordings opted in to passcodes."""
    subs = await subscribers(ctx, host_id, "recordings", set())
    return {(s.team_id, s.channel_id) for s in subs if s.include_passcodes}


async def recording_ready(event: ZoomEvent, ctx: RouteContext) -> None:
    """recording.completed: the thread and channel notices, then each card says "ready"."""
    await recording_completed(event, ctx)
    files = recording_files(event)
    at = datetime.fromtimestamp(event.event_ts / 1000, UTC)
    meetings = await event_meetings(ctx, files.meeting_id, files.host_id, "recording", at)
    allowed = await passcode_channels(ctx, files.host_id)
    for meeting in meetings:
        if meeting.status == MeetingStatus.CANCELLED:
            continue
        show = (meeting.team_id, meeting.channel_id) in allowed
        state = RecordingState(
            "ready",
            kinds=files.kinds,
            share_url=shareable(files.share_url, passcode_allowed=show),
            passcode=files.passcode if show and files.passcode else None,
        )
        _card_update(ctx, meeting, files.host_id, files.duration, state)
