"""The served app warns about quiet Zoom links on its own, through the outbox."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.app import create_app
from bot.settings import Settings
from tests.standins.loopback import LoopbackServer
from tests.support.deployment import SlackStandin
from tests.support.notice_world import add, link, wait_settled


def test_a_quiet_link_gets_a_dm_once_the_app_runs(
    settings: Settings, database_url: str, slack_api: SlackStandin
) -> None:
    quiet = link("T0001", "U0001")
    quiet.updated_at = datetime.now(UTC) - timedelta(days=85)
    add(database_url, quiet, link("T0001", "U0002", zoom_user_id="zoomBob"))
    with LoopbackServer(create_app(settings)):
        [dm] = slack_api.state.wait_for("chat.postMessage")
        settled = wait_settled(database_url)
    assert "will expire in about 5 days" in str(dm.params["text"])
    assert [(r["channel_id"], r["status"]) for r in settled] == [("U0001", "delivered")]
    assert [c.params["users"] for c in slack_api.state.calls_to("conversations.open")] == ["U0001"]
