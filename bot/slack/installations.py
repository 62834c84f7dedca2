"""slack_sdk's SQLAlchemy installation store, with every token encrypted at rest."""

from __future__ import annotations

import copy
from logging import Logger
from typing import TypeVar

from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.crypto import TokenCipher
from store.models import SLACK_BOTS_TABLE, SLACK_INSTALLATIONS_TABLE, SLACK_TOKEN_COLUMNS

_Record = TypeVar("_Record", Installation, Bot)


class EncryptedInstallationStore(AsyncInstallationStore):
    """Delegates to slack_sdk's store; encrypts tokens on save and decrypts them on find."""

    def __init__(self, *, client_id: str, engine: AsyncEngine, cipher: TokenCipher) -> None:
        self._inner = AsyncSQLAlchemyInstallationStore(
            client_id=client_id,
            engine=engine,
            bots_table_name=SLACK_BOTS_TABLE,
            installations_table_name=SLACK_INSTALLATIONS_TABLE,
        )
        self._cipher = cipher

    @property
    def logger(self) -> Logger:
        return self._inner.logger

    def _seal(self, record: _Record) -> _Record:
        sealed = copy.copy(record)
        for name in SLACK_TOKEN_COLUMNS:
            value = getattr(sealed, name, None)
            if isinstance(value, str) and value:
                setattr(sealed, name, self._cipher.encrypt(value))
        return sealed

    def _open(self, record: _Record | None) -> _Record | None:
        if record is None:
            return None
        for name in SLACK_TOKEN_COLUMNS:
            value = getattr(record, name, None)
            if isinstance(value, str) and value:
                setattr(record, name, self._cipher.decrypt(value))
        return record

    async def async_save(self, installation: Installation) -> None:
        await self._inner.async_save(self._seal(installation))

    async def async_save_bot(self, bot: Bot) -> None:
        await self._inner.async_save_bot(self._seal(bot))

    async def async_find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        found = await self._inner.async_find_bot(
            enterprise_id=enterprise_id,
            team_id=team_id,
            is_enterprise_install=is_enterprise_install,
        )
        return self._open(found)

    async def async_find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        found = await self._inner.async_find_installation(
            enterprise_id=enterprise_id,
            team_id=team_id,
            user_id=user_id,
            is_enterprise_install=is_enterprise_install,
        )
        return self._open(found)

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await self._inner.async_delete_bot(enterprise_id=enterprise_id, team_id=team_id)

    async def async_delete_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
    ) -> None:
        await self._inner.async_delete_installation(
            enterprise_id=enterprise_id, team_id=team_id, user_id=user_id
        )
