"""A tiny HTTP server on 127.0.0.1 serving hand-made documents, for fetch and verifier tests.

Each path is registered with its status, content type and body (or as a redirect, or as a
slow answer); anything else is a 404. Requests are recorded with their Host header, so tests
can see what was asked for and how.
"""

import contextlib
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    status: int = 200
    content_type: str = "application/ld+json"
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    send_length: bool = True


@dataclass
class StaticBadgeServer:
    """Serves documents registered by path; 404 for anything else."""

    base_url: str
    routes: dict[str, Route] = field(default_factory=dict)
    requested: list[str] = field(default_factory=list)
    hosts: list[str] = field(default_factory=list)

    @property
    def host_port(self) -> str:
        return self.base_url.removeprefix("http://")

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"

    def add_json(self, path: str, document: dict, status: int = 200, **options) -> str:
        body = json.dumps(document).encode()
        return self.add(path, "application/ld+json", body, status=status, **options)

    def add(self, path: str, content_type: str, body: bytes, status: int = 200, **options) -> str:
        self.routes[path] = Route(status, content_type, body, **options)
        return self.url(path)

    def redirect(self, path: str, location: str, status: int = 302) -> str:
        self.routes[path] = Route(status, "text/plain", b"", {"Location": location})
        return self.url(path)


def _handler(server: StaticBadgeServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            server.requested.append(self.path)
            server.hosts.append(self.headers.get("Host", ""))
            route = server.routes.get(self.path, Route(404, "text/plain", b"not found"))
            if route.delay:
                time.sleep(route.delay)
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            for name, value in route.headers.items():
                self.send_header(name, value)
            if route.send_length:
                self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            # The client may stop reading early, as a size limit makes it do.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(route.body)

        def do_CONNECT(self) -> None:
            # Reached only as a proxy: a request the client tried to send off this machine.
            server.requested.append(f"CONNECT {self.path}")
            self.send_error(403, "no outbound requests from the test server")

        def log_message(self, format: str, *args: object) -> None:
            pass  # keep pytest's output clean

    return Handler


@contextmanager
def serving(httpd: ThreadingHTTPServer) -> Iterator[None]:
    """Runs httpd on a daemon thread for the block, then shuts it down and closes its socket."""
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@contextmanager
def running_static_server() -> Iterator[StaticBadgeServer]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    server = StaticBadgeServer(base_url=f"http://127.0.0.1:{httpd.server_address[1]}")
    httpd.RequestHandlerClass = _handler(server)
    with serving(httpd):
        yield server
