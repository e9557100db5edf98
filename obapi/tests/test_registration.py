"""RFC 7591 registration: what is refused, with which error code, and the rate limit."""

import json

import pytest

from obapi.models import RegisteredClient

from .conftest import OB3

pytestmark = pytest.mark.django_db

GOOD = {
    "client_name": "Example LMS",
    "client_uri": "https://lms.example/",
    "redirect_uris": ["https://lms.example/callback"],
    "scope": OB3 + "credential.upsert offline_access",
}


def post(client, body, path="/ims/ob/v3p0/register"):
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(path, data, content_type="application/json")


def test_a_good_registration_answers_201_with_the_rfc_fields(client):
    answer = post(client, GOOD)
    assert answer.status_code == 201
    body = answer.json()
    assert {"client_id", "client_secret", "client_id_issued_at", "client_secret_expires_at"} <= set(
        body
    )
    assert body["client_secret_expires_at"] == 0
    assert body["redirect_uris"] == GOOD["redirect_uris"] and body["scope"] == GOOD["scope"]
    stored = RegisteredClient.objects.get()
    assert stored.application.client_secret != body["client_secret"]  # only a hash is kept


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"redirect_uris": []}, "invalid_redirect_uri"),
        ({"redirect_uris": ["http://lms.example/cb"]}, "invalid_redirect_uri"),
        ({"redirect_uris": ["https://lms.example/cb#frag"]}, "invalid_redirect_uri"),
        ({"scope": "rw:backpack"}, "invalid_client_metadata"),
        (
            {"scope": "https://purl.imsglobal.org/spec/ob/v2p1/scope/assertion.readonly"},
            "invalid_client_metadata",
        ),
        ({"client_name": ""}, "invalid_client_metadata"),
        ({"client_uri": "javascript:alert(1)"}, "invalid_client_metadata"),
        ({"logo_uri": "ftp://x"}, "invalid_client_metadata"),
        ({"grant_types": ["client_credentials"]}, "invalid_client_metadata"),
        ({"response_types": ["token"]}, "invalid_client_metadata"),
        ({"token_endpoint_auth_method": "none"}, "invalid_client_metadata"),
    ],
)
def test_bad_metadata_is_refused_with_the_rfc_error_code(client, change, error):
    answer = post(client, {**GOOD, **change})
    assert answer.status_code == 400
    assert answer.json()["error"] == error and answer.json()["error_description"]
    assert not RegisteredClient.objects.exists()


@pytest.mark.parametrize("body", ["not json", "[1, 2]", '"text"'])
def test_a_body_that_is_not_a_json_object_is_invalid_metadata(client, body):
    answer = post(client, body)
    assert answer.status_code == 400 and answer.json()["error"] == "invalid_client_metadata"


def test_registration_is_rate_limited_per_address(client, settings):
    settings.LAUREL_OBAPI_REGISTRATIONS_PER_IP = 2
    assert [post(client, GOOD).status_code for _ in range(3)] == [201, 201, 429]
    assert RegisteredClient.objects.count() == 2


def test_badge_connect_registers_with_its_own_scopes(client):
    answer = post(
        client,
        {**GOOD, "scope": "https://purl.imsglobal.org/spec/ob/v2p1/scope/assertion.create"},
        path="/ims/ob/v2p1/register",
    )
    assert answer.status_code == 201
    assert RegisteredClient.objects.get().api == "bc21"
