"""The AI summary in the meeting's thread, over real HTTP with both stand-ins.

Zoom's summary endpoint answers empty at first and needs the UUID double-encoded; the app
retries from a stored job, then posts in each opted-in channel's thread (and nowhere else).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest

from bot.notices.aftermath_runner import AftermathConfig
from bot.settings import Settings
from tests.support.after_world import (
    ODD_UUID,
    everything_sent,
    jobs_due_now,
    post_webhook,
    serve,
    subscribe,
    summary_body,
    summary_completed,
    wait_quiet,
    wait_until,
    writes,
)
from tests.support.deployment import Served, SlackStandin, ZoomStandin, make_settings
from tests.support.drivers import SlackDriver
from tests.support.meeting_world import linked, schedule
from tests.support.notice_world import add, rows, subscription, zoom_fixture

DOC_URL = "https://docs.zoom.us/doc/Summary-Doc-123"


@pytest.fixture
def app(settings: Settings) -> Iterator[Served]:
    with serve(settings) as served:
        yield served


def _scheduled(app: Served, slack: SlackStandin, zoom: ZoomStandin) -> tuple[int, str]:
    """Ada linked, a meeting scheduled and announced in C0001: its id and the card's ts."""
    for channel in ("C0003", "C0005"):
        slack.state.add_channel(channel, name=channel.lower())
    linked(app, slack, zoom)
    driver = SlackDriver(app.url, slack)
    try:
        meeting_id = schedule(driver, slack, zoom)
        assert "AI summary" in subscribe(driver, slack, "summaries", "C0001")
        subscribe(driver, slack, "ended summaries", "C0003")
        subscribe(driver, slack, "started ended recordings", "C0005")
    finally:
        driver.close()
    (meeting,) = rows(app.settings.database_url, "SELECT message_ts FROM meetings")
    slack.state.clear()
    return meeting_id, str(meeting["message_ts"])


def test_summary_lands_in_each_opted_in_thread_and_nowhere_else(
    app: Served, slack_api: SlackStandin, zoom_api: ZoomStandin, database_url: str
) -> None:
    meeting_id, card_ts = _scheduled(app, slack_api, zoom_api)
    zoom_api.state.summaries.put(ODD_UUID, summary_body(ODD_UUID, meeting_id), empty_calls=1)

    post_webhook(app, summary_completed(ODD_UUID, meeting_id))
    outbox = wait_quiet(database_url)

    # Asked twice (empty, then written), and only the double-encoded UUID reaches it.
    assert zoom_api.state.summaries.served == [ODD_UUID, ODD_UUID]
    assert all(r["status"] == "delivered" for r in outbox)
    posts = {(p["channel"], p.get("thread_ts")): json.dumps(p) for _, p in writes(slack_api)}
    assert set(posts) == {("C0001", card_ts), ("C0003", None)}
    for body in posts.values():
        assert "We agreed to ship the beta on Friday." in body
        assert "Ada writes the notes" in body and DOC_URL in body
        assert "not available" not in body
    (job,) = rows(database_url, "SELECT kind, status, attempts FROM aftermath_jobs")
    assert (job["kind"], job["status"], job["attempts"]) == ("summary", "done", 2)

    slack_api.state.clear()  # Zoom says it again (a new event for the same meeting instance)
    post_webhook(app, summary_completed(ODD_UUID, meeting_id))
    wait_quiet(database_url)
    assert writes(slack_api) == [] and len(zoom_api.state.summaries.served) == 2


def test_a_6000_character_summary_is_split_within_slacks_limits(
    app: Served, slack_api: SlackStandin, zoom_api: ZoomStandin, database_url: str
) -> None:
    meeting_id, card_ts = _scheduled(app, slack_api, zoom_api)
    paragraphs = [
        f"Point {n}: " + "the team discussed the plan in detail. " * 12 for n in range(13)
    ]
    overview = "\n\n".join(paragraphs)
    assert len(overview) >= 6000
    body = summary_body("plain-uuid==", meeting_id, overview=overview)
    zoom_api.state.summaries.put("plain-uuid==", body, empty_calls=0)

    post_webhook(app, summary_completed("plain-uuid==", meeting_id))
    outbox = wait_quiet(database_url)

    assert all(r["status"] == "delivered" for r in outbox), outbox  # Slack refused none
    thread = [p for _, p in writes(slack_api) if p.get("thread_ts") == card_ts]
    assert thread and all(len(p["blocks"]) <= 50 for p in thread)
    blocks = [b for p in thread for b in p["blocks"]]
    sections = [b["text"]["text"] for b in blocks if b["type"] == "section"]
    assert all(len(s) <= 3000 for s in sections) and len(sections) >= 4
    words = re.findall(r"\S+", overview)
    shown = re.findall(r"\S+", " ".join(sections))
    start = shown.index(words[0])
    assert shown[start : start + len(words)] == words  # all of it, in order


