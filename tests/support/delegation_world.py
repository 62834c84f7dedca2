"""Arranging delegation, PMI and join tests: modal people fields, a third person, S2S serving."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from bot.app import create_app
from handlers.blocks import ids
from tests.standins.loopback import LoopbackServer
from tests.support.deployment import SlackStandin, ZoomStandin, make_settings
from tests.support.drivers import SlackDriver


def people(schedule_for: str | None = None, alternates: list[str] | None = None) -> dict[str, Any]:
    """The "Schedule for" and "Alternative hosts" state, as Slack sends it."""
    return {
        ids.SCHEDULE_FOR.block_id: {
            ids.SCHEDULE_FOR.action_id: {"type": "users_select", "selected_user": schedule_for}
        },
        ids.ALT_HOSTS.block_id: {
            ids.ALT_HOSTS.action_id: {
                "type": "multi_users_select",
                "selected_users": alternates or [],
            }
        },
    }


def add_carol(slack: SlackStandin, zoom: ZoomStandin) -> None:
    """A third person, in Slack and in the same Zoom account."""
    slack.state.add_user(
        "U0003", name="carol", real_name="Carol Shaw", email="carol@example.com", tz="UTC"
    )
    zoom.state.add_user("zu-carol", "carol@example.com", "Carol", "Shaw")


def open_modal(driver: SlackDriver, slack: SlackStandin, text: str = "new Planning") -> str:
    """`/zoom new` in C0001; the id of the modal it opened."""
    opened = len(slack.state.calls_to("views.open"))
    assert driver.command(text, channel_id="C0001").response.status_code == 200
    slack.state.wait_for("views.open", opened + 1)
    views = [v for v in slack.state.views.values() if v["callback_id"] == ids.CALLBACK_ID]
    return str(views[-1]["id"])


@contextmanager
def served_s2s(database_url: str, slack: SlackStandin, zoom: ZoomStandin) -> Iterator[SlackDriver]:
    """The app in Server-to-Server mode, and a driver for it."""
    settings = make_settings(database_url, slack, zoom, zoom_account_id="acct-1")
    with LoopbackServer(create_app(settings), name="zoombridge-s2s") as server:
        driver = SlackDriver(server.url, slack)
        try:
            yield driver
        finally:
            driver.close()
