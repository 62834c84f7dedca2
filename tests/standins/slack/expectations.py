"""What tests assert with: the calls the app made, waited for without sleeping blindly."""

from __future__ import annotations

from functools import partial
from typing import Any

from tests.standins.slack.polling import poll, poll_async
from tests.standins.slack.records import SlackCall, SlackError
from tests.standins.slack.serving import SlackServing


class SlackExpectations(SlackServing):
    """Look-ups and waits over what the Slack stand-in received (mixed into `SlackState`)."""

    responses: dict[str, list[dict[str, Any]]]

    def calls_to(self, method: str) -> list[SlackCall]:
        """The calls received for one method, oldest first."""
        with self.lock:
            return [call for call in self.calls if call.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[SlackCall]:
        """Block until `count` calls of `method` arrived; AssertionError on timeout."""
        missing = partial(self._missing, f"{count} x {method}")
        return poll(partial(self._enough, method, count), timeout, missing)

    async def wait_for_async(
        self, method: str, count: int = 1, timeout: float = 5.0
    ) -> list[SlackCall]:
        """Like `wait_for`, without blocking the running event loop."""
        missing = partial(self._missing, f"{count} x {method}")
        return await poll_async(partial(self._enough, method, count), timeout, missing)

    def wait_for_response(
        self, key: str, count: int = 1, timeout: float = 5.0
    ) -> list[dict[str, Any]]:
        """Block until `count` bodies were posted to a response_url (key or full URL)."""
        key = key.rstrip("/").rsplit("/", 1)[-1]
        missing = partial(self._missing, f"{count} x response_url {key}")
        return poll(partial(self._enough_responses, key, count), timeout, missing)

    async def wait_for_response_async(
        self, key: str, count: int = 1, timeout: float = 5.0
    ) -> list[dict[str, Any]]:
        """Like `wait_for_response`, without blocking the running event loop."""
        key = key.rstrip("/").rsplit("/", 1)[-1]
        missing = partial(self._missing, f"{count} x response_url {key}")
        return await poll_async(partial(self._enough_responses, key, count), timeout, missing)

    def message(self, channel: str, ts: str) -> dict[str, Any]:
        """The stored message at (channel, ts); KeyError if absent."""
        try:
            return self.find_message(channel, ts)
        except SlackError:
            raise KeyError((channel, ts)) from None

    def clear(self) -> None:
        """Forget the recorded calls."""
        with self.lock:
            self.calls.clear()

    def _enough(self, method: str, count: int) -> list[SlackCall] | None:
        calls = self.calls_to(method)
        return calls if len(calls) >= count else None

    def _enough_responses(self, key: str, count: int) -> list[dict[str, Any]] | None:
        with self.lock:
            bodies = list(self.responses.get(key, []))
        return bodies if len(bodies) >= count else None

    def _missing(self, wanted: str) -> str:
        with self.lock:
            seen = [f"{c.method}{' (failed)' if c.failed else ''}" for c in self.calls]
        return f"timed out waiting for {wanted}; received: {seen or 'nothing'}"
