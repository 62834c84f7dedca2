"""Without an AI summary the meeting's thread still gets the facts: duration and, where the
channel opted in to names, who attended (as the bridge saw them join)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from bot.settings import Settings
from tests.support.after_world import (
    jobs_due_now,
    participant_joined,
    post_webhook,
    serve,
    set_announcement,
    subscribe,
    wait_quiet,
    wait_until,
    writes,
)
from tests.support.deployment import Served, SlackStandin, ZoomStandin
from tests.support.drivers import SlackDriver
from tests.support.meeting_world import linked, schedule
from tests.support.notice_world import (
    HOST,
    add,
    announce,
    count,
    meeting,
    rows,
    subscription,
    zoom_fixture,
)


@pytest.fixture
def app(settings: Settings) -> Iterator[Served]:
    with serve(settings) as served:
        yield served


def test_facts_with_names_only_where_opted_in_and_no_zoom_call(
    app: Served, slack_api: SlackStandin, zoom_api: ZoomStandin, database_url: str
) -> None:
    for channel in ("C0003", "C0005"):
        slack_api.state.add_channel(channel, name=channel.lower())
    linked(app, slack_api, zoom_api)
    driver = SlackDriver(app.url, slack_api)
    try:
        meeting_id = schedule(driver, slack_api, zoom_api)
        reply = subscribe(driver, slack_api, "summaries names", "C0001")
        assert "attendee names" in reply
        subscribe(driver, slack_api, "summaries", "C0003")
        subscribe(driver, slack_api, "started", "C0005")
    finally:
        driver.close()
    (row,) = rows(database_url, "SELECT message_ts, zoom_uuid FROM meetings")
    card, uuid = str(row["message_ts"]), str(row["zoom_uuid"])
    slack_api.state.clear()
    for name, key in (("Grace Hopper", "g1"), ("Linus Pauling", "l2"), ("Grace Hopper", "g1")):
        post_webhook(app, participant_joined(uuid, meeting_id, name, key))
    ended = zoom_fixture("meeting.ended", id=str(meeting_id), uuid=uuid, host_id="zu-ada")
    post_webhook(app, ended)
    wait_quiet(database_url, waiting=("facts",))
    threaded = [p for _, p in writes(slack_api) if p.get("thread_ts")]
    assert not threaded  # not yet: the facts wait for a summary that may still come
    slack_api.state.clear()

    jobs_due_now(database_url)  # no summary came in the meantime
    wait_quiet(database_url)

    posts = {
        (p["channel"], p.get("thread_ts")): json.dumps(p)
        for m, p in writes(slack_api)
        if m == "chat.postMessage"
    }
    assert set(posts) == {("C0001", card), ("C0003", None)}
    assert "47 min" in posts[("C0001", card)] and "47 min" in posts[("C0003", None)]
    assert "Grace Hopper, Linus Pauling" in posts[("C0001", card)]
    assert "Grace" not in posts[("C0003", None)]  # C0003 did not opt in to names
    assert "not available" not in "".join(posts.values())
    assert zoom_api.state.summaries.served == []
    assert count(database_url, "meeting_attendees") == 2


def test_names_are_not_stored_unless_a_channel_asked_for_them(
    app: Served, database_url: str
) -> None:
    add(database_url, subscription("C0001", events="summaries"))
    post_webhook(app, participant_joined("uuid-1==", 85746065432, "Grace Hopper", "g1", HOST))
    wait_quiet(database_url)
    assert count(database_url, "meeting_attendees") == 0


def test_a_thread_reply_waits_for_an_announcement_still_on_its_way(
    app: Served, slack_api: SlackStandin, database_url: str
) -> None:
    add(database_url, subscription("C0001", events="summaries"))
    add(database_url, meeting("C0001", None))  # the card is being posted
    post_webhook(app, zoom_fixture("meeting.ended"))
    jobs_due_now(database_url)

    def waiting() -> bool:
        found = rows(database_url, "SELECT last_error FROM outbox WHERE channel_id = 'C0001'")
        return any(r["last_error"] == "AnnouncementPending" for r in found)

    wait_until(waiting, "the reply waiting for its parent")
    assert not slack_api.state.calls_to("chat.postMessage")
    ts = announce(slack_api, "C0001")
    set_announcement(database_url, ts)
    wait_quiet(database_url)
    (reply,) = slack_api.state.calls_to("chat.postMessage")
    assert reply.params["thread_ts"] == ts and "47 min" in str(reply.params["text"])


def test_app_deauthorized_forgets_the_hosts_attendees_and_jobs(
    app: Served, database_url: str
) -> None:
    add(database_url, subscription("C0001", events="summaries,names"))
    post_webhook(app, participant_joined("uuid-1==", 85746065432, "Grace Hopper", "g1", HOST))
    post_webhook(app, zoom_fixture("meeting.ended", uuid="uuid-1=="))
    wait_until(lambda: count(database_url, "meeting_attendees") == 1, "Grace recorded")
    wait_until(lambda: count(database_url, "aftermath_jobs") == 1, "the facts job")

    post_webhook(app, zoom_fixture("app_deauthorized"))  # from zoomHostAda (HOST)
    wait_until(lambda: count(database_url, "meeting_attendees") == 0, "attendees forgotten")
    assert count(database_url, "aftermath_jobs") == 0
