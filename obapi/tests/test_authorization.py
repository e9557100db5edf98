"""Who may do what through the standard APIs: scopes, one learner's data only, disabled clients,
withdrawn access, and registered scopes only."""

from urllib.parse import parse_qs, urlsplit

import pytest

from accounts.tests.factories import UserFactory
from backpack.models import ImportedBadge
from obapi import services
from obapi.models import RegisteredClient

from .conftest import OB3
from .flows import authorize, basic, bearer, registered, tokens

pytestmark = pytest.mark.django_db

READ, UPSERT = OB3 + "credential.readonly", OB3 + "credential.upsert"
URL = "/ims/ob/v3p0/credentials"


def upsert(client, token, text):
    return client.post(URL, text, content_type="text/plain", **bearer(token))


def test_a_read_only_token_cannot_upsert(client, outside):
    ada = UserFactory(email="ada@example.org")
    token = tokens(client, ada, registered(client, [READ]), [READ])
    answer = upsert(client, token, outside.jwt(outside.credential("ada@example.org")))
    assert answer.status_code == 403
    minor = answer.json()["imsx_codeMinor"]["imsx_codeMinorField"][0]
    assert minor["imsx_codeMinorFieldValue"] == "forbidden"
    assert UPSERT in answer.json()["imsx_description"]
    assert not ImportedBadge.objects.exists()


def test_a_learners_token_never_reads_or_writes_another_learners_badges(client, outside):
    ada, bob = UserFactory(email="ada@example.org"), UserFactory(email="bob@example.org")
    registration = registered(client, [READ, UPSERT])
    ada_token = tokens(client, ada, registration, [READ, UPSERT])
    bob_token = tokens(client, bob, registration, [READ, UPSERT])
    assert (
        upsert(client, bob_token, outside.jwt(outside.credential("bob@example.org"))).status_code
        == 201
    )
    refused = upsert(
        client, ada_token, outside.jwt(outside.credential("bob@example.org", number=2))
    )
    assert refused.status_code == 400 and refused.json()["imsx_codeMajor"] == "failure"
    listed = client.get(URL, **bearer(ada_token))
    assert listed.status_code == 200 and listed.json() == {} and listed["X-Total-Count"] == "0"
    assert ImportedBadge.objects.filter(owner=ada).count() == 0


def test_a_bad_proof_is_refused_with_status_info_and_nothing_is_kept(client, outside):
    ada = UserFactory(email="ada@example.org")
    token = tokens(client, ada, registered(client, [UPSERT]), [UPSERT])
    head, payload, signature = outside.jwt(outside.credential("ada@example.org")).split(".")
    forged = ".".join(
        [head, payload, signature[:-4] + ("AAAA" if signature[-4:] != "AAAA" else "BBBB")]
    )
    answer = upsert(client, token, forged)
    assert answer.status_code == 400
    assert answer.json()["imsx_severity"] == "error"
    assert not ImportedBadge.objects.exists()


def test_a_replaced_credential_keeps_the_old_one_when_the_new_one_fails(client, outside):
    ada = UserFactory(email="ada@example.org")
    token = tokens(client, ada, registered(client, [UPSERT]), [UPSERT])
    credential = outside.credential("ada@example.org")
    assert upsert(client, token, outside.jwt(credential)).status_code == 201
    wrong = outside.credential("someone@example.org")  # same id, someone else's
    assert upsert(client, token, outside.jwt(wrong)).status_code == 400
    assert ImportedBadge.objects.filter(owner=ada, assertion_id=credential["id"]).count() == 1


def test_bad_paging_values_are_400_with_status_info(client):
    ada = UserFactory()
    token = tokens(client, ada, registered(client, [READ]), [READ])
    for query in ("limit=0", "limit=x", "offset=-1", "since=yesterday"):
        answer = client.get(f"{URL}?{query}", **bearer(token))
        assert answer.status_code == 400, query
        assert answer.json()["imsx_codeMajor"] == "failure"


def test_a_disabled_clients_tokens_stop_and_it_gets_no_new_ones(client):
    ada = UserFactory()
    registration = registered(client, [READ])
    token = tokens(client, ada, registration, [READ])
    assert client.get(URL, **bearer(token)).status_code == 200
    services.client_disable(
        client=RegisteredClient.objects.get(application__client_id=registration["client_id"])
    )
    assert client.get(URL, **bearer(token)).status_code == 401
    refreshed = client.post(
        "/o/token",
        {"grant_type": "refresh_token", "refresh_token": token["refresh_token"]},
        HTTP_AUTHORIZATION=basic(registration),
    )
    assert refreshed.status_code in (400, 401)
    answer = authorize(client, ada, registration, [READ])
    assert "code=" not in answer.get("Location", "")


def test_a_client_gets_only_the_scopes_it_registered(client):
    ada = UserFactory()
    registration = registered(client, [READ])
    answer = authorize(client, ada, registration, [READ, UPSERT])
    assert parse_qs(urlsplit(answer["Location"]).query)["error"] == ["invalid_scope"]
    answer = authorize(client, ada, registration, ["rw:backpack"])
    assert parse_qs(urlsplit(answer["Location"]).query)["error"] == ["invalid_scope"]


def test_withdrawing_an_apps_access_stops_its_tokens(client):
    ada = UserFactory()
    registration = registered(client, [READ])
    token = tokens(client, ada, registration, [READ])
    client.force_login(ada)
    page = client.get("/accounts/apps/")
    assert b"Example LMS" in page.content and b"lms.example" in page.content
    client.post(f"/accounts/apps/{registration['client_id']}/withdraw")
    after = client.get("/accounts/apps/").content
    assert b"Withdraw access from Example LMS" not in after
    assert b"Example LMS no longer has access" in after
    client.logout()
    assert client.get(URL, **bearer(token)).status_code == 401


def test_the_consent_page_shows_the_clients_name_logo_and_site(client):
    registration = registered(client, [READ])
    client.force_login(UserFactory())
    page = client.get(
        "/o/authorize/",
        {
            "response_type": "code",
            "client_id": registration["client_id"],
            "redirect_uri": "https://lms.example/callback",
            "scope": READ,
            "code_challenge": "x" * 43,
            "code_challenge_method": "S256",
        },
    )
    html = page.content.decode()
    assert "Allow Example LMS?" in html
    assert 'src="https://lms.example/logo.png"' in html and ">lms.example</a>" in html
    assert "See the badges in your Laurel backpack" in html
