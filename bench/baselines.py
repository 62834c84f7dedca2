"""The baselines each figure is divided by, served alone by uvicorn in their own process.

python -m bench.baselines hmac --port P --secret S     bare Starlette: check the HMAC, 200
python -m bench.baselines bolt --port P --secret S --slack-api URL
                                                      bare Bolt AsyncApp: /zoom only acks
"""

from __future__ import annotations

import argparse

import uvicorn
from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from bot.zoom.signature import InvalidSignature, verify_zoom_signature

BENCH_BOT_TOKEN = "xoxb-test-token"


def hmac_app(secret: str) -> Starlette:
    """A webhook endpoint that verifies Zoom's signature and does nothing else."""

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
        return JSONResponse({"status": "accepted"})

    async def ready(_request: Request) -> Response:
        return PlainTextResponse("ok")

    routes = [
        Route("/zoom/webhook", webhook, methods=["POST"]),
        Route("/readyz", ready, methods=["GET"]),
    ]
    return Starlette(routes=routes)


def bolt_app(secret: str, slack_api: str) -> Starlette:
    """Bolt for Python with one /zoom listener that only acks."""
    client = AsyncWebClient(token=BENCH_BOT_TOKEN, base_url=slack_api)
    bolt = AsyncApp(signing_secret=secret, client=client)

    @bolt.command("/zoom")
    async def ack_only(ack: AsyncAck) -> None:
        await ack()

    handler = AsyncSlackRequestHandler(bolt)

    async def events(request: Request) -> Response:
        return await handler.handle(request)

    async def ready(_request: Request) -> Response:
        return PlainTextResponse("ok")

    routes = [
        Route("/slack/events", events, methods=["POST"]),
        Route("/readyz", ready, methods=["GET"]),
    ]
    return Starlette(routes=routes)


def main() -> None:
    """Serve one baseline on 127.0.0.1:PORT."""
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=["hmac", "bolt"])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--secret", required=True)
    parser.add_argument("--slack-api", default="http://127.0.0.1:9/api/")
    args = parser.parse_args()
    app = hmac_app(args.secret) if args.kind == "hmac" else bolt_app(args.secret, args.slack_api)
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
