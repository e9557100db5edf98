"""1EdTech's OB 3.0 JSON schema accepts every credential Laurel issues, whatever the badge class
holds; and credentials from elsewhere that are broken in any way get a clear verdict, never an
exception: DID documents that are not JSON, keys of the wrong type, status lists that are not
credentials, contexts Laurel does not ship, unacceptable JWTs. did:key needs no fetching."""

import json
from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from badges import credentials
from badges.openbadges import dataintegrity, did, statuslist
from badges.openbadges.fetch import FetchedResponse
from badges.openbadges.jsonld import undefined_terms
from badges.openbadges.verify import verify_badge
from badges.openbadges.verify_ob3 import schema_errors
from badges.services.awards import assertion_award
from badges.tests.factories import SVG_BADGE, make_badge, make_issuer

NOW = datetime(2026, 6, 1, tzinfo=UTC)
BADGE_VARIANTS = {
    "plain": {},
    "svg image": {"image": SVG_BADGE, "image_name": "badge.svg"},
    "alignments": {
        "alignments": [
            {"targetName": "Python", "targetUrl": "https://example.org/py", "targetCode": "PY"},
            {"targetName": "No URL, so not in 3.0", "targetFramework": "ESCO"},
        ]
    },
    "criteria URL only": {"criteria_narrative": "", "criteria_url": "https://example.org/c"},
    "expiry": {"expires_amount": 6, "expires_unit": "months"},
    "tags and language": {"tags": ["python", "testing"], "language": "fr-CA"},
    **{f"type {kind}": {"badge_type": kind} for kind in ("skill", "participation", "license")},
}
RECIPIENTS = {
    "email": {"recipient_identity": "ada@example.org"},
    "telephone": {"recipient_identity": "+44 20 7946 0000", "recipient_type": "telephone"},
    "url": {"recipient_identity": "https://ada.example.org", "recipient_type": "url"},
    "id": {"recipient_identity": "student-42", "recipient_type": "id", "hashed": False},
}


@pytest.mark.django_db
@pytest.mark.parametrize("variant", list(BADGE_VARIANTS))
def test_the_1edtech_schema_accepts_laurels_credential_for_every_badge_class(variant):
    badge = make_badge(make_issuer(), **BADGE_VARIANTS[variant])
    award = assertion_award(
        badge_class=badge,
        user=None,
        notify=False,
        recipient_identity="ada@example.org",
        narrative="Built a parser.",
        evidence=[{"url": "https://example.org/work"}, {"narrative": "Presented it."}],
    )
    credential = credentials.credential_json(award)
    assert schema_errors(credential) == []
    assert undefined_terms(credential) == []


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(RECIPIENTS))
def test_the_1edtech_schema_accepts_laurels_credential_for_every_recipient(kind):
    award = assertion_award(
        badge_class=make_badge(make_issuer()), user=None, notify=False, **RECIPIENTS[kind]
    )
    credential = credentials.credential_json(award)
    assert schema_errors(credential) == []
    assert undefined_terms(credential) == []


def test_the_schema_names_what_is_missing():
    assert any("credentialSubject" in e for e in schema_errors({"@context": [], "type": []}))


# Credentials from elsewhere ------------------------------------------------------------------

ISSUER = "did:web:issuer.example"
DID_URL = "https://issuer.example/.well-known/did.json"
STATUS_URL = "https://issuer.example/status/1"


class Web:
    def __init__(self):
        self.pages: dict[str, tuple[int, str, bytes]] = {}

    def put(self, url: str, body, content_type: str = "application/json") -> None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.pages[url] = (200, content_type, data)

    def __call__(self, url: str) -> FetchedResponse:
        status, content_type, body = self.pages.get(url, (404, "text/plain", b"Not found"))
        return FetchedResponse(url, status, content_type, body, {})


def credential(issuer: str = ISSUER, **extra) -> dict:
    return {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": "https://issuer.example/credentials/1",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer, "type": ["Profile"], "name": "Issuer"},
        "validFrom": "2026-01-01T00:00:00Z",
        "name": "Teamwork",
        "credentialSubject": {
            "id": "did:example:ada",
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://issuer.example/achievements/1",
                "type": ["Achievement"],
                "name": "Teamwork",
                "description": "Works in a team.",
                "criteria": {"narrative": "Be nominated."},
            },
        },
        **extra,
    }


def signed(document: dict, key: Ed25519PrivateKey, method: str = f"{ISSUER}#key-1") -> str:
    return json.dumps(dataintegrity.sign(document, key, verification_method=method, created=NOW))


def publish_did(web: Web, key, method: str = f"{ISSUER}#key-1") -> None:
    if isinstance(key, Ed25519PrivateKey):
        entry = {"type": "Multikey", "publicKeyMultibase": did.multibase_ed25519(key.public_key())}
    else:
        entry = {"type": "JsonWebKey", "publicKeyJwk": did.public_jwk(key.public_key())}
    web.put(
        DID_URL,
        {
            "id": ISSUER,
            "verificationMethod": [{"id": method, "controller": ISSUER, **entry}],
            "assertionMethod": [method],
        },
    )


def verdict(text: str, web) -> tuple[bool, str]:
    report = verify_badge(text=text, fetch=web, now=NOW)
    return report.valid, " | ".join(check.message for check in report.errors)


