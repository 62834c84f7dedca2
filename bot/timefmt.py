"""Slack date tokens, time zone conversion and human durations (pure helpers)."""

from __future__ import annotations

import re
import zoneinfo
from datetime import UTC, date, datetime, time
from functools import lru_cache

__all__ = [
    "COMMON_TIMEZONES",
    "NonexistentLocalTime",
    "UnknownTimeZone",
    "format_duration",
    "is_valid_tz",
    "slack_date",
    "timezone_choices",
    "to_utc",
    "zoom_local_start",
]

# Offered in the modal's Time zone menu; Slack allows at most 100 options.
COMMON_TIMEZONES: tuple[str, ...] = (
    "UTC",
    "Pacific/Honolulu", "America/Anchorage", "America/Los_Angeles", "America/Phoenix",
    "America/Denver", "America/Chicago", "America/Mexico_City", "America/New_York",
    "America/Toronto", "America/Vancouver", "America/Edmonton", "America/Winnipeg",
    "America/Halifax", "America/St_Johns", "America/Puerto_Rico", "America/Bogota",
    "America/Lima", "America/Caracas", "America/Santiago", "America/Argentina/Buenos_Aires",
    "America/Sao_Paulo", "America/Montevideo", "America/Guatemala", "America/Panama",
    "Atlantic/Azores", "Atlantic/Reykjavik", "Europe/London", "Europe/Dublin",
    "Europe/Lisbon", "Europe/Madrid", "Europe/Paris", "Europe/Brussels",
    "Europe/Amsterdam", "Europe/Berlin", "Europe/Zurich", "Europe/Rome", "Europe/Vienna",
    "Europe/Prague", "Europe/Warsaw", "Europe/Stockholm", "Europe/Oslo",
    "Europe/Copenhagen", "Europe/Helsinki", "Europe/Athens", "Europe/Bucharest",
    "Europe/Sofia", "Europe/Kyiv", "Europe/Istanbul", "Europe/Moscow", "Africa/Casablanca",
    "Africa/Lagos", "Africa/Cairo", "Africa/Johannesburg", "Africa/Nairobi",
    "Asia/Jerusalem", "Asia/Beirut", "Asia/Riyadh", "Asia/Baghdad", "Asia/Tehran",
    "Asia/Dubai", "Asia/Baku", "Asia/Kabul", "Asia/Karachi", "Asia/Tashkent",
    "Asia/Kolkata", "Asia/Colombo", "Asia/Kathmandu", "Asia/Dhaka", "Asia/Yangon",
    "Asia/Bangkok", "Asia/Jakarta", "Asia/Ho_Chi_Minh", "Asia/Shanghai", "Asia/Hong_Kong",
    "Asia/Taipei", "Asia/Singapore", "Asia/Kuala_Lumpur", "Asia/Manila", "Asia/Seoul",
    "Asia/Tokyo", "Australia/Perth", "Australia/Darwin", "Australia/Adelaide",
    "Australia/Brisbane", "Australia/Sydney", "Australia/Melbourne", "Australia/Hobart",
    "Pacific/Guam", "Pacific/Auckland", "Pacific/Fiji",
)  # fmt: skip

_MAX_CHOICES = 100
_TOKEN = re.compile(r"\{(\w+)\}")


class UnknownTimeZone(ValueError):
    """The name is not an IANA time zone this system knows."""


class NonexistentLocalTime(ValueError):
    """The wall-clock time falls in a daylight-saving gap and never happens in that zone."""

    def __init__(self, local_date: date, local_time: time, tz: str) -> None:
        self.local_date = local_date
        self.local_time = local_time
        self.tz = tz
        super().__init__(
            f"{_clock(local_time)} does not exist on {local_date:%b} {local_date.day}, "
            f"{local_date.year} in {tz}: the clocks go forward then. Pick a later time."
        )


@lru_cache(maxsize=1)
def _known_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def is_valid_tz(name: object) -> bool:
    """True when `name` is an IANA time zone name known to this system."""
    return isinstance(name, str) and name in _known_zones()


def _zone(tz: str) -> zoneinfo.ZoneInfo:
    if not is_valid_tz(tz):
        raise UnknownTimeZone(f"unknown time zone: {tz!r}")
    return zoneinfo.ZoneInfo(tz)


