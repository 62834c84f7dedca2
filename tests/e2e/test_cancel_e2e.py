"""Cancelling over real HTTP: list buttons, the series choice, the host check, cards updated."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from bot.app import create_app
from tests.standins.loopback import LoopbackServer
from tests.support.deployment import Served, SlackStandin, ZoomStandin, make_settings
from tests.support.drivers import SlackDriver
from tests.support.meeting_world import (
    action_values,
    block_action,
    linked,
    schedule,
    stored_meetings,
    wait_stored,
)
from tests.support.notice_world import wait_settled

ONLY_HOST = "Only the host, or whoever scheduled it for them, can cancel this meeting."


def _urls(body: dict[str, Any]) -> list[str]:
    return [
        str(e["url"]) for b in body.get("blocks", []) for e in b.get("elements", []) if "url" in e
    ]


def _list(
    driver: SlackDriver, slack: SlackStandin, user_id: str = "U0001"
) -> tuple[str, dict[str, Any]]:
    sent = driver.command("list", user_id=user_id)
    return sent.response_url, slack.state.wait_for_response(sent.response_url)[-1]


def test_cancel_from_the_list_deletes_updates_the_card_and_the_list(
    served: Served,
    slack_api: SlackStandin,
    zoom_api: ZoomStandin,
    slack_driver: SlackDriver,
    database_url: str,
    linked_user: str,
) -> None:
    meeting_id = schedule(slack_driver, slack_api, zoom_api)
    card_ts = slack_api.state.messages["C0001"][-1]["ts"]
    response_url, listing = _list(slack_driver, slack_api)
    [button] = [
        e
        for b in listing["blocks"]
        for e in b.get("elements", [])
        if e.get("action_id") == "cancel_meeting"
    ]
    assert button["value"] == str(meeting_id)
    assert button["confirm"]["confirm"]["text"] == "Cancel meeting"

    click = block_action(slack_api, "cancel_meeting", button["value"], response_url=response_url)
    assert slack_driver.interact(click).status_code == 200
    replaced = slack_api.state.wait_for_response(response_url, 2)[-1]
    assert replaced["replace_original"] is True
    assert "Cancelled the meeting *Planning*" in str(replaced["blocks"])
    assert "You have no upcoming Zoom meetings" in str(replaced["blocks"])
    [delete] = zoom_api.state.requests_to("DELETE", "/v2/meetings/")
    assert (delete.path, delete.query) == (f"/v2/meetings/{meeting_id}", {})

    slack_api.state.wait_for("chat.update")
    card = slack_api.state.message("C0001", card_ts)
    assert "Cancelled" in str(card["blocks"]) and _urls(card) == []
    assert "was cancelled" in card["text"]
    rows = wait_stored(database_url, lambda rows: rows[0]["status"] == "cancelled")
    assert [r["zoom_meeting_id"] for r in rows] == [meeting_id]


def test_recurring_offers_occurrence_or_series_and_cancels_each(
    served: Served,
    slack_api: SlackStandin,
    zoom_api: ZoomStandin,
    slack_driver: SlackDriver,
    database_url: str,
    linked_user: str,
) -> None:
    meeting_id = schedule(
        slack_driver,
        slack_api,
        zoom_api,
        repeat="weekly",
        days=["2", "5"],
        ends="count",
        end_count="6",
    )
    first = zoom_api.state.meetings[meeting_id]["occurrences"][0]["occurrence_id"]
    card_ts = slack_api.state.messages["C0001"][-1]["ts"]
    response_url, listing = _list(slack_driver, slack_api)
    [value] = action_values(listing, "cancel_meeting")

    slack_driver.interact(
        block_action(slack_api, "cancel_meeting", value, response_url=response_url)
    )
    choice = slack_api.state.wait_for_response(response_url, 2)[-1]
    assert choice.get("replace_original") is not True
    assert action_values(choice, "cancel_occurrence") == [f"{meeting_id}:{first}"]
    assert action_values(choice, "cancel_series") == [str(meeting_id)]
    assert not zoom_api.state.requests_to("DELETE", "/v2/meetings/")

    one = block_action(
        slack_api, "cancel_occurrence", f"{meeting_id}:{first}", response_url=response_url
    )
    slack_driver.interact(one)
    done = slack_api.state.wait_for_response(response_url, 3)[-1]
    assert done["replace_original"] is True and "The rest of the series stays" in done["text"]
    [delete] = zoom_api.state.requests_to("DELETE", "/v2/meetings/")
    assert delete.query == {"occurrence_id": first}
    slack_api.state.wait_for("chat.update")
    card = slack_api.state.message("C0001", card_ts)
    assert "meeting is cancelled" in str(card["blocks"]) and len(_urls(card)) == 1
    assert wait_stored(database_url, bool)[0]["status"] == "scheduled"

    series = block_action(slack_api, "cancel_series", str(meeting_id), response_url=response_url)
    slack_driver.interact(series)
    slack_api.state.wait_for_response(response_url, 4)
    deletes = zoom_api.state.requests_to("DELETE", "/v2/meetings/")
    assert [d.query for d in deletes] == [{"occurrence_id": first}, {}]
    slack_api.state.wait_for("chat.update", 2)
    card = slack_api.state.message("C0001", card_ts)
    assert "Cancelled" in str(card["blocks"]) and _urls(card) == []
    wait_stored(database_url, lambda rows: rows[0]["status"] == "cancelled")


def test_a_foreign_users_click_is_refused_and_changes_nothing(
    served: Served,
    slack_api: SlackStandin,
    zoom_api: ZoomStandin,
    slack_driver: SlackDriver,
    database_url: str,
    linked_user: str,
) -> None:
    linked(served, slack_api, zoom_api, "U0002", "zu-bob")
    meeting_id = schedule(slack_driver, slack_api, zoom_api)
    for action_id in ("cancel_meeting", "cancel_series"):
        response_url = slack_api.state.new_response_url(slack_api.url)
        click = block_action(
            slack_api, action_id, str(meeting_id), user_id="U0002", response_url=response_url
        )
        assert slack_driver.interact(click).status_code == 200
        [reply] = slack_api.state.wait_for_response(response_url)
        assert ONLY_HOST in reply["text"] and reply["response_type"] == "ephemeral"
    assert not zoom_api.state.requests_to("DELETE", "/v2/meetings/")
    assert meeting_id in zoom_api.state.meetings
    assert not slack_api.state.calls_to("chat.update")
    assert [r["status"] for r in stored_meetings(database_url)] == ["scheduled"]


@pytest.fixture
def s2s(database_url: str, slack_api: SlackStandin, zoom_api: ZoomStandin) -> Iterator[SlackDriver]:
    """The app in account-level (Server-to-Server) mode: Zoom lets its token delete anything."""
    settings = make_settings(database_url, slack_api, zoom_api, zoom_account_id="acct-1")
    with LoopbackServer(create_app(settings), name="zoombridge-s2s") as server:
        driver = SlackDriver(server.url, slack_api)
        yield driver
        driver.close()


def test_account_level_mode_checks_the_host_itself(
    s2s: SlackDriver, slack_api: SlackStandin, zoom_api: ZoomStandin
) -> None:
    meeting = zoom_api.state.add_meeting("zu-ada", "Ada's review")
    response_url = slack_api.state.new_response_url(slack_api.url)
    foreign = block_action(
        slack_api, "cancel_meeting", str(meeting["id"]), user_id="U0002", response_url=response_url
    )
    s2s.interact(foreign)
    [reply] = slack_api.state.wait_for_response(response_url)
    assert ONLY_HOST in reply["text"]
    assert not zoom_api.state.requests_to("DELETE", "/v2/meetings/")

    sent = s2s.command(f"cancel https://acme.zoom.us/j/{meeting['id']}?pwd=abc", user_id="U0001")
    done = slack_api.state.wait_for_response(sent.response_url)[-1]
    assert "Cancelled the meeting *Ada's review*" in done["text"]
    [delete] = zoom_api.state.requests_to("DELETE", "/v2/meetings/")
    assert (
        delete.path == f"/v2/meetings/{meeting['id']}"
        and meeting["id"] not in zoom_api.state.meetings
    )


def test_typed_cancel_problems_are_explained(
    served: Served,
    slack_api: SlackStandin,
    zoom_api: ZoomStandin,
    slack_driver: SlackDriver,
    linked_user: str,
) -> None:
    live = zoom_api.state.add_meeting("zu-ada", "Happening now")
    zoom_api.state.meetings_in_progress.add(live["id"])
    cases = {
        "cancel": "Give a meeting ID or a Zoom join link",
        "cancel tomorrow": "isn't a meeting ID",
        "cancel 999 9999 9999": "not found at Zoom",
        f"cancel {live['id']}": "in progress",
    }
    for text, expected in cases.items():
        sent = slack_driver.command(text)
        reply = slack_api.state.wait_for_response(sent.response_url)[-1]
        assert expected in reply["text"], (text, reply["text"])
    assert live["id"] in zoom_api.state.meetings


def test_keep_it_removes_the_question(slack_api: SlackStandin, slack_driver: SlackDriver) -> None:
    response_url = slack_api.state.new_response_url(slack_api.url)
    click = block_action(slack_api, "cancel_dismiss", "85000000008", response_url=response_url)
    assert slack_driver.interact(click).status_code == 200
    [reply] = slack_api.state.wait_for_response(response_url)
    assert reply.get("delete_original") is True


def test_the_card_edit_goes_through_the_outbox_and_is_retried(
    served: Served,
    slack_api: SlackStandin,
    zoom_api: ZoomStandin,
    slack_driver: SlackDriver,
    database_url: str,
    linked_user: str,
) -> None:
    meeting_id = schedule(slack_driver, slack_api, zoom_api)
    card_ts = slack_api.state.messages["C0001"][-1]["ts"]
    slack_api.state.fail("chat.update", status=503)
    sent = slack_driver.command(f"cancel {meeting_id}")
    assert "Cancelled" in str(slack_api.state.wait_for_response(sent.response_url)[-1])

    first, second = slack_api.state.wait_for("chat.update", 2, timeout=15)
    assert first.failed and not second.failed
    assert second.params["ts"] == card_ts and second.params["channel"] == "C0001"
    assert "was cancelled" in slack_api.state.message("C0001", card_ts)["text"]
    [row] = [r for r in wait_settled(database_url) if r["action"] == "update"]
    assert row["status"] == "delivered" and row["attempts"] >= 1
