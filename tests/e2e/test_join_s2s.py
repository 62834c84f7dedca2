"""Server-to-Server mode reads every meeting of the account: `/zoom join` must not leak them."""

from __future__ import annotations

import json

from tests.support.delegation_world import served_s2s
from tests.support.deployment import SlackStandin, ZoomStandin


def test_join_shows_a_meeting_only_to_its_hosts_and_scheduler(
    database_url: str, slack_api: SlackStandin, zoom_api: ZoomStandin
) -> None:
    zoom_api.state.add_user("zu-cy", "cy@example.com", "Cy", "Scheduler")
    slack_api.state.add_user("U0003", name="cy", real_name="Cy", email="cy@example.com")
    meeting = zoom_api.state.add_meeting(
        "zu-ada",
        "Board secrets",
        host_email="ada@example.com",
        join_url="https://zoom.example/j/1?pwd=SeCrEt",
        assistant_id="zu-cy",
    )
    with served_s2s(database_url, slack_api, zoom_api) as s2s:
        posted = 0
        for user_id, sees in (("U0002", False), ("U0001", True), ("U0003", True)):
            s2s.command(f"join {meeting['id']}", user_id=user_id, channel_id="C0001")
            posted += 1
            card = json.dumps(slack_api.state.wait_for("chat.postMessage", posted)[-1].params)
            assert ("Board secrets" in card) is sees, (user_id, card)
            assert ("SeCrEt" in card) is sees, (user_id, card)
            assert str(meeting["id"]) in card.replace(" ", "")


def test_an_alternative_host_sees_the_full_card(
    database_url: str, slack_api: SlackStandin, zoom_api: ZoomStandin
) -> None:
    meeting = zoom_api.state.add_meeting(
        "zu-ada", "Shared sync", settings={"alternative_hosts": "x@example.com;Bob@Example.com"}
    )
    with served_s2s(database_url, slack_api, zoom_api) as s2s:
        s2s.command(f"join {meeting['id']}", user_id="U0002", channel_id="C0001")
        card = json.dumps(slack_api.state.wait_for("chat.postMessage")[-1].params)
    assert "Shared sync" in card
