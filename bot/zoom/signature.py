"""Zoom webhook verification: ``x-zm-signature`` checks and URL validation answers."""

from __future__ import annotations

import hashlib
import hmac
import time

MAX_TIMESTAMP_DIGITS = 12  # seconds until the year 33658; anything longer is not a clock


class InvalidSignature(Exception):
    """A webhook request failed verification; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


def _hex_hmac(secret: str, message: bytes) -> str:
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def zoom_signature(*, secret: str, body: bytes, timestamp: str) -> str:
    """The ``x-zm-signature`` value Zoom sends for this body and timestamp."""
    return "v0=" + _hex_hmac(secret, b"v0:" + timestamp.encode() + b":" + body)


def verify_zoom_signature(
    *,
    secret: str,
    body: bytes,
    timestamp: str | None,
    signature: str | None,
    now: float | None = None,
    tolerance: int = 300,
) -> None:
    """Raise InvalidSignature unless ``signature`` signs ``body`` at a fresh ``timestamp``."""
    if not timestamp or not signature:
        raise InvalidSignature("missing x-zm-signature or x-zm-request-timestamp header")
    if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= MAX_TIMESTAMP_DIGITS):
        raise InvalidSignature("timestamp is not a number of seconds")
    sent_at = int(timestamp)
    current = time.time() if now is None else now
    if abs(current - sent_at) > tolerance:
        raise InvalidSignature("stale timestamp")
    expected = zoom_signature(secret=secret, body=body, timestamp=timestamp)
    if not hmac.compare_digest(expected.encode(), signature.encode()):
        raise InvalidSignature("bad signature")


def url_validation_response(secret: str, plain_token: str) -> dict[str, str]:
    """Answer Zoom's ``endpoint.url_validation`` challenge."""
    return {"plainToken": plain_token, "encryptedToken": _hex_hmac(secret, plain_token.encode())}
