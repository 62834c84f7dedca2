"""Out of file descriptors, asyncio logs every failed accept(): one line per interval is enough."""

from __future__ import annotations

import logging

import pytest

from bot.logging_setup import THROTTLED_LOGGERS, ThrottlingFilter, configure_logging


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_a_flood_of_accept_errors_becomes_one_line_with_a_count() -> None:
    logger = logging.getLogger("zoombridge-test-throttle")
    throttle = ThrottlingFilter(interval=3600)
    collect = _Collect()
    logger.addHandler(collect)
    logger.addFilter(throttle)
    try:
        for _ in range(1000):
            logger.error("socket.accept() out of system resource", exc_info=OSError(24, "EMFILE"))
        logger.error("another message")
        throttle.throttle.interval = 0  # the interval has passed
        logger.error("socket.accept() out of system resource")
    finally:
        logger.removeHandler(collect)
        logger.removeFilter(throttle)
    messages = [(r.getMessage(), getattr(r, "suppressed", 0)) for r in collect.records]
    assert messages == [
        ("socket.accept() out of system resource", 0),
        ("another message", 0),
        ("socket.accept() out of system resource", 999),
    ]


def test_configure_logging_throttles_asyncio_and_uvicorn(monkeypatch: pytest.MonkeyPatch) -> None:
    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", list(root.handlers))
    monkeypatch.setattr(root, "level", root.level)
    configure_logging("DEBUG", "text")
    try:
        for name in THROTTLED_LOGGERS:
            filters = logging.getLogger(name).filters
            assert sum(isinstance(f, ThrottlingFilter) for f in filters) == 1
        assert logging.getLogger("aiosqlite").level == logging.INFO
        assert logging.getLogger("sqlalchemy.engine").level == logging.WARNING
    finally:
        for name in THROTTLED_LOGGERS:
            for f in list(logging.getLogger(name).filters):
                if isinstance(f, ThrottlingFilter):
                    logging.getLogger(name).removeFilter(f)
