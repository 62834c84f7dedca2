"""The baselines each figure is divided by, served alone by uvicorn in their own process.

Same server stack as the app (uvicorn with uvloop and the app's serving settings, Starlette,
Bolt):

python -m bench.baselines hmac --port P --secret S       (a) check Zoom's HMAC, answer 200
python -m bench.baselines insert --port P --secret S --database-url URL
                                                        (b) (a) + commit one INSERT of the raw
                                                            body per request, same driver
python -m bench.baselines bolt-work --port P --secret S --slack-api URL --zoom-api URL
                                    --zoom-token T      (c) Bolt: ack, one Zoom GET, reply
python -m bench.baselines bolt --port P --secret S      (d) Bolt: /zoom only acks
"""

from __future__ import annotations

import argparse
from typing import Any

import httpx
import uvicorn
from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import text
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from bot.serving import uvicorn_config
from bot.zoom.signature import InvalidSignature, verify_zoom_signature
from store.db import Database

BENCH_BOT_TOKEN = "xoxb-test-token"


async def _ready(_request: Request) -> Response:
    return PlainTextResponse("ok")


def hmac_app(secret: str, database_url: str | None = None) -> Starlette:
    """Verify Zoom's signature; with a database, also commit the raw body in one INSERT."""
    db = Database.connect(database_url) if database_url else None

    async def webhook(request: Request) -> Response:
        body = await request.body()
        try:
            verify_zoom_signature(
                secret=secret,
                body=body,
                timestamp=request.headers.get("x-zm-request-timestamp"),
                signature=request.headers.get("x-zm-signature"),
            )
        except InvalidSignature as error:
            return PlainTextResponse(error.reason, status_code=401)
        if db is not None:
            async with db.transaction() as session:
                statement = text("INSERT INTO bench_raw (body) VALUES (:body)")
                await session.exec(statement, params={"body": body.decode()})  # type: ignore[call-overload]
        return JSONResponse({"status": "accepted"})

    async def create_table() -> None:
        if db is None:
            return
        key = "SERIAL" if not db.is_sqlite else "INTEGER"
        async with db.engine.begin() as conn:
            ddl = f"CREATE TABLE IF NOT EXISTS bench_raw (id {key} PRIMARY KEY, body TEXT)"
            await conn.execute(text(ddl))

    routes = [
        Route("/zoom/webhook", webhook, methods=["POST"]),
        Route("/readyz", _ready, methods=["GET"]),
    ]
    return _with_startup(routes, create_table)


def _with_startup(routes: list[Route], startup: Any) -> Starlette:
    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> Any:
        await startup()
        yield

    return Starlette(routes=routes, lifespan=lifespan)


def bolt_app(secret: str, slack_api: str, zoom_api: str | None, zoom_token: str) -> Starlette:
    """Bolt for Python with one /zoom listener: ack; with `zoom_api`, then a GET and a reply."""
    client = AsyncWebClient(token=BENCH_BOT_TOKEN, base_url=slack_api)
    bolt = AsyncApp(signing_secret=secret, client=client)
    zoom = httpx.AsyncClient(base_url=zoom_api or "http://127.0.0.1:9", timeout=30)

    @bolt.command("/zoom")
    async def listener(ack: AsyncAck, respond: AsyncRespond) -> None:
        await ack()
        if zoom_api is None:
            return
        answer = await zoom.get(
            "/users/me/meetings",
            params={"type": "upcoming", "page_size": 300},
            headers={"Authorization": f"Bearer {zoom_token}"},
        )
        meetings = answer.json().get("meetings", [])
        await respond(text=f"{len(meetings)} upcoming meetings", response_type="ephemeral")

    handler = AsyncSlackRequestHandler(bolt)

    async def events(request: Request) -> Response:
        return await handler.handle(request)

    routes = [
        Route("/slack/events", events, methods=["POST"]),
        Route("/readyz", _ready, methods=["GET"]),
    ]
    return Starlette(routes=routes)


def main() -> None:
    """Serve one baseline on 127.0.0.1:PORT."""
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=["hmac", "insert", "bolt", "bolt-work"])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--secret", required=True)
    parser.add_argument("--slack-api", default="http://127.0.0.1:9/api/")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--zoom-api", default="")
    parser.add_argument("--zoom-token", default="")
    args = parser.parse_args()
    if args.kind in ("hmac", "insert"):
        app = hmac_app(args.secret, args.database_url if args.kind == "insert" else None)
    else:
        zoom_api = args.zoom_api if args.kind == "bolt-work" else None
        app = bolt_app(args.secret, args.slack_api, zoom_api, args.zoom_token)
    # The app's serving settings (protocol, deadlines, limits): ratios compare like with like.
    config = uvicorn_config(app, host="127.0.0.1", port=args.port, forwarded_allow_ips="127.0.0.1")
    uvicorn.Server(config).run()


if __name__ == "__main__":
    main()
