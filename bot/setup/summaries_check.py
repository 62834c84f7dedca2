"""`zoombridge check`: can this deployment read Zoom's AI summaries?

Server-to-Server: the account token's scopes say it. User-level: each link keeps the
scopes its user granted; links made before the scope was added need `/zoom link` again.
"""

from __future__ import annotations

import httpx

from bot.settings import Settings
from bot.wiring import zoom_oauth
from bot.zoom.errors import ZoomError
from bot.zoom.summary import grants_summaries
from store.db import Database
from store.repos.links import link_scopes

CHECK_TIMEOUT = httpx.Timeout(10.0, connect=5.0)
Verdict = tuple[bool, str]  # ok, and what to tell the operator
ADD_SCOPE = "add the scope meeting_summary:read (granular: meeting:read:summary)"
EVENTS = "and the events meeting.summary_completed and recording.transcript_completed"


async def _s2s(settings: Settings) -> Verdict:
    assert settings.zoom_client_id and settings.zoom_client_secret and settings.zoom_account_id
    async with httpx.AsyncClient(timeout=CHECK_TIMEOUT) as http:
        oauth = zoom_oauth(http, settings)
        try:
            token = await oauth.account_token(settings.zoom_account_id)
        except ZoomError as error:
            return (False, error.message)
    if grants_summaries(token.scope):
        return (True, "the account token may read AI summaries")
    return (False, f"the Zoom app can't read AI summaries: {ADD_SCOPE}:admin")


async def _user_level(settings: Settings) -> Verdict:
    db = Database.connect(settings.database_url)
    try:
        async with db.sessions() as session:
            scopes = await link_scopes(session=session)
    except Exception as error:  # the database check reports the cause
        return (False, f"links unreadable ({type(error).__name__})")
    finally:
        await db.close()
    lacking = sum(1 for scope in scopes if not grants_summaries(scope))
    if not scopes:
        return (True, f"no linked users yet; the Zoom app needs: {ADD_SCOPE}")
    if lacking:
        detail = f"{lacking} of {len(scopes)} linked users granted no summary scope: {ADD_SCOPE}"
        return (False, f"{detail}, then they run /zoom link again")
    return (True, f"all {len(scopes)} linked users may share AI summaries")


async def summaries_verdict(settings: Settings) -> Verdict:
    """Whether AI summaries can be fetched, and what to add to the Zoom app if not."""
    if settings.zoom_client_id is None or settings.zoom_client_secret is None:
        return (False, f"needs Zoom configured first; then {ADD_SCOPE} {EVENTS}")
    if settings.zoom_account_id:
        return await _s2s(settings)
    return await _user_level(settings)
