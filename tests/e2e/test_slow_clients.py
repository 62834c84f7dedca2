"""Slow and idle connections to a real `zoombridge serve` are dropped, over raw sockets.

A client that never finishes its request must not keep a socket (and a file descriptor)
for ever: 1,100 of them used to take the service offline.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.deployment import SlackStandin
from tests.support.processes import ServerProcess, free_port, server_env
from tests.support.rawhttp import connect, head, read_status, send_quietly


@pytest.fixture
def server(database_url: str, slack_api: SlackStandin, tmp_path: Path) -> Iterator[ServerProcess]:
    """`zoombridge serve` with a one-second deadline for each request to arrive."""
    env = server_env(database_url, slack_api, free_port())
    with ServerProcess(env, tmp_path / "serve.log", "serve", "--read-timeout", "1") as process:
        yield process


def _closed_or_timed_out(sock_status: int | None) -> bool:
    return sock_status in (None, 408)


def test_an_idle_connection_is_closed(server: ServerProcess) -> None:
    with connect(server.url) as sock:  # says nothing at all
        assert _closed_or_timed_out(read_status(sock))


def test_trickled_headers_get_408(server: ServerProcess) -> None:
    with connect(server.url) as sock:
        sock.sendall(b"POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        for _ in range(3):  # a header line now and then, never the blank line
            time.sleep(0.5)
            if not send_quietly(sock, b"X-Slow: 1\r\n"):
                break
        assert read_status(sock) == 408


def test_a_body_that_never_arrives_gets_cut_off(server: ServerProcess) -> None:
    with connect(server.url) as sock:
        sock.sendall(head("POST", "/zoom/webhook", {"Content-Length": "1000"}))
        sock.sendall(b"{")  # then nothing
        assert _closed_or_timed_out(read_status(sock))


def test_the_server_keeps_answering_after_dropping_them(server: ServerProcess) -> None:
    sockets = [connect(server.url) for _ in range(20)]
    try:
        for sock in sockets:
            sock.sendall(b"GET /healthz HTTP/1.1\r\n")
        assert httpx.get(f"{server.url}/healthz", timeout=10).status_code == 200
        assert all(_closed_or_timed_out(read_status(sock)) for sock in sockets)
    finally:
        for sock in sockets:
            sock.close()
