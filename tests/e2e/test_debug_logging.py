"""LOG_LEVEL=DEBUG in a real `zoombridge serve`: our DEBUG lines, never the libraries' dumps."""

from __future__ import annotations

from pathlib import Path

from tests.support.deployment import SlackStandin
from tests.support.drivers import SlackDriver, ZoomWebhookDriver
from tests.support.notice_world import add, subscription, wait_settled, zoom_fixture
from tests.support.processes import ServerProcess, free_port, server_env


def test_debug_logging_keeps_sql_parameters_and_bolt_internals_out(
    database_url: str, slack_api: SlackStandin, tmp_path: Path
) -> None:
    add(database_url, subscription("C0001"))
    env = {**server_env(database_url, slack_api, free_port()), "LOG_LEVEL": "DEBUG"}
    log = tmp_path / "serve.log"
    with ServerProcess(env, log) as server:
        webhooks = ZoomWebhookDriver(server.url)
        driver = SlackDriver(server.url, slack_api)
        try:
            topic = "Topic-3f9a"  # lands in an outbox payload (an SQL parameter)
            assert webhooks.post(zoom_fixture("meeting.started", topic=topic)).status_code == 200
            wait_settled(database_url, timeout=15)
            sent = driver.command("help")
            assert sent.response.status_code == 200
            slack_api.state.wait_for_response(sent.response_url)
        finally:
            webhooks.close()
            driver.close()
    text = log.read_text()
    assert "outbox.delivered" in text  # the log was written at all
    debug_lines = [line for line in text.splitlines() if " DEBUG " in line]
    leaks = [
        line
        for line in debug_lines
        if any(name in line for name in ("aiosqlite", "sqlalchemy", "slack_bolt", "psycopg"))
    ]
    assert not leaks, leaks[:5]
    assert topic not in text
