"""Tokens at rest are encrypted with rotating keys; log lines never carry a token."""

from __future__ import annotations

import json
import logging

import pytest
from cryptography.fernet import Fernet

from bot.crypto import TokenCipher, TokenDecryptError
from bot.logging_setup import JsonFormatter, RedactingFilter, TextFormatter, redact


def test_rotation_reads_old_and_writes_new() -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    stored = TokenCipher([old]).encrypt("refresh-abc")
    rotated = TokenCipher([new, old])
    assert rotated.decrypt(stored) == "refresh-abc"
    assert TokenCipher([new]).decrypt(rotated.rotate(stored)) == "refresh-abc"
    with pytest.raises(TokenDecryptError):
        TokenCipher([new]).decrypt(stored)


@pytest.mark.parametrize(
    "secret",
    [
        "xoxb-1234-5678-abcdefghijkl",
        "xapp-1-A111-222-abcdef",
        "Bearer eyJhbGciOiJIUzUxMiJ9.eyJ2ZXIiOjd9.c2lnbmF0dXJl",
        "Basic em9vbS1jbGllbnQtaWQ6c2VjcmV0",
        "refresh_token=abcDEF123456",
        '"access_token": "abcdef123456"',
    ],
)
def test_redact_removes_tokens(secret: str) -> None:
    assert "[redacted]" in redact(f"before {secret} after")
    tail = secret.split()[-1].split("=")[-1].strip('"')
    assert tail not in redact(secret)


def _record(message: str, *args: object, **extra: object) -> logging.LogRecord:
    record = logging.LogRecord("zb", logging.INFO, __file__, 1, message, args, None)
    for key, value in extra.items():
        setattr(record, key, value)
    RedactingFilter().filter(record)
    return record


def test_formatters_redact_messages_and_extras() -> None:
    record = _record(
        "sent %s", "xoxb-99-secret-token", path="/users/me", auth="Bearer abc.def.ghi123"
    )
    line = JsonFormatter().format(record)
    entry = json.loads(line)
    assert entry["event"] == "sent [redacted]" and entry["path"] == "/users/me"
    assert "abc.def.ghi123" not in line
    assert "xoxb-99" not in TextFormatter("%(message)s").format(record)


def test_debug_level_never_opens_library_body_dumps() -> None:
    from bot.logging_setup import BODY_DUMPING_LOGGERS, configure_logging

    root = logging.getLogger()
    before = (root.level, list(root.handlers))
    try:
        configure_logging("DEBUG", "json")
        assert root.level == logging.DEBUG
        for name in BODY_DUMPING_LOGGERS:
            assert logging.getLogger(name).getEffectiveLevel() == logging.INFO
    finally:
        for handler in list(root.handlers):
            if handler not in before[1]:
                root.removeHandler(handler)
        root.setLevel(before[0])


def test_uvicorn_colour_copy_is_not_an_extra() -> None:
    record = _record("Finished server process", color_message="\x1b[36mFinished\x1b[0m")
    assert "\x1b[" not in TextFormatter("%(message)s").format(record)
    assert "color_message" not in JsonFormatter().format(record)
