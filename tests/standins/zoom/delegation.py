"""The Zoom stand-in's rules for scheduling on behalf of others (`schedule_for`).

As Zoom answers (its Meetings API reference, error-code page and developer forum):
no such host -> 400 code 300; an instant meeting -> 400 code 3000; no Schedule Privilege ->
400 code 3000 "You cannot schedule a meeting for {host}."; a user-level app the user has not
allowed to use their shared access permissions -> 403 "Authenticated user has not permitted
access to the targeted resource." The scheduler (the meeting's `assistant_id`) may then read
and delete the meeting like its host.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse

from tests.standins.zoom.state import Grant, StandinUser, ZoomState

INVALID_SCHEDULE_FOR = (
    "The value that you entered for the schedule_for field is invalid. "
    "Enter a valid value and try again."
)
INSTANT_FOR_OTHERS = (
    "Instant meetings do not support the schedule_for parameter; "
    "you cannot schedule an instant meeting for another user."
)
NOT_PERMITTED = "Authenticated user has not permitted access to the targeted resource."


def _error(status: int, code: int, message: str) -> JSONResponse:
    return JSONResponse({"code": code, "message": message}, status_code=status)


def delegated_host(
    state: ZoomState, grant: Grant, caller: StandinUser, body: dict[str, Any]
) -> StandinUser | JSONResponse:
    """Who will host the meeting: the caller, or the `schedule_for` user if allowed."""
    wanted = body.get("schedule_for")
    if not wanted:
        return caller
    host = state.find_user(str(wanted))
    if host is None or host.account_id != caller.account_id:
        return _error(400, 300, INVALID_SCHEDULE_FOR)
    if host.id == caller.id:
        return caller
    if int(body.get("type", 2)) == 1:
        return _error(400, 3000, INSTANT_FOR_OTHERS)
    if (caller.id, host.id) not in state.schedule_privileges:
        return _error(400, 3000, f"You cannot schedule a meeting for {wanted}.")
    if grant.user_id is not None and not state.shared_access_allowed:
        return _error(403, 403, NOT_PERMITTED)
    return host


def may_manage(state: ZoomState, grant: Grant, meeting: dict[str, Any]) -> bool:
    """Whether a user-level grant may read or delete this meeting: its host or scheduler."""
    if meeting["host_id"] == grant.user_id:
        return True
    scheduler = meeting.get("assistant_id")
    return (
        scheduler is not None
        and scheduler == grant.user_id
        and (scheduler, meeting["host_id"]) in state.schedule_privileges
        and state.shared_access_allowed
    )


def pmi_fields(host: StandinUser, body: dict[str, Any]) -> dict[str, Any]:
    """A meeting in the host's PMI keeps its own id but joins (and notifies) by the PMI."""
    settings = body.get("settings") or {}
    kind = int(body.get("type", 2))
    if not settings.get("use_pmi") or kind not in (1, 2, 3):
        return {}
    fields: dict[str, Any] = {"join_url": f"https://zoom.example/j/{host.pmi}"}
    if kind != 1:  # the spec: `pmi` is only returned for scheduled and no-fixed-time meetings
        fields["pmi"] = str(host.pmi)
    return fields
