"""Laurel's verifier judges credentials made the ways other issuers make them: ecdsa-rdfc-2019
on P-256 and P-384 (the W3C's own test vectors), VC-JWTs signed with ES256, RS256 and EdDSA by
did:jwk issuers (signed here by joserfc, not by Laurel), the 1EdTech Revocation List, status
lists outside their dates, VC 1.1 credentials against the fitted schema, and the status a
person reads on /verify/."""

import base64
import copy
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from django.urls import reverse
from joserfc import jws
from joserfc.jwk import ECKey, OKPKey, RSAKey

from badges.openbadges import dataintegrity, did, jsonld, statuslist
from badges.openbadges.fetch import FetchedResponse
from badges.openbadges.ob2 import iso
from badges.openbadges.verify import verify_badge

FIXTURES = Path(__file__).parent / "fixtures"
# The published context https://www.w3.org/ns/credentials/examples/v2, which the W3C vectors
# use and which no Open Badge needs, so Laurel does not hold it.
EXAMPLES_CONTEXT = {"@context": {"@vocab": "https://www.w3.org/ns/credentials/examples#"}}


def nowhere(url: str) -> FetchedResponse:
    return FetchedResponse(url, 404, "text/plain", b"Not found", {})


def serving(documents: dict[str, dict]):
    """A fetch answering from documents by URL (404 for anything else)."""

    def fetch(url: str) -> FetchedResponse:
        if url in documents:
            return FetchedResponse(
                url, 200, "application/json", json.dumps(documents[url]).encode(), {}
            )
        return nowhere(url)

    return fetch


def base_credential(issuer_id: str) -> dict:
    """1EdTech's simple Open Badges 3.0 credential, unsigned, of another issuer."""
    credential = json.loads((FIXTURES / "ecosystem" / "1edtech" / "simple.json").read_text())
    credential.pop("proof")
    credential["id"] = "urn:uuid:0f7a7a52-6a55-4c5b-9d43-0b7c3e1f3a10"
    credential["issuer"] = {**credential["issuer"], "id": issuer_id}
    return credential


def errors(report) -> list[str]:
    return [check.message for check in report.errors]


# ecdsa-rdfc-2019 --------------------------------------------------------------------------


@pytest.fixture
def examples_context(monkeypatch):
    held = jsonld.document_loader

    def loader(url, options=None):
        if url == "https://www.w3.org/ns/credentials/examples/v2":
            return {"contextUrl": None, "documentUrl": url, "document": EXAMPLES_CONTEXT}
        return held(url, options)

    monkeypatch.setattr(jsonld, "document_loader", loader)


def w3c_vector(name: str) -> tuple[dict, dict]:
    document = json.loads((FIXTURES / "w3c-ecdsa" / name).read_text())
    return document, document["proof"]


@pytest.mark.parametrize("name", ["signedECDSAP256.json", "signedECDSAP384.json"])
def test_the_w3c_ecdsa_vectors_verify_and_fail_once_changed(examples_context, name):
    document, proof = w3c_vector(name)
    method = did.find_method(
        did.did_key_document(proof["verificationMethod"]), proof["verificationMethod"]
    )
    key = did.method_key(method)
    dataintegrity.verify(document, proof, key)
    changed = {**document, "name": "Another Credential"}
    with pytest.raises(dataintegrity.ProofError, match="does not match"):
        dataintegrity.verify(changed, proof, key)


def test_an_ecdsa_proof_with_an_ed25519_key_is_refused_with_the_reason():
    document, proof = w3c_vector("signedECDSAP256.json")
    with pytest.raises(dataintegrity.ProofError, match="P-256 or P-384"):
        dataintegrity.verify(document, proof, ed25519.Ed25519PrivateKey.generate().public_key())


# VC-JWT by did:jwk issuers ----------------------------------------------------------------

KEYS = {
    "ES256": (lambda: ec.generate_private_key(ec.SECP256R1()), ECKey),
    "RS256": (lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048), RSAKey),
    "EdDSA": (ed25519.Ed25519PrivateKey.generate, OKPKey),
}


def did_jwk_token(alg: str, *, change=None) -> str:
    make_private, key_type = KEYS[alg]
    pem = make_private().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    key = key_type.import_key(pem)
    public = key.as_dict(private=False)
    issuer = "did:jwk:" + base64.urlsafe_b64encode(json.dumps(public).encode()).decode().rstrip("=")
    credential = base_credential(issuer)
    payload = {
        **credential,
        "iss": issuer,
        "jti": credential["id"],
        "nbf": int(datetime(2010, 1, 1, tzinfo=UTC).timestamp()),
        "sub": credential["credentialSubject"]["id"],
    }
    if change:
        change(payload)
    header = {"alg": alg, "typ": "JWT", "kid": f"{issuer}#0"}
    return jws.serialize_compact(header, json.dumps(payload).encode(), key, algorithms=[alg])


