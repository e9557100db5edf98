"""OAuth2: Badgr's public password-grant client, refresh, scopes, PKCE, consent and throttling."""

import base64
import hashlib
import secrets
from urllib.parse import parse_qs, urlparse

import pytest
from django.test import override_settings
from oauth2_provider.models import AccessToken, Application

from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


def checksum(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def password_grant(
    client, email: str, password: str = PASSWORD, scope: str = "rw:issuer", path="/o/token"
):
    return client.post(
        path,
        {
            "grant_type": "password",
            "client_id": "public",
            "username": email,
            "password": password,
            "scope": scope,
        },
    )


def test_the_public_client_exists_out_of_the_box_for_the_password_grant():
    app = Application.objects.get(client_id="public")
    assert (app.client_type, app.authorization_grant_type) == ("public", "password")


def test_a_user_gets_a_token_with_only_their_email_and_password(client):
    user = UserFactory()
    response = password_grant(client, user.email, scope="rw:issuer r:profile")
    assert response.status_code == 200, response.content
    token = response.json()
    assert set(token) >= {"access_token", "token_type", "expires_in", "refresh_token", "scope"}
    assert token["token_type"] == "Bearer"
    assert token["scope"] == "rw:issuer r:profile"
    assert (
        client.get("/v2/users/self", HTTP_AUTHORIZATION=f"Bearer {token['access_token']}").json()[
            "result"
        ][0]["entityId"]
        == user.entity_id
    )


def test_the_token_endpoint_answers_with_and_without_the_trailing_slash(client):
    user = UserFactory()
    assert password_grant(client, user.email, path="/o/token/").status_code == 200
    assert password_grant(client, user.email, path="/o/token").status_code == 200


def test_a_refresh_token_gives_a_new_access_token(client):
    user = UserFactory()
    first = password_grant(client, user.email).json()
    response = client.post(
        "/o/token",
        {
            "grant_type": "refresh_token",
            "client_id": "public",
            "refresh_token": first["refresh_token"],
        },
    )
    assert response.status_code == 200
    assert response.json()["access_token"] != first["access_token"]


def test_a_token_limited_to_one_issuer_can_be_requested_and_unknown_scopes_cannot(client):
    user = UserFactory()
    assert password_grant(client, user.email, scope="rw:issuer:AbC_123-x").status_code == 200
    response = password_grant(client, user.email, scope="admin")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_scope"


def test_a_revoked_token_no_longer_works(client):
    user = UserFactory()
    token = password_grant(client, user.email, scope="r:profile").json()["access_token"]
    assert (
        client.post("/o/revoke_token", {"token": token, "client_id": "public"}).status_code == 200
    )
    assert client.get("/v2/users/self", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


@override_settings(LAUREL_TOKEN_FAILURES_PER_USER=3, LAUREL_TOKEN_FAILURES_PER_IP=100)
def test_failed_token_requests_lock_the_account_at_that_address_even_with_the_right_password(
    client,
):
    user = UserFactory()
    for _ in range(3):
        assert password_grant(client, user.email, password="wrong").status_code == 400
    refused = password_grant(client, user.email)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "900"
    assert "Too many failed" in refused.json()["error_description"]
    assert password_grant(client, UserFactory().email).status_code == 200


@override_settings(LAUREL_TOKEN_FAILURES_PER_USER=100, LAUREL_TOKEN_FAILURES_PER_IP=4)
def test_failed_token_requests_from_one_address_are_throttled_across_accounts(client):
    for number in range(4):
        assert password_grant(client, f"guess{number}@example.org", "x").status_code == 400
    assert password_grant(client, UserFactory().email).status_code == 429


def lms_plug_in(owner, grant: str) -> Application:
    """A confidential client of owner's, lms / lms-secret, allowed one grant type."""
    return Application.objects.create(
        name="LMS plug-in",
        user=owner,
        client_id="lms",
        client_secret="lms-secret",
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=grant,
    )


def test_client_credentials_give_a_token_for_the_applications_owner(client):
    owner = UserFactory()
    lms_plug_in(owner, Application.GRANT_CLIENT_CREDENTIALS)
    response = client.post(
        "/o/token",
        {"grant_type": "client_credentials", "scope": "rw:issuer"},
        HTTP_AUTHORIZATION="Basic " + base64.b64encode(b"lms:lms-secret").decode(),
    )
    assert response.status_code == 200, response.content
    token = AccessToken.objects.get(token_checksum=checksum(response.json()["access_token"]))
    assert token.user == owner


def test_authorization_code_with_pkce_after_consent_on_the_portal_page(client):
    user = UserFactory()
    Application.objects.create(
        name="Course Tool",
        client_id="course-tool",
        client_secret="course-secret",
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris="https://tool.example.org/callback",
    )
    verifier = secrets.token_urlsafe(48)
    challenge = (
        base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    )
    params = {
        "response_type": "code",
        "client_id": "course-tool",
        "redirect_uri": "https://tool.example.org/callback",
        "scope": "r:profile r:backpack",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        "state": "xyz",
    }
    client.force_login(user)
    page = client.get("/o/authorize/", params)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Allow Course Tool?" in html
    assert "See the badges in your backpack" in html
    assert 'class="site-header"' in html  # the portal's own layout
    form = {**params, "redirect_uri": params["redirect_uri"], "allow": "Authorize"}
    redirect = client.post("/o/authorize/", form)
    assert redirect.status_code == 302
    query = parse_qs(urlparse(redirect["Location"]).query)
    assert query["state"] == ["xyz"]
    client.logout()
    response = client.post(
        "/o/token",
        {
            "grant_type": "authorization_code",
            "code": query["code"][0],
            "redirect_uri": "https://tool.example.org/callback",
            "code_verifier": verifier,
        },
        HTTP_AUTHORIZATION="Basic " + base64.b64encode(b"course-tool:course-secret").decode(),
    )
    assert response.status_code == 200, response.content
    assert response.json()["scope"] == "r:profile r:backpack"


def test_a_nul_character_in_the_credentials_is_bad_input_not_a_crash(client):
    response = password_grant(client, "ada\x00@example.org")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"


def test_a_public_client_may_refresh_with_the_refresh_token_alone(client):
    # badgr-lite sends only grant_type and refresh_token, as RFC 6749 section 6 allows.
    user = UserFactory()
    first = password_grant(client, user.email).json()
    response = client.post(
        "/o/token", {"grant_type": "refresh_token", "refresh_token": first["refresh_token"]}
    )
    assert response.status_code == 200, response.content
    assert response.json()["access_token"] != first["access_token"]
    response = client.post("/o/token", {"grant_type": "refresh_token", "refresh_token": "nope"})
    assert response.status_code in (400, 401)


def test_a_confidential_clients_refresh_token_alone_is_refused(client):
    owner = UserFactory()
    app = lms_plug_in(owner, Application.GRANT_PASSWORD)
    token = client.post(
        "/o/token",
        {"grant_type": "password", "username": owner.email, "password": PASSWORD},
        HTTP_AUTHORIZATION="Basic " + base64.b64encode(b"lms:lms-secret").decode(),
    ).json()
    assert (
        AccessToken.objects.get(token_checksum=checksum(token["access_token"])).application == app
    )
    response = client.post(
        "/o/token", {"grant_type": "refresh_token", "refresh_token": token["refresh_token"]}
    )
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"
