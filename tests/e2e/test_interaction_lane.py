"""Work after Slack's acknowledgement is bounded: what does not fit is refused at once, politely.

With one slot and one place in line, three `/zoom list` commands while Zoom is slow: all
three are acknowledged, two are answered with their lists once Zoom replies, the third is told
at once that the app is busy, and Zoom is asked only twice.
"""

from __future__ import annotations

import pytest

from bot.settings import Settings
from tests.support.deployment import SlackStandin, ZoomStandin, make_settings
from tests.support.drivers import SlackDriver

ZOOM_DELAY = 1.5


@pytest.fixture
def settings(database_url: str, slack_api: SlackStandin, zoom_api: ZoomStandin) -> Settings:
    """One interaction at a time, one waiting."""
    return make_settings(
        database_url, slack_api, zoom_api, slack_work_concurrency=1, slack_work_backlog=1
    )


def test_a_full_lane_answers_busy_at_once_and_does_no_work(
    slack_api: SlackStandin, zoom_api: ZoomStandin, slack_driver: SlackDriver, linked_user: str
) -> None:
    zoom_api.state.delay_seconds = ZOOM_DELAY
    sent = [slack_driver.command("list", user_id=linked_user) for _ in range(3)]
    assert [s.response.status_code for s in sent] == [200, 200, 200]

    (refused,) = slack_api.state.wait_for_response(sent[2].response_url)
    assert "try again in a minute" in str(refused["text"])
    assert refused["response_type"] == "ephemeral"
    for answered in sent[:2]:
        (reply,) = slack_api.state.wait_for_response(
            answered.response_url, timeout=3 * ZOOM_DELAY + 5
        )
        assert "upcoming" in str(reply).lower()
        assert "try again" not in str(reply["text"])
    listed = zoom_api.state.requests_to("GET", "/v2/users/me/meetings")
    assert len(listed) == 2


def test_the_lane_frees_its_slots_after_work_and_after_refusals(
    slack_api: SlackStandin, zoom_api: ZoomStandin, slack_driver: SlackDriver, linked_user: str
) -> None:
    for _ in range(3):  # one at a time: each finishes before the next, none refused
        sent = slack_driver.command("list", user_id=linked_user)
        (reply,) = slack_api.state.wait_for_response(sent.response_url)
        assert "try again" not in str(reply["text"])
