"""VC-JWT in the Open Badges 3.0 form (OB 3.0.3 §8.2, JWT Payload Format): the payload is the
credential with iss, jti, nbf, exp and sub at its top level, and no `vc` claim. Laurel's JWTs
are checked here with joserfc (not Laurel's JOSE code); tokens in the VC 1.1 form (the
credential in a `vc` claim) still verify, and claims that disagree with the credential are
refused with the reason."""

import json
from datetime import datetime

import pytest
from joserfc import jws
from joserfc.jwk import ECKey

from badges.models import KeyAlgorithm
from badges.openbadges import did, vcjwt
from badges.openbadges.baking import extract
from badges.openbadges.verify import verify_badge
from badges.own_documents import own_or_remote
from badges.services.awards import assertion_award
from badges.services.endorsements import endorsement_create
from badges.services.keys import credential_key_for, credential_private_key
from badges.tests.factories import make_badge, make_issuer
from badges.tests.test_ob3_fixtures import _b64

pytestmark = pytest.mark.django_db
EMAIL = "ada@example.org"
DID = "did:example:ada"
REGISTERED = {"iss", "jti", "nbf", "exp", "sub"}


def award_to(identity: str, recipient_type: str = "email", **badge_fields):
    badge = make_badge(make_issuer(), **badge_fields)
    extra = {"recipient_type": "id", "hashed": False} if recipient_type == "id" else {}
    return assertion_award(
        badge_class=badge, user=None, notify=False, recipient_identity=identity, **extra
    )


def credential_url(award) -> str:
    return f"/public/assertions/{award.entity_id}/credential"


def decoded(token: str) -> tuple[dict, dict]:
    header, payload, _signature = token.split(".")
    return json.loads(_b64(header)), json.loads(_b64(payload))


def independently_checked(client, token: str, issuer) -> dict:
    """The payload, once joserfc finds the signature valid for the key the issuer's DID
    document publishes under the header's kid."""
    header, _payload = decoded(token)
    did_doc = client.get(f"/issuers/{issuer.entity_id}/did.json").json()
    methods = {method["id"]: method for method in did_doc["verificationMethod"]}
    key = ECKey.import_key(methods[header["kid"]]["publicKeyJwk"])
    return json.loads(jws.deserialize_compact(token, key, algorithms=["ES256"]).payload)


def seconds(value: str) -> int:
    return int(datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp())


def signed_by_issuer(payload: dict, issuer) -> str:
    """A JWT signed with the issuer's own P-256 key by joserfc, as another program holding
    the key would sign it: for tokens Laurel no longer makes (the VC 1.1 form) or never
    would (claims that disagree with the credential)."""
    key = credential_key_for(issuer=issuer, algorithm=KeyAlgorithm.ES256)
    kid = did.method_id(did.issuer_did(issuer.entity_id), key.entity_id)
    private = ECKey.import_key(credential_private_key(key))
    header = {"alg": "ES256", "typ": "JWT", "kid": kid}
    return jws.serialize_compact(header, json.dumps(payload), private, algorithms=["ES256"])


def vc_claim_token(credential: dict, issuer) -> str:
    """The credential in the VC Data Model 1.1 form Laurel issued before: in a `vc` claim."""
    unsigned = {key: value for key, value in credential.items() if key != "proof"}
    payload = {
        "vc": unsigned,
        "iss": unsigned["issuer"]["id"],
        "jti": unsigned["id"],
        "nbf": seconds(unsigned["validFrom"]),
    }
    if unsigned["credentialSubject"].get("id"):
        payload["sub"] = unsigned["credentialSubject"]["id"]
    return signed_by_issuer(payload, issuer)


def errors(report) -> str:
    return " | ".join(check.message for check in report.errors)


# Issuing ----------------------------------------------------------------------------------


