"""The Open Badges 3.0 API driven over HTTP as the spec describes it (section 6 and the
getting-started guide), by authlib as the client: discovery, RFC 7591 registration,
authorization code with PKCE, refresh, paging headers, upsert, profile and revocation."""

import pytest
import requests
from authlib.integrations.base_client import OAuthError
from openapi_spec_validator import validate

from .conftest import OB3, browser_of, connect, consent, register, session_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ALL = [
    OB3 + s
    for s in ("credential.readonly", "credential.upsert", "profile.readonly", "profile.update")
]


def test_the_service_description_is_a_valid_openapi_3_document_with_the_imssf_extensions(
    base, description
):
    validate(description)
    assert description["openapi"].startswith("3.0")
    assert description["info"]["x-imssf-privacyPolicyUrl"]
    assert description["info"]["x-imssf-image"]
    scheme = description["components"]["securitySchemes"]["OAuth2ACG"]
    assert scheme["x-imssf-registrationUrl"] == f"{base}/ims/ob/v3p0/register"
    flow = scheme["flows"]["authorizationCode"]
    assert set(flow["scopes"]) == set(ALL)
    assert flow["tokenUrl"] == flow["refreshUrl"] == f"{base}/o/token"
    assert {"/credentials", "/profile", "/discovery"} <= set(description["paths"])


def test_the_whole_flow_from_registration_to_revocation(
    live_server, base, learner, description, outside
):
    connected = connect(live_server, learner, ALL, description=description)
    api, token = connected.oauth, connected.token
    assert token["token_type"] == "Bearer" and token["refresh_token"]
    assert set(token["scope"].split()) == set(ALL)

    # Refresh: a new access token that works.
    refreshed = api.refresh_token(f"{base}/o/token")
    assert refreshed["access_token"] != token["access_token"]

    # Upsert a credential signed by someone else: 201, then 200, then GET gives it back equal.
    def upsert(token: str):
        return api.post(
            f"{base}/ims/ob/v3p0/credentials", data=token, headers={"Content-Type": "text/plain"}
        )

    first = outside.jwt(outside.credential("ada@example.org", number=1))
    created = upsert(first)
    assert created.status_code == 201, created.text
    assert created.text == first
    replaced = upsert(first)
    assert replaced.status_code == 200, replaced.text
    second = outside.jwt(outside.credential("ada@example.org", number=2, name="Knots"))
    third = outside.jwt(outside.credential("ada@example.org", number=3, name="Belay"))
    for token_text in (second, third):
        answer = upsert(token_text)
        assert answer.status_code == 201, answer.text

    # Paging: three credentials, two a page, headers exactly as the spec's example shows.
    url = f"{base}/ims/ob/v3p0/credentials"
    page1 = api.get(url, params={"limit": 2, "offset": 0})
    assert page1.status_code == 200, page1.text
    assert page1.headers["X-Total-Count"] == "3"
    assert page1.links["next"]["url"] == f"{url}?limit=2&offset=2"
    assert page1.links["last"]["url"] == f"{url}?limit=2&offset=2"
    assert page1.links["first"]["url"] == f"{url}?limit=2&offset=0"
    assert "prev" not in page1.links
    page2 = api.get(page1.links["next"]["url"])
    assert page2.links["prev"]["url"] == f"{url}?limit=2&offset=0"
    assert "next" not in page2.links
    held = page1.json()["compactJwsString"] + page2.json()["compactJwsString"]
    assert sorted(held) == sorted([first, second, third])
    since = api.get(url, params={"since": "2024-01-15T00:00:00Z"})
    assert since.headers["X-Total-Count"] == "2"

    # Profile: read it, change the name, read the change.
    profile = api.get(f"{base}/ims/ob/v3p0/profile")
    assert profile.status_code == 200 and profile.json()["email"] == "ada@example.org"
    assert "Profile" in profile.json()["type"]
    changed = api.put(f"{base}/ims/ob/v3p0/profile", json={**profile.json(), "name": "Ada L."})
    assert changed.status_code == 200 and changed.json()["name"] == "Ada L."
    assert api.get(f"{base}/ims/ob/v3p0/profile").json()["name"] == "Ada L."

    # RFC 7009 revocation: the next call is 401 with the spec's status body.
    revoked = requests.post(
        f"{base}/o/revoke_token",
        data={"token": api.token["access_token"], "token_type_hint": "access_token"},
        auth=(connected.registration["client_id"], connected.registration["client_secret"]),
        timeout=10,
    )
    assert revoked.status_code == 200, revoked.text
    after = api.get(url)
    assert after.status_code == 401
    assert after.json()["imsx_codeMajor"] == "failure"


def test_a_wrong_pkce_verifier_gets_no_token(live_server, base, learner):
    registration = register(base, ALL[:1])
    oauth = session_for(registration, ALL[:1])
    url, _ = oauth.create_authorization_url(f"{base}/o/authorize/", code_verifier="a" * 50)
    answer = consent(browser_of(learner, live_server), url)
    with pytest.raises(OAuthError, match="invalid_grant"):
        oauth.fetch_token(
            f"{base}/o/token",
            authorization_response=answer.headers["Location"],
            code_verifier="b" * 50,
        )


def test_an_authorization_without_pkce_is_refused(live_server, base, learner):
    registration = register(base, ALL[:1])
    oauth = session_for(registration, ALL[:1], pkce=False)
    url, _ = oauth.create_authorization_url(f"{base}/o/authorize/")
    page = browser_of(learner, live_server).get(url, timeout=10, allow_redirects=False)
    assert "code=" not in page.headers.get("Location", "")
