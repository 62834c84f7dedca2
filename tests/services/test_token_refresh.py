"""Zoom refresh tokens rotate: concurrent callers must cause exactly one refresh."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

from bot.settings import Settings
from bot.zoom.errors import LinkBroken
from store.models import ZoomLink
from tests.standins.zoom.state import Grant
from tests.support.deployment import ZoomStandin, requires_postgres
from tests.support.paths import ROOT
from tests.support.service_world import running_services, seed_link

PAST = datetime.now(UTC) - timedelta(minutes=5)


async def _concurrent_get_user(
    settings: Settings, grant: Grant, *, expires_at: datetime, calls: int
) -> tuple[list[object], ZoomLink | None]:
    """Seed the link with `grant`, then make `calls` concurrent Zoom calls as its user."""
    async with running_services(settings) as services:
        assert services.accounts is not None and grant.refresh_token is not None
        await seed_link(
            services,
            access_token=grant.access_token,
            refresh_token=grant.refresh_token,
            expires_at=expires_at,
        )
        accounts, client = services.accounts, services.zoom_client
        results = await asyncio.gather(
            *(
                accounts.call("T0001", "U0001", lambda t, who: client.get_user(token=t))
                for _ in range(calls)
            ),
            return_exceptions=True,
        )
        return list(results), await accounts.find_link("T0001", "U0001")


async def test_fifty_concurrent_calls_make_one_refresh(
    settings: Settings, zoom_api: ZoomStandin
) -> None:
    grant = zoom_api.state.grant_user("zu-ada")
    zoom_api.state.expire_all_access_tokens()
    zoom_api.state.token_delay = 0.2  # a slow token endpoint widens the race window
    users, _ = await _concurrent_get_user(settings, grant, expires_at=PAST, calls=50)
    assert {getattr(u, "id", u) for u in users} == {"zu-ada"}
    assert zoom_api.state.refresh_calls == 1
    assert len(zoom_api.state.requests_to("GET", "/v2/users/me")) == 50


async def test_expired_at_zoom_before_our_clock_refreshes_once_and_retries(
    settings: Settings, zoom_api: ZoomStandin
) -> None:
    grant = zoom_api.state.grant_user("zu-ada")
    zoom_api.state.expire_all_access_tokens()  # Zoom says 124 although we think it is fresh
    fresh = datetime.now(UTC) + timedelta(minutes=30)
    users, _ = await _concurrent_get_user(settings, grant, expires_at=fresh, calls=10)
    assert {getattr(u, "id", u) for u in users} == {"zu-ada"}
    assert zoom_api.state.refresh_calls == 1


async def test_dead_refresh_token_breaks_the_link_once(
    settings: Settings, zoom_api: ZoomStandin
) -> None:
    grant = zoom_api.state.grant_user("zu-ada")
    zoom_api.state.grant_user("zu-ada")  # re-authorised elsewhere: our pair is dead
    results, link = await _concurrent_get_user(settings, grant, expires_at=PAST, calls=5)
    assert all(isinstance(r, LinkBroken) for r in results)
    assert link is not None and link.status == "broken"
    assert zoom_api.state.refresh_calls == 1


@requires_postgres
async def test_two_processes_on_postgres_make_one_refresh(
    settings: Settings, zoom_api: ZoomStandin
) -> None:
    grant = zoom_api.state.grant_user("zu-ada")
    zoom_api.state.expire_all_access_tokens()
    zoom_api.state.token_delay = 0.3
    async with running_services(settings) as services:
        assert grant.refresh_token is not None
        await seed_link(
            services,
            access_token=grant.access_token,
            refresh_token=grant.refresh_token,
            expires_at=PAST,
        )
    start_at = time.time() + 3.0
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)
    args = [settings.database_url, zoom_api.url, "25", str(start_at)]
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.support.refresh_race_worker", *args],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [w.communicate(timeout=60) for w in workers]
    assert [w.returncode for w in workers] == [0, 0], [o[1][-2000:] for o in outputs]
    assert [o[0].strip() for o in outputs] == ["25", "25"]
    assert zoom_api.state.refresh_calls == 1
