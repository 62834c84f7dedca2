"""Zoom calls and token refreshes move their counters, by endpoint and outcome."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.observability.observe import REGISTRY, process_name
from bot.settings import Settings
from bot.zoom.errors import LinkBroken, ZoomUnavailable
from tests.standins.zoom.state import Grant
from tests.support.deployment import ZoomStandin
from tests.support.service_world import running_services, seed_link

PAST = datetime.now(UTC) - timedelta(minutes=5)


def _count(name: str, **labels: str) -> float:
    value = REGISTRY.get_sample_value(name, {"process": process_name(), **labels})
    return value or 0.0


def _counts() -> dict[str, float]:
    return {
        "refresh_ok": _count("zoombridge_zoom_token_refreshes_total", outcome="ok"),
        "refresh_failed": _count("zoombridge_zoom_token_refreshes_total", outcome="failed"),
        "link_broken": _count("zoombridge_zoom_token_refreshes_total", outcome="link_broken"),
        "token_ok": _count(
            "zoombridge_zoom_calls_total", endpoint="POST /oauth/token", outcome="ok"
        ),
        "token_5xx": _count(
            "zoombridge_zoom_calls_total", endpoint="POST /oauth/token", outcome="server_error"
        ),
        "me_ok": _count("zoombridge_zoom_calls_total", endpoint="GET /users/me", outcome="ok"),
    }


async def _get_user_once(settings: Settings, grant: Grant) -> object:
    async with running_services(settings) as services:
        assert services.accounts is not None and grant.refresh_token is not None
        await seed_link(
            services,
            access_token=grant.access_token,
            refresh_token=grant.refresh_token,
            expires_at=PAST,
        )
        accounts, client = services.accounts, services.zoom_client
        call = accounts.call("T0001", "U0001", lambda t, who: client.get_user(token=t))
        results = await asyncio.gather(call, return_exceptions=True)
        return results[0]


async def test_a_refresh_and_the_call_after_it_are_counted(
    settings: Settings, zoom_api: ZoomStandin
) -> None:
    before = _counts()
    user = await _get_user_once(settings, zoom_api.state.grant_user("zu-ada"))
    assert getattr(user, "id", None) == "zu-ada"
    after = _counts()
    assert after["refresh_ok"] - before["refresh_ok"] == 1
    assert after["token_ok"] - before["token_ok"] == 1
    assert after["me_ok"] - before["me_ok"] == 1


async def test_refresh_failures_are_counted_apart_from_broken_links(
    settings: Settings, zoom_api: ZoomStandin
) -> None:
    before = _counts()
    zoom_api.state.fail("token", status=500)
    failed = await _get_user_once(settings, zoom_api.state.grant_user("zu-ada"))
    assert isinstance(failed, ZoomUnavailable)
    grant = zoom_api.state.grant_user("zu-bob")
    zoom_api.state.grant_user("zu-bob")  # re-authorised elsewhere: our pair is dead
    broken = await _get_user_once(settings, grant)
    assert isinstance(broken, LinkBroken)
    after = _counts()
    assert after["refresh_failed"] - before["refresh_failed"] == 1
    assert after["token_5xx"] - before["token_5xx"] == 1
    assert after["link_broken"] - before["link_broken"] == 1
    assert after["refresh_ok"] == before["refresh_ok"]
