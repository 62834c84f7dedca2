"""/slack/events refuses unsigned and oversized requests before Bolt reads or logs them.

Raw sockets send what no well-behaved client would: a body far past the cap, chunked with no
length, a timestamp that is not a number. Each is answered fast and logged as one line.
"""

from __future__ import annotations

import logging
import threading

import httpx
import pytest

from tests.support.deployment import Served, SlackStandin
from tests.support.drivers import SlackDriver
from tests.support.rawhttp import connect, head, read_status, send_quietly

MIB = 1024 * 1024
BODY_MARK = "response_url=https%3A%2F%2Fhooks.slack.test%2Fsecret-path"


def test_a_64_mib_unsigned_body_gets_413_without_being_read(served: Served) -> None:
    with connect(served.url) as sock:
        sock.sendall(head("POST", "/slack/events", {"Content-Length": str(64 * MIB)}))
        for _ in range(4):  # a little of it: the answer must not wait for the rest
            send_quietly(sock, b"x" * 65536)
        assert read_status(sock) == 413


def test_a_chunked_body_past_the_cap_gets_413(served: Served) -> None:
    chunk = b"%x\r\n%s\r\n" % (65536, b"a" * 65536)
    with connect(served.url) as sock:
        sock.sendall(head("POST", "/slack/events", {"Transfer-Encoding": "chunked"}))
        for _ in range(2 * MIB // 65536):  # twice the cap, never a last chunk
            if not send_quietly(sock, chunk):
                break
        assert read_status(sock) == 413


def test_healthz_answers_while_a_huge_body_trickles_in(served: Served) -> None:
    stop = threading.Event()

    def flood() -> None:
        with connect(served.url) as sock:
            sock.sendall(head("POST", "/slack/events", {"Content-Length": str(64 * MIB)}))
            while not stop.is_set() and send_quietly(sock, b"x" * 65536):
                pass

    sender = threading.Thread(target=flood, daemon=True)
    sender.start()
    try:
        assert httpx.get(f"{served.url}/healthz", timeout=10).status_code == 200
    finally:
        stop.set()
        sender.join(10)


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-Slack-Request-Timestamp": "not-a-number", "X-Slack-Signature": "v0=abc"},
        {"X-Slack-Request-Timestamp": "9" * 400, "X-Slack-Signature": "v0=abc"},
        {"X-Slack-Request-Timestamp": "1700000000", "X-Slack-Signature": "v0=abc"},
    ],
    ids=["unsigned", "word timestamp", "400-digit timestamp", "stale and forged"],
)
def test_unsigned_requests_get_401_and_one_log_line_without_the_body(
    served: Served, caplog: pytest.LogCaptureFixture, headers: dict[str, str]
) -> None:
    body = f"command=%2Fzoom&text=list&{BODY_MARK}%0AINFO+forged+log+line"
    sent = {"Content-Type": "application/x-www-form-urlencoded", **headers}
    with caplog.at_level(logging.INFO):
        answer = httpx.post(f"{served.url}/slack/events", content=body, headers=sent, timeout=10)
    assert answer.status_code == 401
    refused = [r for r in caplog.records if r.getMessage() == "slack.request_refused"]
    assert len(refused) == 1
    assert all("secret-path" not in r.getMessage() for r in caplog.records)
    assert all("forged" not in r.getMessage() for r in caplog.records)


def test_signed_requests_still_reach_bolt(
    slack_driver: SlackDriver, slack_api: SlackStandin
) -> None:
    sent = slack_driver.command("help")
    assert sent.response.status_code == 200
    assert slack_api.state.wait_for_response(sent.response_url)
