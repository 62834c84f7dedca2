"""Slack date tokens, DST-aware conversion, Zoom's local time format, durations."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.timefmt import (
    COMMON_TIMEZONES,
    NonexistentLocalTime,
    UnknownTimeZone,
    format_duration,
    is_valid_tz,
    slack_date,
    timezone_choices,
    to_utc,
    zoom_local_start,
)

MAR_10_3PM = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)


def test_slack_date_default() -> None:
    assert slack_date(MAR_10_3PM) == (
        "<!date^1773154800^{date_short_pretty} at {time}|Tue, Mar 10, 2026 at 3:00 PM UTC>"
    )


def test_slack_date_fallback_in_other_zone_with_link() -> None:
    token = slack_date(MAR_10_3PM, "{time}", fallback_tz="Asia/Kolkata", link="https://x.test/a|b")
    assert token == "<!date^1773154800^{time}^https://x.test/a%7Cb|8:30 PM IST>"


def test_slack_date_escapes_and_tolerates_odd_formats() -> None:
    token = slack_date(MAR_10_3PM, "{date_num} <b> {0} {", fallback_tz="Nowhere/Land")
    assert token.startswith("<!date^1773154800^{date_num} &lt;b&gt; {0} {|2026-03-10 &lt;b&gt;")
    assert token.count("|") == 1 and token.endswith(">")


def test_slack_date_naive_is_utc() -> None:
    assert slack_date(MAR_10_3PM.replace(tzinfo=None)) == slack_date(MAR_10_3PM)


def test_to_utc_plain_and_half_hour_zones() -> None:
    assert to_utc(date(2026, 3, 10), time(9, 0), "Asia/Kolkata") == datetime(
        2026, 3, 10, 3, 30, tzinfo=UTC
    )
    # Adelaide is UTC+10:30 in (southern) summer, +9:30 in winter.
    assert to_utc(date(2026, 1, 15), time(9, 0), "Australia/Adelaide") == datetime(
        2026, 1, 14, 22, 30, tzinfo=UTC
    )
    assert to_utc(date(2026, 7, 15), time(9, 0), "Australia/Adelaide") == datetime(
        2026, 7, 14, 23, 30, tzinfo=UTC
    )


def test_to_utc_spring_gap_is_nonexistent() -> None:
    with pytest.raises(NonexistentLocalTime) as info:
        to_utc(date(2026, 3, 8), time(2, 30), "America/New_York")
    assert "2:30 AM" in str(info.value) and "America/New_York" in str(info.value)


def test_to_utc_fall_back_picks_first() -> None:
    # 01:30 happens twice on 2026-11-01: first in EDT (-4), then EST (-5).
    assert to_utc(date(2026, 11, 1), time(1, 30), "America/New_York") == datetime(
        2026, 11, 1, 5, 30, tzinfo=UTC
    )


def test_to_utc_unknown_zone() -> None:
    with pytest.raises(UnknownTimeZone):
        to_utc(date(2026, 1, 1), time(9, 0), "Mars/Olympus")


def test_zoom_local_start() -> None:
    assert zoom_local_start(MAR_10_3PM, "Europe/London") == "2026-03-10T15:00:00"
    assert zoom_local_start(MAR_10_3PM, "Asia/Kolkata") == "2026-03-10T20:30:00"


def test_is_valid_tz() -> None:
    assert is_valid_tz("Europe/London") and is_valid_tz("UTC")
    assert not is_valid_tz("Europe/Londn")
    assert not is_valid_tz("")
    assert not is_valid_tz("../etc/passwd")
    assert not is_valid_tz(None)


def test_timezone_choices() -> None:
    assert all(is_valid_tz(z) for z in COMMON_TIMEZONES)
    assert len(set(COMMON_TIMEZONES)) == len(COMMON_TIMEZONES)
    choices = timezone_choices("America/Boise")
    assert choices[0] == "America/Boise" and len(choices) <= 100
    assert timezone_choices("Europe/London").count("Europe/London") == 1
    assert timezone_choices("bogus")[0] == "UTC"


@pytest.mark.parametrize(
    ("minutes", "shown"),
    [(0, "0 min"), (47, "47 min"), (60, "1 h"), (90, "1 h 30 min"), (240, "4 h"), (-5, "0 min")],
)
def test_format_duration(minutes: int, shown: str) -> None:
    assert format_duration(minutes) == shown


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
    st.times(),
    st.sampled_from(["America/New_York", "Europe/London", "Asia/Kolkata", "Australia/Adelaide"]),
)
def test_to_utc_round_trips(day: date, clock: time, tz: str) -> None:
    clock = clock.replace(second=0, microsecond=0)
    try:
        utc = to_utc(day, clock, tz)
    except NonexistentLocalTime:
        return
    assert zoom_local_start(utc, tz) == datetime.combine(day, clock).strftime("%Y-%m-%dT%H:%M:%S")
    assert utc.utcoffset() == timedelta(0)
