"""State of the Zoom stand-in: users, grants, meetings, faults and the request log.

The stand-in serves from a server thread while tests read and change this state
from theirs, so every access goes through one lock.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tests.standins.zoom.summary_store import SummaryStore

CLIENT_ID = "zoom-client-id"
CLIENT_SECRET = "zoom-client-secret"
ACCOUNT_ID = "acct-1"


@dataclass
class ZoomRequest:
    """One request the stand-in received; Authorization is redacted, the token kept apart."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    token: str | None
    json_body: Any
    form: dict[str, str]


@dataclass
class StandinUser:
    id: str
    email: str
    first_name: str
    last_name: str
    account_id: str
    timezone: str
    pmi: int
    type: int = 2

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "email": self.email,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "display_name": f"{self.first_name} {self.last_name}",
            "account_id": self.account_id,
            "timezone": self.timezone,
            "pmi": self.pmi,
            "personal_meeting_url": f"https://zoom.example/j/{self.pmi}",
            "type": self.type,
            "status": "active",
        }


@dataclass
class Grant:
    """One issued token pair; ``user_id`` is None for Server-to-Server tokens."""

    user_id: str | None
    account_id: str
    access_token: str
    refresh_token: str | None
    expires_at: datetime
    scope: str
    alive: bool = True


@dataclass
class AuthCode:
    user_id: str
    redirect_uri: str
    code_challenge: str | None


@dataclass
class Fault:
    target: str
    times: int
    status: int
    retry_after: str | None
    body: Any
    headers: dict[str, str]


USER_SCOPES = "meeting:read meeting:write user:read meeting_summary:read"
ACCOUNT_SCOPES = "meeting:read:admin meeting:write:admin user:read:admin meeting_summary:read:admin"


def _token(prefix: str) -> str:
    return prefix + secrets.token_urlsafe(24)


def s256(verifier: str) -> str:
    """RFC 7636 S256 challenge of a verifier."""
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


@dataclass
class ZoomState:
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
    summaries: SummaryStore = field(default_factory=SummaryStore)
    account_scopes: str = ACCOUNT_SCOPES  # what Server-to-Server tokens are granted
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

    # OAuth ---------------------------------------------------------------

    def issue_code(self, user_id: str, redirect_uri: str, code_challenge: str | None) -> str:
        """An authorization code as if ``user_id`` had consented."""
        with self.lock:
            code = _token("code_")
            self._codes[code] = AuthCode(user_id, redirect_uri, code_challenge)
            return code

    def take_code(self, code: str) -> AuthCode | None:
        """Consume a code: each works once."""
        with self.lock:
            return self._codes.pop(code, None)

    def grant_user(self, user_id: str) -> Grant:
        """New user tokens; a new authorisation kills the user's older tokens."""
        with self.lock:
            for old in self._grants:
                if old.user_id == user_id:
                    old.alive = False
            return self._new_grant(user_id, self.users[user_id].account_id, refresh=True)

    def grant_account(self) -> Grant:
        """A Server-to-Server token for the account; no refresh token."""
        with self.lock:
            return self._new_grant(None, self.account_id, refresh=False)

    def rotate(self, refresh_token: str) -> Grant | None:
        """Spend a refresh token: the old one dies, a new pair is issued."""
        with self.lock:
            self.refresh_calls += 1
            old = next((g for g in self._grants if g.refresh_token == refresh_token), None)
            if old is None or not old.alive or old.user_id is None:
                return None
            old.alive = False
            # The old access token stays usable until it expires, as at Zoom.
            survivor = Grant(
                old.user_id, old.account_id, old.access_token, None, old.expires_at, old.scope
            )
            self._grants.append(survivor)
            return self._new_grant(old.user_id, old.account_id, refresh=True)

    def revoke(self, token: str) -> None:
        """Kill the grant holding ``token`` (access or refresh)."""
        with self.lock:
            for grant in self._grants:
                if token in (grant.access_token, grant.refresh_token):
                    grant.alive = False

    def grant_for_access(self, token: str) -> Grant | None:
        with self.lock:
            return next((g for g in self._grants if g.access_token == token and g.alive), None)

    def secrets(self) -> set[str]:
        """Every token and credential this stand-in issued or knows (for leak checks)."""
        with self.lock:
            issued = {g.access_token for g in self._grants}
            issued |= {g.refresh_token for g in self._grants if g.refresh_token}
        return issued | {self.client_secret}

    def expire_all_access_tokens(self) -> None:
        """Make every issued access token expired (refresh tokens still work)."""
        with self.lock:
            past = self.clock() - timedelta(seconds=1)
            for grant in self._grants:
                grant.expires_at = past

    def _new_grant(self, user_id: str | None, account_id: str, *, refresh: bool) -> Grant:
        grant = Grant(
            user_id=user_id,
            account_id=account_id,
            access_token=_token("zat_"),
            refresh_token=_token("zrt_") if refresh else None,
            expires_at=self.clock() + timedelta(seconds=self.expires_in),
            scope=USER_SCOPES if user_id else self.account_scopes,
        )
        self._grants.append(grant)
        return grant

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


