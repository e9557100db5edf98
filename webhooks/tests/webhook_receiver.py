"""A webhook receiver on 127.0.0.1 for tests: records each POST and answers as told.

`answers` is a list of statuses used one per request (then 200); `stall` makes the first
request hang for that many seconds before answering, like an endpoint that never replies.
"""

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from badges.tests.static_server import serving


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class WebhookReceiver:
    base_url: str
    answers: list[int] = field(default_factory=list)
    stall: float = 0.0
    received: list[Received] = field(default_factory=list)
    stalled: bool = False

    @property
    def host_port(self) -> str:
        return self.base_url.removeprefix("http://")

    def url(self, path: str = "/hooks") -> str:
        return f"{self.base_url}{path}"

    def wait(self, count: int, timeout: float = 30.0) -> list[Received]:
        deadline = time.monotonic() + timeout
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.received


def _handler(receiver: WebhookReceiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            if receiver.stall and not receiver.stalled:
                receiver.stalled = True
                time.sleep(receiver.stall)  # the sender gives up or is killed meanwhile
                return
            receiver.received.append(
                Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
            )
            status = receiver.answers.pop(0) if receiver.answers else 200
            answer = b"thanks" if status < 400 else b"try later"
            self.send_response(status)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args) -> None:
            pass

    return Handler


@contextmanager
def webhook_receiver(
    settings=None, timeout: float | None = None, **options
) -> Iterator[WebhookReceiver]:
    """Given pytest-django's `settings`, the project may post to the receiver (its host is
    allowed) and waits `timeout` seconds for an answer when that is given."""
    receiver = WebhookReceiver("", **options)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(receiver))
    server.daemon_threads = True
    receiver.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    with serving(server):
        if settings is not None:
            settings.LAUREL_FETCH_ALLOWED_HOSTS = [receiver.host_port]
        if timeout is not None:
            settings.LAUREL_WEBHOOK_TIMEOUT = timeout
        yield receiver
