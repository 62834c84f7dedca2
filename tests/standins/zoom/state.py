"""State of the Zoom stand-in: users, grants, meetings, faults and the request log.

The stand-in serves from a server thread while tests read and change this state
from theirs, so every access goes through one lock.
"""

from __future__ import annotations

import base64
import secrets
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from tests.standins.zoom.grants import ZoomGrants
from tests.standins.zoom.meeting_rules import (
    format_utc,
    make_occurrences,
    meeting_errors,
    parse_start,
)
from tests.standins.zoom.records import (
    AuthCode,
    Fault,
    Grant,
    StandinUser,
    ZoomRequest,
    s256,
)

CLIENT_ID = "zoom-client-id"
CLIENT_SECRET = "zoom-client-secret"
ACCOUNT_ID = "acct-1"

__all__ = [
    "Fault",
    "Grant",
    "StandinUser",
    "ZoomRequest",
    "ZoomState",
    "format_utc",
    "make_occurrences",
    "meeting_errors",
    "parse_start",
    "s256",
]


@dataclass
class ZoomState(ZoomGrants):
    """Everything the Zoom stand-in knows; tests change the knobs directly."""

    client_id: str = CLIENT_ID
    client_secret: str = CLIENT_SECRET
    account_id: str = ACCOUNT_ID
    consenting_user: str | None = "zu-ada"
    expires_in: int = 3600
    token_delay: float = 0.0
    delay_seconds: float = 0.0
    # Seconds a create sleeps AFTER storing the meeting (0 = off), to force client timeouts.
    hang_creates: float = 0.0
    daily_create_limit: int = 100
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    meetings_in_progress: set[int] = field(default_factory=set)
    # (scheduler id, host id): the host gave the scheduler their Schedule Privilege.
    schedule_privileges: set[tuple[str, str]] = field(default_factory=set)
    # Users allowed this (user-level) app to use their shared access permissions.
    shared_access_allowed: bool = True
    users: dict[str, StandinUser] = field(default_factory=dict)
    meetings: dict[int, dict[str, Any]] = field(default_factory=dict)
    requests: list[ZoomRequest] = field(default_factory=list)
    refresh_calls: int = 0
    token_calls: int = 0
    lock: threading.RLock = field(default_factory=threading.RLock)
    _grants: list[Grant] = field(default_factory=list)
    _codes: dict[str, AuthCode] = field(default_factory=dict)
    _faults: list[Fault] = field(default_factory=list)
    _writes_per_day: Counter[tuple[str, date]] = field(default_factory=Counter)
    _next_meeting_id: int = 85_000_000_001

    def __post_init__(self) -> None:
        self.add_user("zu-ada", "ada@example.com", "Ada", "Lovelace", timezone="Europe/London")
        self.add_user("zu-bob", "bob@example.com", "Bob", "Builder", timezone="America/New_York")

    # users ---------------------------------------------------------------

    def add_user(
        self,
        id: str,
        email: str,
        first_name: str = "",
        last_name: str = "",
        account_id: str = ACCOUNT_ID,
        timezone: str = "UTC",
        pmi: int | None = None,
    ) -> StandinUser:
        """Add a Zoom user to the stand-in."""
        with self.lock:
            if pmi is None:
                pmi = 5_550_000_000 + len(self.users)
            user = StandinUser(id, email, first_name, last_name, account_id, timezone, pmi)
            self.users[id] = user
            return user

    def find_user(self, id_or_email: str) -> StandinUser | None:
        with self.lock:
            for user in self.users.values():
                if id_or_email in (user.id, user.email):
                    return user
            return None

    # meetings ------------------------------------------------------------

    def new_meeting_id(self) -> int:
        with self.lock:
            self._next_meeting_id += 7
            return self._next_meeting_id

    def add_meeting(
        self,
        host_id: str,
        topic: str = "Seeded meeting",
        *,
        start_time: datetime | None = None,
        duration: int = 30,
        type: int = 2,
        **extra: Any,
    ) -> dict[str, Any]:
        """Store a meeting directly, without a request (for list and delete tests)."""
        meeting_id = self.new_meeting_id()
        start = start_time or self.clock() + timedelta(days=1)
        meeting: dict[str, Any] = {
            "id": meeting_id,
            "uuid": base64.b64encode(secrets.token_bytes(16)).decode(),
            "host_id": host_id,
            "topic": topic,
            "type": type,
            "status": "waiting",
            "start_time": start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "duration": duration,
            "timezone": "UTC",
            "created_at": self.clock().strftime("%Y-%m-%dT%H:%M:%SZ"),
            "join_url": f"https://zoom.example/j/{meeting_id}",
            "start_url": f"https://zoom.example/s/{meeting_id}?zak=secret",
            "settings": {},
            **extra,
        }
        with self.lock:
            self.meetings[meeting_id] = meeting
        return meeting

    def count_write(self, host_id: str) -> bool:
        """Count a create/update against the host's daily limit; False when over it."""
        with self.lock:
            key = (host_id, self.clock().date())
            if self._writes_per_day[key] >= self.daily_create_limit:
                return False
            self._writes_per_day[key] += 1
            return True

    # faults and the request log -------------------------------------------

    def fail(
        self,
        target: str,
        times: int = 1,
        status: int = 500,
        retry_after: str | None = None,
        body: Any = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        """Answer the next ``times`` requests to a path prefix or operation with ``status``."""
        with self.lock:
            fault = Fault(target, times, status, retry_after, body, dict(headers or {}))
            self._faults.append(fault)

    def take_fault(self, path: str, op: str) -> Fault | None:
        with self.lock:
            for fault in self._faults:
                by_path = fault.target.startswith("/") and (
                    path.startswith(fault.target)
                    or path.removeprefix("/v2").startswith(fault.target)
                )
                if fault.times > 0 and (fault.target == op or by_path):
                    fault.times -= 1
                    return fault
            return None

    def record(self, request: ZoomRequest) -> None:
        with self.lock:
            self.requests.append(request)

    def requests_to(self, method: str, path_prefix: str) -> list[ZoomRequest]:
        """Recorded requests with this method whose path starts with ``path_prefix``."""
        with self.lock:
            return [
                r for r in self.requests if r.method == method and r.path.startswith(path_prefix)
            ]
