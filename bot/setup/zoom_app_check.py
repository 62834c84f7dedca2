"""`zoombridge check`, the Zoom app's part: the scopes tokens carry and the events to send."""

from __future__ import annotations

import httpx

from bot.settings import Settings
from bot.wiring import zoom_oauth
from bot.zoom.app_setup import ZOOM_EVENTS, Mode, missing_scopes
from bot.zoom.errors import ZoomError
from store.db import Database
from store.repos.live import active_scopes

CHECK_TIMEOUT = httpx.Timeout(10.0, connect=5.0)
Finding = tuple[str, bool, str]  # (name, ok, detail): one line of `zoombridge check`


async def _granted(settings: Settings) -> list[str] | None:
    """The scope strings of the tokens in use: the account's, or every linked user's."""
    assert settings.zoom_client_id is not None and settings.zoom_client_secret is not None
    if settings.zoom_account_id:
        async with httpx.AsyncClient(timeout=CHECK_TIMEOUT) as http:
            oauth = zoom_oauth(http, settings)
            try:
                return [(await oauth.account_token(settings.zoom_account_id)).scope]
            except ZoomError:
                return None  # the zoom check already says why
    db = Database.connect(settings.database_url)
    try:
        async with db.transaction() as session:
            return await active_scopes(session=session)
    except Exception:  # not migrated or unreachable: the database check says so
        return None
    finally:
        await db.close()


async def check_zoom_app(settings: Settings) -> list[Finding]:
    """Whether granted scopes cover every feature, and which webhook events to subscribe."""
    events = ", ".join(name for name, _ in ZOOM_EVENTS)
    results: list[Finding] = [("zoom events", True, f"subscribe the webhook to {events}")]
    if settings.zoom_client_id is None or settings.zoom_client_secret is None:
        return results
    mode: Mode = "s2s" if settings.zoom_account_id else "user"
    granted = await _granted(settings)
    if granted is None:
        return results
    lacking = [gaps for gaps in (missing_scopes(g, mode) for g in granted) if gaps]
    if not lacking:
        who = "the account token" if mode == "s2s" else f"{len(granted)} linked user(s)"
        results.append(("zoom scopes", True, f"{who}: every scope granted"))
        return results
    gaps = sorted({s for found in lacking for s in found})
    again = "" if mode == "s2s" else f"; {len(lacking)} user(s) must /zoom link again"
    detail = f"add to the Zoom app: {', '.join(gaps)}{again}"
    results.append(("zoom scopes", False, detail))
    return results
