"""Waiting for the app to have called the stand-in: poll a check until it holds or time runs out."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def poll(check: Callable[[], T | None], timeout: float, describe: Callable[[], str]) -> T:
    deadline = time.monotonic() + timeout
    while (found := check()) is None:
        if time.monotonic() > deadline:
            raise AssertionError(describe())
        time.sleep(0.01)
    return found


async def poll_async(
    check: Callable[[], T | None], timeout: float, describe: Callable[[], str]
) -> T:
    deadline = time.monotonic() + timeout
    while (found := check()) is None:
        if time.monotonic() > deadline:
            raise AssertionError(describe())
        await asyncio.sleep(0.01)
    return found
