"""Fetching documents from other servers safely: public addresses only, bounded in time and size.

Used wherever Laurel requests a URL that someone else chose (badge import and verification,
webhook deliveries).
The host is resolved here and every address checked; the connection then goes to exactly the
checked address (the Host header and TLS server name keep the original name), so a DNS answer
that changes between the check and the request cannot reach a private address. Redirects are
followed by hand and every hop is checked the same way. Proxies from the environment are not
used: a proxy would make the request on Laurel's behalf without these checks.
"""

import contextlib
import ipaddress
import socket
import threading
import time
import zlib
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import urllib3
from django.conf import settings
from django.utils.translation import gettext as _

REDIRECT_STATUSES = (301, 302, 303, 307, 308)
CHUNK_BYTES = 16 * 1024


class FetchError(ValueError):
    """A URL Laurel refuses to fetch or could not fetch; the message says why and what to do."""


@dataclass(frozen=True)
class FetchedResponse:
    url: str  # the final URL, after redirects
    status: int
    content_type: str  # media type only, lowercased: "application/ld+json"
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)  # lowercased names


def safe_get(
    url: str,
    *,
    accept: str = "application/ld+json, application/json",
    max_bytes: int | None = None,
    timeout: float | None = None,
    headers: dict[str, str] | None = None,
) -> FetchedResponse:
    """GET url under the fetch rules; any HTTP status is returned, FetchError when refused.
    headers are sent besides Accept (an Authorization header for a service call).

    max_bytes and timeout default to LAUREL_FETCH_MAX_BYTES and LAUREL_FETCH_TIMEOUT (read at
    call time, so settings overrides apply); timeout bounds the whole exchange: connecting,
    headers, body and every redirect hop. At most LAUREL_FETCH_MAX_REDIRECTS redirects are
    followed.
    """
    max_bytes = settings.LAUREL_FETCH_MAX_BYTES if max_bytes is None else max_bytes
    timeout = settings.LAUREL_FETCH_TIMEOUT if timeout is None else timeout
    deadline = time.monotonic() + timeout
    for _hop in range(settings.LAUREL_FETCH_MAX_REDIRECTS + 1):
        response = _request_once(
            "GET",
            url,
            headers={**(headers or {}), "Accept": accept},
            max_bytes=max_bytes,
            timeout=timeout,
            deadline=deadline,
        )
        location = response.headers.get("location")
        if response.status not in REDIRECT_STATUSES or not location:
            return response
        url = urljoin(url, location.strip())
    raise FetchError(
        _(
            "%(url)s is reached only through more than %(redirects)s redirects; "
            "give the final URL of the document instead."
        )
        % {"url": url, "redirects": settings.LAUREL_FETCH_MAX_REDIRECTS}
    )


def safe_post(
    url: str,
    *,
    body: bytes,
    headers: dict[str, str],
    max_bytes: int,
    timeout: float,
) -> FetchedResponse:
    """POST body to url under the same address rules; redirects are not followed (a 3xx is
    returned as it is). The response body is cut at max_bytes rather than refused: the caller
    keeps only an excerpt of it. timeout bounds the whole exchange, as for safe_get."""
    return _request_once(
        "POST",
        url,
        headers=headers,
        body=body,
        max_bytes=max_bytes,
        timeout=timeout,
        deadline=time.monotonic() + timeout,
        cut=True,
    )


def check_url(url: str, *, hint: str = "") -> None:
    """Raise FetchError when Laurel would refuse to connect to url (scheme, host, address);
    hint replaces the advice given for a private address."""
    _target(url, hint=hint)


def allowed_hosts() -> set[tuple[str, int]]:
    """LAUREL_FETCH_ALLOWED_HOSTS as (host, port) pairs; an IPv6 host may be in brackets."""
    pairs = set()
    for entry in settings.LAUREL_FETCH_ALLOWED_HOSTS:
        host, _sep, port = entry.strip().rpartition(":")
        if host and port.isdigit():
            pairs.add((host.strip("[]").lower(), int(port)))
    return pairs


