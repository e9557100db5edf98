"""deploy/nginx/laurel.conf in a real nginx: negotiation as the app does it, files first, the app
for the rest, and verification that survives the app being down."""

import json
import urllib.error
import urllib.request

import pytest
from django.urls import reverse

from badges import publish
from badges.services.awards import assertion_award, assertion_revoke
from badges.tests.factories import make_badge, make_issuer
from deploy import frontserver

pytestmark = [pytest.mark.nginx, pytest.mark.django_db]

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
ASKS = [  # (path suffix, Accept, User-Agent)
    ("", "", ""),
    ("", "*/*", "curl/8"),
    ("", "application/ld+json", ""),
    ("", "application/json, text/html", ""),
    ("", "text/html, application/json", ""),
    ("", BROWSER, "Mozilla/5.0 Firefox/140"),
    ("", "text/html;q=0.5, application/json", ""),
    ("", "application/json;q=0.2, text/html", ""),
    ("", "text/html;q=0", ""),
    ("", BROWSER, "Mozilla/5.0 (compatible; LinkedInBot/1.0)"),
    ("", "", "Slackbot-LinkExpanding 1.0"),
    (".json", BROWSER, ""),
    ("?expand=badge.issuer", "", ""),
    ("?expand=nonsense", "", ""),
]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url: str, accept: str = "", agent: str = "") -> tuple[int, dict, bytes]:
    headers = {"User-Agent": agent or "laurel-tests"}
    if accept:
        headers["Accept"] = accept
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers), timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture
def world(settings, tmp_path):
    settings.LAUREL_PUBLISH_ROOT = str(tmp_path / "published")
    issuer = make_issuer()
    badge = make_badge(issuer)
    award = assertion_award(
        badge_class=badge, user=None, recipient_identity="ada@example.org", notify=False
    )
    revoked = assertion_award(
        badge_class=badge, user=None, recipient_identity="bob@example.org", notify=False
    )
    assertion_revoke(assertion=revoked, user=None, reason="Copied the project")
    publish.publish_everything()
    return {"issuer": issuer, "badge": badge, "award": award, "revoked": revoked}


def _nginx(tmp_path, app: str, **options):
    """nginx in front of app (host:port), serving published and static files from tmp_path."""
    return frontserver.running(
        port=frontserver.free_port(),
        app=app,
        publish_root=str(tmp_path / "published"),
        static_root=str(tmp_path / "static"),
        workers="1",
        **options,
    )


@pytest.fixture
def nginx_without_app(world, tmp_path):
    closed = frontserver.free_port()  # nothing listens: the app is down
    with _nginx(tmp_path, f"127.0.0.1:{closed}") as base:
        yield base


def test_with_the_app_down_documents_redirects_cards_and_revocations_still_answer(
    nginx_without_app, world, client
):
    award, revoked, badge = world["award"], world["revoked"], world["badge"]
    url = f"{nginx_without_app}/public/assertions/{award.entity_id}"

    status, headers, body = fetch(url)
    assert status == 200
    assert headers["Content-Type"] == "application/ld+json"
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert body == client.get(f"/public/assertions/{award.entity_id}").content

    status, headers, _ = fetch(url, accept=BROWSER)
    page = reverse("discovery:award", args=[award.entity_id])
    assert (status, headers["Location"]) == (302, page)

    status, headers, body = fetch(url, agent="LinkedInBot/1.0")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert b'property="og:title"' in body

    status, headers, body = fetch(f"{nginx_without_app}/public/assertions/{revoked.entity_id}")
    assert status == 410
    assert json.loads(body)["revocationReason"] == "Copied the project"

    issuer_url = f"{nginx_without_app}/public/issuers/{world['issuer'].entity_id}"
    status, _, body = fetch(f"{issuer_url}/revocations")
    assert status == 200 and revoked.entity_id in body.decode()
    status, headers, body = fetch(f"{nginx_without_app}/public/badges/{badge.entity_id}/image")
    assert status == 200 and headers["Content-Type"] == "image/png"
    assert "sandbox" in headers["Content-Security-Policy"]

    # What no file answers goes to the app, which is down.
    assert fetch(f"{nginx_without_app}/public/assertions/unknown")[0] == 502
    assert fetch(f"{url}?expand=badge")[0] == 502


@pytest.fixture
def nginx_with_app(world, live_server, tmp_path):
    with _nginx(tmp_path, live_server.url.removeprefix("http://")) as base:
        yield base


@pytest.mark.parametrize("kind", ["assertions", "revoked", "badges", "issuers", "missing"])
def test_nginx_answers_every_request_as_the_app_does(nginx_with_app, world, client, kind):
    entity_id = {
        "assertions": world["award"].entity_id,
        "revoked": world["revoked"].entity_id,
        "badges": world["badge"].entity_id,
        "issuers": world["issuer"].entity_id,
        "missing": "no-such-award",
    }[kind]
    path_kind = "assertions" if kind in ("revoked", "missing") else kind
    for suffix, accept, agent in ASKS:
        if "expand" in suffix and path_kind == "issuers":
            continue
        path = f"/public/{path_kind}/{entity_id}{suffix}"
        status, headers, body = fetch(nginx_with_app + path, accept, agent)
        extra = {"HTTP_ACCEPT": accept} if accept else {}
        expected = client.get(path, HTTP_USER_AGENT=agent or "laurel-tests", **extra)
        asked = (path, accept, agent)
        assert status == expected.status_code, asked
        assert headers.get("Location") == expected.headers.get("Location"), asked
        if status in (200, 410):  # error pages and redirect bodies differ, harmlessly
            assert body == expected.content, asked


def test_the_app_sees_the_configured_public_host_whatever_host_the_client_sends(tmp_path):
    """A client's Host header (say 127.0.0.1:8119) would reach links the app builds; nginx
    passes only the configured one."""
    import http.server
    import threading

    seen: list[str] = []

    class Echo(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append(self.headers["Host"])
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    app = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    threading.Thread(target=app.serve_forever, daemon=True).start()
    try:
        with _nginx(
            tmp_path, f"127.0.0.1:{app.server_address[1]}", public_host="badges.example.org"
        ) as base:
            request = urllib.request.Request(
                f"{base}/accounts/password/reset/", headers={"Host": "127.0.0.1:8119"}
            )
            with urllib.request.urlopen(request, timeout=10) as response:
                assert response.status == 204
    finally:
        app.shutdown()
    assert seen == ["badges.example.org"]
