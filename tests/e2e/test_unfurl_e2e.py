"""link_shared -> chat.unfurl over real HTTP: full cards for what the sharer may read at Zoom,
the meeting number only for everyone else."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.standins.slack.records import DEFAULT_SCOPES
from tests.support.deployment import SLACK_BOT_TOKEN, Served, SlackStandin, ZoomStandin
from tests.support.drivers import SlackDriver
from tests.support.meeting_world import linked
from tests.support.slack_events import send_link_shared


@pytest.fixture(autouse=True)
def links_scopes(slack_api: SlackStandin) -> None:
    """The bot token carries the manifest's links:read and links:write."""
    slack_api.state.add_token(SLACK_BOT_TOKEN, scope=DEFAULT_SCOPES + ",links:read,links:write")


def _unfurl(slack: SlackStandin, count: int = 1) -> dict[str, Any]:
    slack.state.wait_for("chat.unfurl", count)
    return slack.state.platform.unfurls[count - 1]


def _text(card: dict[str, Any]) -> str:
    return json.dumps(card)


def test_a_linked_sharer_gets_topic_start_state_and_join(
    served: Served, slack_api: SlackStandin, zoom_api: ZoomStandin, slack_driver: SlackDriver
) -> None:
    linked(served, slack_api, zoom_api, "U0001", "zu-ada")
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=2)
    meeting = zoom_api.state.add_meeting("zu-ada", "Quarterly planning", start_time=start)
    url = f"https://acme.zoom.us/j/{meeting['id']}?pwd=abc"

    send_link_shared(slack_driver, slack_api, [url, "https://example.com/not-zoom"])
    unfurled = _unfurl(slack_api)
    assert set(unfurled["unfurls"]) == {url}
    card = _text(unfurled["unfurls"][url])
    assert "Quarterly planning" in card and f"<!date^{int(start.timestamp())}^" in card
    assert "Scheduled" in card and meeting["join_url"] in card

    zoom_api.state.meetings_in_progress.add(meeting["id"])
    send_link_shared(slack_driver, slack_api, [url])
    assert "Live now" in _text(_unfurl(slack_api, 2)["unfurls"][url])


def test_an_unlinked_sharer_gets_the_number_only(
    served: Served, slack_api: SlackStandin, zoom_api: ZoomStandin, slack_driver: SlackDriver
) -> None:
    start = datetime.now(UTC) + timedelta(days=2)
    meeting = zoom_api.state.add_meeting("zu-ada", "Secret merger talks", start_time=start)
    url = f"https://zoom.us/j/{meeting['id']}"

    send_link_shared(slack_driver, slack_api, [url], user_id="U0002")
    card = _text(_unfurl(slack_api)["unfurls"][url])
    digits = str(meeting["id"])
    assert f"{digits[:3]} {digits[3:7]} {digits[7:]}" in card
    assert "Secret merger" not in card and "<!date^" not in card
    assert meeting["join_url"] not in card and '"button"' not in card


def test_someone_elses_meeting_unfurls_minimal_even_for_a_linked_sharer(
    served: Served, slack_api: SlackStandin, zoom_api: ZoomStandin, slack_driver: SlackDriver
) -> None:
    linked(served, slack_api, zoom_api, "U0002", "zu-bob")
    meeting = zoom_api.state.add_meeting("zu-ada", "Ada's one-to-one")
    url = f"https://zoomgov.com/j/{meeting['id']}"
    send_link_shared(slack_driver, slack_api, [url], user_id="U0002")
    card = _text(_unfurl(slack_api)["unfurls"][url])
    assert "one-to-one" not in card and '"button"' not in card


def test_personal_room_links(
    served: Served, slack_api: SlackStandin, zoom_api: ZoomStandin, slack_driver: SlackDriver
) -> None:
    linked(served, slack_api, zoom_api, "U0001", "zu-ada")
    own, other = "https://zoom.us/my/ada", "https://zoom.us/my/bob"
    send_link_shared(slack_driver, slack_api, [own, other])
    unfurls = _unfurl(slack_api)["unfurls"]
    pmi = zoom_api.state.users["zu-ada"].pmi
    assert "Personal meeting room of Ada Lovelace" in _text(unfurls[own])
    assert str(pmi)[:3] in _text(unfurls[own]) and own in _text(unfurls[own])
    assert "Zoom personal meeting room" in _text(unfurls[other])
    assert str(zoom_api.state.users["zu-bob"].pmi)[:3] not in _text(unfurls[other])


def test_links_that_are_not_zoom_meetings_are_not_unfurled(
    served: Served, slack_api: SlackStandin, slack_driver: SlackDriver
) -> None:
    real = "https://us02web.zoom.us/j/85746065432"
    others = ["https://zoom.us.evil.example/j/85746065432", "https://zoom.us/pricing"]
    send_link_shared(slack_driver, slack_api, [*others, real], user_id="U0002")
    assert set(_unfurl(slack_api)["unfurls"]) == {real}
    assert len(slack_api.state.calls_to("chat.unfurl")) == 1