def refusal(address: str) -> str | None:
    """Why Laurel will not connect to this IP address, or None when it is a public one."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address):
        # An IPv4 address written as IPv6 reaches that IPv4 address; judge it as such.
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is not None:
            return refusal(str(embedded))
    for reason, flag in (
        (_("an unspecified address"), ip.is_unspecified),
        (_("a loopback address"), ip.is_loopback),
        (_("a link-local address"), ip.is_link_local),
        (_("a multicast address"), ip.is_multicast),
        (_("a private address"), ip.is_private),
        (_("a reserved address"), ip.is_reserved),
    ):
        if flag:
            return reason
    if not ip.is_global:  # shared address space (100.64.0.0/10) and other special ranges
        return _("not a public internet address")
    return None


def _target(url: str, *, hint: str = "") -> tuple[str, str, int, str]:
    """The scheme, host, port and checked address of url; FetchError when it is refused."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(
            _("%(url)s is not an http(s) URL; Laurel fetches only http and https.")
            % {"url": repr(url)}
        )
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise FetchError(
            _("%(url)s has an invalid port; check the URL.") % {"url": repr(url)}
        ) from exc
    host = (parts.hostname or "").lower()
    if not host:
        raise FetchError(
            _("%(url)s names no host; give a full URL such as https://example.org/…")
            % {"url": repr(url)}
        )
    allowed = (host, port) in allowed_hosts()
    address = _checked_address(url, host, port, allowed=allowed, hint=hint)
    return parts.scheme, host, port, address


def _request_once(
    method: str,
    url: str,
    *,
    headers: dict[str, str],
    max_bytes: int,
    timeout: float,
    deadline: float,
    body: bytes | None = None,
    cut: bool = False,
) -> FetchedResponse:
    too_slow = _("%(url)s did not answer within %(timeout)s seconds; try again later.") % {
        "url": url,
        "timeout": format(timeout, "g"),
    }
    scheme, host, port, address = _target(url)
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FetchError(too_slow)
    parts = urlsplit(url)
    host_header = f"[{host}]" if ":" in host else host
    if port != (443 if scheme == "https" else 80):
        host_header += f":{port}"
    target = parts.path or "/"
    if parts.query:
        target += f"?{parts.query}"
    headers = {
        "Host": host_header,
        # Asked for uncompressed so the size limit is the size received; a server that
        # compresses anyway is inflated below within the same limit.
        "Accept-Encoding": "identity",
        "User-Agent": "Laurel Open Badges verifier",
        **headers,
    }
    pool_options = {
        "port": port,
        "timeout": urllib3.Timeout(connect=remaining, read=remaining),
        "retries": False,
        "maxsize": 1,
    }
    if scheme == "https":
        pool = _DeadlineHTTPSPool(
            address,
            server_hostname=host,
            assert_hostname=host,
            cert_reqs="CERT_REQUIRED",
            **pool_options,
        )
    else:
        pool = _DeadlineHTTPPool(address, **pool_options)
    # A read timeout bounds each read only: a server sending a byte a second never trips it.
    # At the deadline this timer shuts the connection down, which ends any read or write
    # under way (headers or body), and the request fails as too slow.
    watchdog = threading.Timer(remaining, pool.cut_off)
    watchdog.daemon = True
    watchdog.start()
    try:
        response = pool.urlopen(
            method,
            target,
            body=body,
            headers=headers,
            redirect=False,
            preload_content=False,
            decode_content=False,
            assert_same_host=False,
        )
        try:
            received = _read_body(url, response, max_bytes, deadline, too_slow, cut=cut)
        finally:
            response.release_conn()
    except FetchError:
        if pool.expired.is_set():
            raise FetchError(too_slow) from None
        raise
    except (urllib3.exceptions.HTTPError, OSError, ValueError) as exc:
        # A connection cut off by the watchdog fails in whichever way the read under way
        # noticed it (reset, protocol error, closed TLS socket); all of them mean too slow.
        if pool.expired.is_set():
            raise FetchError(too_slow) from exc
        if isinstance(exc, urllib3.exceptions.TimeoutError):
            raise FetchError(too_slow) from exc
        if isinstance(exc, urllib3.exceptions.SSLError):
            raise FetchError(
                _(
                    "%(url)s has no valid TLS certificate for %(host)s (%(name)s); the server's "
                    "HTTPS setup must be fixed."
                )
                % {"url": url, "host": host, "name": exc.__class__.__name__}
            ) from exc
        if isinstance(exc, urllib3.exceptions.HTTPError):
            raise FetchError(
                _("%(url)s could not be fetched: %(reason)s.")
                % {"url": url, "reason": _reason(exc)}
            ) from exc
        raise
    finally:
        watchdog.cancel()
        pool.close()
    if pool.expired.is_set():  # the cut-off connection may have looked like a short answer
        raise FetchError(too_slow)
    response_headers = {name.lower(): value for name, value in response.headers.items()}
    content_type = response_headers.get("content-type", "").split(";")[0].strip().lower()
    return FetchedResponse(url, response.status, content_type, received, response_headers)


