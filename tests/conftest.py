"""Shared fixtures: a clean environment, a fresh database, the stand-ins and the served app."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from bot.app import create_app
from bot.logging_setup import BODY_DUMPING_LOGGERS
from bot.settings import Settings
from store.migrate import upgrade
from tests.standins.loopback import LoopbackServer
from tests.standins.slack.api import build_slack_api
from tests.standins.slack.state import SlackState
from tests.standins.zoom.api import build_zoom_api
from tests.standins.zoom.state import ZoomState
from tests.support.deployment import (
    ON_POSTGRES,
    SLACK_SIGNING_SECRET,
    TEST_DATABASE_URL,
    TOKEN_KEY,
    ZOOM_CLIENT_SECRET,
    ZOOM_WEBHOOK_SECRET,
    Served,
    SlackStandin,
    ZoomStandin,
    make_settings,
)
from tests.support.meeting_world import linked
from tests.support.pg_schema import fresh_schema

if TYPE_CHECKING:
    from tests.support.drivers import SlackDriver, ZoomWebhookDriver

# Every record of these loggers is checked for leaked secrets after each test: ours at DEBUG,
# the libraries at the lowest level bot.logging_setup lets them log at in production.
GUARDED_LOGGERS = {
    "bot": logging.DEBUG,
    "handlers": logging.DEBUG,
    "store": logging.DEBUG,
    "httpx": logging.DEBUG,
    "uvicorn": logging.DEBUG,
    **dict.fromkeys(BODY_DUMPING_LOGGERS, logging.INFO),
}
_LIVE_STANDINS: list[SlackState | ZoomState] = []


class _LogCapture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        extras = {k: v for k, v in record.__dict__.items() if k not in _PLAIN_RECORD}
        self.lines.append(f"{record.getMessage()} {extras} {record.exc_text or ''}")
        if record.exc_info:
            self.lines.append(logging.Formatter().formatException(record.exc_info))


_PLAIN_RECORD = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message"}


@pytest.fixture(autouse=True)
def no_secret_in_logs() -> Iterator[None]:
    """Fail the test if any token or secret its stand-ins issued reached a log record."""
    capture = _LogCapture()
    previous: list[tuple[logging.Logger, int]] = []
    for name, level in GUARDED_LOGGERS.items():
        logger = logging.getLogger(name)
        previous.append((logger, logger.level))
        logger.setLevel(level)
        logger.addHandler(capture)
    _LIVE_STANDINS.clear()
    try:
        yield
    finally:
        for logger, level in previous:
            logger.removeHandler(capture)
            logger.setLevel(level)
    secrets = {SLACK_SIGNING_SECRET, ZOOM_WEBHOOK_SECRET, ZOOM_CLIENT_SECRET, TOKEN_KEY}
    for state in _LIVE_STANDINS:
        secrets |= state.secrets()
    text = "\n".join(capture.lines)
    leaked = sorted(s[:8] + "..." for s in secrets if s and s in text)
    assert not leaked, f"secrets reached the logs: {leaked}"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No setting leaks in from the developer's shell or a .env file."""
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture
def database_url(tmp_path: Path, _sqlite_template: Path) -> Iterator[str]:
    """A freshly migrated database: an SQLite file, or a private PostgreSQL schema."""
    if ON_POSTGRES:
        with fresh_schema(TEST_DATABASE_URL) as url:
            yield url
        return
    path = tmp_path / "zoombridge.db"
    shutil.copyfile(_sqlite_template, path)
    yield f"sqlite:///{path}"


@pytest.fixture
def slack_api() -> Iterator[SlackStandin]:
    """A Slack Web API stand-in on loopback."""
    state = SlackState()
    _LIVE_STANDINS.append(state)
    with LoopbackServer(build_slack_api(state), name="slack") as server:
        yield SlackStandin(state=state, url=server.url)


@pytest.fixture
def zoom_api() -> Iterator[ZoomStandin]:
    """A Zoom API and OAuth stand-in on loopback."""
    state = ZoomState()
    _LIVE_STANDINS.append(state)
    with LoopbackServer(build_zoom_api(state), name="zoom") as server:
        yield ZoomStandin(state=state, url=server.url)


@pytest.fixture
def settings(database_url: str, slack_api: SlackStandin, zoom_api: ZoomStandin) -> Settings:
    """Single-workspace, user-level Zoom OAuth settings against the stand-ins."""
    return make_settings(database_url, slack_api, zoom_api)


@pytest.fixture
def served(settings: Settings) -> Iterator[Served]:
    """`create_app(settings)` served by uvicorn on loopback."""
    with LoopbackServer(create_app(settings), name="zoombridge") as server:
        yield Served(url=server.url, settings=settings)


@pytest.fixture
def slack_driver(served: Served, slack_api: SlackStandin) -> Iterator[SlackDriver]:
    """Signed Slack requests to the served app."""
    from tests.support.drivers import SlackDriver

    driver = SlackDriver(served.url, slack_api)
    yield driver
    driver.close()


@pytest.fixture
def zoom_webhooks(served: Served) -> Iterator[ZoomWebhookDriver]:
    """Signed Zoom webhooks to the served app."""
    from tests.support.drivers import ZoomWebhookDriver

    driver = ZoomWebhookDriver(served.url)
    yield driver
    driver.close()


@pytest.fixture
def linked_user(served: Served, slack_api: SlackStandin, zoom_api: ZoomStandin) -> str:
    """Slack user U0001, linked to Zoom user zu-ada through the real flow (its DM forgotten)."""
    linked(served, slack_api, zoom_api)
    return "U0001"
