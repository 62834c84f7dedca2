"""The Zoom stand-in's records: users, grants, codes, queued faults and received requests."""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass
class ZoomRequest:
    """One request the stand-in received; Authorization is redacted, the token kept apart."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    token: str | None
    json_body: Any
    form: dict[str, str]


@dataclass
class StandinUser:
    id: str
    email: str
    first_name: str
    last_name: str
    account_id: str
    timezone: str
    pmi: int
    type: int = 2

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "email": self.email,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "display_name": f"{self.first_name} {self.last_name}",
            "account_id": self.account_id,
            "timezone": self.timezone,
            "pmi": self.pmi,
            "personal_meeting_url": f"https://zoom.example/j/{self.pmi}",
            "type": self.type,
            "status": "active",
        }


@dataclass
class Grant:
    """One issued token pair; ``user_id`` is None for Server-to-Server tokens."""

    user_id: str | None
    account_id: str
    access_token: str
    refresh_token: str | None
    expires_at: datetime
    scope: str
    alive: bool = True


@dataclass
class AuthCode:
    user_id: str
    redirect_uri: str
    code_challenge: str | None


@dataclass
class Fault:
    target: str
    times: int
    status: int
    retry_after: str | None
    body: Any
    headers: dict[str, str]


USER_SCOPES = "meeting:read meeting:write user:read"
ACCOUNT_SCOPES = "meeting:read:admin meeting:write:admin user:read:admin"


def _token(prefix: str) -> str:
    return prefix + secrets.token_urlsafe(24)


def s256(verifier: str) -> str:
    """RFC 7636 S256 challenge of a verifier."""
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
