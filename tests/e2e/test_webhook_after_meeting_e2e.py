"""Webhooks over real HTTP: recordings (passcodes where allowed) and app_deauthorized."""

from __future__ import annotations

import json

from tests.support.deployment import (
    SlackStandin,
)
from tests.support.drivers import ZoomWebhookDriver
from tests.support.notice_world import (
    HOST,
    add,
    announce,
    link,
    meeting,
    payloads,
    pending_row,
    rows,
    slack_writes,
    subscription,
    wait_routed,
    wait_settled,
    zoom_fixture,
)


def test_recording_ready_passcodes_only_where_allowed_and_never_download_links(
    zoom_webhooks: ZoomWebhookDriver, database_url: str, slack_api: SlackStandin
) -> None:
    for channel in ("C0003", "C0005"):
        slack_api.state.add_channel(channel, name=channel.lower())
    ts = announce(slack_api, "C0001")
    add(
        database_url,
        link("T0001", "U0001"),
        meeting("C0001", ts),
        subscription("C0003", events="recordings"),
        subscription("C0005", events="recordings", include_passcodes=True),
        subscription("C0005", events="started", slack_user_id="U0002"),
    )
    fixture = zoom_fixture("recording.completed")
    assert zoom_webhooks.post(fixture).json() == {"status": "accepted"}
    outbox = wait_settled(database_url)
    share = "https://example.zoom.us/rec/share/Shareable-Link-123"
    posts = {
        (c.params["channel"], c.params.get("thread_ts")): json.dumps(c.params)
        for c in slack_api.state.calls_to("chat.postMessage")
    }
    assert set(posts) == {("C0001", ts), ("C0003", None), ("C0005", None), ("DU0001", None)}
    assert all(share in body for body in posts.values())
    # The passcode a viewer types is `password`; the play token never reaches Slack.
    assert "R3c$pass9" in posts[("C0005", None)] and "R3c$pass9" in posts[("DU0001", None)]
    assert "R3c$pass9" not in posts[("C0001", ts)] + posts[("C0003", None)]
    assert "sV6mX0kq1Tz2PlAYt0kEn7hGq8UwZ3cd" not in json.dumps(list(posts.values()))
    (opened,) = slack_api.state.calls_to("conversations.open")
    assert opened.params["users"] == "U0001"
    everything = json.dumps([c.params for c in slack_api.state.calls]) + json.dumps(
        payloads(outbox)
    )
    for secret in ("download", "Download-Url-SECRET", "dl-token", "play_url"):
        assert secret not in everything


def test_app_deauthorized_forgets_that_zoom_user_everywhere(
    zoom_webhooks: ZoomWebhookDriver, database_url: str, slack_api: SlackStandin
) -> None:
    add(
        database_url,
        link("T0001", "U0001"),
        link("T0002", "U0009"),
        link("T0001", "U0002", zoom_user_id="zoomHostBob"),
        subscription("C0001"),
        subscription("C0001", slack_user_id="U0002", zoom_user_id="zoomHostBob"),
        pending_row("T0001", "C0001", HOST),
        pending_row("T0001", "C0001", "zoomHostBob"),
    )
    assert zoom_webhooks.post(zoom_fixture("app_deauthorized")).json() == {"status": "accepted"}
    wait_routed(database_url)
    assert [r["zoom_user_id"] for r in rows(database_url, "SELECT * FROM zoom_links")] == [
        "zoomHostBob"
    ]
    remaining = rows(database_url, "SELECT zoom_user_id FROM channel_subscriptions")
    assert remaining == [{"zoom_user_id": "zoomHostBob"}]
    outbox = rows(database_url, "SELECT * FROM outbox ORDER BY id")
    kept = [p for p in payloads(outbox) if "zoom_user_id" in p]
    assert [p["zoom_user_id"] for p in kept] == ["zoomHostBob"]
    # Each Slack user of that Zoom user is told what happened and how to relink.
    told = [(r["team_id"], r["channel_id"], r["action"]) for r in outbox if r["action"] == "dm"]
    assert told == [("T0001", "U0001", "dm"), ("T0002", "U0009", "dm")]
    assert all("/zoom link" in p["text"] for p in payloads(outbox) if "zoom_user_id" not in p)
    assert all(
        not str(params.get("channel", "")).startswith("C") for _m, params in slack_writes(slack_api)
    )
