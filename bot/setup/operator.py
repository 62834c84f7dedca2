"""Proving the visitor of the setup page is the operator: one-time links, sessions, a password.

`zoombridge setup-link` prints a link holding a random token; only its SHA-256 is stored,
it works once and for `LINK_TTL`. Redeemed, it becomes a signed, expiring session cookie.
`SETUP_PASSWORD` allows HTTP basic auth instead.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
from datetime import timedelta

from itsdangerous import BadData, URLSafeTimedSerializer

from bot.settings import Settings
from store.db import Database
from store.repos.setup_tokens import add_setup_token, consume_setup_token
from store.types import utcnow

LINK_TTL = timedelta(minutes=15)
SESSION_SECONDS = 8 * 3600
LOGIN_PATH = "/setup/login"
_SALT = "zoombridge-setup-session"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def issue_setup_link(db: Database, public_url: str) -> str:
    """Store a fresh one-time token (hashed) and return the link that redeems it."""
    token = secrets.token_urlsafe(32)
    async with db.transaction() as session:
        await add_setup_token(
            session=session, token_hash=_digest(token), expires_at=utcnow() + LINK_TTL
        )
    return f"{public_url.rstrip('/')}{LOGIN_PATH}?token={token}"


async def redeem_setup_token(db: Database, token: str) -> bool:
    """Use up a setup token; False when unknown, used or expired."""
    if not token or len(token) > 256:
        return False
    async with db.transaction() as session:
        return await consume_setup_token(session=session, token_hash=_digest(token), now=utcnow())


class OperatorGate:
    """Decides whether a request comes from the operator, and signs their session."""

    def __init__(self, settings: Settings) -> None:
        self._password = settings.setup_password
        seed = settings.encryption_keys[0] if settings.encryption_keys else None
        if seed is None and self._password is not None:
            seed = self._password.get_secret_value()
        self._serializer = None
        if seed is not None:
            key = hmac.new(seed.encode(), _SALT.encode(), hashlib.sha256).hexdigest()
            self._serializer = URLSafeTimedSerializer(key, salt=_SALT)

    @property
    def can_sign_in(self) -> bool:
        """Whether sessions can be issued (a key or a password is configured)."""
        return self._serializer is not None

    @property
    def has_password(self) -> bool:
        """Whether SETUP_PASSWORD is set."""
        return self._password is not None

    def new_session(self) -> str:
        """A signed session value for the cookie."""
        assert self._serializer is not None
        return self._serializer.dumps({"operator": True})

    def session_valid(self, value: str | None) -> bool:
        """Whether a cookie value is a session we signed, younger than SESSION_SECONDS."""
        if not value or self._serializer is None:
            return False
        try:
            data = self._serializer.loads(value, max_age=SESSION_SECONDS)
        except BadData:
            return False
        return isinstance(data, dict) and data.get("operator") is True

    def password_valid(self, authorization: str | None) -> bool:
        """Whether an `Authorization: Basic ...` header carries SETUP_PASSWORD."""
        if self._password is None or not authorization:
            return False
        scheme, _, encoded = authorization.partition(" ")
        if scheme.lower() != "basic":
            return False
        try:
            decoded = base64.b64decode(encoded.strip(), validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return False
        _user, _, password = decoded.partition(":")
        expected = self._password.get_secret_value()
        return hmac.compare_digest(password.encode(), expected.encode())
