"""Open Badges 3.0 credentials Laurel issues: fetched, verified, baked, revoked, rotated.

Verification goes through Laurel's verifier with this site's own documents read in process
(own_or_remote), so the DID documents and status lists checked are the ones the site serves.
"""

import json

import pytest

from badges.openbadges.baking import extract
from badges.openbadges.verify import verify_badge
from badges.own_documents import own_or_remote
from badges.services.awards import assertion_award, assertion_revoke
from badges.services.keys import issuer_key_rotate
from badges.tests.factories import SVG_BADGE, make_badge, make_issuer

pytestmark = pytest.mark.django_db
EMAIL = "ada@example.org"
RECIPIENTS = {
    "hashed email": ({"recipient_identity": EMAIL}, ("email", EMAIL)),
    "url": (
        {"recipient_identity": "https://ada.example.org/", "recipient_type": "url"},
        ("url", "https://ada.example.org/"),
    ),
    "did": (
        {"recipient_identity": "did:example:ada", "recipient_type": "id", "hashed": False},
        ("id", "did:example:ada"),
    ),
}


def award_for(row: dict, **badge_fields):
    badge = make_badge(make_issuer(), **badge_fields)
    return assertion_award(badge_class=badge, user=None, notify=False, **row)


def fetch(client, award, fmt: str, **params) -> bytes:
    query = "&".join(f"{k}={v}" for k, v in {"format": fmt, **params}.items())
    response = client.get(f"/public/assertions/{award.entity_id}/credential?{query}")
    assert response.status_code == 200, response.content[:300]
    return response.content


def verify(recipient=None, **given):
    recipients = [recipient] if recipient else []
    return verify_badge(**given, recipients=recipients, fetch=own_or_remote)


def failed(report) -> str:
    return " | ".join(check.message for check in report.errors)


@pytest.mark.parametrize("kind", list(RECIPIENTS))
@pytest.mark.parametrize("proof", ["json", "jwt"])
def test_a_credential_round_trips_for_each_recipient_and_proof(client, kind, proof):
    row, recipient = RECIPIENTS[kind]
    award = award_for(row)
    text = fetch(client, award, proof).decode()
    report = verify(recipient, text=text)
    assert report.valid, failed(report)
    assert report.spec_version == "3.0"
    assert report.verification_type == ("vc-jwt" if proof == "jwt" else "data-integrity")
    assert report.recipient_matched == recipient[1]
    assert report.badge_class["name"] == award.badge_class.name
    for image_format in ("png", "svg"):
        image = fetch(client, award, image_format, proof=proof)
        baked = extract(image)
        if proof == "jwt":  # ES256 signatures differ each time; the signed parts do not
            assert baked.split(".")[:2] == text.split(".")[:2]
        else:
            assert json.loads(baked) == json.loads(text)
        again = verify(recipient, image=image)
        assert again.valid, failed(again)


def test_a_png_badge_class_image_is_baked_as_png_and_an_svg_one_as_svg(client):
    award = award_for({"recipient_identity": EMAIL}, image=SVG_BADGE, image_name="b.svg")
    svg = fetch(client, award, "svg")
    assert b'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"' in svg
    assert b"<openbadges:credential><![CDATA[" in svg
    jwt_svg = fetch(client, award, "svg", proof="jwt")
    assert b'<openbadges:credential verify="ey' in jwt_svg
    png = fetch(client, award, "png")
    assert png.startswith(b"\x89PNG") and b"iTXtopenbadgecredential\0\0\0\0\0{" in png


