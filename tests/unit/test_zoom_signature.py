"""Zoom webhook signature checks and URL validation answers."""

from __future__ import annotations

import hashlib
import hmac

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.zoom.signature import (
    InvalidSignature,
    url_validation_response,
    verify_zoom_signature,
    zoom_signature,
)

SECRET = "webhook-secret"
BODY = b'{"event":"meeting.started","event_ts":1700000000123}'
TS = "1700000000"
NOW = 1700000000.0


def test_known_signature_verifies() -> None:
    digest = hmac.new(SECRET.encode(), b"v0:" + TS.encode() + b":" + BODY, hashlib.sha256)
    signature = "v0=" + digest.hexdigest()
    assert zoom_signature(secret=SECRET, body=BODY, timestamp=TS) == signature
    verify_zoom_signature(secret=SECRET, body=BODY, timestamp=TS, signature=signature, now=NOW)


@pytest.mark.parametrize(("timestamp", "signature"), [(None, "v0=ab"), (TS, None), ("", "")])
def test_missing_headers(timestamp: str | None, signature: str | None) -> None:
    with pytest.raises(InvalidSignature) as caught:
        verify_zoom_signature(
            secret=SECRET, body=BODY, timestamp=timestamp, signature=signature, now=NOW
        )
    assert "missing" in caught.value.reason


@pytest.mark.parametrize("skew", [-301, 301, 10_000])
def test_stale_timestamp(skew: int) -> None:
    signature = zoom_signature(secret=SECRET, body=BODY, timestamp=TS)
    with pytest.raises(InvalidSignature, match="stale"):
        verify_zoom_signature(
            secret=SECRET, body=BODY, timestamp=TS, signature=signature, now=NOW + skew
        )


def test_timestamp_within_tolerance() -> None:
    signature = zoom_signature(secret=SECRET, body=BODY, timestamp=TS)
    verify_zoom_signature(
        secret=SECRET, body=BODY, timestamp=TS, signature=signature, now=NOW + 300
    )


def test_non_numeric_timestamp() -> None:
    with pytest.raises(InvalidSignature):
        verify_zoom_signature(secret=SECRET, body=BODY, timestamp="soon", signature="v0=", now=NOW)


@pytest.mark.parametrize("signature", ["v0=" + "0" * 64, "v1=abc", "garbage", "v0=" + "é" * 64])
def test_bad_signature(signature: str) -> None:
    with pytest.raises(InvalidSignature, match="bad signature"):
        verify_zoom_signature(secret=SECRET, body=BODY, timestamp=TS, signature=signature, now=NOW)


def test_wrong_secret() -> None:
    signature = zoom_signature(secret="other", body=BODY, timestamp=TS)
    with pytest.raises(InvalidSignature, match="bad signature"):
        verify_zoom_signature(secret=SECRET, body=BODY, timestamp=TS, signature=signature, now=NOW)


def test_url_validation_response() -> None:
    answer = url_validation_response(SECRET, "qgg8vlvZRS6UYooatFL8Aw")
    expected = hmac.new(SECRET.encode(), b"qgg8vlvZRS6UYooatFL8Aw", hashlib.sha256).hexdigest()
    assert answer == {"plainToken": "qgg8vlvZRS6UYooatFL8Aw", "encryptedToken": expected}
    assert len(answer["encryptedToken"]) == 64


@given(
    secret=st.text(min_size=1, max_size=40),
    body=st.binary(min_size=1, max_size=512),
    data=st.data(),
)
def test_any_signed_body_verifies_and_any_byte_change_fails(
    secret: str, body: bytes, data: st.DataObject
) -> None:
    signature = zoom_signature(secret=secret, body=body, timestamp=TS)
    verify_zoom_signature(secret=secret, body=body, timestamp=TS, signature=signature, now=NOW)

    index = data.draw(st.integers(min_value=0, max_value=len(body) - 1))
    flip = data.draw(st.integers(min_value=1, max_value=255))
    changed = bytearray(body)
    changed[index] ^= flip
    with pytest.raises(InvalidSignature):
        verify_zoom_signature(
            secret=secret, body=bytes(changed), timestamp=TS, signature=signature, now=NOW
        )
