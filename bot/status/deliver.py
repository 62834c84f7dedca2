"""Making one status outbox row's calls with the person's own token, read at delivery time.

"set" remembers the status on display before ours (unless ours is already up) and shows
ours; "restore" puts the remembered one back. Either leaves alone a status the person set
themselves while ours was up. A token Slack no longer accepts turns the feature off.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.crypto import TokenCipher
from bot.slack.gateway import SlackGateway
from bot.status.facts import PAUSE_SCOPE, STATUS_EMOJI, STATUS_TEXT, TOKEN_GONE, Status
from store.db import Database
from store.repos import status_people as repo
from store.repos.outbox import Claimed
from store.status_models import StatusSync

logger = logging.getLogger(__name__)

TokenGone = Callable[[str, str], Awaitable[None]]  # (team_id, slack_user_id)


def _ours_expired(current: Status, shown: Status, now: float) -> bool:
    """Slack cleared our status at its expiration: still ours to restore over."""
    return current.blank and 0 < shown.expiration <= now


class StatusDelivery:
    """The outbox call kind "status": users.profile.get/set and dnd with a user token."""

    def __init__(
        self, *, db: Database, cipher: TokenCipher, slack: SlackGateway, token_gone: TokenGone
    ) -> None:
        self._db = db
        self._cipher = cipher
        self._slack = slack
        self._token_gone = token_gone

    async def __call__(self, row: Claimed) -> str | None:
        """Make the row's calls; None when the person turned sync off meanwhile."""
        user = str(row.payload.get("user", ""))
        person = await self._person(row.team_id, user)
        if person is None:
            return None
        client = self._slack.client(self._cipher.decrypt(person.user_token_enc))
        try:
            if row.payload.get("op") == "restore":
                await self._restore(client, person)
            else:
                await self._set(client, person, int(row.payload.get("expiration", 0)))
        except SlackApiError as error:
            if str(error.response.get("error", "")) in TOKEN_GONE:
                await self._token_gone(row.team_id, user)
            raise
        return None

    async def _person(self, team_id: str, user: str) -> StatusSync | None:
        async with self._db.sessions() as session:
            return await repo.get_sync(session=session, team_id=team_id, slack_user_id=user)

    async def _store(self, person: StatusSync, **values: object) -> None:
        # One person's status rows share an outbox lane, so nothing else writes these meanwhile.
        async with self._db.transaction() as session:
            row = await repo.get_sync(
                session=session,
                team_id=person.team_id,
                slack_user_id=person.slack_user_id,
                for_update=True,
            )
            if row is not None:
                await repo.update_sync(session=session, row=row, **values)

    async def _set(self, client: AsyncWebClient, person: StatusSync, expiration: int) -> None:
        current = Status.from_profile((await client.users_profile_get()).get("profile"))
        shown = Status.from_json(person.shown_status)
        now = time.time()
        if shown is not None and not (current.same_as(shown) or _ours_expired(current, shown, now)):
            logger.info("status.left_alone", extra={"reason": "changed_by_person"})
            return
        ours = Status(STATUS_TEXT, STATUS_EMOJI, expiration)
        await client.users_profile_set(profile=ours.to_profile())
        values: dict[str, object] = {"shown_status": ours.to_profile()}
        if shown is None:
            values["saved_status"] = current.to_profile()
        if person.pause_notifications and PAUSE_SCOPE in person.scope.split(","):
            await client.dnd_setSnooze(num_minutes=max(1, round((expiration - now) / 60)))
            values["snoozed"] = True
        await self._store(person, **values)
        logger.info("status.set", extra={"team_id": person.team_id})

    async def _restore(self, client: AsyncWebClient, person: StatusSync) -> None:
        shown = Status.from_json(person.shown_status)
        if shown is not None:
            current = Status.from_profile((await client.users_profile_get()).get("profile"))
            now = time.time()
            if current.same_as(shown) or _ours_expired(current, shown, now):
                saved = Status.from_json(person.saved_status) or Status()
                if 0 < saved.expiration <= now:  # it would have run out by now anyway
                    saved = Status()
                await client.users_profile_set(profile=saved.to_profile())
                logger.info("status.restored", extra={"team_id": person.team_id})
            else:
                logger.info("status.left_alone", extra={"reason": "changed_by_person"})
        if person.snoozed:
            await _end_snooze(client)
        await self._store(person, shown_status=None, saved_status=None, snoozed=False)


async def _end_snooze(client: AsyncWebClient) -> None:
    try:
        await client.dnd_endSnooze()
    except SlackApiError as error:  # they ended it themselves: nothing to undo
        if error.response.get("error") != "snooze_not_active":
            raise
