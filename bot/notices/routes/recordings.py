"""recording.completed: "Recording ready" with the share link; the passcode only where allowed.

Download links and the download token are never read from the payload, so they can reach
neither the outbox nor Slack.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from bot.notices.payload import RecordingFacts, ZoomEvent, recording_facts
from bot.notices.routes.route_context import RouteContext, event_meetings, subscribers
from store.repos.links import links_for_zoom_user

logger = logging.getLogger(__name__)


def without_passcode(url: str) -> str:
    """The share link minus a `pwd` query parameter (it opens the recording without asking)."""
    parts = urlsplit(url)
    kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() != "pwd"]
    return urlunsplit(parts._replace(query=urlencode(kept)))


async def recording_completed(event: ZoomEvent, ctx: RouteContext) -> None:
    """Recording ready: to subscribed channels and announcement threads; passcode by rule."""
    facts = recording_facts(event)
    if not facts.share_url:
        logger.info("notice.recording_without_share_url", extra={"zoom_event": event.event})
        return
    targets: dict[tuple[str, str], tuple[str | None, bool]] = {}  # -> (thread_ts, passcode ok)
    hosts: dict[str, str] = {}  # team -> the host's Slack user, for the passcode DM
    at = datetime.fromtimestamp(event.event_ts / 1000, UTC)
    meetings = await event_meetings(ctx, facts.meeting_id, facts.host_id, "recording", at)
    for meeting in meetings:
        if meeting.host_zoom_user_id == facts.host_id:
            hosts[meeting.team_id] = meeting.slack_user_id
        if meeting.channel_id and meeting.message_ts:
            targets[(meeting.team_id, meeting.channel_id)] = (meeting.message_ts, False)
    for sub in await subscribers(ctx, facts.host_id, "recordings", set()):
        thread, shown = targets.get((sub.team_id, sub.channel_id), (None, False))
        targets[(sub.team_id, sub.channel_id)] = (thread, shown or sub.include_passcodes)
    hidden_in: set[str] = set()
    for (team_id, channel_id), (thread_ts, show) in targets.items():
        passcode = facts.passcode if show else None
        share_url = facts.share_url if show else without_passcode(facts.share_url)
        rendered = ctx.renderer.recording(topic=facts.topic, share_url=share_url, passcode=passcode)
        ctx.add(
            "post",
            team_id=team_id,
            channel_id=channel_id,
            rendered=rendered,
            zoom_user_id=facts.host_id,
            thread_ts=thread_ts,
        )
        if facts.passcode and not show:
            hidden_in.add(team_id)
    if hidden_in:
        await _passcode_to_host(ctx, facts, hidden_in, hosts)


async def _passcode_to_host(
    ctx: RouteContext, facts: RecordingFacts, teams: set[str], hosts: dict[str, str]
) -> None:
    for link in await links_for_zoom_user(session=ctx.session, zoom_user_id=facts.host_id):
        hosts[link.team_id] = link.slack_user_id
    rendered = ctx.renderer.passcode_for_host(
        topic=facts.topic, share_url=facts.share_url, passcode=facts.passcode
    )
    for team_id in sorted(teams & hosts.keys()):
        ctx.add(
            "dm",
            team_id=team_id,
            channel_id=hosts[team_id],
            rendered=rendered,
            zoom_user_id=facts.host_id,
        )
