"""Badge Connect (Open Badges 2.1) over HTTP as Moodle uses it, by authlib as the client, every
response checked against 1EdTech's published JSON schemas: manifest, registration, sign-in with
PKCE, adding a hosted assertion, paging, profile, revocation."""

import pytest
import requests

from .conftest import BC, browser_of, consent, register, session_for
from .jsonschemas import badge_connect

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SCOPES = [BC + s for s in ("assertion.readonly", "assertion.create", "profile.readonly")]


def test_a_badge_connect_client_from_manifest_to_revocation(live_server, base, learner, elsewhere):
    manifest = requests.get(f"{base}/.well-known/badgeconnect.json", timeout=10)
    assert manifest.status_code == 200
    badge_connect("getmanifest-200-responsepayload").validate(manifest.json())
    api_info = manifest.json()["badgeConnectAPI"][0]
    assert set(api_info["scopesOffered"]) == set(SCOPES)

    registration = register(base, SCOPES, path=api_info["registrationUrl"].removeprefix(base))
    oauth = session_for(registration, SCOPES)
    verifier = "m" * 64
    url, _ = oauth.create_authorization_url(api_info["authorizationUrl"], code_verifier=verifier)
    answer = consent(browser_of(learner, live_server), url)
    oauth.fetch_token(
        api_info["tokenUrl"],
        authorization_response=answer.headers["Location"],
        code_verifier=verifier,
    )
    assertions = api_info["apiBase"] + "/assertions"

    for number in (1, 2, 3):
        hosted = requests.get(elsewhere.award(number, "ada@example.org"), timeout=10).json()
        added = oauth.post(assertions, json={"assertion": hosted})
        assert added.status_code == 200, added.text
        badge_connect("postassertion-200-400-401-404-405-500-responsepayload").validate(
            added.json()
        )
    elsewhere_for_bob = requests.get(elsewhere.award(9, "bob@example.org"), timeout=10).json()
    refused = oauth.post(assertions, json={"assertion": elsewhere_for_bob})
    assert refused.status_code == 400
    badge_connect("postassertion-200-400-401-404-405-500-responsepayload").validate(refused.json())

    page1 = oauth.get(assertions, params={"limit": 2})
    assert page1.status_code == 200
    badge_connect("getassertions-200-responsepayload").validate(page1.json())
    assert page1.headers["X-Total-Count"] == "3"
    assert page1.links["next"]["url"] == f"{assertions}?limit=2&offset=2"
    assert page1.links["last"]["url"] == f"{assertions}?limit=2&offset=2"
    page2 = oauth.get(page1.links["next"]["url"])
    ids = {a["id"] for a in page1.json()["assertions"] + page2.json()["assertions"]}
    assert ids == {elsewhere.server.url(f"/a/{n}") for n in (1, 2, 3)}

    profile = oauth.get(api_info["apiBase"] + "/profile")
    badge_connect("getprofile-200-responsepayload").validate(profile.json())
    assert profile.json()["profile"]["email"] == "ada@example.org"

    revoked = requests.post(
        api_info["tokenRevocationUrl"],
        data={"token": oauth.token["access_token"]},
        auth=(registration["client_id"], registration["client_secret"]),
        timeout=10,
    )
    assert revoked.status_code == 200
    after = oauth.get(assertions)
    assert after.status_code == 401
    badge_connect("getassertions-400-401-404-405-500-responsepayload").validate(after.json())