@pytest.mark.parametrize("alg", ["ES256", "RS256", "EdDSA"])
def test_a_did_jwk_issuers_jwt_verifies_for_each_algorithm(alg):
    report = verify_badge(text=did_jwk_token(alg), fetch=nowhere)
    assert report.valid, errors(report)
    assert report.status == "valid" and report.verification_type == "vc-jwt"
    assert any(check.name == "proof" and alg in check.message for check in report.checks)


def test_a_did_jwk_jwt_whose_claims_disagree_with_its_credential_fails():
    token = did_jwk_token("ES256", change=lambda payload: payload.update(jti="urn:uuid:other"))
    report = verify_badge(text=token, fetch=nowhere)
    assert not report.valid
    assert any(check.name == "jwt claims" for check in report.errors)


def test_a_did_jwk_holding_a_private_key_is_refused():
    key = ECKey.generate_key("P-256")
    encoded = base64.urlsafe_b64encode(json.dumps(key.as_dict(private=True)).encode()).decode()
    with pytest.raises(did.DidError, match="private"):
        did.did_jwk_document(f"did:jwk:{encoded.rstrip('=')}")


# Status: the 1EdTech Revocation List and status lists outside their dates --------------------


class DidKeyIssuer:
    """An issuer with an Ed25519 did:key that signs with Laurel's Data Integrity code."""

    def __init__(self):
        self.private = ed25519.Ed25519PrivateKey.generate()
        multibase = did.multibase_ed25519(self.private.public_key())
        self.did = f"did:key:{multibase}"
        self.method = f"{self.did}#{multibase}"

    def sign(self, document: dict) -> dict:
        return dataintegrity.sign(
            document, self.private, verification_method=self.method, created="2020-01-01T00:00:00Z"
        )

    def credential(self, **changes) -> dict:
        return self.sign({**base_credential(self.did), **changes})

    def on_revocation_list(self) -> dict:
        """A credential whose status is 1EdTech's Revocation List (defined by the OB extensions
        context, which such credentials name)."""
        credential = base_credential(self.did)
        credential["@context"] = [*credential["@context"], EXTENSIONS]
        credential["credentialStatus"] = {"id": LIST_URL, "type": "1EdTechRevocationList"}
        return self.sign(credential)


LIST_URL = "https://issuer.example/revocations"
EXTENSIONS = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"


@pytest.mark.parametrize(
    ("listed", "status"),
    [
        (
            [
                {
                    "id": "urn:uuid:0f7a7a52-6a55-4c5b-9d43-0b7c3e1f3a10",
                    "revocationReason": "Cheated",
                }
            ],
            "revoked",
        ),
        ([{"id": "urn:uuid:0f7a7a52-6a55-4c5b-9d43-0b7c3e1f3a10", "revoked": False}], "valid"),
        ([{"id": "urn:uuid:another"}], "valid"),
    ],
)
def test_the_1edtech_revocation_list_decides_revocation(listed, status):
    issuer = DidKeyIssuer()
    credential = issuer.on_revocation_list()
    documents = {LIST_URL: {"id": LIST_URL, "issuer": issuer.did, "revokedCredential": listed}}
    report = verify_badge(text=json.dumps(credential), fetch=serving(documents))
    assert report.status == status, errors(report)
    if status == "revoked":
        assert report.revocation_reason == "Cheated"
        assert report.reason == "The issuer has revoked this credential."


def test_an_unreachable_1edtech_revocation_list_leaves_a_warning():
    issuer = DidKeyIssuer()
    credential = issuer.on_revocation_list()
    report = verify_badge(text=json.dumps(credential), fetch=nowhere)
    assert report.valid, errors(report)
    assert any("revocation list is unavailable" in check.message for check in report.warnings)


def status_list(issuer: DidKeyIssuer, **dates) -> dict:
    return issuer.sign(
        {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "id": "https://issuer.example/status/1",
            "type": ["VerifiableCredential", "BitstringStatusListCredential"],
            "issuer": issuer.did,
            "validFrom": "2020-01-01T00:00:00Z",
            **dates,
            "credentialSubject": {
                "id": "https://issuer.example/status/1#list",
                "type": "BitstringStatusList",
                "statusPurpose": "revocation",
                "encodedList": statuslist.encode([]),
            },
        }
    )


