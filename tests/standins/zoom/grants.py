"""OAuth grants in the Zoom stand-in: codes, rotating refresh tokens, account tokens, revocation."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from tests.standins.zoom.records import (
    ACCOUNT_SCOPES,
    USER_SCOPES,
    AuthCode,
    Grant,
    StandinUser,
    _token,
)


class ZoomGrants:
    """Who holds which token (mixed into `ZoomState`)."""

    account_id: str
    client_secret: str
    expires_in: int
    refresh_calls: int
    clock: Callable[[], datetime]
    lock: threading.RLock
    users: dict[str, StandinUser]
    _grants: list[Grant]
    _codes: dict[str, AuthCode]

    def issue_code(self, user_id: str, redirect_uri: str, code_challenge: str | None) -> str:
        """An authorization code as if ``user_id`` had consented."""
        with self.lock:
            code = _token("code_")
            self._codes[code] = AuthCode(user_id, redirect_uri, code_challenge)
            return code

    def take_code(self, code: str) -> AuthCode | None:
        """Consume a code: each works once."""
        with self.lock:
            return self._codes.pop(code, None)

    def grant_user(self, user_id: str) -> Grant:
        """New user tokens; a new authorisation kills the user's older tokens."""
        with self.lock:
            for old in self._grants:
                if old.user_id == user_id:
                    old.alive = False
            return self._new_grant(user_id, self.users[user_id].account_id, refresh=True)

    def grant_account(self) -> Grant:
        """A Server-to-Server token for the account; no refresh token."""
        with self.lock:
            return self._new_grant(None, self.account_id, refresh=False)

    def rotate(self, refresh_token: str) -> Grant | None:
        """Spend a refresh token: the old one dies, a new pair is issued."""
        with self.lock:
            self.refresh_calls += 1
            old = next((g for g in self._grants if g.refresh_token == refresh_token), None)
            if old is None or not old.alive or old.user_id is None:
                return None
            old.alive = False
            # The old access token stays usable until it expires, as at Zoom.
            survivor = Grant(
                old.user_id, old.account_id, old.access_token, None, old.expires_at, old.scope
            )
            self._grants.append(survivor)
            return self._new_grant(old.user_id, old.account_id, refresh=True)

    def revoke(self, token: str) -> None:
        """Kill the grant holding ``token`` (access or refresh)."""
        with self.lock:
            for grant in self._grants:
                if token in (grant.access_token, grant.refresh_token):
                    grant.alive = False

    def grant_for_access(self, token: str) -> Grant | None:
        with self.lock:
            return next((g for g in self._grants if g.access_token == token and g.alive), None)

    def secrets(self) -> set[str]:
        """Every token and credential this stand-in issued or knows (for leak checks)."""
        with self.lock:
            issued = {g.access_token for g in self._grants}
            issued |= {g.refresh_token for g in self._grants if g.refresh_token}
        return issued | {self.client_secret}

    def expire_all_access_tokens(self) -> None:
        """Make every issued access token expired (refresh tokens still work)."""
        with self.lock:
            past = self.clock() - timedelta(seconds=1)
            for grant in self._grants:
                grant.expires_at = past

    def _new_grant(self, user_id: str | None, account_id: str, *, refresh: bool) -> Grant:
        grant = Grant(
            user_id=user_id,
            account_id=account_id,
            access_token=_token("zat_"),
            refresh_token=_token("zrt_") if refresh else None,
            expires_at=self.clock() + timedelta(seconds=self.expires_in),
            scope=USER_SCOPES if user_id else ACCOUNT_SCOPES,
        )
        self._grants.append(grant)
        return grant
