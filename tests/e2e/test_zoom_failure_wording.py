"""A Zoom 500 on create is an error Zoom answered with, not "Zoom did not answer in time"."""

from __future__ import annotations

from tests.support.deployment import SlackStandin, ZoomStandin
from tests.support.drivers import SlackDriver


def test_a_500_on_create_is_reported_as_zoom_failing(
    slack_api: SlackStandin, zoom_api: ZoomStandin, slack_driver: SlackDriver, linked_user: str
) -> None:
    zoom_api.state.fail("create_meeting", times=1, status=500)
    sent = slack_driver.command("now Design sync", channel_id="C0001")
    reply = slack_api.state.wait_for_response(sent.response_url)[-1]
    assert "HTTP 500" in reply["text"] and "did not answer in time" not in reply["text"]
    assert "may have been created" in reply["text"]  # a 500 may still have created it
    assert len(zoom_api.state.requests_to("POST", "/v2/users/me/meetings")) == 1
