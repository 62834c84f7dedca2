"""The services a request needs, built once by the app's lifespan and handed to listeners."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from bot.crypto import TokenCipher
from bot.settings import Settings
from bot.slack_gateway import SlackGateway
from store.db import Database


@dataclass
class Services:
    """Everything listeners and endpoints call; built by `bot.app`, never at import time."""

    settings: Settings
    db: Database
    zoom_http: httpx.AsyncClient
    slack: SlackGateway
    cipher: TokenCipher | None
