"""Scheduling for someone else: Slack users to Zoom emails, and Zoom's refusals in plain words.

Zoom creates a meeting for another host when the caller sends `schedule_for` (the host's
email) to POST /users/{caller}/meetings. It refuses in three ways (Zoom's Meetings API
reference for that endpoint, its error-code page, and reports on Zoom's developer forum):

- 400 code 3000 "You cannot schedule a meeting for {host}": the host has not given the
  caller the Schedule Privilege;
- 403 "Authenticated user has not permitted access to the targeted resource": the caller
  has not allowed this app to use their shared access permissions (user-managed apps);
- 400 code 300 "...schedule_for field is invalid" or 404 code 1001: no such Zoom user.
"""

from __future__ import annotations

import asyncio
from typing import Literal

from slack_sdk.errors import SlackApiError

from bot.accounts.tokens import ZoomAccounts
from bot.meetings.request import People, ScheduleRequest
from bot.zoom.errors import NotLinked, ZoomError

Reason = Literal["privilege", "shared_access", "unknown_host"]
LOOKUP_SECONDS = 2.0  # the modal must be answered within Slack's 3 seconds
NO_EMAIL = "no email address in their Slack profile, so Zoom can't find them."


class DelegationRefused(ZoomError):
    """Zoom would not let the caller schedule for the chosen host; `reason` says why."""

    def __init__(self, reason: Reason, *, host_user_id: str, host_email: str) -> None:
        self.reason = reason
        self.host_user_id = host_user_id
        self.host_email = host_email
        super().__init__(f"Zoom refused to schedule for {host_email} ({reason}).")


class PeopleNotFound(Exception):
    """Someone named in the form can't be found at Zoom; `problems` is keyed by request field."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems.values()))


def refusal(error: ZoomError, host_user_id: str, host_email: str) -> DelegationRefused | None:
    """The delegation problem behind a Zoom error on a `schedule_for` create, if it is one."""
    lowered = error.message.lower()
    reason: Reason | None = None
    if error.code == 3000 and "cannot schedule" in lowered:
        reason = "privilege"
    elif error.status == 403 or "not permitted access" in lowered:
        reason = "shared_access"
    elif error.code == 1001 or (error.code == 300 and "schedule_for" in lowered):
        reason = "unknown_host"
    if reason is None:
        return None
    return DelegationRefused(reason, host_user_id=host_user_id, host_email=host_email)


async def _email(accounts: ZoomAccounts, team_id: str, user_id: str) -> str | None:
    try:
        return await accounts.slack_email(team_id, user_id)
    except (NotLinked, SlackApiError):  # no email on the profile, or no such user
        return None


async def _lookup(accounts: ZoomAccounts, team_id: str, request: ScheduleRequest) -> People:
    errors: dict[str, str] = {}
    host_email = None
    if request.schedule_for:
        host_email = await _email(accounts, team_id, request.schedule_for)
        if host_email is None:
            errors["schedule_for"] = f"That person has {NO_EMAIL}"
    found = [await _email(accounts, team_id, user) for user in request.alternative_hosts]
    missing = sum(1 for email in found if email is None)
    if missing:
        who = "One person here has" if missing == 1 else f"{missing} people here have"
        errors["alternative_hosts"] = f"{who} {NO_EMAIL} Remove them."
    if errors:
        raise PeopleNotFound(errors)
    return People(host_email, tuple(email for email in found if email))


async def resolve_people(accounts: ZoomAccounts, team_id: str, request: ScheduleRequest) -> People:
    """The Zoom emails of the host and alternative hosts; `PeopleNotFound` says who is missing."""
    if not request.schedule_for and not request.alternative_hosts:
        return People()
    try:
        return await asyncio.wait_for(_lookup(accounts, team_id, request), LOOKUP_SECONDS)
    except TimeoutError:
        raise PeopleNotFound(
            {"schedule_for": "Slack took too long to answer. Please submit again."}
        ) from None