def test_a_did_web_credential_verifies_against_its_did_document():
    web, key = Web(), Ed25519PrivateKey.generate()
    publish_did(web, key)
    assert verdict(signed(credential(), key), web) == (True, "")


def test_a_did_key_credential_verifies_without_fetching_anything():
    key = Ed25519PrivateKey.generate()
    issuer = "did:key:" + did.multibase_ed25519(key.public_key())
    method = f"{issuer}#{issuer.removeprefix('did:key:')}"
    fetched = []
    valid, errors = verdict(signed(credential(issuer), key, method), fetched.append)
    assert (valid, errors) == (True, "")
    assert fetched == []


def test_a_did_document_that_is_not_json_is_a_clear_failure():
    web, key = Web(), Ed25519PrivateKey.generate()
    web.put(DID_URL, b"<html>Welcome</html>", "text/html")
    valid, errors = verdict(signed(credential(), key), web)
    assert not valid and "DID document at https://issuer.example/.well-known/did.json" in errors
    assert "not a JSON object" in errors


def test_a_key_of_the_wrong_type_is_a_clear_failure():
    web, key = Web(), Ed25519PrivateKey.generate()
    publish_did(web, ec.generate_private_key(ec.SECP256R1()))
    valid, errors = verdict(signed(credential(), key), web)
    assert not valid and "is not an Ed25519 key" in errors


def test_a_key_the_issuer_does_not_list_for_assertions_is_refused():
    web, key = Web(), Ed25519PrivateKey.generate()
    publish_did(web, key)
    document = json.loads(web.pages[DID_URL][2])
    document["assertionMethod"] = []
    web.put(DID_URL, document)
    valid, errors = verdict(signed(credential(), key), web)
    assert not valid and "not one of did:web:issuer.example's keys for issuing" in errors


def test_a_key_of_someone_else_is_refused():
    web, key = Web(), Ed25519PrivateKey.generate()
    valid, errors = verdict(signed(credential(), key, "did:web:other.example#k"), web)
    assert not valid and "a key of did:web:other.example, not of its issuer" in errors


def test_a_status_list_that_is_not_a_credential_is_a_clear_failure():
    web, key = Web(), Ed25519PrivateKey.generate()
    publish_did(web, key)
    status = {
        "id": f"{STATUS_URL}#3",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "3",
        "statusListCredential": STATUS_URL,
    }
    web.put(STATUS_URL, {"encodedList": statuslist.encode([3])})
    valid, errors = verdict(signed(credential(credentialStatus=status), key), web)
    assert not valid and "is not a status list credential" in errors


def test_a_signed_status_list_of_the_issuer_revokes_and_suspends():
    web, key = Web(), Ed25519PrivateKey.generate()
    publish_did(web, key)
    for purpose, message in (("revocation", "revoked"), ("suspension", "suspended")):
        status_list = {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "id": STATUS_URL,
            "type": ["VerifiableCredential", "BitstringStatusListCredential"],
            "issuer": ISSUER,
            "validFrom": "2026-01-01T00:00:00Z",
            "credentialSubject": {
                "id": f"{STATUS_URL}#list",
                "type": "BitstringStatusList",
                "statusPurpose": purpose,
                "encodedList": statuslist.encode([3]),
            },
        }
        web.put(STATUS_URL, json.loads(signed(status_list, key)))
        for index, expected in ((3, False), (4, True)):
            entry = {
                "type": "BitstringStatusListEntry",
                "statusPurpose": purpose,
                "statusListIndex": str(index),
                "statusListCredential": STATUS_URL,
            }
            valid, errors = verdict(signed(credential(credentialStatus=entry), key), web)
            assert valid is expected, errors
            if not expected:
                assert f"has {message} this credential" in errors


def test_a_context_laurel_does_not_ship_is_a_clear_failure_and_never_fetched():
    web, key = Web(), Ed25519PrivateKey.generate()
    publish_did(web, key)
    document = credential()
    document["@context"].append("https://contexts.example/badge.jsonld")
    valid, errors = verdict(json.dumps(document | {"proof": {"type": "x"}}), web)
    assert not valid and "https://contexts.example/badge.jsonld is not one Laurel holds" in errors
    assert "https://contexts.example/badge.jsonld" not in web.pages


def test_a_property_no_context_defines_is_reported_as_dropped():
    web, key = Web(), Ed25519PrivateKey.generate()
    publish_did(web, key)
    valid, errors = verdict(signed(credential(favouriteColour="green"), key), web)
    assert not valid and "favouriteColour" in errors


@pytest.mark.parametrize(
    "header, expected",
    [
        ({"alg": "none"}, "accepts ES256, RS256, EdDSA"),
        ({"alg": "HS256", "kid": f"{ISSUER}#key-1"}, "accepts ES256, RS256, EdDSA"),
        ({"alg": "ES256", "jwk": {"kty": "EC", "d": "secret"}}, "holds a private key"),
    ],
)
def test_unacceptable_jwts_get_a_clear_verdict(header, expected):
    import base64

    def part(value: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    web, key = Web(), Ed25519PrivateKey.generate()
    publish_did(web, key)
    token = f"{part(header)}.{part({'vc': credential()})}.c2ln"
    valid, errors = verdict(token, web)
    assert not valid and expected in errors


@pytest.mark.parametrize("text", ["{", '{"@context": "https://www.w3.org/ns/credentials/v2"}'])
def test_broken_credential_json_gets_a_verdict(text):
    valid, errors = verdict(text, Web())
    assert not valid and errors
