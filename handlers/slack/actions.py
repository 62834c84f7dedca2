"""Buttons on our messages and App Home: cancel (with the series choice), paging, links."""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond

from bot.meetings.results import Cancelled, NeedsChoice, Scope
from handlers.blocks import ids as action_ids
from handlers.blocks.meeting_cards import cancelled_message, cancelled_text, choice_message
from handlers.blocks.messages import error_message, info_message
from handlers.slack.grammar import parse_action_value
from handlers.slack.home import publish_home
from handlers.slack.interaction import InteractionContext, acked
from handlers.slack.meeting_commands import cancel_step, show_list

logger = logging.getLogger(__name__)

STALE_BUTTON = "That button is out of date. Run `/zoom list` for a fresh one."
URL_BUTTONS = (action_ids.JOIN_MEETING, action_ids.LINK_ZOOM, action_ids.OPEN_RECORDING)


def _value(body: dict[str, Any]) -> str:
    actions = body.get("actions") or [{}]
    return str(actions[0].get("value") or "")


def _in_home(body: dict[str, Any]) -> bool:
    return (body.get("view") or {}).get("type") == "home"


async def _cancel_clicked(ctx: InteractionContext, body: dict[str, Any]) -> None:
    ref = parse_action_value(_value(body))
    if ref is None:
        await ctx.reply(error_message(STALE_BUTTON))
        return
    outcome = await cancel_step(ctx, ref, None)
    if isinstance(outcome, NeedsChoice):
        await ctx.reply(choice_message(outcome))
    elif isinstance(outcome, Cancelled) and _in_home(body):
        await publish_home(ctx)
        await ctx.reply(cancelled_message(outcome))
    elif isinstance(outcome, Cancelled):
        await show_list(ctx, replace=True, notice=cancelled_text(outcome))


async def _choice_clicked(ctx: InteractionContext, body: dict[str, Any], scope: Scope) -> None:
    ref = parse_action_value(_value(body))
    if ref is None or (scope == "occurrence") != bool(ref.occurrence_id):
        await ctx.reply(error_message(STALE_BUTTON))
        return
    outcome = await cancel_step(ctx, ref, scope)
    if isinstance(outcome, Cancelled):
        await ctx.reply(cancelled_message(outcome), replace=True)


async def _page_clicked(ctx: InteractionContext, body: dict[str, Any]) -> None:
    number, _, scope = _value(body).partition(":")
    page = int(number) if number.isdigit() else 1
    if _in_home(body):
        await publish_home(ctx, page)
    else:
        await show_list(ctx, page, replace=True, include_others=scope == "all")


async def _not_me_clicked(ctx: InteractionContext, _body: dict[str, Any]) -> None:
    flow = ctx.services.link_flow
    removed = flow is not None and await flow.unlink(ctx.team_id, ctx.user_id)
    logger.warning("zoom.link_disowned", extra={"team_id": ctx.team_id, "removed": removed})
    text = (
        "Unlinked. That Zoom account no longer acts for you; run `/zoom link` to link your own."
        if removed
        else "No Zoom account is linked to you."
    )
    await ctx.reply(info_message(text), replace=True)


def register(app: AsyncApp) -> None:
    """Register the button listeners."""

    app.action(action_ids.CANCEL_MEETING)(acked(_cancel_clicked))
    app.action(action_ids.CANCEL_OCCURRENCE)(acked(partial(_choice_clicked, scope="occurrence")))
    app.action(action_ids.CANCEL_SERIES)(acked(partial(_choice_clicked, scope="series")))
    app.action(action_ids.LIST_PAGE)(acked(_page_clicked))
    app.action(action_ids.NOT_ME_UNLINK)(acked(_not_me_clicked))

    @app.action(action_ids.CANCEL_DISMISS)
    async def on_dismiss(ack: AsyncAck, respond: AsyncRespond) -> None:
        await ack()
        if respond.response_url is not None:
            await respond(delete_original=True)

    for action_id in URL_BUTTONS:

        @app.action(action_id)
        async def on_url_button(ack: AsyncAck) -> None:
            await ack()  # the browser opens the URL; Slack still wants an answer
