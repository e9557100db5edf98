"""1EdTech's Open Badges 3.0 test credentials get the verdicts their names say, and Laurel's own
credentials verify with code that is not Laurel's: pyld, cryptography and base58 for the Data
Integrity proof (first proven on 1EdTech's vector), joserfc for the VC-JWT."""

import base64
import hashlib
import json
from pathlib import Path

import base58
import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from joserfc import jws
from joserfc.jwk import ECKey
from pyld import jsonld

from badges.openbadges.fetch import FetchedResponse
from badges.openbadges.verify import verify_badge
from badges.services.awards import assertion_award
from badges.tests.factories import make_badge, make_issuer

FIXTURES = Path(__file__).parent / "fixtures" / "ecosystem" / "1edtech"
CONTEXTS = Path(__file__).parents[1] / "openbadges" / "contexts"
KEYS = {
    "https://example.com/issuers/876543": [
        "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi",
        "z6MkrvfzkMnvCroEUP2DVc9SHPE48CRsvHiVSusHioxTYu1x",
    ],
    "https://1edtech.edu/issuers/565049": ["z6Mknyb2Gb4NxzW3xSr9ChTtdQZ1zs77piQ3r9SaJ9vMzmrs"],
}


def controller_document(url: str, keys: list[str]) -> dict:
    methods = [
        {"id": f"{url}#{key}", "type": "Multikey", "controller": url, "publicKeyMultibase": key}
        for key in keys
    ]
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": url,
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
    }


def issuers_web(url: str) -> FetchedResponse:
    """The fixtures' issuers' sites, publishing the keys their credentials were signed with."""
    if url in KEYS:
        body = json.dumps(controller_document(url, KEYS[url])).encode()
        return FetchedResponse(url, 200, "application/json", body, {})
    return FetchedResponse(url, 404, "text/plain", b"Not found", {})


def verdict(name: str):
    return verify_badge(text=(FIXTURES / name).read_text(), fetch=issuers_web)


def messages(report) -> str:
    return " | ".join(check.message for check in report.errors)


@pytest.mark.parametrize("name", ["simple.json", "simple-eddsa-2022.json", "complete.json"])
def test_1edtech_credentials_that_are_valid_verify(name):
    report = verdict(name)
    assert report.valid, messages(report)
    assert report.spec_version == "3.0"
    assert report.verification_type == "data-integrity"


def test_1edtech_credential_with_a_wrong_proof_value_is_rejected_for_its_signature():
    report = verdict("simple-err-proof-value.json")
    assert not report.valid
    assert [check.name for check in report.errors] == ["proof"]
    assert "signature does not match" in messages(report)


def test_1edtech_jwt_is_refused_for_its_unshipped_draft_context_and_missing_key():
    report = verdict("simple.jwt")
    assert not report.valid
    assert report.verification_type == "vc-jwt"
    assert "imsglobal.github.io/openbadges-specification/context.json" in messages(report)
    assert "names no key" in messages(report)


def test_an_unreachable_1edtech_revocation_list_is_a_warning_as_the_method_says():
    report = verdict("complete.json")
    assert report.valid, messages(report)
    warnings = [check.message for check in report.warnings if check.name == "revocation"]
    assert any("revocation list is unavailable" in message for message in warnings)


def test_a_fixture_whose_issuer_publishes_no_keys_fails_on_the_issuer_key():
    def nowhere(url):
        return FetchedResponse(url, 404, "text/plain", b"", {})

    report = verify_badge(text=(FIXTURES / "simple.json").read_text(), fetch=nowhere)
    assert not report.valid
    assert any(check.name == "issuer key" for check in report.errors)


# An independent Data Integrity check --------------------------------------------------------


def _loader(url, options=None):
    names = {
        "https://www.w3.org/ns/credentials/v2": "npm-credentials-v2.jsonld",
        "https://www.w3.org/2018/credentials/v1": "npm-credentials-v1.jsonld",
        "https://w3id.org/security/data-integrity/v1": "npm-data-integrity-v1.jsonld",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json": (
            "npm-ob-v3p0-context-3.0.1.json"
        ),
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": (
            "npm-ob-v3p0-context-3.0.3.json"
        ),
        "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json": (
            "npm-ob-v3p0-context-extensions.json"
        ),
    }
    document = json.loads((CONTEXTS / names[url]).read_text())
    return {"contextUrl": None, "documentUrl": url, "document": document}


def _nquads(document: dict) -> bytes:
    options = {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": _loader}
    return jsonld.normalize(document, options).encode()


def independently_valid(credential: dict, multibase_key: str) -> bool:
    """The eddsa-rdfc-2022 check written out from the W3C specification, sharing no code
    with Laurel's."""
    proof = dict(
        credential["proof"][0] if isinstance(credential["proof"], list) else credential["proof"]
    )
    signature = base58.b58decode(proof.pop("proofValue")[1:])
    unsigned = {key: value for key, value in credential.items() if key != "proof"}
    proof["@context"] = credential["@context"]
    data = hashlib.sha256(_nquads(proof)).digest() + hashlib.sha256(_nquads(unsigned)).digest()
    raw = base58.b58decode(multibase_key[1:])
    assert raw[:2] == b"\xed\x01"
    try:
        Ed25519PublicKey.from_public_bytes(raw[2:]).verify(signature, data)
    except InvalidSignature:
        return False
    return True


def test_the_independent_check_reproduces_1edtechs_test_vector():
    good = json.loads((FIXTURES / "simple.json").read_text())
    bad = json.loads((FIXTURES / "simple-err-proof-value.json").read_text())
    assert independently_valid(good, good["proof"][0]["verificationMethod"].split("#")[1])
    assert not independently_valid(bad, bad["proof"][0]["verificationMethod"].split("#")[1])


@pytest.mark.django_db
def test_laurels_credentials_verify_with_independent_libraries(client):
    badge = make_badge(
        make_issuer(),
        alignments=[{"targetName": "Python", "targetUrl": "https://example.org/python"}],
        expires_amount=2,
        expires_unit="years",
    )
    award = assertion_award(
        badge_class=badge,
        user=None,
        notify=False,
        recipient_identity="ada@example.org",
        evidence=[{"url": "https://example.org/work", "narrative": "The repository."}],
    )
    base = f"/public/assertions/{award.entity_id}/credential"
    credential = client.get(base + "?format=json").json()
    did_doc = client.get(f"/issuers/{award.issuer.entity_id}/did.json").json()
    methods = {method["id"]: method for method in did_doc["verificationMethod"]}
    multikey = methods[credential["proof"]["verificationMethod"]]["publicKeyMultibase"]
    assert independently_valid(credential, multikey)
    credential["name"] = "Forged"
    assert not independently_valid(credential, multikey)

    token = client.get(base + "?format=jwt").content.decode()
    header = json.loads(_b64(token.split(".")[0]))
    jwk = methods[header["kid"]]["publicKeyJwk"]
    verified = jws.deserialize_compact(token, ECKey.import_key(jwk), algorithms=["ES256"])
    claims = json.loads(verified.payload)
    assert "vc" not in claims  # OB 3.0.3 §8.2: the payload is the credential itself
    assert claims["iss"] == claims["issuer"]["id"] == did_doc["id"]
    assert claims["jti"] == claims["id"] == credential["id"]
    assert claims["exp"] > claims["nbf"]


def _b64(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
