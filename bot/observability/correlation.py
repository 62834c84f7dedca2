"""One id per inbound request (webhook or Slack), carried in a context variable into every log line.

The id travels with the work it causes: it is stored on the outbox rows a webhook creates and
bound again while the worker delivers them, so one search finds a notice's whole path.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
# An id offered by a proxy (Heroku's router sets X-Request-ID) is kept only if it is plain.
_ACCEPTABLE = re.compile(r"[A-Za-z0-9._:-]{8,64}")


def new_request_id() -> str:
    """A fresh random id."""
    return os.urandom(16).hex()  # as random as uuid4, without building a UUID


def acceptable(offered: str | None) -> str | None:
    """The offered id if it is safe to log and store as is, else None."""
    if offered and _ACCEPTABLE.fullmatch(offered):
        return offered
    return None


def current_request_id() -> str | None:
    """The id of the request (or delivery) this code runs for, if any."""
    return _request_id.get()


@contextmanager
def bound_request_id(request_id: str | None) -> Iterator[str | None]:
    """Make `request_id` the current id for the duration of the block."""
    token = _request_id.set(request_id)
    try:
        yield request_id
    finally:
        _request_id.reset(token)


class RequestIdFilter(logging.Filter):
    """Stamps the current request id on every record that passes (as `request_id`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        request_id = _request_id.get()
        if request_id is not None and not hasattr(record, "request_id"):
            record.request_id = request_id
        return True