@pytest.mark.parametrize(
    ("dates", "reason"),
    [
        ({"validUntil": "2021-01-01T00:00:00Z"}, "expired on 2021-01-01"),
        ({"validFrom": iso(datetime.now(UTC) + timedelta(days=30))}, "is valid only from"),
        ({}, ""),
    ],
)
def test_a_status_list_outside_its_dates_cannot_say_the_credential_is_sound(dates, reason):
    issuer = DidKeyIssuer()
    entry = {
        "id": "https://issuer.example/status/1#5",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "5",
        "statusListCredential": "https://issuer.example/status/1",
    }
    credential = issuer.credential(credentialStatus=entry)
    documents = {"https://issuer.example/status/1": status_list(issuer, **dates)}
    report = verify_badge(text=json.dumps(credential), fetch=serving(documents))
    if reason:
        assert not report.valid and any(reason in message for message in errors(report))
    else:
        assert report.valid, errors(report)


# VC 1.1 and the schema that fits it ------------------------------------------------------


def vc1_credential(**changes) -> dict:
    credential = json.loads(
        (FIXTURES / "ecosystem" / "1edtech" / "simple-eddsa-2022.json").read_text()
    )
    credential.update(changes)
    return credential


def test_a_vc_1_1_credential_passes_the_schema_fitted_to_its_data_model():
    report = verify_badge(text=json.dumps(vc1_credential()), fetch=nowhere)
    schema = [check for check in report.checks if check.name == "schema"]
    assert schema[0].passed and "(VC 1.1)" in schema[0].message


def test_a_vc_1_1_credential_without_its_issuance_date_fails_the_schema():
    credential = vc1_credential()
    del credential["issuanceDate"]
    report = verify_badge(text=json.dumps(credential), fetch=nowhere)
    schema = [check for check in report.errors if check.name == "schema"]
    assert schema and "issuanceDate" in schema[0].message


def test_a_vc_2_credential_with_vc_1_1_dates_fails_the_schema():
    credential = base_credential("did:example:issuer")
    credential["issuanceDate"] = credential.pop("validFrom")
    report = verify_badge(text=json.dumps(credential), fetch=nowhere)
    schema = [check for check in report.errors if check.name == "schema"]
    assert schema and "validFrom" in schema[0].message


# What a person reads ------------------------------------------------------------------------


def future() -> str:
    return iso(datetime.now(UTC) + timedelta(days=10))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "heading", "status"),
    [
        ({}, "This badge verifies", "Status: valid"),
        ({"validUntil": "2011-01-01T00:00:00Z"}, "This badge has expired", "Status: expired"),
        ({"validFrom": "FUTURE"}, "This badge is not valid yet", "Status: not yet valid"),
        ({"name": "CHANGED"}, "This badge does not verify", "Status: invalid"),
    ],
)
def test_the_verify_page_shows_the_status_and_what_the_badge_is(client, changes, heading, status):
    issuer = DidKeyIssuer()
    changes = {key: future() if value == "FUTURE" else value for key, value in changes.items()}
    if changes.get("name") == "CHANGED":
        credential = issuer.credential()
        credential["name"] = "Changed after signing"
    else:
        credential = issuer.credential(**changes)
    credential = copy.deepcopy(credential)
    response = client.post(
        reverse("backpack:verify"), {"text": json.dumps(credential)}, follow=True
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert heading in page and status in page
    assert "Teamwork" in page and "Example Corp" in page
    assert "capacity to collaborate within a group environment" in page
    if "invalid" in status:
        assert "The signature does not match" in page


# ecdsa-sd-2023 (selective disclosure) ---------------------------------------------------------

SD_FIXTURE = FIXTURES / "ecosystem" / "1edtech" / "sd" / "derivedcredential.json"
SD_KEY = "zDnaekGZTbQBerwcehBSXLqAg6s55hVEBms1zFy89VHXtJSa9"


def derived(**changes) -> tuple[dict, dict]:
    document = json.loads(SD_FIXTURE.read_text())
    document.update(changes)
    proof = document["proof"][0] if isinstance(document["proof"], list) else document["proof"]
    return document, proof


def test_1edtechs_derived_credential_verifies_and_fails_once_a_disclosed_value_changes():
    key = did.key_from_multibase(SD_KEY)
    document, proof = derived()
    dataintegrity.verify(document, proof, key)
    document["issuer"]["name"] = "Another Issuer"
    with pytest.raises(dataintegrity.ProofError, match="does not match"):
        dataintegrity.verify(document, proof, key)


def test_an_ecdsa_sd_base_proof_is_refused_as_the_holders_not_a_verifiers():
    document, proof = derived()
    base = "u" + base64.urlsafe_b64encode(b"\xd9\x5d\x00" + b"\x80").decode().rstrip("=")
    with pytest.raises(dataintegrity.ProofError, match="base proof"):
        dataintegrity.verify(
            document, {**proof, "proofValue": base}, did.key_from_multibase(SD_KEY)
        )
