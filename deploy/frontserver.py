"""Run deploy/nginx/laurel.conf locally: a copy filled in with local ports and paths, in its
own prefix directory, for the tests and the benchmarks (docker-compose.yml uses the file as is).
"""

import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

CONF = Path(__file__).resolve().parent / "nginx" / "laurel.conf"
PLACEHOLDER = re.compile(r"\$\{(LAUREL_[A-Z_]+)\}")


def nginx_path() -> str | None:
    return shutil.which("nginx") or next(
        (path for path in ("/usr/sbin/nginx",) if os.access(path, os.X_OK)), None
    )


def render(values: dict[str, str], text: str | None = None) -> str:
    """laurel.conf with its ${LAUREL_...} placeholders filled in; every one must be given."""
    text = CONF.read_text() if text is None else text
    return PLACEHOLDER.sub(lambda match: str(values[match.group(1)]), text)


def main_config(prefix: Path, site: str, *, workers: str = "auto") -> str:
    mime = "/etc/nginx/mime.types"
    return "\n".join(
        [
            # Run as root (a CI container), nginx would drop to nobody, who cannot read
            # pytest's private temporary directories.
            "user root;" if os.geteuid() == 0 else "",
            f"worker_processes {workers};",
            f"pid {prefix}/nginx.pid;",
            f"error_log {prefix}/error.log warn;",
            "events { worker_connections 1024; }",
            "http {",
            f"  include {mime};" if os.path.exists(mime) else "",
            "  default_type application/octet-stream;",
            "  sendfile on; tcp_nopush on; keepalive_requests 100000;",
            f"  access_log off; client_body_temp_path {prefix}/body;",
            f"  proxy_temp_path {prefix}/proxy; fastcgi_temp_path {prefix}/fastcgi;",
            f"  uwsgi_temp_path {prefix}/uwsgi; scgi_temp_path {prefix}/scgi;",
            site,
            "}",
        ]
    )


def _wait_for_port(port: int, process: subprocess.Popen, prefix: Path) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = (prefix / "error.log").read_text() if (prefix / "error.log").exists() else ""
            raise RuntimeError(f"nginx exited with {process.returncode}: {log}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nginx did not listen on port {port}")


@contextmanager
def running_site(*, port: int, site: str, workers: str = "auto"):
    """nginx serving `site` (http-context configuration) on 127.0.0.1:port until the block
    ends, in its own temporary prefix. Yields the base URL."""
    binary = nginx_path()
    if binary is None:
        raise RuntimeError("nginx is not installed (apt-get install nginx-light)")
    prefix = Path(tempfile.mkdtemp(prefix="laurel-nginx-"))
    conf = prefix / "nginx.conf"
    conf.write_text(main_config(prefix, site, workers=workers))
    process = subprocess.Popen(
        [binary, "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_port(port, process, prefix)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(prefix, ignore_errors=True)


def running(
    *,
    port: int,
    app: str,
    publish_root: str,
    static_root: str,
    public_host: str = "",
    workers: str = "auto",
):
    """laurel.conf on 127.0.0.1:port in front of `app` (host:port): a context manager that
    yields the base URL. The app is sent `public_host` as Host (by default nginx's own
    address, the public origin of a local run)."""
    site = render(
        {
            "LAUREL_LISTEN": f"127.0.0.1:{port}",
            "LAUREL_APP": app,
            "LAUREL_PUBLISH_ROOT": publish_root,
            "LAUREL_STATIC_ROOT": static_root,
            "LAUREL_PUBLIC_HOST": public_host or f"127.0.0.1:{port}",
        }
    )
    return running_site(port=port, site=site, workers=workers)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
