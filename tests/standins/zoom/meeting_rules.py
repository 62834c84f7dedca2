"""What Zoom accepts in a meeting body, and the occurrences it generates for a series."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

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
