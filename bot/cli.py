"""The `zoombridge` command: serve, worker, migrate, manifest, keygen, check, status, setup-link."""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from collections.abc import Sequence

from bot.crypto import new_key
from bot.logging_setup import configure_logging
from bot.notices.worker import WorkerConfig
from bot.settings import Settings, SettingsError, load_settings
from bot.slack.manifest import render_manifest
from bot.worker_options import lease_option as _lease_option
from bot.worker_options import worker_config as _worker_config
from store.db import is_sqlite
from store.upgrade_apart import upgrade_apart

EXIT_BAD_SETTINGS = 2


def _out(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def _settings() -> Settings:
    try:
        return load_settings()
    except SettingsError as error:
        sys.stderr.write(f"{error}\n")
        raise SystemExit(EXIT_BAD_SETTINGS) from None


def cmd_serve(args: argparse.Namespace) -> int:
    """Run the web server (HTTP, or Socket Mode plus HTTP for Zoom)."""
    import uvicorn

    from bot.app import create_app
    from bot.serving import uvicorn_config

    settings = _settings()
    configure_logging(settings.log_level, settings.log_format)
    if args.socket_mode and settings.slack_app_token is None:
        sys.stderr.write("--socket-mode needs SLACK_APP_TOKEN (an xapp- app-level token).\n")
        return EXIT_BAD_SETTINGS
    if is_sqlite(settings.database_url):
        upgrade_apart(settings.database_url)
    app = create_app(settings, socket_mode=args.socket_mode, worker_config=_worker_config(args))
    config = uvicorn_config(
        app,
        host=settings.host,
        port=settings.port,
        forwarded_allow_ips=settings.forwarded_allow_ips,
        read_timeout=args.read_timeout,
        limit_concurrency=args.limit_concurrency,
    )
    uvicorn.Server(config).run()
    return 0


async def _deliver_until_stopped(settings: Settings, config: WorkerConfig) -> None:
    from bot.app import create_app

    app = create_app(settings, worker_config=config)  # its lifespan runs the delivery worker
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    async with app.router.lifespan_context(app):
        await stop.wait()


def cmd_worker(args: argparse.Namespace) -> int:
    """Deliver notices from the outbox, without serving HTTP, until SIGTERM."""
    settings = _settings()
    configure_logging(settings.log_level, settings.log_format)
    if settings.slack_mode is None:
        sys.stderr.write(
            "The worker posts to Slack: set SLACK_BOT_TOKEN (or SLACK_CLIENT_ID and "
            "SLACK_CLIENT_SECRET).\n"
        )
        return EXIT_BAD_SETTINGS
    if is_sqlite(settings.database_url):
        upgrade_apart(settings.database_url)
    asyncio.run(_deliver_until_stopped(settings, _worker_config(args)))
    return 0


def _connection_options(parser: argparse.ArgumentParser) -> None:
    from bot.serving import LIMIT_CONCURRENCY, READ_TIMEOUT

    parser.add_argument(
        "--read-timeout",
        type=float,
        default=READ_TIMEOUT,
        metavar="SECONDS",
        help="how long a client may take to send a whole request (default 10)",
    )
    parser.add_argument(
        "--limit-concurrency",
        type=int,
        default=LIMIT_CONCURRENCY,
        metavar="N",
        help="open connections and requests beyond which new requests get 503 (default 200)",
    )


def cmd_migrate(_args: argparse.Namespace) -> int:
    """Upgrade the database schema to the newest revision."""
    settings = _settings()
    configure_logging(settings.log_level, settings.log_format)
    from store.migrate import upgrade  # here in-process; serving processes never load alembic

    upgrade(settings.database_url)
    _out("Database is at the newest schema.")
    return 0


def cmd_manifest(args: argparse.Namespace) -> int:
    """Print the Slack app manifest for this deployment's URL."""
    url = args.url
    if url is None:
        url = _settings().public_url
    if url is None:
        sys.stderr.write("Give --url https://your-app.example.com or set PUBLIC_URL.\n")
        return EXIT_BAD_SETTINGS
    if not url.startswith(("https://", "http://")):
        sys.stderr.write(f"--url must be an http(s) URL, got {url!r}.\n")
        return EXIT_BAD_SETTINGS
    _out(render_manifest(url, socket_mode=args.socket_mode))
    return 0


def cmd_keygen(_args: argparse.Namespace) -> int:
    """Print a new TOKEN_ENCRYPTION_KEY."""
    _out(new_key())
    return 0


def cmd_check(_args: argparse.Namespace) -> int:
    """Validate settings and reach the database, Slack and Zoom."""
    settings = _settings()
    configure_logging("WARNING", settings.log_format)
    from bot.checks import run_checks

    results = asyncio.run(run_checks(settings))
    for result in results:
        _out(f"{'ok  ' if result.ok else 'FAIL'} {result.name}: {result.detail}")
        if not result.ok and result.fix:
            _out(f"     fix: {result.fix}")
    return 0 if all(r.ok for r in results) else 1


def cmd_status(_args: argparse.Namespace) -> int:
    """Print outbox depth, oldest pending, dead rows, last webhook; non-zero when not ready."""
    settings = _settings()
    configure_logging("WARNING", settings.log_format)
    from bot.observability.status import status_report

    report = asyncio.run(status_report(settings))
    for line in report.lines:
        _out(line)
    return 0 if report.ready else 1


async def _setup_link(settings: Settings) -> str:
    from bot.setup.operator import issue_setup_link
    from store.db import Database

    assert settings.public_url is not None
    db = Database.connect(settings.database_url)
    try:
        return await issue_setup_link(db, settings.public_url)
    finally:
        await db.close()


def cmd_setup_link(_args: argparse.Namespace) -> int:
    """Print a one-time link that signs the operator in to the setup page."""
    settings = _settings()
    configure_logging("WARNING", settings.log_format)
    if settings.public_url is None or not settings.encryption_keys:
        sys.stderr.write("setup-link needs PUBLIC_URL and TOKEN_ENCRYPTION_KEY to be set.\n")
        return EXIT_BAD_SETTINGS
    if is_sqlite(settings.database_url):
        upgrade_apart(settings.database_url)
    _out(asyncio.run(_setup_link(settings)))
    _out("Open it within 15 minutes; it works once.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = argparse.ArgumentParser(prog="zoombridge", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the web server on $HOST:$PORT")
    serve.add_argument("--socket-mode", action="store_true", help="receive Slack over Socket Mode")
    _lease_option(serve)
    serve.add_argument(
        "--no-worker", action="store_true", help="only ingest; `zoombridge worker` delivers"
    )
    _connection_options(serve)
    serve.set_defaults(func=cmd_serve)
    worker = sub.add_parser("worker", help="deliver channel notices only (no HTTP)")
    _lease_option(worker)
    worker.set_defaults(func=cmd_worker)
    sub.add_parser("migrate", help="upgrade the database schema").set_defaults(func=cmd_migrate)
    manifest = sub.add_parser("manifest", help="print the Slack app manifest")
    manifest.add_argument("--url", help="this deployment's public URL (default: $PUBLIC_URL)")
    manifest.add_argument("--socket-mode", action="store_true", help="enable Socket Mode")
    manifest.set_defaults(func=cmd_manifest)
    sub.add_parser("keygen", help="print a new token encryption key").set_defaults(func=cmd_keygen)
    sub.add_parser("check", help="validate settings and reach every dependency").set_defaults(
        func=cmd_check
    )
    sub.add_parser("status", help="delivery facts; exit 1 when not ready").set_defaults(
        func=cmd_status
    )
    sub.add_parser(
        "setup-link", help="print a one-time sign-in link for the setup page"
    ).set_defaults(func=cmd_setup_link)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `zoombridge` console script."""
    args = build_parser().parse_args(argv)
    code: int = args.func(args)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
