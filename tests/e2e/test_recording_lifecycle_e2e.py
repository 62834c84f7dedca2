"""A cloud recording's life on one card and in one thread: processing, ready, transcript.

Passcodes: the one shown is the recording's `password`, only where the channel opted in;
elsewhere share links lose their `?pwd=`. The download token never leaves the server.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest

from bot.settings import Settings
from tests.support.after_world import (
    everything_sent,
    post_webhook,
    serve,
    subscribe,
    wait_quiet,
    writes,
)
from tests.support.deployment import Served, SlackStandin, ZoomStandin
from tests.support.drivers import SlackDriver
from tests.support.meeting_world import linked, schedule
from tests.support.notice_world import payloads, rows, zoom_fixture

SHARE = "https://example.zoom.us/rec/share/Shareable-Link-123"
NEVER_SENT = ("dl-token", "transcript.token", "Download-Url-SECRET", "Transcript-Download-SECRET")
PLAY_TOKEN = "sV6mX0kq1Tz2PlAYt0kEn7hGq8UwZ3cd"  # recording_play_passcode: a URL token


@pytest.fixture
def app(settings: Settings) -> Iterator[Served]:
    with serve(settings) as served:
        yield served


def _files() -> list[dict[str, object]]:
    base = {"status": "completed", "recording_start": "2024-05-01T10:00:00Z"}
    kinds = [
        ("MP4", "shared_screen_with_speaker_view"),
        ("M4A", "audio_only"),
        ("CHAT", "chat_file"),
        ("MP4", "shared_screen_with_speaker_view"),  # a second part: still one line
    ]
    return [
        {
            **base,
            "id": f"file-{n}",
            "file_type": file_type,
            "recording_type": kind,
            "play_url": f"https://example.zoom.us/rec/play/Play-{n}",
            "download_url": f"https://example.zoom.us/rec/download/Download-Url-SECRET-{n}",
        }
        for n, (file_type, kind) in enumerate(kinds)
    ]


def test_processing_ready_and_transcript_update_one_card_and_one_thread_in_order(
    app: Served,
    slack_api: SlackStandin,
    zoom_api: ZoomStandin,
    database_url: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    slack_api.state.add_channel("C0003", name="c0003")
    linked(app, slack_api, zoom_api)
    driver = SlackDriver(app.url, slack_api)
    try:
        meeting_id = schedule(driver, slack_api, zoom_api)  # the form asks for cloud recording
        subscribe(driver, slack_api, "recordings passcodes", "C0001")
        subscribe(driver, slack_api, "recordings", "C0003")
    finally:
        driver.close()
    (meeting,) = rows(database_url, "SELECT * FROM meetings")
    assert meeting["auto_recording"] == "cloud"
    card, uuid = str(meeting["message_ts"]), str(meeting["zoom_uuid"])
    who: dict[str, Any] = {"id": meeting_id, "uuid": uuid, "host_id": "zu-ada", "topic": "Planning"}
    slack_api.state.clear()

    post_webhook(app, zoom_fixture("meeting.ended", **{**who, "id": str(meeting_id)}))
    wait_quiet(database_url)
    share = f"{SHARE}?pwd={PLAY_TOKEN}"
    post_webhook(
        app, zoom_fixture("recording.completed", **who, share_url=share, recording_files=_files())
    )
    wait_quiet(database_url)
    transcript = {
        "file_type": "TRANSCRIPT",
        "recording_type": "audio_transcript",
        "play_url": "https://example.zoom.us/rec/play/Transcript-Play-123",
        "download_url": "https://example.zoom.us/rec/download/Transcript-Download-SECRET",
    }
    post_webhook(
        app,
        zoom_fixture(
            "recording.transcript_completed",
            **who,
            share_url=share,
            password="R3c$pass9",
            recording_files=[transcript],
        ),
    )
    outbox = wait_quiet(database_url)

    in_c1 = [(m, p) for m, p in writes(slack_api) if p.get("channel") == "C0001"]
    steps = [(m, p.get("thread_ts") or p.get("ts")) for m, p in in_c1]
    assert steps == [
        ("chat.update", card),  # recording processing
        ("chat.postMessage", card),  # recording ready, in the thread
        ("chat.update", card),  # the card: recording ready
        ("chat.postMessage", card),  # the transcript, in the thread
    ]
    processing, ready = (json.dumps(p["blocks"]) for m, p in in_c1 if m == "chat.update")
    assert "Recording processing" in processing and "Recording ready" not in processing
    for line in ("Recording ready", "Shared screen with speaker view", "Audio only", "Chat"):
        assert line in ready
    assert ready.count("Shared screen with speaker view") == 1
    assert "`R3c$pass9`" in ready and share in ready  # C0001 opted in to passcodes
    assert "Transcript-Play-123" in json.dumps(in_c1[-1][1]["blocks"])
    final = json.dumps(slack_api.state.message("C0001", card))
    assert "Recording ready" in final and "Recording processing" not in final

    elsewhere = json.dumps([p for _, p in writes(slack_api) if p.get("channel") == "C0003"])
    assert SHARE in elsewhere and "pwd=" not in elsewhere and "R3c$pass9" not in elsewhere
    sent = everything_sent(slack_api) + json.dumps(payloads(outbox))
    assert PLAY_TOKEN not in sent.replace(share, "")  # only inside the opted-in share link
    logged = caplog.text + json.dumps([str(r.__dict__) for r in caplog.records])
    for secret in NEVER_SENT:
        assert secret not in sent and secret not in logged
