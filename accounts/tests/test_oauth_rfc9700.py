"""OAuth2 as RFC 9700 asks: no implicit grant, PKCE S256 only, bearer tokens only in headers,
`iss` in authorization responses, tokens hashed at rest, refresh-token replay revokes the family,
https redirect URIs except native apps' loopback, and a switch for the password grant."""

import base64
import hashlib
import importlib
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import override_settings
from oauth2_provider.models import AccessToken, Application, RefreshToken

from accounts import services
from accounts.tests.factories import UserFactory
from accounts.tests.test_oauth import checksum, password_grant

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
CALLBACK = "https://tool.example.org/callback"


def make_client(redirect_uris: str = CALLBACK, grant=Application.GRANT_AUTHORIZATION_CODE):
    return Application.objects.create(
        name="Course Tool",
        client_id="course-tool",
        client_secret="course-secret",
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=grant,
        redirect_uris=redirect_uris,
    )


def s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def authorize(client, user, redirect_uri: str = CALLBACK, **overrides):
    """Consents as `user` and returns the redirect back to the client."""
    params = {
        "response_type": "code",
        "client_id": "course-tool",
        "redirect_uri": redirect_uri,
        "scope": "r:profile",
        "code_challenge": s256("v" * 50),
        "code_challenge_method": "S256",
        "state": "xyz",
        **overrides,
    }
    client.force_login(user)
    return client.post("/o/authorize/", {**params, "allow": "Authorize"})


def refresh(client, refresh_token: str):
    return client.post(
        "/o/token",
        {"grant_type": "refresh_token", "client_id": "public", "refresh_token": refresh_token},
    )


def me(client, access_token: str) -> int:
    return client.get("/v2/users/self", HTTP_AUTHORIZATION=f"Bearer {access_token}").status_code


def test_the_implicit_grant_hands_out_no_token(client):
    make_client(grant=Application.GRANT_IMPLICIT)
    response = authorize(client, UserFactory(), response_type="token")
    assert "access_token" not in response.get("Location", "")
    assert not AccessToken.objects.exists()


def test_a_plain_pkce_challenge_is_refused_and_s256_is_accepted(client):
    make_client()
    user = UserFactory()
    plain = authorize(client, user, code_challenge="v" * 50, code_challenge_method="plain")
    assert parse_qs(urlparse(plain["Location"]).query)["error"] == ["invalid_request"]
    good = authorize(client, user)
    assert "code" in parse_qs(urlparse(good["Location"]).query)


def test_an_authorization_request_without_pkce_is_refused(client):
    make_client()
    response = authorize(client, UserFactory(), code_challenge="", code_challenge_method="")
    assert "code" not in parse_qs(urlparse(response["Location"]).query)


def test_a_bearer_token_in_the_query_string_is_not_accepted(client):
    token = password_grant(client, UserFactory().email, scope="r:profile").json()["access_token"]
    assert client.get("/v2/users/self", {"access_token": token}).status_code == 401
    assert me(client, token) == 200


def test_the_authorization_response_names_the_issuer_of_the_server_metadata(client):
    make_client()
    response = authorize(client, UserFactory())
    query = parse_qs(urlparse(response["Location"]).query)
    assert query["iss"] == [f"{settings.LAUREL_BASE_URL}/o"]
    metadata = client.get("/o/.well-known/oauth-authorization-server").json()
    assert metadata["issuer"] == query["iss"][0]
    assert metadata["authorization_response_iss_parameter_supported"] is True


def test_tokens_are_stored_as_checksums_and_never_as_their_value(client):
    tokens = password_grant(client, UserFactory().email, scope="r:profile").json()
    access = AccessToken.objects.get(token_checksum=checksum(tokens["access_token"]))
    stored = RefreshToken.objects.get(token_checksum=checksum(tokens["refresh_token"]))
    assert (access.token, stored.token) == ("", "")
    assert me(client, tokens["access_token"]) == 200


def test_a_personal_token_is_stored_hashed_and_its_value_shown_once_still_works(client):
    user = UserFactory()
    personal, value = services.personal_token_create(user=user, name="script", scope="r:profile")
    personal.access_token.refresh_from_db()
    assert personal.access_token.token == ""
    assert personal.access_token.token_checksum == checksum(value)
    assert me(client, value) == 200


