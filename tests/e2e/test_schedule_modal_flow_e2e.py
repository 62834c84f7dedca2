"""The scheduling modal over real HTTP: redraws, channels without the bot, Zoom failures."""

from __future__ import annotations

from handlers.blocks import ids
from tests.support.deployment import Served, SlackStandin, ZoomStandin
from tests.support.drivers import SlackDriver
from tests.support.meeting_world import (
    block_action,
    modal_values,
    repeat_choice,
    submission,
)
from tests.support.modal_steps import block_ids, open_modal


def test_choosing_weekly_redraws_the_modal_with_its_fields(
    served: Served,
    slack_api: SlackStandin,
    zoom_api: ZoomStandin,
    slack_driver: SlackDriver,
    linked_user: str,
) -> None:
    view_id = open_modal(slack_driver, slack_api)
    view = dict(slack_api.state.views[view_id])
    view["state"] = {"values": repeat_choice("weekly")}
    click = block_action(
        slack_api,
        ids.REPEAT.action_id,
        "",
        view=view,
        block_id=ids.REPEAT.block_id,
        selected="weekly",
    )
    assert slack_driver.interact(click).status_code == 200
    [update] = slack_api.state.wait_for("views.update")
    assert update.params["view_id"] == view_id
    redrawn = slack_api.state.views[view_id]
    shown = block_ids(redrawn)
    assert shown.index("repeat") < shown.index("repeat_interval") < shown.index("weekly_days")
    assert {"ends", "end_count", "end_date"} <= set(shown)
    assert redrawn["private_metadata"] == view["private_metadata"]


def test_announce_channel_without_the_bot_still_creates_and_says_how_to_invite(
    served: Served,
    slack_api: SlackStandin,
    zoom_api: ZoomStandin,
    slack_driver: SlackDriver,
    linked_user: str,
) -> None:
    view_id = open_modal(slack_driver, slack_api)
    values = modal_values(announce="C0002")
    assert slack_driver.interact(submission(slack_api, view_id, values)).status_code == 200
    calls = slack_api.state.wait_for("chat.postMessage", 2)
    assert [c.params["channel"] for c in calls] == ["C0002", "U0001"]
    dm = str(calls[1].params["blocks"])
    assert "/invite @Zoombridge" in dm and "<#C0002>" in dm
    assert len(zoom_api.state.meetings) == 1


def test_unlinked_user_gets_the_link_button_instead_of_the_modal(
    slack_api: SlackStandin, slack_driver: SlackDriver
) -> None:
    sent = slack_driver.command("new Standup")
    reply = slack_api.state.wait_for_response(sent.response_url)[-1]
    assert "Link your Zoom account" in reply["text"]
    assert not slack_api.state.calls_to("views.open")


def test_zoom_failure_after_submission_is_told_by_dm(
    served: Served,
    slack_api: SlackStandin,
    zoom_api: ZoomStandin,
    slack_driver: SlackDriver,
    linked_user: str,
) -> None:
    view_id = open_modal(slack_driver, slack_api)
    zoom_api.state.fail("/users/me/meetings", status=429, retry_after="7")
    assert slack_driver.interact(submission(slack_api, view_id, modal_values())).status_code == 200
    [dm] = slack_api.state.wait_for("chat.postMessage")
    assert dm.params["channel"] == "U0001"
    assert "Zoom is busy right now" in dm.params["text"]
    assert not zoom_api.state.meetings
