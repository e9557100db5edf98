"""Importing badges from elsewhere: verified over real HTTP, kept as imported, re-verified."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.tests.factories import UserFactory
from backpack import selectors, services
from backpack.models import Acceptance, ImportedBadge, ImportStatus
from badges.openbadges.baking import bake_png, extract
from badges.services.awards import assertion_award
from badges.tests.factories import make_badge, make_issuer, png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada():
    return UserFactory(email="ada@example.org")


def test_a_badge_imported_by_url_is_verified_and_kept_with_what_was_imported(ada, elsewhere):
    url = elsewhere.award(1, "ada@example.org")
    item = services.backpack_import(user=ada, url=url)
    imported = ImportedBadge.objects.get(owner=ada)
    assert (item.name, item.issuer_name, item.status) == (
        "Rope Access",
        "Elsewhere Academy",
        "valid",
    )
    assert imported.source_url == url and imported.original == url
    assert imported.assertion_json["id"] == url
    assert imported.spec_version == "2.0" and imported.verification_type == "hosted"
    assert imported.recipient_identity == "ada@example.org"
    assert imported.image  # the badge class's image, fetched and checked
    assert [i.entity_id for i in selectors.backpack_items(user=ada)] == [imported.entity_id]


def test_pasted_json_and_a_baked_image_import_the_same_badge(ada, elsewhere):
    url = elsewhere.award(2, "ada@example.org")
    document = json.loads(elsewhere.server.routes["/a/2"].body)
    services.backpack_import(user=ada, text=json.dumps(document))
    ImportedBadge.objects.all().delete()
    item = services.backpack_import(user=ada, image=bake_png(png_bytes(), url))
    assert item.assertion_url == url


def test_the_same_badge_twice_is_refused_with_a_clear_message(ada, elsewhere):
    url = elsewhere.award(3, "ada@example.org")
    services.backpack_import(user=ada, url=url)
    with pytest.raises(ValidationError, match="already in your backpack"):
        services.backpack_import(user=ada, url=url)
    document = elsewhere.server.routes["/a/3"].body.decode()
    with pytest.raises(ValidationError, match="already in your backpack"):
        services.backpack_import(user=ada, text=document)
    assert ImportedBadge.objects.count() == 1


def test_a_badge_awarded_to_someone_else_is_refused(ada, elsewhere):
    url = elsewhere.award(4, "grace@example.org")
    with pytest.raises(ValidationError) as caught:
        services.backpack_import(user=ada, url=url)
    assert "does not verify" in caught.value.messages[0]
    assert not ImportedBadge.objects.exists()


def test_an_unverified_email_does_not_count(elsewhere):
    user = UserFactory(email="new@example.org", verified_email=False)
    with pytest.raises(ValidationError, match="Verify one of your email addresses"):
        services.backpack_import(user=user, url=elsewhere.award(5, "new@example.org"))


def test_a_revoked_badge_is_refused_with_the_issuers_reason(ada, elsewhere):
    elsewhere.award(6, "ada@example.org")
    elsewhere.revoke(6, "Exam retaken")
    with pytest.raises(ValidationError, match="revoked by its issuer: Exam retaken"):
        services.backpack_import(user=ada, url=elsewhere.server.url("/a/6"))


def test_an_expired_badge_is_kept_and_shown_expired(ada, elsewhere):
    url = elsewhere.award(7, "ada@example.org", expires="2026-06-01T00:00:00Z")
    item = services.backpack_import(user=ada, url=url)
    assert item.status == ImportStatus.EXPIRED


def test_verifying_again_shows_a_badge_revoked_since_its_import(ada, elsewhere):
    url = elsewhere.award(8, "ada@example.org")
    item = services.backpack_import(user=ada, url=url)
    elsewhere.revoke(8)
    imported = services.imported_badge_reverify(imported=item.obj)
    assert imported.status == ImportStatus.REVOKED
    assert imported.status_detail == "Awarded by mistake"
    assert selectors.backpack_item_get(user=ada, entity_id=imported.entity_id).status == "revoked"
    assert selectors.shared_item_get(entity_id=imported.entity_id) is None


def test_the_scheduled_task_verifies_again_only_badges_that_are_due(ada, elsewhere, settings):
    from datetime import timedelta

    from django.utils import timezone

    from backpack.tasks import reverify_due

    fresh = services.backpack_import(user=ada, url=elsewhere.award(9, "ada@example.org")).obj
    old = services.backpack_import(user=ada, url=elsewhere.award(10, "ada@example.org")).obj
    ImportedBadge.objects.filter(pk=old.pk).update(verified_at=timezone.now() - timedelta(days=2))
    elsewhere.revoke(9)
    elsewhere.revoke(10)
    assert reverify_due() == 1
    fresh.refresh_from_db()
    old.refresh_from_db()
    assert (fresh.status, old.status) == (ImportStatus.VALID, ImportStatus.REVOKED)


def test_importing_an_award_made_here_only_undoes_declining_it(ada):
    badge = make_badge(make_issuer())
    award = assertion_award(
        badge_class=badge, user=None, recipient_identity="ada@example.org", notify=False
    )
    from badges.openbadges import ob2

    url = ob2.public_url("assertions", award.entity_id)
    with pytest.raises(ValidationError, match="already in your backpack"):
        services.backpack_import(user=ada, text=json.dumps(_local_document(award)))
    services.backpack_acceptance_set(user=ada, assertion=award, acceptance=Acceptance.REJECTED)
    item = services.backpack_import(user=ada, text=json.dumps(_local_document(award)))
    assert item.assertion_url == url and item.acceptance == Acceptance.ACCEPTED
    assert not ImportedBadge.objects.exists()


def _local_document(award) -> dict:
    from badges.public import assertion_document

    return assertion_document(award, expand="badge.issuer")


def test_an_exported_baked_image_of_an_import_holds_the_award(ada, elsewhere):
    from backpack import export

    url = elsewhere.award(11, "ada@example.org")
    item = services.backpack_import(user=ada, url=url)
    baked = export.item_baked(item)
    assert baked.content_type == "image/png"
    assert extract(baked.content) == url


def test_an_imported_badges_image_is_served_with_the_stored_file_policy(client, ada, elsewhere):
    services.backpack_import(user=ada, url=elsewhere.award(1, "ada@example.org"))
    imported = ImportedBadge.objects.get(owner=ada)

    response = client.get(reverse("backpack:share-image", args=[imported.entity_id]))

    assert response.status_code == 200
    assert "sandbox" in response["Content-Security-Policy"]
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert response["Content-Disposition"].startswith("inline")


@pytest.mark.parametrize("form", ["3.0", "vc claim"])
def test_a_3_0_jwt_imports_in_the_ob_3_form_and_in_the_older_vc_claim_form(client, ada, form):
    """Laurel's JWTs carry the credential as the payload (OB 3.0.3); tokens in the VC 1.1
    form, the credential in a `vc` claim, import all the same."""
    from badges.tests.test_vcjwt import decoded, vc_claim_token

    award = assertion_award(
        badge_class=make_badge(make_issuer()),
        user=None,
        notify=False,
        recipient_identity="ada@example.org",
    )
    url = f"/public/assertions/{award.entity_id}/credential"
    if form == "3.0":
        token = client.get(url + "?format=jwt").content.decode()
    else:
        token = vc_claim_token(client.get(url + "?format=json").json(), award.issuer)
    assert ("vc" in decoded(token)[1]) == (form == "vc claim")
    item = services.backpack_import(user=ada, text=token)
    imported = ImportedBadge.objects.get(owner=ada)
    assert item.name == award.badge_class.name and item.status == "valid"
    assert (imported.spec_version, imported.verification_type) == ("3.0", "vc-jwt")
    assert imported.assertion_id == imported.assertion_json["id"]
    assert imported.assertion_json["id"].endswith(f"{award.entity_id}/credential")
    assert not {"vc", "iss", "jti", "nbf"} & set(imported.assertion_json)
    assert imported.recipient_identity == "ada@example.org"
    with pytest.raises(ValidationError, match="already in your backpack"):
        services.backpack_import(user=ada, text=token)


def test_a_jwt_whose_jti_is_not_its_credentials_id_is_refused_on_import(client, ada):
    from badges.openbadges import vcjwt
    from badges.tests.test_vcjwt import signed_by_issuer

    award = assertion_award(
        badge_class=make_badge(make_issuer()),
        user=None,
        notify=False,
        recipient_identity="ada@example.org",
    )
    credential = client.get(f"/public/assertions/{award.entity_id}/credential").json()
    payload = vcjwt.claims(credential) | {"jti": "urn:uuid:another-credential"}
    with pytest.raises(ValidationError) as refused:
        services.backpack_import(user=ada, text=signed_by_issuer(payload, award.issuer))
    assert "does not verify" in str(refused.value)
    assert "The JWT's jti 'urn:uuid:another-credential' is not the credential's id" in str(
        refused.value
    )
    assert not ImportedBadge.objects.exists()