def test_the_jwt_payload_is_the_credential_with_registered_claims_and_no_vc(client):
    award = award_to(DID, "id", expires_amount=2, expires_unit="years")
    credential = client.get(credential_url(award) + "?format=json").json()
    token = client.get(credential_url(award) + "?format=jwt").content.decode()
    header, _ = decoded(token)
    assert header["alg"] == "ES256" and header["typ"] == "JWT"
    assert header["kid"].startswith(credential["issuer"]["id"] + "#")
    payload = independently_checked(client, token, award.issuer)
    assert "vc" not in payload
    assert {key: value for key, value in payload.items() if key not in REGISTERED} == {
        key: value for key, value in credential.items() if key != "proof"
    }
    assert payload["iss"] == credential["issuer"]["id"]
    assert payload["jti"] == credential["id"]
    assert payload["nbf"] == seconds(credential["validFrom"])
    assert payload["exp"] == seconds(credential["validUntil"])
    assert payload["sub"] == credential["credentialSubject"]["id"] == DID
    report = verify_badge(text=token, recipients=[("id", DID)], fetch=own_or_remote)
    assert report.valid, errors(report)
    # the credential read back is the credential, without the claims
    assert report.assertion == {k: v for k, v in credential.items() if k != "proof"}


def test_sub_only_when_the_subject_has_an_id_and_exp_only_when_it_expires(client):
    award = award_to(EMAIL)
    token = client.get(credential_url(award) + "?format=jwt").content.decode()
    payload = independently_checked(client, token, award.issuer)
    assert "id" not in payload["credentialSubject"]
    assert "sub" not in payload and "exp" not in payload and "vc" not in payload
    assert {"iss", "jti", "nbf"} <= set(payload)


@pytest.mark.parametrize("image_format", ["png", "svg"])
def test_a_jwt_baked_image_holds_the_3_0_form(client, image_format):
    award = award_to(EMAIL)
    image = client.get(credential_url(award) + f"?format={image_format}&proof=jwt").content
    payload = independently_checked(client, extract(image), award.issuer)
    assert "vc" not in payload and payload["jti"] == payload["id"]
    report = verify_badge(image=image, recipients=[("email", EMAIL)], fetch=own_or_remote)
    assert report.valid, errors(report)


def test_an_endorsement_credential_jwt_is_in_the_3_0_form_with_sub(client):
    owner_award = award_to(EMAIL)
    endorser = make_issuer(name="Guild of Testers")
    endorsement = endorsement_create(
        endorser=endorser,
        user=endorser.staff.get().user,
        target=owner_award.badge_class,
        comment="Rigorous.",
    )
    url = f"/public/endorsements/{endorsement.entity_id}/credential"
    token = client.get(url + "?format=jwt").content.decode()
    payload = independently_checked(client, token, endorser)
    assert "vc" not in payload
    assert payload["sub"] == payload["credentialSubject"]["id"]
    assert payload["sub"].endswith(owner_award.badge_class.entity_id)
    assert payload["iss"] == payload["issuer"]["id"] and payload["jti"] == payload["id"]
    report = verify_badge(text=token, fetch=own_or_remote)
    assert report.valid, errors(report)


# Reading both forms, and claims that disagree ----------------------------------------------


@pytest.mark.parametrize("identity, kind", [(EMAIL, "email"), (DID, "id")])
def test_a_vc_claim_token_still_verifies(client, identity, kind):
    award = award_to(identity, kind)
    credential = client.get(credential_url(award) + "?format=json").json()
    token = vc_claim_token(credential, award.issuer)
    assert "vc" in decoded(token)[1]
    report = verify_badge(text=token, recipients=[(kind, identity)], fetch=own_or_remote)
    assert report.valid, errors(report)
    assert report.verification_type == "vc-jwt"
    assert report.assertion["id"] == credential["id"]
    assert report.recipient_matched == identity


DISAGREEING = [
    ("jti", "urn:uuid:another-credential", "The JWT's jti 'urn:uuid:another-credential' is not"),
    ("iss", "did:web:elsewhere.example", "The JWT's iss 'did:web:elsewhere.example' is not"),
    ("nbf", 946684800, "The JWT's nbf (2000-01-01T00:00:00Z) is not the credential's validFrom"),
    # In the VC 1.1 form a missing subject id or end date is taken from sub or exp (VC-JWT
    # 1.1 decoding), so these two disagree only in the 3.0 form.
    ("sub", "did:example:mallory", "names a subject, but the credential's subject has no id"),
    ("exp", 4102444800, "says 2100-01-01T00:00:00Z, but the credential has no validUntil"),
]


