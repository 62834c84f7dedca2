"""HTTP/1.1 by hand over a raw socket: oversized, chunked, trickling and idle requests."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit


def connect(url: str, timeout: float = 15.0) -> socket.socket:
    """A TCP connection to the server of `url`."""
    parts = urlsplit(url)
    return socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 80), timeout)


def head(method: str, path: str, headers: dict[str, str]) -> bytes:
    """The request line and headers."""
    lines = [
        f"{method} {path} HTTP/1.1",
        "Host: 127.0.0.1",
        *(f"{k}: {v}" for k, v in headers.items()),
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def send_quietly(sock: socket.socket, data: bytes) -> bool:
    """Send; False once the server has closed or reset the connection."""
    try:
        sock.sendall(data)
    except OSError:
        return False
    return True


def read_status(sock: socket.socket) -> int | None:
    """The status code of the answer, or None if the server closed without one."""
    received = b""
    try:
        while b"\r\n" not in received:
            chunk = sock.recv(4096)
            if not chunk:
                break
            received += chunk
    except ConnectionResetError:
        pass
    if not received.startswith(b"HTTP/1.1 "):
        return None
    return int(received.split(b" ", 2)[1])
