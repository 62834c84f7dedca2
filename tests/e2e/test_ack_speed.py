"""Slack gets its answer before the Zoom work: a 10 s Zoom delay must not delay the ack."""

from __future__ import annotations

import time

from tests.support.deployment import Served, SlackStandin, ZoomStandin
from tests.support.drivers import SlackDriver
from tests.support.meeting_world import modal_values, submission

ZOOM_DELAY = 10.0
ACK_BOUND = 1.0  # a functional bound on ack-before-work, not a benchmark


def test_command_and_submission_are_acknowledged_while_zoom_is_slow(
    served: Served,
    slack_api: SlackStandin,
    zoom_api: ZoomStandin,
    slack_driver: SlackDriver,
    linked_user: str,
) -> None:
    slack_driver.command("new Slow day")
    slack_api.state.wait_for("views.open")
    [view_id] = slack_api.state.views
    zoom_api.state.delay_seconds = ZOOM_DELAY

    sent = slack_driver.command("now Slow standup", channel_id="C0001")
    assert sent.response.status_code == 200
    assert sent.elapsed < ACK_BOUND, sent.elapsed

    started = time.perf_counter()
    answer = slack_driver.interact(submission(slack_api, view_id, modal_values()))
    elapsed = time.perf_counter() - started
    assert answer.status_code == 200 and answer.content in (b"", b"{}")
    assert elapsed < ACK_BOUND, elapsed

    # The work still completes once Zoom answers: the instant card, the scheduled card, the DM.
    posts = slack_api.state.wait_for("chat.postMessage", 3, timeout=ZOOM_DELAY + 5)
    assert sorted(str(c.params["channel"]) for c in posts) == ["C0001", "C0001", "U0001"]
    assert len(zoom_api.state.requests_to("POST", "/v2/users/me/meetings")) == 2
