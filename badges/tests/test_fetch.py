"""Safe fetching refuses private addresses (SSRF), bounds time and size, and checks every hop."""

import gzip
import socket

import pytest

from badges.openbadges.fetch import FetchError, refusal, safe_get
from badges.tests.static_server import running_static_server

REAL_GETADDRINFO = socket.getaddrinfo


@pytest.fixture
def server():
    with running_static_server() as static:
        yield static


@pytest.fixture
def allowed(server, settings):
    settings.LAUREL_FETCH_ALLOWED_HOSTS = [server.host_port]
    return server


def resolve_as(monkeypatch, answers: dict[str, list[str]]) -> list[str]:
    """Makes the named hosts resolve to the given addresses, in turn; returns the lookups."""
    lookups: list[str] = []

    def getaddrinfo(host, port, *args, **kwargs):
        if host in answers:
            lookups.append(host)
            address = answers[host][min(len(lookups), len(answers[host])) - 1]
            return REAL_GETADDRINFO(address, port, *args, **kwargs)
        return REAL_GETADDRINFO(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return lookups


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://127.0.0.1:8000/public/assertions/1",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:169.254.169.254]/",
        "http://[fe80::1]/",
        "http://10.0.0.5/",
        "http://192.168.1.1/",
        "http://172.16.0.1/",
        "http://100.64.0.1/",
        "http://0.0.0.0/",
        "http://224.0.0.1/",
        "http://[fd00::1]/",
        "http://localhost/",
        "http://2130706433/",  # 127.0.0.1 written as one number
    ],
)
def test_urls_at_private_loopback_or_link_local_addresses_are_refused(url, settings):
    settings.LAUREL_FETCH_ALLOWED_HOSTS = []
    with pytest.raises(FetchError, match=r"Laurel does not fetch .* Badges must be published"):
        safe_get(url)


def test_a_dns_name_that_resolves_to_a_private_address_is_refused(monkeypatch):
    resolve_as(monkeypatch, {"badges.example.org": ["10.1.2.3"]})
    with pytest.raises(FetchError, match=r"badges\.example\.org is 10\.1\.2\.3, a private address"):
        safe_get("https://badges.example.org/assertions/1")


