"""Fixtures for the standard API tests: a live Laurel, a learner, a registering client played by
authlib (not Laurel's code), and an outside issuer signing with joserfc under a did:key."""

import hashlib
import json
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime
from html.parser import HTMLParser

import base58
import pytest
import requests
from authlib.integrations.requests_client import OAuth2Session
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.test import Client
from joserfc import jws
from joserfc.jwk import OKPKey

from accounts.tests.factories import UserFactory

CALLBACK = "https://lms.example/callback"
OB3 = "https://purl.imsglobal.org/spec/ob/v3p0/scope/"
BC = "https://purl.imsglobal.org/spec/ob/v2p1/scope/"


class _Form(HTMLParser):
    """The consent form's hidden fields, read as a browser would."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("type") == "hidden" and attrs.get("name"):
            self.fields[attrs["name"]] = attrs.get("value") or ""


def consent(session: requests.Session, url: str, *, allow: bool = True) -> requests.Response:
    """The learner opens the authorization URL in their browser and answers the consent page;
    returns the redirect back to the client (not followed)."""
    page = session.get(url, timeout=10)
    assert page.status_code == 200, page.text[:500]
    form = _Form()
    form.feed(page.text)
    data = {**form.fields, **({"allow": "Authorize"} if allow else {})}
    return session.post(
        page.url, data=data, allow_redirects=False, timeout=10, headers={"Referer": page.url}
    )


def browser_of(user, live_server) -> requests.Session:
    """A requests session carrying the user's sign-in cookie for the live server."""
    client = Client()
    client.force_login(user)
    session = requests.Session()
    session.cookies.set("sessionid", client.cookies["sessionid"].value)
    session.get(f"{live_server.url}/accounts/apps/", timeout=10)  # picks up the CSRF cookie
    return session


@dataclass
class Connected:
    """A client application after registration and sign-in: authlib's session holds the token."""

    oauth: OAuth2Session
    registration: dict
    token: dict


def register(base: str, scopes: list[str], path: str = "/ims/ob/v3p0/register", **extra) -> dict:
    metadata = {
        "client_name": "Example LMS",
        "client_uri": "https://lms.example/",
        "logo_uri": "https://lms.example/logo.png",
        "tos_uri": "https://lms.example/terms",
        "policy_uri": "https://lms.example/privacy",
        "software_id": str(uuid.uuid4()),
        "software_version": "4.0",
        "redirect_uris": [CALLBACK],
        "token_endpoint_auth_method": "client_secret_basic",
        "grant_types": ["authorization_code", "refresh_token"],
        "response_types": ["code"],
        "scope": " ".join(scopes),
        **extra,
    }
    response = requests.post(base + path, json=metadata, timeout=10)
    assert response.status_code == 201, response.text
    return response.json()


def session_for(registration: dict, scopes: list[str], *, pkce: bool = True) -> OAuth2Session:
    """authlib's client for a registered client, authenticating with HTTP Basic."""
    return OAuth2Session(
        registration["client_id"],
        registration["client_secret"],
        scope=" ".join(scopes),
        redirect_uri=CALLBACK,
        token_endpoint_auth_method="client_secret_basic",
        **({"code_challenge_method": "S256"} if pkce else {}),
    )


def connect(live_server, user, scopes: list[str], *, description: dict) -> Connected:
    """Register, authorize with PKCE S256 and exchange the code, all with authlib."""
    flow = description["components"]["securitySchemes"]["OAuth2ACG"]
    urls = flow["flows"]["authorizationCode"]
    registration = register(live_server.url, scopes, path=_path(flow["x-imssf-registrationUrl"]))
    oauth = session_for(registration, scopes)
    verifier = secrets.token_urlsafe(48)
    url, _state = oauth.create_authorization_url(urls["authorizationUrl"], code_verifier=verifier)
    answer = consent(browser_of(user, live_server), url)
    assert answer.status_code == 302, answer.text[:500]
    token = oauth.fetch_token(
        urls["tokenUrl"], authorization_response=answer.headers["Location"], code_verifier=verifier
    )
    return Connected(oauth=oauth, registration=registration, token=token)


def _path(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


@pytest.fixture
def base(live_server, settings):
    settings.LAUREL_BASE_URL = live_server.url
    return live_server.url


@pytest.fixture
def learner(base):
    return UserFactory(email="ada@example.org")


@pytest.fixture
def description(base):
    return requests.get(f"{base}/ims/ob/v3p0/discovery", timeout=10).json()


class OutsideIssuer:
    """Another platform's issuer: an Ed25519 did:key, signing VC-JWTs with joserfc."""

    def __init__(self):
        self.key = Ed25519PrivateKey.generate()
        raw = self.key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        fingerprint = "z" + base58.b58encode(b"\xed\x01" + raw).decode()
        self.did = f"did:key:{fingerprint}"
        self.kid = f"{self.did}#{fingerprint}"
        self.jwk = OKPKey.import_key(self.key)

    def credential(self, email: str, *, name: str = "Rope Access", number: int = 1) -> dict:
        salt = f"salt{number}"
        return {
            "@context": [
                "https://www.w3.org/ns/credentials/v2",
                "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
            ],
            "id": f"urn:uuid:{uuid.UUID(int=number)}",
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "issuer": {"id": self.did, "type": ["Profile"], "name": "Elsewhere Academy"},
            "validFrom": f"2024-0{number}-01T00:00:00Z",
            "name": name,
            "credentialSubject": {
                "type": ["AchievementSubject"],
                "identifier": [
                    {
                        "type": "IdentityObject",
                        "identityType": "emailAddress",
                        "hashed": True,
                        "salt": salt,
                        "identityHash": "sha256$"
                        + hashlib.sha256((email + salt).encode()).hexdigest(),
                    }
                ],
                "achievement": {
                    "id": f"https://academy.example/achievements/{number}",
                    "type": ["Achievement"],
                    "name": name,
                    "description": "Works safely at height.",
                    "criteria": {"narrative": "Pass the course."},
                },
            },
        }

    def jwt(self, credential: dict) -> str:
        claims = {
            **credential,
            "iss": self.did,
            "jti": credential["id"],
            "nbf": int(datetime.fromisoformat(credential["validFrom"]).timestamp()),
        }
        header = {"alg": "EdDSA", "typ": "JWT", "kid": self.kid}
        return jws.serialize_compact(
            header, json.dumps(claims).encode(), self.jwk, algorithms=["EdDSA"]
        )


@pytest.fixture
def outside():
    return OutsideIssuer()


@pytest.fixture
def elsewhere(settings):
    """A hosted Open Badges 2.0 issuer on a loopback server (backpack's test fixture)."""
    from backpack.tests.conftest import ElsewhereIssuer
    from badges.tests.static_server import running_static_server

    with running_static_server() as server:
        settings.LAUREL_FETCH_ALLOWED_HOSTS = [server.host_port]
        yield ElsewhereIssuer(server)