def test_the_credential_is_an_open_badge_credential_with_did_web_issuer_and_status(client):
    award = award_for({"recipient_identity": EMAIL, "narrative": "Built a parser."})
    doc = json.loads(fetch(client, award, "json"))
    assert doc["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
    ]
    assert doc["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert doc["issuer"]["id"].startswith("did:web:")
    assert doc["issuer"]["id"].endswith(f":issuers:{award.issuer.entity_id}")
    identifier = doc["credentialSubject"]["identifier"][0]
    assert identifier["identityType"] == "emailAddress" and identifier["hashed"] is True
    assert EMAIL not in json.dumps(doc)
    assert doc["credentialStatus"]["type"] == "BitstringStatusListEntry"
    assert doc["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    assert doc["proof"]["verificationMethod"].startswith(doc["issuer"]["id"] + "#")


def test_content_negotiation_picks_the_jwt_or_the_json(client):
    award = award_for({"recipient_identity": EMAIL})
    url = f"/public/assertions/{award.entity_id}/credential"
    jwt = client.get(url, HTTP_ACCEPT="application/vc+jwt")
    assert jwt["Content-Type"] == "application/vc+jwt" and jwt.content.count(b".") == 2
    json_response = client.get(url, HTTP_ACCEPT="application/vc+ld+json")
    assert json_response["Content-Type"] == "application/vc+ld+json"
    assert "proof" in json_response.json()
    assert client.get(url + "?format=xml").status_code == 400


def test_a_revoked_credential_fails_on_its_status_list(client):
    award = award_for({"recipient_identity": EMAIL})
    other = assertion_award(
        badge_class=award.badge_class, user=None, notify=False, recipient_identity="b@e.org"
    )
    texts = {proof: fetch(client, award, proof).decode() for proof in ("json", "jwt")}
    assertion_revoke(assertion=award, user=None, reason="Plagiarised project.")
    for text in texts.values():
        report = verify(text=text)
        assert not report.valid and report.revoked
        assert "revoked this credential" in failed(report)
    still_good = verify(text=fetch(client, other, "json").decode())
    assert still_good.valid, failed(still_good)
    gone = client.get(f"/public/assertions/{award.entity_id}/credential")
    assert gone.status_code == 410


def test_a_tampered_credential_fails_with_a_clear_reason(client):
    award = award_for({"recipient_identity": EMAIL})
    doc = json.loads(fetch(client, award, "json"))
    doc["credentialSubject"]["achievement"]["name"] = "Something grander"
    report = verify(text=json.dumps(doc))
    assert not report.valid
    assert "changed after it was signed" in failed(report)
    header, payload, signature = fetch(client, award, "jwt").decode().split(".")
    forged = payload[:-4] + ("AAAA" if payload[-4:] != "AAAA" else "BBBB")
    report = verify(text=f"{header}.{forged}.{signature}")
    assert not report.valid


def test_a_key_rotation_keeps_old_credentials_valid(client):
    award = award_for({"recipient_identity": EMAIL})
    old = {proof: fetch(client, award, proof).decode() for proof in ("json", "jwt")}
    owner = award.issuer.staff.get().user
    issuer_key_rotate(issuer=award.issuer, user=owner)
    for text in old.values():
        report = verify(text=text)
        assert report.valid, failed(report)
    new = json.loads(fetch(client, award, "json"))
    assert (
        new["proof"]["verificationMethod"] != json.loads(old["json"])["proof"]["verificationMethod"]
    )
    did_doc = client.get(f"/issuers/{award.issuer.entity_id}/did.json").json()
    assert len(did_doc["verificationMethod"]) == 4  # two algorithms, before and after
    assert verify(text=json.dumps(new)).valid


def test_the_did_documents_list_keys_as_multikey_and_jwk_without_private_parts(client):
    issuer = make_issuer()
    response = client.get(f"/issuers/{issuer.entity_id}/did.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/did+json"
    doc = response.json()
    types = sorted(method["type"] for method in doc["verificationMethod"])
    assert types == ["JsonWebKey", "Multikey"]
    assert all("d" not in method.get("publicKeyJwk", {}) for method in doc["verificationMethod"])
    assert doc["assertionMethod"] == [method["id"] for method in doc["verificationMethod"]]
    site = client.get("/.well-known/did.json").json()
    assert site["id"].startswith("did:web:") and ":issuers:" not in site["id"]
    assert client.get("/issuers/nosuchissuer/did.json").status_code == 404


def test_the_keys_are_stored_encrypted(client):
    issuer = make_issuer()
    for key in issuer.credential_keys.all():
        assert "PRIVATE KEY" not in key.private_key_encrypted
        assert key.private_key_encrypted.startswith("v1.")


def test_the_status_list_is_a_signed_credential_that_verifies(client):
    award = award_for({"recipient_identity": EMAIL})
    response = client.get(f"/public/issuers/{award.issuer.entity_id}/status-list")
    assert response.status_code == 200
    status_list = response.json()
    assert status_list["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert status_list["credentialSubject"]["encodedList"].startswith("u")
    assert status_list["proof"]["cryptosuite"] == "eddsa-rdfc-2022"


@pytest.mark.parametrize("proof", ["json", "jwt"])
def test_a_change_of_base_url_signs_the_status_list_and_credentials_again(client, settings, proof):
    award = award_for({"recipient_identity": EMAIL})
    assert verify(text=fetch(client, award, proof).decode()).valid  # publishes the status list
    settings.LAUREL_BASE_URL = "https://badges.example.edu"
    text = fetch(client, award, proof).decode()
    assert "badges.example.edu" in text or proof == "jwt"
    report = verify(text=text)
    assert report.valid, failed(report)
    status_list = client.get(f"/public/issuers/{award.issuer.entity_id}/status-list").json()
    assert status_list["id"].startswith("https://badges.example.edu/")
    assert status_list["issuer"] == "did:web:badges.example.edu:issuers:" + award.issuer.entity_id
    baked = extract(fetch(client, award, "png", proof=proof))
    assert report.valid == verify(text=baked).valid
    if proof == "json":
        assert "https://badges.example.edu/" in baked