def to_utc(local_date: date, local_time: time, tz: str) -> datetime:
    """Convert a wall-clock date and time in `tz` to an aware UTC datetime.

    Ambiguous times (the repeated hour when clocks go back) resolve to the first
    occurrence; times inside a spring-forward gap raise `NonexistentLocalTime`.
    """
    zone = _zone(tz)
    wall = datetime.combine(local_date, local_time.replace(tzinfo=None, fold=0), tzinfo=zone)
    utc = wall.astimezone(UTC)
    if utc.astimezone(zone).replace(tzinfo=None) != wall.replace(tzinfo=None):
        raise NonexistentLocalTime(local_date, local_time, tz)
    return utc


def _as_aware(dt: datetime) -> datetime:
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=UTC)


def zoom_local_start(dt_utc: datetime, tz: str) -> str:
    """Format an instant as Zoom's local `yyyy-MM-ddTHH:mm:ss` in `tz` (naive input is UTC)."""
    return _as_aware(dt_utc).astimezone(_zone(tz)).strftime("%Y-%m-%dT%H:%M:%S")


def timezone_choices(user_tz: str | None) -> list[str]:
    """Zones for the Time zone menu: the user's own first, then the common ones, at most 100."""
    first = [user_tz] if user_tz and is_valid_tz(user_tz) else []
    rest = [z for z in COMMON_TIMEZONES if z not in first]
    return (first + rest)[:_MAX_CHOICES]


def format_duration(minutes: int) -> str:
    """Render minutes as "47 min", "1 h" or "1 h 30 min"."""
    minutes = max(0, int(minutes))
    hours, rest = divmod(minutes, 60)
    if hours == 0:
        return f"{rest} min"
    return f"{hours} h" if rest == 0 else f"{hours} h {rest} min"


def _clock(t: time | datetime) -> str:
    hour = t.hour % 12 or 12
    return f"{hour}:{t.minute:02d} {'AM' if t.hour < 12 else 'PM'}"


def _fallback_tokens(local: datetime) -> dict[str, str]:
    short = f"{local:%b} {local.day}, {local.year}"
    long = f"{local:%A}, {local:%B} {local.day}, {local.year}"
    return {
        "date_num": local.strftime("%Y-%m-%d"),
        "date": f"{local:%B} {local.day}, {local.year}",
        "date_pretty": f"{local:%B} {local.day}, {local.year}",
        "date_short": short,
        "date_short_pretty": f"{local:%a}, {short}",
        "date_long": long,
        "date_long_pretty": long,
        "time": _clock(local),
        "time_secs": f"{_clock(local)[:-3]}:{local.second:02d} {_clock(local)[-2:]}",
        "ago": f"{local:%a}, {short} at {_clock(local)}",
    }


def _escape(text: str) -> str:
    # Slack's three control characters, plus the token's own separators.
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("|", "\u00a6").replace("^", "\u02c6")


def slack_date(
    dt: datetime,
    fmt: str = "{date_short_pretty} at {time}",
    *,
    fallback_tz: str = "UTC",
    link: str | None = None,
) -> str:
    """A `<!date^...>` token that shows each reader `dt` in their own time zone.

    The fallback (for clients that cannot render the token) is plain text in
    `fallback_tz`, e.g. "Tue, Mar 10, 2026 at 3:00 PM UTC". Naive `dt` is taken as UTC.
    """
    aware = _as_aware(dt)
    zone = _zone(fallback_tz) if is_valid_tz(fallback_tz) else zoneinfo.ZoneInfo("UTC")
    local = aware.astimezone(zone)
    tokens = _fallback_tokens(local)
    fallback = _TOKEN.sub(lambda m: tokens.get(m.group(1), m.group(0)), fmt)
    if "{time" in fmt or "{ago}" in fmt:
        fallback = f"{fallback} {local.tzname() or 'UTC'}"
    safe_fmt = _escape(fmt)
    head = f"<!date^{int(aware.timestamp())}^{safe_fmt}"
    if link:
        head += "^" + link.replace("|", "%7C").replace(">", "%3E").replace("^", "%5E")
    return f"{head}|{_escape(fallback)}>"


def to_local_date(instant: datetime, tz: str) -> date:
    """The calendar date of an aware `instant` in `tz`."""
    return instant.astimezone(zoneinfo.ZoneInfo(tz)).date()
