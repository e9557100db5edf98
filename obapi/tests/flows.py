"""Helpers for tests on Django's test client: register a client and sign a learner in through
the real /o/authorize and /o/token (PKCE S256), for the tests that need no live server."""

import base64
import hashlib
import json
from urllib.parse import parse_qs, urlsplit

from django.test import Client

from .conftest import CALLBACK

VERIFIER = "v" * 50


def registered(client: Client, scopes: list[str], path="/ims/ob/v3p0/register", **extra) -> dict:
    metadata = {
        "client_name": "Example LMS",
        "client_uri": "https://lms.example/",
        "logo_uri": "https://lms.example/logo.png",
        "redirect_uris": [CALLBACK],
        "scope": " ".join(scopes),
        **extra,
    }
    response = client.post(path, json.dumps(metadata), content_type="application/json")
    assert response.status_code == 201, response.content
    return response.json()


def authorize(client: Client, user, registration: dict, scopes: list[str]):
    challenge = base64.urlsafe_b64encode(hashlib.sha256(VERIFIER.encode()).digest())
    client.force_login(user)
    return client.post(
        "/o/authorize/",
        {
            "response_type": "code",
            "client_id": registration["client_id"],
            "redirect_uri": CALLBACK,
            "scope": " ".join(scopes),
            "code_challenge": challenge.rstrip(b"=").decode(),
            "code_challenge_method": "S256",
            "state": "s",
            "allow": "Authorize",
        },
    )


def tokens(client: Client, user, registration: dict, scopes: list[str]) -> dict:
    answer = authorize(client, user, registration, scopes)
    query = parse_qs(urlsplit(answer["Location"]).query)
    assert "code" in query, answer["Location"]
    client.logout()
    response = client.post(
        "/o/token",
        {
            "grant_type": "authorization_code",
            "code": query["code"][0],
            "redirect_uri": CALLBACK,
            "code_verifier": VERIFIER,
        },
        HTTP_AUTHORIZATION=basic(registration),
    )
    assert response.status_code == 200, response.content
    return response.json()


def basic(registration: dict) -> str:
    pair = f"{registration['client_id']}:{registration['client_secret']}".encode()
    return "Basic " + base64.b64encode(pair).decode()


def bearer(token: dict) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token['access_token']}"}
