"""Endorsements: issuers of this site vouch for an issuer, badge class or award, as an OB 2.0
Endorsement and an OB 3.0 EndorsementCredential, listed on what they endorse and verified."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.tests.factories import UserFactory
from badges.models import Endorsement, Role
from badges.openbadges import did
from badges.openbadges.verify import verify_badge
from badges.own_documents import own_or_remote
from badges.services.awards import assertion_award, assertion_revoke
from badges.services.badge_classes import badge_class_archive
from badges.services.endorsements import endorsement_create, endorsement_revoke
from badges.services.issuers import issuer_staff_add
from badges.tests.factories import make_badge, make_issuer
from badges.tests.test_ob3_fixtures import _b64, independently_valid

pytestmark = pytest.mark.django_db
EMAIL = "ada@example.org"


@pytest.fixture
def world():
    """An endorser with its owner, and another issuer with a badge class and an award."""
    owner = UserFactory()
    endorser = make_issuer(owner, name="Guild of Testers")
    issuer = make_issuer(name="School of Python")
    badge = make_badge(issuer)
    award = assertion_award(badge_class=badge, user=None, notify=False, recipient_identity=EMAIL)
    return {"owner": owner, "endorser": endorser, "issuer": issuer, "badge": badge, "award": award}


def endorse(world, target: str, comment: str = "Rigorous and fair assessment."):
    return endorsement_create(
        endorser=world["endorser"], user=world["owner"], target=world[target], comment=comment
    )


def verify(**given):
    return verify_badge(**given, fetch=own_or_remote)


def failed(report) -> str:
    return " | ".join(check.message for check in report.errors)


def warned(report) -> str:
    return " | ".join(check.message for check in report.warnings)


# Services ------------------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["issuer", "badge", "award"])
def test_an_owner_of_the_endorser_endorses_an_issuer_a_badge_class_or_an_award(world, target):
    endorsement = endorse(world, target)
    assert endorsement.target == world[target]
    assert endorsement.status_index is not None and not endorsement.revoked


@pytest.mark.parametrize("role", [Role.EDITOR, Role.STAFF])
def test_only_owners_of_the_endorser_may_endorse_for_it(world, role):
    member = UserFactory()
    issuer_staff_add(issuer=world["endorser"], user=world["owner"], member=member, role=role)
    with pytest.raises(PermissionDenied, match="manage the issuer"):
        endorsement_create(
            endorser=world["endorser"], user=member, target=world["badge"], comment="Good."
        )


def test_an_owner_of_the_endorsed_issuer_cannot_endorse_for_the_endorser(world):
    other_owner = world["issuer"].staff.get().user
    with pytest.raises(PermissionDenied):
        endorsement_create(
            endorser=world["endorser"], user=other_owner, target=world["badge"], comment="Good."
        )


def test_an_issuer_cannot_endorse_itself_or_its_own_badges(world):
    own_badge = make_badge(world["endorser"])
    for target in (world["endorser"], own_badge):
        with pytest.raises(ValidationError, match="cannot endorse itself"):
            endorsement_create(
                endorser=world["endorser"], user=world["owner"], target=target, comment="Me!"
            )


def test_an_endorsement_needs_a_comment_without_control_characters(world):
    with pytest.raises(ValidationError, match="the comment is the claim"):
        endorse(world, "badge", comment="  ")
    with pytest.raises(ValidationError, match="U\\+0007"):
        endorse(world, "badge", comment="Good\x07")


def test_a_second_live_endorsement_of_the_same_object_is_refused_until_the_first_is_revoked(
    world,
):
    first = endorse(world, "badge")
    with pytest.raises(ValidationError, match="already endorses"):
        endorse(world, "badge")
    endorsement_revoke(endorsement=first, user=world["owner"], reason="Rewritten.")
    assert endorse(world, "badge").pk != first.pk


def test_revoked_awards_and_archived_badge_classes_cannot_be_endorsed(world):
    assertion_revoke(assertion=world["award"], user=None, reason="Mistake.")
    with pytest.raises(ValidationError, match="revoked"):
        endorse(world, "award")
    badge_class_archive(badge_class=world["badge"], user=None)
    with pytest.raises(ValidationError, match="archived"):
        endorse(world, "badge")


def test_a_draft_badge_class_cannot_be_endorsed_and_no_endorsement_names_it(world, client):
    draft = make_badge(world["issuer"], name="Secret Upcoming Badge", draft=True)
    with pytest.raises(ValidationError, match="not published"):
        endorsement_create(
            endorser=world["endorser"], user=world["owner"], target=draft, comment="Good."
        )
    # The same through the workspace, by the draft's id.
    client.force_login(world["owner"])
    url = reverse("workspace:endorsements", args=[world["endorser"].entity_id])
    response = client.post(url, {"action": "endorse", "target": draft.entity_id, "comment": "Ok."})
    assert response.status_code == 400
    assert "Secret Upcoming Badge" not in response.content.decode()
    assert not Endorsement.objects.exists()


def test_revoking_needs_a_reason_and_the_right(world):
    endorsement = endorse(world, "issuer")
    with pytest.raises(ValidationError, match="Say why"):
        endorsement_revoke(endorsement=endorsement, user=world["owner"], reason="")
    with pytest.raises(PermissionDenied):
        endorsement_revoke(endorsement=endorsement, user=UserFactory(), reason="No.")


def test_endorsements_and_awards_share_the_endorsers_status_list_bits(world):
    own_badge = make_badge(world["endorser"])
    own_award = assertion_award(
        badge_class=own_badge, user=None, notify=False, recipient_identity=EMAIL
    )
    endorsement = endorse(world, "badge")
    assert endorsement.status_index == own_award.status_index + 1
    later = assertion_award(
        badge_class=own_badge, user=None, notify=False, recipient_identity="b@example.org"
    )
    assert later.status_index == endorsement.status_index + 1


# OB 2.0 documents -----------------------------------------------------------------------------


def test_the_endorsement_is_a_hosted_open_badges_2_endorsement(client, world, settings):
    endorsement = endorse(world, "badge")
    base = settings.LAUREL_BASE_URL
    response = client.get(f"/public/endorsements/{endorsement.entity_id}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    assert response.json() == {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Endorsement",
        "id": f"{base}/public/endorsements/{endorsement.entity_id}",
        "issuer": f"{base}/public/issuers/{world['endorser'].entity_id}",
        "issuedOn": response.json()["issuedOn"],
        "claim": {
            "id": f"{base}/public/badges/{world['badge'].entity_id}",
            "endorsementComment": "Rigorous and fair assessment.",
        },
        "verification": {"type": "HostedBadge"},
    }


@pytest.mark.parametrize(
    ("target", "kind"), [("issuer", "issuers"), ("badge", "badges"), ("award", "assertions")]
)
def test_the_endorsed_objects_document_lists_the_endorsement_until_it_is_revoked(
    client, world, target, kind, settings, django_capture_on_commit_callbacks
):
    url = f"/public/{kind}/{world[target].entity_id}"
    assert "endorsement" not in client.get(url).json()  # cached now, without it
    with django_capture_on_commit_callbacks(execute=True):
        endorsement = endorse(world, target)
    listed = f"{settings.LAUREL_BASE_URL}/public/endorsements/{endorsement.entity_id}"
    assert client.get(url).json()["endorsement"] == [listed]
    with django_capture_on_commit_callbacks(execute=True):
        endorsement_revoke(endorsement=endorsement, user=world["owner"], reason="Closed.")
    assert "endorsement" not in client.get(url).json()


def test_a_revoked_endorsement_answers_410_with_the_reason_and_verifies_as_revoked(
    client, world, settings
):
    endorsement = endorse(world, "award")
    endorsement_revoke(endorsement=endorsement, user=world["owner"], reason="The school closed.")
    response = client.get(f"/public/endorsements/{endorsement.entity_id}")
    assert response.status_code == 410
    assert response.json()["revoked"] is True
    assert response.json()["revocationReason"] == "The school closed."
    gone = client.get(f"/public/endorsements/{endorsement.entity_id}/credential")
    assert gone.status_code == 410
    report = verify(url=f"{settings.LAUREL_BASE_URL}/public/endorsements/{endorsement.entity_id}")
    assert not report.valid and report.revoked
    assert report.revocation_reason == "The school closed."


def test_an_unknown_endorsement_is_404(client):
    assert client.get("/public/endorsements/nope").status_code == 404
    assert client.get("/public/endorsements/nope/credential").status_code == 404


# Verifying 2.0 --------------------------------------------------------------------------------


def test_laurels_verifier_verifies_a_2_0_endorsement_by_its_url(world, settings):
    endorsement = endorse(world, "issuer")
    url = f"{settings.LAUREL_BASE_URL}/public/endorsements/{endorsement.entity_id}"
    for given in (url, url + ".json"):
        report = verify(url=given)
        assert report.valid, failed(report)
        assert report.spec_version == "2.0" and report.assertion_id == url
        assert any(check.name == "endorsement" and check.passed for check in report.checks)


def test_an_endorsement_hosted_elsewhere_than_by_its_endorser_is_refused(world, settings):
    from badges.openbadges.fetch import FetchedResponse

    endorsement = endorse(world, "issuer")
    url = f"{settings.LAUREL_BASE_URL}/public/endorsements/{endorsement.entity_id}"
    forged_url = "https://forger.example/endorsement"
    forged = {**json.loads(own_or_remote(url).body), "id": forged_url}

    def web(asked):
        if asked == forged_url:
            return FetchedResponse(
                asked, 200, "application/ld+json", json.dumps(forged).encode(), {}
            )
        return own_or_remote(asked)

    report = verify_badge(url=forged_url, fetch=web)
    assert not report.valid
    assert "not by its issuer" in failed(report)


def test_a_badges_endorsements_are_checked_when_it_is_verified(world, settings):
    for target in ("issuer", "badge", "award"):
        endorse(world, target)
    report = verify(url=f"{settings.LAUREL_BASE_URL}/public/assertions/{world['award'].entity_id}")
    assert report.valid, failed(report)
    passed = [c for c in report.checks if c.name == "endorsement" and c.passed]
    assert len(passed) == 3
    assert all("Guild of Testers" in check.message for check in passed)


def test_a_withdrawn_endorsement_is_a_warning_not_a_failure_of_the_badge(world, settings):
    from badges import public

    endorsement = endorse(world, "badge")
    url = f"{settings.LAUREL_BASE_URL}/public/assertions/{world['award'].entity_id}"
    assert verify(url=url).valid
    # Withdrawn behind the services' back, so the cached badge class still lists it, as a
    # copy of it elsewhere (pre-rendered, or another server's) would.
    endorsement.revoked = True
    endorsement.revocation_reason = "Closed."
    endorsement.save()
    public.invalidate_endorsement(endorsement.entity_id)
    report = verify(url=url)
    assert report.valid, failed(report)
    assert "withdrawn" in warned(report)


# OB 3.0 ---------------------------------------------------------------------------------------


def credential_of(client, endorsement, fmt: str = "json") -> str:
    response = client.get(f"/public/endorsements/{endorsement.entity_id}/credential?format={fmt}")
    assert response.status_code == 200, response.content[:300]
    return response.content.decode()


ENDORSED_IDS = {
    "issuer": lambda world, base: did.issuer_did(world["issuer"].entity_id),
    "badge": lambda world, base: f"{base}/public/badges/{world['badge'].entity_id}",
    "award": lambda world, base: f"{base}/public/assertions/{world['award'].entity_id}/credential",
}


@pytest.mark.parametrize("target", list(ENDORSED_IDS))
@pytest.mark.parametrize("proof", ["json", "jwt"])
def test_the_endorsement_credential_verifies_with_laurels_verifier(
    client, world, target, proof, settings
):
    endorsement = endorse(world, target)
    text = credential_of(client, endorsement, proof)
    report = verify(text=text)
    assert report.valid, failed(report)
    assert report.spec_version == "3.0"
    subject = report.assertion["credentialSubject"]
    assert report.assertion["type"] == ["VerifiableCredential", "EndorsementCredential"]
    assert subject["type"] == ["EndorsementSubject"]
    assert subject["id"] == ENDORSED_IDS[target](world, settings.LAUREL_BASE_URL)
    assert subject["endorsementComment"] == "Rigorous and fair assessment."
    assert any(c.name == "schema" and c.passed for c in report.checks)


def test_the_endorsement_credential_verifies_with_independent_libraries(client, world):
    from joserfc import jws
    from joserfc.jwk import ECKey

    endorsement = endorse(world, "badge")
    credential = json.loads(credential_of(client, endorsement))
    did_doc = client.get(f"/issuers/{world['endorser'].entity_id}/did.json").json()
    methods = {method["id"]: method for method in did_doc["verificationMethod"]}
    multikey = methods[credential["proof"]["verificationMethod"]]["publicKeyMultibase"]
    assert independently_valid(credential, multikey)
    credential["credentialSubject"]["endorsementComment"] = "Best in the world."
    assert not independently_valid(credential, multikey)

    token = credential_of(client, endorsement, "jwt")
    header = json.loads(_b64(token.split(".")[0]))
    key = ECKey.import_key(methods[header["kid"]]["publicKeyJwk"])
    claims = json.loads(jws.deserialize_compact(token, key, algorithms=["ES256"]).payload)
    assert claims["iss"] == did_doc["id"]
    assert "vc" not in claims and claims["jti"] == claims["id"]
    assert claims["credentialSubject"]["id"].endswith(world["badge"].entity_id)


def test_a_tampered_endorsement_credential_fails(client, world):
    endorsement = endorse(world, "issuer")
    credential = json.loads(credential_of(client, endorsement))
    credential["credentialSubject"]["endorsementComment"] = "Best in the world."
    report = verify(text=json.dumps(credential))
    assert not report.valid
    assert "changed after it was signed" in failed(report)


def test_a_revoked_endorsement_credential_fails_on_the_endorsers_status_list(client, world):
    endorsement = endorse(world, "badge")
    texts = [credential_of(client, endorsement, proof) for proof in ("json", "jwt")]
    endorsement_revoke(endorsement=endorsement, user=world["owner"], reason="Closed.")
    for text in texts:
        report = verify(text=text)
        assert not report.valid and report.revoked, failed(report)


def test_the_award_credential_embeds_the_badge_and_issuer_endorsements_not_its_own(
    client, world, settings
):
    for target in ("issuer", "badge"):
        endorse(world, target)
    url = f"/public/assertions/{world['award'].entity_id}/credential?format="
    before = client.get(url + "json").json()
    own = endorse(world, "award")
    credential = client.get(url + "json").json()
    for holder in (credential["issuer"], credential["credentialSubject"]["achievement"]):
        (embedded,) = holder["endorsement"]
        assert "EndorsementCredential" in embedded["type"]
        assert embedded["credentialSubject"]["id"] == holder["id"]
        assert "proof" in embedded
    # The award's own endorsement would describe the credential's node inside the credential,
    # which openbadgeslib refuses; it stays a credential of its own, pointing at the award.
    assert "endorsement" not in credential
    assert credential == before  # giving it left the award's signed credential as it was
    pointer = json.loads(credential_of(client, own))
    assert pointer["credentialSubject"]["id"] == credential["id"]
    for text in (json.dumps(credential), client.get(url + "jwt").content.decode()):
        report = verify(text=text, recipients=[("email", EMAIL)])
        assert report.valid, failed(report)
        passed = [c for c in report.checks if c.name == "endorsement" and c.passed]
        assert len(passed) == 2, [c.message for c in report.checks]


def test_the_award_page_lists_the_awards_endorsement_with_its_credential(client, world):
    endorsement = endorse(world, "award", comment="Reviewed the *final project* ourselves.")
    page = client.get(f"/awards/{world['award'].entity_id}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Endorsed by" in html and "Guild of Testers" in html
    assert "Reviewed the <em>final project</em> ourselves." in html
    assert f"/public/endorsements/{endorsement.entity_id}/credential" in html
    endorsement_revoke(endorsement=endorsement, user=world["owner"], reason="Closed.")
    page = client.get(f"/awards/{world['award'].entity_id}/")
    assert "Guild of Testers" not in page.content.decode()


def test_a_revoked_embedded_endorsement_is_a_warning_and_leaves_the_credential(client, world):
    endorsement = endorse(world, "badge")
    url = f"/public/assertions/{world['award'].entity_id}/credential?format=json"
    old = client.get(url).json()
    endorsement_revoke(endorsement=endorsement, user=world["owner"], reason="Closed.")
    report = verify(text=json.dumps(old))
    assert report.valid, failed(report)
    assert "does not verify" in warned(report)
    assert "endorsement" not in client.get(url).json()["credentialSubject"]["achievement"]
