"""Steps of the scheduling modal over real HTTP: open it, read which fields it shows."""

from __future__ import annotations

from typing import Any

from tests.support.deployment import SlackStandin
from tests.support.drivers import SlackDriver


def open_modal(driver: SlackDriver, slack: SlackStandin, text: str = "new Design review") -> str:
    sent = driver.command(text, channel_id="C0001")
    assert sent.response.status_code == 200
    slack.state.wait_for("views.open")
    [view_id] = slack.state.views
    return view_id


def block_ids(view: dict[str, Any]) -> list[str]:
    return [str(b.get("block_id")) for b in view["blocks"]]