@pytest.mark.parametrize(
    "form, claim, value, reason",
    [("3.0", *case) for case in DISAGREEING] + [("vc claim", *case) for case in DISAGREEING[:3]],
)
def test_a_claim_that_disagrees_with_the_credential_is_refused_with_the_reason(
    client, form, claim, value, reason
):
    award = award_to(EMAIL)
    credential = client.get(credential_url(award) + "?format=json").json()
    if form == "3.0":
        payload = vcjwt.claims(credential)
    else:
        payload = decoded(vc_claim_token(credential, award.issuer))[1]
    payload[claim] = value
    token = signed_by_issuer(payload, award.issuer)
    report = verify_badge(text=token, recipients=[("email", EMAIL)], fetch=own_or_remote)
    assert not report.valid
    assert any(c.name == "proof" and c.passed for c in report.checks)  # the signature is fine
    refused = [c.message for c in report.errors if c.name == "jwt claims"]
    assert len(refused) == 1 and reason in refused[0], errors(report)


def test_reading_a_vc_1_1_token_completes_the_credential_from_its_claims():
    payload = {
        "vc": {
            "@context": ["https://www.w3.org/2018/credentials/v1"],
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "credentialSubject": {"type": ["AchievementSubject"]},
        },
        "iss": "https://example.edu/issuers/1",
        "jti": "https://example.edu/credentials/1",
        "nbf": 1262304000,
        "exp": 1893456000,
        "sub": "did:example:ada",
    }
    credential = vcjwt.credential_of(payload)
    assert credential["issuer"] == "https://example.edu/issuers/1"
    assert credential["id"] == "https://example.edu/credentials/1"
    assert credential["issuanceDate"] == "2010-01-01T00:00:00Z"
    assert credential["expirationDate"] == "2030-01-01T00:00:00Z"
    assert credential["credentialSubject"]["id"] == "did:example:ada"
    assert vcjwt.claim_problems(payload, credential) == []
    assert "issuer" not in payload["vc"]  # the token's claim itself is left as it was


def test_reading_the_3_0_form_leaves_the_registered_claims_out_of_the_credential():
    credential = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": "urn:uuid:1",
        "issuer": {"id": "did:web:example.edu"},
        "validFrom": "2026-01-01T00:00:00.500Z",
        "credentialSubject": {"id": "did:example:ada"},
    }
    payload = vcjwt.claims(credential)
    assert payload["nbf"] == 1767225600 and payload["sub"] == "did:example:ada"
    assert vcjwt.credential_of(payload | {"iat": 1, "aud": "x"}) == credential
    assert vcjwt.claim_problems(payload, credential) == []


# Content negotiation --------------------------------------------------------------------


@pytest.mark.parametrize(
    "accept, content_type",
    [
        ("application/vc+jwt", "application/vc+jwt"),
        ("application/vc+jwt;q=0.9, text/html;q=0.5", "application/vc+jwt"),
        ("application/jwt", "application/jwt"),
        ("application/vc+ld+json+jwt", "application/vc+ld+json+jwt"),
        ("text/plain", "text/plain"),
    ],
)
def test_accept_chooses_the_jwt_and_gets_the_media_type_it_named(client, accept, content_type):
    award = award_to(EMAIL)
    response = client.get(credential_url(award), HTTP_ACCEPT=accept)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert "Accept" in response["Vary"]
    payload = independently_checked(client, response.content.decode(), award.issuer)
    assert payload["jti"] == payload["id"]


def test_format_jwt_without_a_jwt_accept_is_text_plain_as_ob_3_says(client):
    award = award_to(EMAIL)
    response = client.get(credential_url(award) + "?format=jwt", HTTP_ACCEPT="*/*")
    assert response["Content-Type"] == "text/plain"
    assert response.content.count(b".") == 2
    as_json = client.get(credential_url(award), HTTP_ACCEPT="application/ld+json, */*")
    assert as_json["Content-Type"] == "application/vc+ld+json"
    assert client.get(credential_url(award))["Content-Type"] == "application/vc+ld+json"


def test_accept_vc_jwt_chooses_the_endorsement_credentials_jwt(client):
    award = award_to(EMAIL)
    endorser = make_issuer(name="Guild of Testers")
    endorsement = endorsement_create(
        endorser=endorser, user=endorser.staff.get().user, target=award.issuer, comment="Good."
    )
    url = f"/public/endorsements/{endorsement.entity_id}/credential"
    response = client.get(url, HTTP_ACCEPT="application/vc+jwt")
    assert response["Content-Type"] == "application/vc+jwt"
    payload = independently_checked(client, response.content.decode(), endorser)
    assert "vc" not in payload
    assert payload["sub"] == did.issuer_did(award.issuer.entity_id)