# meeting rules (what Zoom accepts, and the occurrences it generates) -------

_PASSWORD = re.compile(r"^[A-Za-z0-9@_*-]{1,10}$")
_WEEKLY_DAYS = re.compile(r"^[1-7](,[1-7])*$")
_MAX_INTERVAL = {1: 90, 2: 12, 3: 3}
_MAX_OCCURRENCES = 60


def format_utc(moment: datetime) -> str:
    """Zoom's UTC form, ``yyyy-MM-ddTHH:mm:ssZ``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_start(value: Any, timezone: str) -> datetime | None:
    """Read a start_time the two ways Zoom documents: ``...Z`` or local time in ``timezone``."""
    if not isinstance(value, str) or not value:
        return None
    if value.endswith("Z"):
        return datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    local = datetime.strptime(value, "%Y-%m-%dT%H:%M:%S")
    return local.replace(tzinfo=ZoneInfo(timezone)).astimezone(UTC)


def _valid_zone(name: Any) -> bool:
    try:
        ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def meeting_errors(body: dict[str, Any], *, partial: bool) -> list[dict[str, str]]:
    """Zoom's ``errors`` list (field, message) for a create or update body."""
    errors: list[dict[str, str]] = []

    def bad(field_name: str, message: str) -> None:
        errors.append({"field": field_name, "message": message})

    topic = body.get("topic")
    if topic is not None and (not isinstance(topic, str) or len(topic) > 200):
        bad("topic", "The topic must be a string of at most 200 characters.")
    kind = body.get("type", 2)
    if kind not in (1, 2, 3, 8):
        bad("type", "Invalid meeting type.")
    agenda = body.get("agenda")
    if agenda is not None and (not isinstance(agenda, str) or len(agenda) > 2000):
        bad("agenda", "The agenda must be at most 2000 characters.")
    password = body.get("password")
    if password is not None and not (isinstance(password, str) and _PASSWORD.match(password)):
        bad("password", "Passcode may only contain [a-z A-Z 0-9 @ - _ *], at most 10 characters.")
    duration = body.get("duration")
    if duration is not None and (not isinstance(duration, int) or duration < 0):
        bad("duration", "Invalid duration.")
    timezone = body.get("timezone")
    if timezone is not None and not _valid_zone(timezone):
        bad("timezone", "Invalid timezone.")
    start = body.get("start_time")
    if start is not None:
        try:
            parse_start(start, timezone if timezone and _valid_zone(timezone) else "UTC")
        except ValueError:
            bad("start_time", "Use yyyy-MM-ddTHH:mm:ssZ or yyyy-MM-ddTHH:mm:ss with timezone.")
    settings = body.get("settings")
    if settings is not None and not isinstance(settings, dict):
        bad("settings", "Invalid settings.")
    elif settings and settings.get("auto_recording", "none") not in ("local", "cloud", "none"):
        bad("settings.auto_recording", "Invalid auto_recording.")
    recurrence = body.get("recurrence")
    if kind == 8 and recurrence is None and not partial:
        bad("recurrence", "A recurring meeting with a fixed time needs a recurrence.")
    if recurrence is not None:
        errors.extend(_recurrence_errors(recurrence))
    return errors


