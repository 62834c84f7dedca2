"""Live meetings: subscriptions of a host, started cards, and the participant sets."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from store.live_models import LiveMeeting, Participant
from store.models import ChannelSubscription, LinkStatus, Meeting, MeetingStatus, ZoomLink


async def host_subscriptions(
    *, session: AsyncSession, zoom_user_id: str
) -> list[ChannelSubscription]:
    """Every subscription (in any workspace) to one Zoom host, oldest first."""
    query = select(ChannelSubscription).where(col(ChannelSubscription.zoom_user_id) == zoom_user_id)
    return list((await session.exec(query.order_by(col(ChannelSubscription.id)))).all())


async def channel_wants_names(
    *, session: AsyncSession, team_id: str, channel_id: str, zoom_user_id: str
) -> bool:
    """Whether a subscription to this host in this channel opted in to participant names."""
    query = select(ChannelSubscription.id).where(
        col(ChannelSubscription.team_id) == team_id,
        col(ChannelSubscription.channel_id) == channel_id,
        col(ChannelSubscription.zoom_user_id) == zoom_user_id,
        col(ChannelSubscription.show_names),
    )
    return (await session.exec(query.limit(1))).first() is not None


async def start_live(
    *, session: AsyncSession, meeting_id: int, instance_uuid: str, now: datetime
) -> LiveMeeting:
    """Begin (or restart) watching a started card."""
    live = await session.get(LiveMeeting, meeting_id, with_for_update=True)
    if live is None:
        live = LiveMeeting(meeting_id=meeting_id)
    live.instance_uuid = instance_uuid or live.instance_uuid
    live.started_at = live.last_heard_at = now
    live.waiting_alerted = False
    live.shown_version = live.version
    session.add(live)
    await session.flush()
    return live


async def stop_live(*, session: AsyncSession, meeting_ids: list[int]) -> None:
    """Stop watching cards whose meeting ended."""
    for meeting_id in meeting_ids:
        live = await session.get(LiveMeeting, meeting_id)
        if live is not None:
            await session.delete(live)
    await session.flush()


async def heard(
    *, session: AsyncSession, meeting_ids: list[int], now: datetime, changed: bool
) -> None:
    """Zoom spoke about these meetings; `changed`: who is in the room changed."""
    if not meeting_ids:
        return
    values: dict[str, object] = {"last_heard_at": now}
    if changed:
        values["version"] = col(LiveMeeting.version) + 1
    await session.exec(
        update(LiveMeeting)
        .where(col(LiveMeeting.meeting_id).in_(meeting_ids))
        .values(**values)
        .execution_options(synchronize_session=False)
    )


async def set_presence(
    *,
    session: AsyncSession,
    zoom_meeting_id: int,
    instance_uuid: str,
    key: str,
    name: str,
    present: bool,
    event_ts: int,
) -> bool:
    """Record one join or leave unless a later event already spoke; whether it counted."""
    row = {
        "zoom_meeting_id": zoom_meeting_id,
        "instance_uuid": instance_uuid,
        "participant_key": key,
        "name": name,
        "present": False,
        "last_event_ts": 0,
    }
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    await session.exec(insert(Participant).values(**row).on_conflict_do_nothing())
    query = select(Participant).where(
        col(Participant.zoom_meeting_id) == zoom_meeting_id,
        col(Participant.instance_uuid) == instance_uuid,
        col(Participant.participant_key) == key,
    )
    found = (await session.exec(query.with_for_update())).one()
    if found.last_event_ts > event_ts:
        return False  # out of order: a later event for this person already arrived
    found.present, found.last_event_ts = present, event_ts
    found.name = name or found.name
    session.add(found)
    await session.flush()
    return True


async def in_room(
    *, session: AsyncSession, zoom_meeting_id: int, instance_uuid: str, names: int
) -> tuple[int, list[str]]:
    """How many are in the room, and up to `names` of their names (first come first)."""
    where = (
        col(Participant.zoom_meeting_id) == zoom_meeting_id,
        col(Participant.instance_uuid) == instance_uuid,
        col(Participant.present),
    )
    total = (await session.exec(select(func.count()).select_from(Participant).where(*where))).one()
    shown: list[str] = []
    if names > 0:
        query = select(Participant.name).where(*where).order_by(col(Participant.id)).limit(names)
        shown = [n for n in (await session.exec(query)).all() if n]
    return int(total), shown


async def stale_cards(
    *, session: AsyncSession, before: datetime, limit: int
) -> list[tuple[LiveMeeting, Meeting]]:
    """Live cards Zoom has said nothing about since `before`."""
    query = (
        select(LiveMeeting, Meeting)
        .join(Meeting, col(Meeting.id) == col(LiveMeeting.meeting_id))
        .where(col(Meeting.status) == MeetingStatus.LIVE, col(LiveMeeting.last_heard_at) < before)
        .order_by(col(LiveMeeting.last_heard_at))
        .limit(limit)
    )
    return [(live, meeting) for live, meeting in (await session.exec(query)).all()]


async def cards_behind(*, session: AsyncSession, limit: int) -> list[tuple[LiveMeeting, Meeting]]:
    """Live cards whose participant count changed since they were last drawn."""
    query = (
        select(LiveMeeting, Meeting)
        .join(Meeting, col(Meeting.id) == col(LiveMeeting.meeting_id))
        .where(
            col(Meeting.status) == MeetingStatus.LIVE,
            col(LiveMeeting.version) > col(LiveMeeting.shown_version),
        )
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":  # other workers redraw other cards
        query = query.with_for_update(skip_locked=True, of=LiveMeeting)
    return [(live, meeting) for live, meeting in (await session.exec(query)).all()]


async def active_scopes(*, session: AsyncSession) -> list[str]:
    """The scope string of every working Zoom link."""
    query = select(ZoomLink.scope).where(col(ZoomLink.status) == LinkStatus.ACTIVE)
    return list((await session.exec(query)).all())


async def forget_room(*, session: AsyncSession, zoom_meeting_id: int, instance_uuid: str) -> int:
    """Drop one ended instance's participant set (names are kept no longer than needed)."""
    statement = delete(Participant).where(
        col(Participant.zoom_meeting_id) == zoom_meeting_id,
        col(Participant.instance_uuid) == instance_uuid,
    )
    return (await session.exec(statement)).rowcount