def test_tokens_stored_in_plaintext_before_keep_working_once_the_migration_clears_them(client):
    tokens = password_grant(client, UserFactory().email, scope="r:profile").json()
    # As a row written before hashing was on: the value readable in the table.
    AccessToken.objects.update(token=tokens["access_token"])
    RefreshToken.objects.update(token=tokens["refresh_token"])
    migration = importlib.import_module("accounts.migrations.0004_tokens_hashed_at_rest")

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection
    migration.clear_plaintext_tokens(apps, editor)
    assert set(AccessToken.objects.values_list("token", flat=True)) == {""}
    assert set(RefreshToken.objects.values_list("token", flat=True)) == {""}
    assert me(client, tokens["access_token"]) == 200
    assert refresh(client, tokens["refresh_token"]).status_code == 200


def test_a_refresh_rotates_the_refresh_token(client):
    first = password_grant(client, UserFactory().email, scope="r:profile").json()
    second = refresh(client, first["refresh_token"]).json()
    assert second["refresh_token"] != first["refresh_token"]
    assert refresh(client, second["refresh_token"]).status_code == 200


def test_replaying_a_used_refresh_token_revokes_every_token_of_that_sign_in(client):
    first = password_grant(client, UserFactory().email, scope="r:profile").json()
    second = refresh(client, first["refresh_token"]).json()
    replay = refresh(client, first["refresh_token"])
    assert replay.status_code == 400
    assert replay.json()["error"] == "invalid_grant"
    # The family is gone: the thief's and the owner's newest tokens alike.
    assert me(client, second["access_token"]) == 401
    assert refresh(client, second["refresh_token"]).status_code == 400


@pytest.mark.parametrize(
    "uri",
    ["http://tool.example.org/callback", "http://localhost:8080/callback", "http://10.0.0.1/cb"],
)
def test_a_client_cannot_be_registered_with_a_plain_http_redirect_uri(uri):
    app = Application(
        name="Tool",
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=f"{CALLBACK} {uri}",
    )
    with pytest.raises(ValidationError) as error:
        app.full_clean()
    assert uri in str(error.value.message_dict["redirect_uris"])


@pytest.mark.parametrize("uri", [CALLBACK, "http://127.0.0.1/callback", "http://[::1]/callback"])
def test_https_and_native_app_loopback_redirect_uris_can_be_registered(uri):
    Application(
        name="Tool",
        client_type=Application.CLIENT_PUBLIC,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=uri,
    ).full_clean(exclude=["client_secret", "user"])


def test_a_native_app_gets_its_code_on_a_loopback_port_of_its_choosing(client):
    make_client(redirect_uris="http://127.0.0.1/callback")
    response = authorize(client, UserFactory(), redirect_uri="http://127.0.0.1:51234/callback")
    assert response["Location"].startswith("http://127.0.0.1:51234/callback?")
    assert "code" in parse_qs(urlparse(response["Location"]).query)


def test_a_client_registered_earlier_with_plain_http_gets_no_code(client):
    make_client(redirect_uris="http://tool.example.org/callback")
    client.force_login(UserFactory())
    page = client.get(
        "/o/authorize/",
        {
            "response_type": "code",
            "client_id": "course-tool",
            "redirect_uri": "http://tool.example.org/callback",
            "code_challenge": s256("v" * 50),
            "code_challenge_method": "S256",
        },
    )
    assert page.status_code == 400
    assert "code=" not in page.get("Location", "")


def test_the_password_grant_can_be_switched_off(client):
    user = UserFactory()
    gate = {**settings.OAUTH2_PROVIDER, "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True}
    with override_settings(OAUTH2_PROVIDER=gate):
        response = password_grant(client, user.email)
    assert response.status_code in (400, 401)
    assert response.json()["error"] == "unauthorized_client"
    assert password_grant(client, user.email).status_code == 200


@pytest.mark.parametrize(("value", "switched_off"), [("", False), ("false", True)])
def test_laurel_oauth_password_grant_false_is_what_switches_it_off(value, switched_off):
    env = {k: v for k, v in os.environ.items() if k != "LAUREL_OAUTH_PASSWORD_GRANT"}
    if value:
        env["LAUREL_OAUTH_PASSWORD_GRANT"] = value
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "o = settings.OAUTH2_PROVIDER; print(o['COMPLIANT_BCP_RFC9700_PASSWORD_GRANT'], "
            "'password' in settings.SPECTACULAR_SETTINGS['OAUTH2_FLOWS'])",
        ],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "portal.settings.test"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == [str(switched_off), str(not switched_off)], result.stderr