def test_summary_for_a_host_without_a_link_is_never_fetched(
    app: Served, slack_api: SlackStandin, zoom_api: ZoomStandin, database_url: str
) -> None:
    add(database_url, subscription("C0001", zoom_user_id="zu-ada", events="summaries"))
    zoom_api.state.summaries.put(ODD_UUID, summary_body(ODD_UUID, 85746065432), empty_calls=0)

    post_webhook(app, summary_completed(ODD_UUID, 85746065432))
    wait_quiet(database_url)

    assert zoom_api.state.summaries.served == []
    assert "ship the beta" not in everything_sent(slack_api)


def test_no_summary_after_the_retries_says_so_with_the_facts(
    app: Served, slack_api: SlackStandin, zoom_api: ZoomStandin, database_url: str
) -> None:
    meeting_id, card_ts = _scheduled(app, slack_api, zoom_api)
    zoom_api.state.summaries.put(ODD_UUID, summary_body(ODD_UUID, meeting_id), empty_calls=99)
    ended = zoom_fixture("meeting.ended", id=str(meeting_id), uuid=ODD_UUID, host_id="zu-ada")

    post_webhook(app, ended)
    post_webhook(app, summary_completed(ODD_UUID, meeting_id))
    wait_quiet(database_url, waiting=("facts",))

    assert zoom_api.state.summaries.served == [ODD_UUID] * 3  # the first try and two retries
    replies = [p for m, p in writes(slack_api) if m == "chat.postMessage"]
    threaded = [p for p in replies if p.get("thread_ts") == card_ts]
    (reply,) = threaded
    assert "not available" in json.dumps(reply["blocks"]) and "47 min" in reply["text"]
    jobs = {r["kind"]: r["status"] for r in rows(database_url, "SELECT * FROM aftermath_jobs")}
    assert jobs == {"summary": "gave_up", "facts": "pending"}  # facts wait, then stand down


def test_a_summary_retry_survives_a_restart(
    settings: Settings, slack_api: SlackStandin, zoom_api: ZoomStandin, database_url: str
) -> None:
    patient = AftermathConfig(poll_interval=0.05, summary_retry_delays=(3600.0,))
    with serve(settings, aftermath=patient) as first:
        meeting_id, card_ts = _scheduled(first, slack_api, zoom_api)
        zoom_api.state.summaries.put(ODD_UUID, summary_body(ODD_UUID, meeting_id), empty_calls=1)
        post_webhook(first, summary_completed(ODD_UUID, meeting_id))
        wait_until(lambda: zoom_api.state.summaries.served == [ODD_UUID], "the first fetch")
    (job,) = rows(database_url, "SELECT status, due_at FROM aftermath_jobs")
    assert job["status"] == "pending"  # the retry is a row, waiting an hour
    assert not [p for m, p in writes(slack_api) if m == "chat.postMessage"]
    jobs_due_now(database_url)  # the hour passes while the app is down

    with serve(settings):
        wait_quiet(database_url)
    assert zoom_api.state.summaries.served == [ODD_UUID, ODD_UUID]
    posts = [p for m, p in writes(slack_api) if m == "chat.postMessage"]
    assert {(p["channel"], p.get("thread_ts")) for p in posts} == {
        ("C0001", card_ts),
        ("C0003", None),
    }
    assert all("ship the beta" in json.dumps(p) for p in posts) and len(posts) == 2


def test_server_to_server_fetches_with_the_account_token(
    database_url: str, slack_api: SlackStandin, zoom_api: ZoomStandin
) -> None:
    settings = make_settings(database_url, slack_api, zoom_api, zoom_account_id="acct-1")
    add(database_url, subscription("C0001", zoom_user_id="zu-ada", events="summaries"))
    zoom_api.state.summaries.put("s2s-uuid==", summary_body("s2s-uuid==", 85746065432))
    with serve(settings) as app:
        post_webhook(app, summary_completed("s2s-uuid==", 85746065432))
        wait_quiet(database_url)

    assert zoom_api.state.summaries.served == ["s2s-uuid==", "s2s-uuid=="]
    (fetch, *_) = zoom_api.state.requests_to("GET", "/v2/meetings/")
    (post,) = [p for m, p in writes(slack_api) if m == "chat.postMessage"]
    assert post["channel"] == "C0001" and "thread_ts" not in post  # no announcement there
    assert "ship the beta" in json.dumps(post)
    grant = zoom_api.state.grant_for_access(fetch.token or "")
    assert grant is not None and grant.user_id is None  # the account's token, not a user's
