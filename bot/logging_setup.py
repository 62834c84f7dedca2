"""Logging: text or JSON lines, with an event key and extras, and a guard against tokens."""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime
from typing import Any

from bot.loops import THROTTLE_SECONDS, Throttle
from bot.observability.correlation import RequestIdFilter

# Bearer-like secrets that must never be written out, whoever logs them (our code or a library).
_SECRET_PATTERNS = re.compile(
    r"(xox[abposr]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+|"
    r"(?i:bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}|"
    r"eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*|"
    r"(?i:(?:access|refresh)_token|token|client_secret|code_verifier)[\"']?\s*[:=]\s*[\"']?[^\s\"'&,}]+)"
)
# Libraries whose DEBUG output dumps raw request/response bodies (OAuth answers included):
# never below INFO, whatever LOG_LEVEL says.
# aiosqlite logs every statement with its parameters (encrypted tokens, outbox payloads) at
# DEBUG; Bolt logs OAuth codes and state at DEBUG.
BODY_DUMPING_LOGGERS = (
    "slack_sdk",
    "slack_bolt",
    "httpcore",
    "aiohttp",
    "hpack",
    "aiosqlite",
    "psycopg",
)
# SQLAlchemy logs statements and parameters already at INFO.
SQL_ECHO_LOGGERS = ("sqlalchemy.engine", "sqlalchemy.pool")
# asyncio logs one line per failed accept(); out of file descriptors that is a flood.
THROTTLED_LOGGERS = ("asyncio", "uvicorn.error")

_STANDARD_ATTRS = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {
    "message",
    "asctime",
    "taskName",
    "color_message",  # uvicorn's ANSI-coloured copy of the message
}


def redact(text: str) -> str:
    """Replace anything that looks like a token with a marker."""
    return _SECRET_PATTERNS.sub("[redacted]", text)


def _extras(record: logging.LogRecord) -> dict[str, Any]:
    return {k: v for k, v in record.__dict__.items() if k not in _STANDARD_ATTRS}


class RedactingFilter(logging.Filter):
    """Scrubs token-shaped strings from every record's message and arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        record.msg = redact(message)
        record.args = None
        return True


class ThrottlingFilter(logging.Filter):
    """At most one record per message template (and logger) every few seconds."""

    def __init__(self, interval: float = THROTTLE_SECONDS) -> None:
        super().__init__()
        self.throttle = Throttle(interval)

    def filter(self, record: logging.LogRecord) -> bool:
        key = f"{record.name}:{record.levelno}:{str(record.msg)[:80]}"
        allowed, dropped = self.throttle.allow(key)
        if allowed and dropped:
            record.suppressed = dropped
        return allowed


class _BoltNoise(logging.Filter):
    """Drops two Bolt lines: the token-from-env warning (our client is meant to win) and the
    refused-signature line, which carries the whole body (our guard logs refusals)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return "`token` will be unused" not in message and "body:" not in message


def bolt_base_logger() -> logging.Logger:
    """Bolt's base logger, never below INFO: its DEBUG lines carry OAuth codes and state."""
    bolt_logger = logging.getLogger("slack_bolt.AsyncApp")
    floor = max(logging.INFO, logging.getLogger("slack_bolt").getEffectiveLevel())
    bolt_logger.setLevel(floor)
    if not any(isinstance(f, _BoltNoise) for f in bolt_logger.filters):
        bolt_logger.addFilter(_BoltNoise())
    return bolt_logger


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, event and extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "event": record.getMessage(),
        }
        entry.update(_extras(record))
        if record.exc_info:
            entry["exc"] = redact(self.formatException(record.exc_info))
        return redact(json.dumps(entry, default=str))


class TextFormatter(logging.Formatter):
    """Human-readable lines with extras appended as key=value."""

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        extras = " ".join(f"{k}={v}" for k, v in _extras(record).items())
        return redact(f"{line} {extras}" if extras else line)


def configure_logging(level: str = "INFO", fmt: str = "text") -> None:
    """Install one stderr handler on the root logger (idempotent)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_zoombridge", False):
            root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler._zoombridge = True  # type: ignore[attr-defined]
    handler.addFilter(RedactingFilter())
    handler.addFilter(RequestIdFilter())
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(TextFormatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
    floor = max(logging.getLevelName(level), logging.INFO)
    for name in BODY_DUMPING_LOGGERS:
        logging.getLogger(name).setLevel(floor)
    for name in SQL_ECHO_LOGGERS:
        logging.getLogger(name).setLevel(max(logging.getLevelName(level), logging.WARNING))
    for name in THROTTLED_LOGGERS:
        throttled = logging.getLogger(name)
        if not any(isinstance(f, ThrottlingFilter) for f in throttled.filters):
            throttled.addFilter(ThrottlingFilter())
