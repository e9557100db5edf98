"""A server that dribbles its answer cannot hold a fetch past LAUREL_FETCH_TIMEOUT.

The server is a real socket server on loopback that sends one byte at a time, slowly enough
that no single read times out; the fetch must give up at the deadline for the whole exchange
(connect, headers, body and every redirect hop), not merely between reads.
"""

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress

import pytest

from badges.openbadges.fetch import FetchError, safe_get, safe_post

TIMEOUT = 2.0
# Generous: the deadline plus room for a busy test machine; the old code took far longer.
BOUND = TIMEOUT + 3.0
DRIBBLE_SECONDS = 40.0
BYTE_EVERY = 0.2

HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/ld+json\r\nContent-Length: 100000\r\n"


class DribblingServer:
    """Answers every connection with `script(conn, path)` on its own thread."""

    def __init__(self, script):
        self.script = script
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.stopped = threading.Event()
        self.connections = 0

    def url(self, path: str = "/doc") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def serve(self) -> None:
        while not self.stopped.is_set():
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        with conn, suppress(OSError):
            request = b""
            while b"\r\n\r\n" not in request:
                data = conn.recv(4096)
                if not data:
                    return
                request += data
            path = request.split(b" ", 2)[1].decode()
            self.script(self, conn, path)

    def dribble(self, conn: socket.socket, data: bytes) -> None:
        """Sends data a byte at a time until it or DRIBBLE_SECONDS runs out."""
        end = time.monotonic() + DRIBBLE_SECONDS
        for byte in data:
            if self.stopped.is_set() or time.monotonic() > end:
                return
            conn.sendall(bytes([byte]))
            time.sleep(BYTE_EVERY)


@contextmanager
def dribbling_server(script, settings) -> Iterator[DribblingServer]:
    server = DribblingServer(script)
    settings.LAUREL_FETCH_ALLOWED_HOSTS = [f"127.0.0.1:{server.port}"]
    settings.LAUREL_FETCH_TIMEOUT = TIMEOUT
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stopped.set()
        server.listener.close()


def headers_forever(server, conn, path):
    server.dribble(conn, HEAD + b"X-Padding: " + b"a" * 10_000 + b"\r\n\r\n")


def body_forever(server, conn, path):
    conn.sendall(HEAD + b"\r\n")
    server.dribble(conn, b"{" + b" " * 99_999)


def slow_redirects(server, conn, path):
    """Each hop answers just inside the per-read timeout, then sends the client on."""
    time.sleep(TIMEOUT * 0.8)
    hop = int(path.strip("/") or 0)
    conn.sendall(
        f"HTTP/1.1 302 Found\r\nLocation: /{hop + 1}\r\nContent-Length: 0\r\n\r\n".encode()
    )


def timed(call) -> tuple[float, Exception | None]:
    start = time.monotonic()
    try:
        call()
    except FetchError as exc:
        return time.monotonic() - start, exc
    return time.monotonic() - start, None


def test_a_server_dribbling_its_headers_is_given_up_on_at_the_deadline(settings):
    with dribbling_server(headers_forever, settings) as server:
        elapsed, error = timed(lambda: safe_get(server.url()))
    assert error is not None
    assert "did not answer within 2 seconds" in str(error)
    assert elapsed < BOUND, f"the fetch took {elapsed:.1f} s"


def test_a_server_dribbling_its_body_is_given_up_on_at_the_deadline(settings):
    with dribbling_server(body_forever, settings) as server:
        elapsed, error = timed(lambda: safe_get(server.url()))
    assert error is not None
    assert "did not answer within 2 seconds" in str(error)
    assert elapsed < BOUND, f"the fetch took {elapsed:.1f} s"


def test_redirect_hops_share_one_deadline(settings):
    settings.LAUREL_FETCH_MAX_REDIRECTS = 5
    with dribbling_server(slow_redirects, settings) as server:
        elapsed, error = timed(lambda: safe_get(server.url("/0")))
    assert error is not None
    assert elapsed < BOUND, f"the fetch took {elapsed:.1f} s"


def test_a_webhook_receiver_dribbling_its_headers_is_given_up_on_at_the_deadline(settings):
    with dribbling_server(headers_forever, settings) as server:
        elapsed, error = timed(
            lambda: safe_post(
                server.url("/hook"), body=b"{}", headers={}, max_bytes=1000, timeout=TIMEOUT
            )
        )
    assert error is not None
    assert elapsed < BOUND, f"the delivery took {elapsed:.1f} s"


@pytest.mark.django_db
def test_anonymous_verify_of_a_dribbling_url_answers_within_the_deadline(client, settings):
    with dribbling_server(headers_forever, settings) as server:
        start = time.monotonic()
        response = client.post("/verify/", {"url": server.url("/assertion")})
        elapsed = time.monotonic() - start
    assert response.status_code in (200, 400)
    assert b"did not answer within 2 seconds" in response.content
    assert elapsed < BOUND, f"verifying took {elapsed:.1f} s"
