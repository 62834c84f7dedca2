"""The scheduling modal: open it, redraw it when Repeat changes, and handle the submission."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext, AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.meetings.delegation import PeopleNotFound, resolve_people
from bot.meetings.request import People, ScheduleRequest
from bot.timefmt import is_valid_tz
from handlers.blocks import ids, to_dicts
from handlers.blocks.meeting_cards import scheduled_card, scheduled_confirmation
from handlers.blocks.schedule_modal import schedule_modal
from handlers.slack.context import CommandContext
from handlers.slack.error_replies import slack_error_text
from handlers.slack.interaction import guarded, interaction_context, meeting_service
from handlers.slack.schedule_form import parse_submission, selected_repeat
from store.types import utcnow

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ModalMeta:
    """What the modal carries in private_metadata: the origin channel and the user's zone."""

    channel_id: str | None
    tz: str

    def encode(self) -> str:
        """As private_metadata (well under Slack's 3000 characters)."""
        return json.dumps({"channel": self.channel_id, "tz": self.tz})

    @classmethod
    def decode(cls, raw: object) -> ModalMeta:
        """Read private_metadata defensively; anything odd falls back to UTC and no channel."""
        try:
            data = json.loads(raw) if isinstance(raw, str) and raw else {}
        except ValueError:
            data = {}
        data = data if isinstance(data, dict) else {}
        channel, tz = data.get("channel"), data.get("tz")
        return cls(
            channel_id=channel if isinstance(channel, str) and channel else None,
            tz=tz if isinstance(tz, str) and is_valid_tz(tz) else "UTC",
        )


async def _user_tz(client: AsyncWebClient, user_id: str) -> str:
    try:
        answer = await client.users_info(user=user_id)
    except SlackApiError as error:
        logger.warning("modal.users_info_failed", extra={"error": slack_error_text(error)})
        return "UTC"
    tz = (answer.get("user") or {}).get("tz")
    return tz if isinstance(tz, str) and is_valid_tz(tz) else "UTC"


async def open_schedule_modal(
    ctx: CommandContext, topic: str | None, channel_id: str | None
) -> None:
    """Check the Zoom link (user-level mode), then open the modal with the user's time zone."""
    accounts = ctx.services.zoom_accounts()
    if accounts.mode == "user":
        await accounts.identity(ctx.team_id, ctx.user_id)  # NotLinked -> the link button
    tz = await _user_tz(ctx.client, ctx.user_id)
    view = schedule_modal(
        user_tz=tz,
        topic=topic,
        channel_id=channel_id,
        private_metadata=ModalMeta(channel_id, tz).encode(),
        initial_date=datetime.now(ZoneInfo(tz)).date(),
    )
    await ctx.client.views_open(trigger_id=ctx.trigger_id, view=view.to_dict())


_REQUEST_FIELD_BLOCKS = {
    "schedule_for": ids.SCHEDULE_FOR.block_id,
    "alternative_hosts": ids.ALT_HOSTS.block_id,
}


def _field_errors(problems: dict[str, str]) -> dict[str, str]:
    """Service problems keyed by request field, re-keyed by the modal block that shows them."""
    return {
        _REQUEST_FIELD_BLOCKS.get(field, ids.TOPIC.block_id): text
        for field, text in problems.items()
    }


async def people_of(ctx: CommandContext, request: ScheduleRequest) -> People | dict[str, str]:
    """Zoom emails for "Schedule for" and "Alternative hosts", or field errors (before ack)."""
    if ctx.services.accounts is None:
        return People()  # scheduling itself will say Zoom is not configured
    try:
        return await resolve_people(ctx.services.accounts, ctx.team_id, request)
    except PeopleNotFound as missing:
        return _field_errors(missing.problems)
    except Exception as error:  # never create the meeting without the people asked for
        logger.warning("modal.people_lookup_failed", extra={"error": type(error).__name__})
        return {ids.SCHEDULE_FOR.block_id: "I couldn't look people up in Slack. Try again."}


async def schedule_meeting(ctx: CommandContext, request: ScheduleRequest, people: People) -> None:
    """Create the meeting at Zoom, announce it in the chosen channel, confirm to the user."""
    service = meeting_service(ctx.services)
    created = await service.create_scheduled(ctx.team_id, ctx.user_id, request, people)
    channel, problem = request.announce_channel, None
    host = request.schedule_for or ctx.user_id
    if channel:
        by = ctx.user_id if request.schedule_for else None
        text, blocks = scheduled_card(host, created.meeting, by)
        try:
            posted = await ctx.client.chat_postMessage(
                channel=channel, text=text, blocks=to_dicts(blocks)
            )
        except SlackApiError as error:
            problem = slack_error_text(error)
        else:
            await service.record_announcement(
                created.record_id, str(posted["channel"]), str(posted["ts"])
            )
    await ctx.reply(scheduled_confirmation(created.meeting, channel, problem, request.schedule_for))


def _current_topic(values: object) -> str | None:
    block = values.get(ids.TOPIC.block_id) if isinstance(values, dict) else None
    action = block.get(ids.TOPIC.action_id) if isinstance(block, dict) else None
    value = action.get("value") if isinstance(action, dict) else None
    return value if isinstance(value, str) and value else None


def register(app: AsyncApp) -> None:
    """Register the modal's submission and its Repeat menu."""

    @app.view(ids.CALLBACK_ID)
    async def on_submit(
        ack: AsyncAck,
        body: dict[str, Any],
        view: dict[str, Any],
        respond: AsyncRespond,
        client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:
        meta = ModalMeta.decode(view.get("private_metadata"))
        values = (view.get("state") or {}).get("values")
        ctx = interaction_context(body, context, respond, client)
        result = parse_submission(values, user_tz=meta.tz, now=utcnow(), user_id=ctx.user_id)
        if isinstance(result, dict):
            await ack(response_action="errors", errors=result)
            return
        people = await people_of(ctx, result)
        if isinstance(people, dict):
            await ack(response_action="errors", errors=people)
            return
        await ack()
        await guarded(ctx, schedule_meeting(ctx, result, people))

    @app.action(ids.REPEAT.action_id)
    async def on_repeat(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        view = body.get("view") or {}
        meta = ModalMeta.decode(view.get("private_metadata"))
        values = (view.get("state") or {}).get("values")
        updated = schedule_modal(
            user_tz=meta.tz,
            topic=_current_topic(values),
            channel_id=meta.channel_id,
            repeat=selected_repeat(values),
            private_metadata=str(view.get("private_metadata") or ""),
            initial_date=datetime.now(ZoneInfo(meta.tz)).date(),
        )
        try:
            await client.views_update(
                view_id=view.get("id"), hash=view.get("hash"), view=updated.to_dict()
            )
        except SlackApiError as error:  # a newer change already redrew it
            logger.info("modal.update_skipped", extra={"error": slack_error_text(error)})
