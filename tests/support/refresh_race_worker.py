"""A second process in the refresh race: N concurrent Zoom calls with an expired token.

Run as: python -m tests.support.refresh_race_worker DATABASE_URL ZOOM_URL CALLS START_AT
Prints the number of calls that succeeded.
"""

from __future__ import annotations

import asyncio
import sys
import time

from tests.support.deployment import TOKEN_KEY, ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET
from tests.support.service_world import running_services


async def race(database_url: str, zoom_url: str, calls: int, start_at: float) -> int:
    from bot.settings import Settings

    settings = Settings(
        _env_file=None,
        database_url=database_url,
        zoom_client_id=ZOOM_CLIENT_ID,
        zoom_client_secret=ZOOM_CLIENT_SECRET,
        zoom_api_url=zoom_url + "/v2",
        zoom_oauth_url=zoom_url,
        token_encryption_key=TOKEN_KEY,
    )
    async with running_services(settings) as services:
        assert services.accounts is not None
        accounts, client = services.accounts, services.zoom_client
        await asyncio.sleep(max(0.0, start_at - time.time()))
        results = await asyncio.gather(
            *(
                accounts.call("T0001", "U0001", lambda t, who: client.get_user(token=t))
                for _ in range(calls)
            ),
            return_exceptions=True,
        )
    return sum(1 for r in results if not isinstance(r, BaseException))


if __name__ == "__main__":
    db_url, zoom_url, calls, start_at = (
        sys.argv[1],
        sys.argv[2],
        int(sys.argv[3]),
        float(sys.argv[4]),
    )
    sys.stdout.write(f"{asyncio.run(race(db_url, zoom_url, calls, start_at))}\n")