def _recurrence_errors(rec: Any) -> list[dict[str, str]]:
    def bad(name: str, message: str) -> list[dict[str, str]]:
        return [{"field": f"recurrence.{name}", "message": message}]

    if not isinstance(rec, dict) or rec.get("type") not in (1, 2, 3):
        return bad("type", "Invalid recurrence type.")
    kind = rec["type"]
    interval = rec.get("repeat_interval", 1)
    if not isinstance(interval, int) or not 1 <= interval <= _MAX_INTERVAL[kind]:
        return bad("repeat_interval", f"Must be between 1 and {_MAX_INTERVAL[kind]}.")
    if kind == 2 and not _WEEKLY_DAYS.match(str(rec.get("weekly_days", ""))):
        return bad("weekly_days", "Weekly meetings need weekly_days such as '2,4'.")
    if kind == 3:
        by_day = rec.get("monthly_day") is not None
        by_week = rec.get("monthly_week") is not None or rec.get("monthly_week_day") is not None
        if by_day == by_week:
            return bad("monthly_day", "Use monthly_day or monthly_week with monthly_week_day.")
        if by_day and rec["monthly_day"] not in range(1, 32):
            return bad("monthly_day", "Must be between 1 and 31.")
        if by_week and (
            rec.get("monthly_week") not in (-1, 1, 2, 3, 4)
            or rec.get("monthly_week_day") not in range(1, 8)
        ):
            return bad("monthly_week", "Invalid monthly_week or monthly_week_day.")
    if "end_times" in rec and "end_date_time" in rec:
        return bad("end_times", "Use end_times or end_date_time, not both.")
    end_times = rec.get("end_times")
    if end_times is not None and (not isinstance(end_times, int) or not 1 <= end_times <= 60):
        return bad("end_times", "Must be between 1 and 60.")
    end = rec.get("end_date_time")
    if end is not None:
        try:
            datetime.strptime(str(end), "%Y-%m-%dT%H:%M:%SZ")
        except ValueError:
            return bad("end_date_time", "Use UTC, yyyy-MM-ddTHH:mm:ssZ.")
    return []


def _zoom_weekday(day: date) -> int:
    return (day.weekday() + 1) % 7 + 1  # 1 = Sunday


def _recurs_on(day: date, first: date, rec: dict[str, Any]) -> bool:
    interval = int(rec.get("repeat_interval", 1))
    if rec["type"] == 1:
        return (day - first).days % interval == 0
    if rec["type"] == 2:
        week_start = first - timedelta(days=_zoom_weekday(first) - 1)
        weeks = (day - week_start).days // 7
        days = {int(d) for d in str(rec["weekly_days"]).split(",")}
        return weeks % interval == 0 and _zoom_weekday(day) in days
    months = (day.year - first.year) * 12 + day.month - first.month
    if months % interval:
        return False
    if rec.get("monthly_day") is not None:
        return day.day == int(rec["monthly_day"])
    if _zoom_weekday(day) != rec["monthly_week_day"]:
        return False
    week = int(rec["monthly_week"])
    if week == -1:
        return (day + timedelta(days=7)).month != day.month
    return (day.day - 1) // 7 + 1 == week


def make_occurrences(
    start: datetime, timezone: str, duration: int, rec: dict[str, Any]
) -> list[dict[str, Any]]:
    """The occurrences Zoom lists for a type-8 meeting."""
    zone = ZoneInfo(timezone)
    local = start.astimezone(zone)
    count = int(rec.get("end_times", 1)) if "end_date_time" not in rec else _MAX_OCCURRENCES
    until = parse_start(rec.get("end_date_time"), "UTC")
    occurrences: list[dict[str, Any]] = []
    day = local.date()
    while len(occurrences) < count and (day - local.date()).days < 366 * 3:
        if _recurs_on(day, local.date(), rec):
            moment = datetime.combine(day, local.time(), tzinfo=zone).astimezone(UTC)
            if until is not None and moment > until:
                break
            occurrences.append(
                {
                    "occurrence_id": str(int(moment.timestamp() * 1000)),
                    "start_time": format_utc(moment),
                    "duration": duration,
                    "status": "available",
                }
            )
        day += timedelta(days=1)
    return occurrences