class _DeadlineMixin:
    """A connection pool that remembers its connections, so the watchdog can cut them off."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.expired = threading.Event()
        self.opened: list = []

    def _new_conn(self):
        connection = super()._new_conn()
        self.opened.append(connection)
        return connection

    def cut_off(self) -> None:
        self.expired.set()
        for connection in self.opened:
            sock = getattr(connection, "sock", None)
            if sock is not None:
                # The plain socket's shutdown, also under TLS: it wakes a read blocked in
                # another thread without touching the TLS object that read is using.
                with contextlib.suppress(OSError):
                    socket.socket.shutdown(sock, socket.SHUT_RDWR)


class _DeadlineHTTPPool(_DeadlineMixin, urllib3.HTTPConnectionPool):
    pass


class _DeadlineHTTPSPool(_DeadlineMixin, urllib3.HTTPSConnectionPool):
    pass


def _checked_address(url: str, host: str, port: int, *, allowed: bool, hint: str = "") -> str:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(
            _("The host %(host)s of %(url)s cannot be found; check the URL.")
            % {"host": host, "url": url}
        ) from exc
    addresses = [info[4][0] for info in infos]
    if not addresses:
        raise FetchError(
            _("The host %(host)s of %(url)s has no address; check the URL.")
            % {"host": host, "url": url}
        )
    if not allowed:
        # Every address is checked, not just the first: which one a client picks can vary.
        for address in addresses:
            reason = refusal(address)
            if reason is not None:
                refused = _(
                    "Laurel does not fetch %(url)s: %(host)s is %(address)s, %(reason)s."
                ) % {
                    "url": url,
                    "host": host,
                    "address": address,
                    "reason": reason,
                }
                advice = hint or _("Badges must be published at a public internet address.")
                raise FetchError(f"{refused} {advice}")
    return addresses[0]


def _read_body(
    url: str, response, max_bytes: int, deadline: float, too_slow: str, *, cut: bool = False
) -> bytes:
    too_big = _(
        "%(url)s sent more than %(max_bytes)s bytes, far more than any badge document; it is not "
        "fetched."
    ) % {"url": url, "max_bytes": max_bytes}
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes and not cut:
        raise FetchError(too_big)
    encoding = response.headers.get("content-encoding", "").strip().lower() or "identity"
    if encoding not in ("identity", "gzip", "x-gzip", "deflate"):
        raise FetchError(
            _("%(url)s answered with the unsupported content encoding %(encoding)s.")
            % {"url": url, "encoding": repr(encoding)}
        )
    # wbits 47: a gzip or zlib header, whichever the server sent.
    inflater = zlib.decompressobj(47)
    received = bytearray()
    while True:
        chunk = response.read(CHUNK_BYTES)
        if not chunk:
            break
        if encoding != "identity":
            try:
                chunk = inflater.decompress(chunk, max_bytes + 1 - len(received))
            except zlib.error as exc:
                raise FetchError(
                    _("%(url)s sent a damaged compressed response.") % {"url": url}
                ) from exc
        received += chunk
        if len(received) > max_bytes:
            if cut:
                return bytes(received[:max_bytes])
            raise FetchError(too_big)
        if time.monotonic() > deadline:
            raise FetchError(too_slow)
    return bytes(received)


def _reason(exc: Exception) -> str:
    # urllib3 wraps the socket error (refused, unreachable) in reason; that is the useful part.
    reason = getattr(exc, "reason", None) or exc
    inner = getattr(reason, "__cause__", None) or getattr(reason, "__context__", None)
    if isinstance(inner, OSError) and inner.strerror:
        return inner.strerror.lower()
    return str(reason)