def test_a_name_with_one_private_address_among_public_ones_is_refused(monkeypatch):
    def getaddrinfo(host, port, *args, **kwargs):
        public = REAL_GETADDRINFO("93.184.215.14", port, *args, **kwargs)
        return public + REAL_GETADDRINFO("127.0.0.1", port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    with pytest.raises(FetchError, match=r"127.0.0.1, a loopback address"):
        safe_get("http://mixed.example.org/")


@pytest.mark.parametrize(
    "address", ["8.8.8.8", "93.184.215.14", "2606:4700:4700::1111", "::ffff:8.8.8.8"]
)
def test_public_addresses_are_not_refused(address):
    assert refusal(address) is None


def test_an_allowed_host_is_fetched_although_it_is_on_loopback(allowed):
    allowed.add_json("/assertion", {"id": "x"})
    response = safe_get(allowed.url("/assertion"))
    assert response.status == 200
    assert response.content_type == "application/ld+json"
    assert response.body == b'{"id": "x"}'
    assert response.url == allowed.url("/assertion")


def test_the_same_server_is_refused_when_it_is_not_in_the_allowed_hosts(server, settings):
    settings.LAUREL_FETCH_ALLOWED_HOSTS = ["127.0.0.1:1"]  # another port of the same host
    server.add_json("/assertion", {"id": "x"})
    with pytest.raises(FetchError, match="loopback"):
        safe_get(server.url("/assertion"))
    assert server.requested == []


def test_a_redirect_from_an_allowed_server_to_a_private_address_is_refused(allowed):
    allowed.redirect("/moved", "http://169.254.169.254/latest/meta-data/")
    with pytest.raises(FetchError, match=r"169.254.169.254, a link-local address"):
        safe_get(allowed.url("/moved"))
    allowed.redirect("/to-localhost", "http://localhost:6379/")
    with pytest.raises(FetchError, match=r"localhost is .*loopback"):
        safe_get(allowed.url("/to-localhost"))


def test_redirects_are_followed_up_to_the_limit(allowed, settings):
    settings.LAUREL_FETCH_MAX_REDIRECTS = 2
    allowed.add_json("/final", {"ok": True})
    allowed.redirect("/one", "/two", status=301)
    allowed.redirect("/two", allowed.url("/final"), status=307)
    response = safe_get(allowed.url("/one"))
    assert (response.status, response.url) == (200, allowed.url("/final"))
    allowed.redirect("/zero", "/one")
    with pytest.raises(FetchError, match="more than 2 redirects"):
        safe_get(allowed.url("/zero"))


def test_error_statuses_are_returned_not_raised(allowed):
    allowed.add_json("/gone", {"revoked": True}, status=410)
    assert safe_get(allowed.url("/gone")).status == 410
    missing = safe_get(allowed.url("/missing"))
    assert (missing.status, missing.content_type) == (404, "text/plain")


@pytest.mark.parametrize("send_length", [True, False], ids=["declared", "undeclared"])
def test_an_answer_larger_than_the_limit_is_refused(allowed, send_length):
    allowed.add("/big", "application/json", b"[" + b"0," * 60_000 + b"0]", send_length=send_length)
    with pytest.raises(FetchError, match="sent more than 100000 bytes"):
        safe_get(allowed.url("/big"), max_bytes=100_000)
    assert safe_get(allowed.url("/big"), max_bytes=200_000).status == 200


def test_a_compressed_answer_is_inflated_and_a_compression_bomb_is_refused(allowed):
    allowed.add("/small", "application/json", gzip.compress(b'{"a": 1}'))
    allowed.routes["/small"].headers["Content-Encoding"] = "gzip"
    assert safe_get(allowed.url("/small")).body == b'{"a": 1}'
    allowed.add("/bomb", "application/json", gzip.compress(b" " * 50_000_000))
    allowed.routes["/bomb"].headers["Content-Encoding"] = "gzip"
    with pytest.raises(FetchError, match="sent more than"):
        safe_get(allowed.url("/bomb"))


def test_a_server_that_does_not_answer_in_time_is_given_up(allowed):
    allowed.add_json("/slow", {}, delay=1.5)
    with pytest.raises(FetchError, match=r"did not answer within 0.3 seconds"):
        safe_get(allowed.url("/slow"), timeout=0.3)


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.org/a", "gopher://example.org/", "//x/y"]
)
def test_only_http_and_https_urls_are_fetched(url):
    with pytest.raises(FetchError, match="not an http"):
        safe_get(url)


def test_a_host_that_cannot_be_found_gives_a_clear_error():
    with pytest.raises(FetchError, match="cannot be found"):
        safe_get("http://no-such-host.invalid/")


def test_the_connection_goes_to_the_checked_address_and_keeps_the_host_name(
    allowed, monkeypatch, settings
):
    # A second lookup would answer with another address (DNS rebinding); only one is made,
    # and the request reaches the address that was checked, with the name in its Host header.
    port = allowed.host_port.rpartition(":")[2]
    settings.LAUREL_FETCH_ALLOWED_HOSTS = [f"badges.test:{port}"]
    lookups = resolve_as(monkeypatch, {"badges.test": ["127.0.0.1", "192.0.2.1"]})
    allowed.add_json("/assertion", {"id": "x"})
    response = safe_get(f"http://badges.test:{port}/assertion")
    assert response.status == 200
    assert lookups == ["badges.test"]
    assert allowed.hosts == [f"badges.test:{port}"]


def test_the_default_allowed_host_is_laurels_own_origin():
    from django.conf import settings

    assert settings.LAUREL_FETCH_ALLOWED_HOSTS == ["127.0.0.1:8000"]
