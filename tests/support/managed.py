"""`with thing:` starts a test server or proxy and always stops it."""

from __future__ import annotations

from types import TracebackType
from typing import Self


class StartsAndStops:
    """Base for things tests start and must stop: entering starts, leaving stops."""

    def start(self) -> Self:
        """Start, and return self."""
        raise NotImplementedError

    def stop(self) -> None:
        """Stop; safe to call twice."""
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
