"""The credentials endpoint's contents: awards made here as signed OpenBadgeCredentials, 3.0
credentials sent as JSON (Data Integrity) kept and returned equal, and 2.0 badges left out."""

import json

import pytest

from accounts.tests.factories import UserFactory
from badges.openbadges import dataintegrity
from badges.services.awards import assertion_award
from badges.tests.factories import make_badge, make_issuer

from .conftest import OB3
from .flows import bearer, registered, tokens

pytestmark = pytest.mark.django_db

READ, UPSERT = OB3 + "credential.readonly", OB3 + "credential.upsert"
URL = "/ims/ob/v3p0/credentials"


@pytest.fixture
def ada_token(client):
    ada = UserFactory(email="ada@example.org")
    return ada, tokens(client, ada, registered(client, [READ, UPSERT]), [READ, UPSERT])


def test_an_award_made_here_is_listed_as_a_signed_open_badge_credential(client, ada_token):
    _ada, token = ada_token
    award = assertion_award(
        badge_class=make_badge(make_issuer(), name="First Aid"),
        user=None,
        notify=False,
        recipient_identity="ada@example.org",
    )
    listed = client.get(URL, **bearer(token))
    assert listed.status_code == 200 and listed["X-Total-Count"] == "1"
    (credential,) = listed.json()["credential"]
    assert "OpenBadgeCredential" in credential["type"]
    assert credential["id"].endswith(f"{award.entity_id}/credential")
    assert credential["proof"]["type"] == "DataIntegrityProof"


def test_a_json_credential_is_kept_and_returned_equal(client, ada_token, outside):
    _ada, token = ada_token
    signed = dataintegrity.sign(
        outside.credential("ada@example.org"),
        outside.key,
        verification_method=outside.kid,
        created="2024-01-01T00:00:00Z",
    )
    created = client.post(URL, json.dumps(signed), content_type="application/json", **bearer(token))
    assert created.status_code == 201, created.content
    assert created.json() == signed
    assert client.get(URL, **bearer(token)).json() == {"credential": [signed]}
    again = client.post(URL, json.dumps(signed), content_type="application/json", **bearer(token))
    assert again.status_code == 200 and again.json() == signed


def test_a_2_0_badge_is_not_taken_by_the_3_0_api(client, ada_token, elsewhere):
    _ada, token = ada_token
    url = elsewhere.award(1, "ada@example.org")
    answer = client.post(URL, url, content_type="text/plain", **bearer(token))
    assert answer.status_code == 400
    assert "Open Badges 3" in answer.json()["imsx_description"]
