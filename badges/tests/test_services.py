from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.tests.factories import UserFactory
from badges.models import Assertion, IssuerStaff, Role
from badges.openbadges.hashing import hash_identity
from badges.openbadges.ob2 import recipient_document
from badges.services.awards import (
    BatchError,
    assertion_award,
    assertion_award_batch,
    assertion_revoke,
)
from badges.services.badge_classes import (
    badge_class_archive,
    badge_class_delete,
    badge_class_update,
)
from badges.services.issuers import issuer_staff_add, issuer_staff_remove
from badges.tests.factories import make_badge, make_issuer
from outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db


def test_the_creator_of_an_issuer_becomes_its_owner():
    owner = UserFactory()
    issuer = make_issuer(owner)
    assert IssuerStaff.objects.get(issuer=issuer, user=owner).role == Role.OWNER


def test_an_issuer_email_must_be_one_of_the_creators_verified_emails():
    user = UserFactory(verified_email=False)
    with pytest.raises(ValidationError) as error:
        make_issuer(user)
    assert "verified emails" in error.value.message_dict["email"][0]


def test_a_site_operator_may_use_any_issuer_email():
    operator = UserFactory(is_superuser=True)
    issuer = make_issuer(operator, email="badges@elsewhere.example")
    assert issuer.email == "badges@elsewhere.example"


def test_staff_award_but_only_editors_edit_badges_and_only_owners_manage():
    owner = UserFactory()
    issuer = make_issuer(owner)
    badge = make_badge(issuer)
    staff, editor = UserFactory(), UserFactory()
    issuer_staff_add(issuer=issuer, user=owner, member=staff, role=Role.STAFF)
    issuer_staff_add(issuer=issuer, user=owner, member=editor, role=Role.EDITOR)

    assertion_award(badge_class=badge, user=staff, recipient_identity="a@example.org")
    with pytest.raises(PermissionDenied):
        badge_class_update(badge_class=badge, user=staff, name="Renamed")
    badge_class_update(badge_class=badge, user=editor, name="Renamed")
    with pytest.raises(PermissionDenied):
        issuer_staff_add(issuer=issuer, user=editor, member=UserFactory())


def test_the_creator_as_last_owner_cannot_leave():
    owner = UserFactory()
    issuer = make_issuer(owner)
    with pytest.raises(ValidationError, match="are its only owner"):
        issuer_staff_remove(issuer=issuer, user=owner, member=owner)


def test_an_award_hashes_the_email_with_its_own_salt():
    badge = make_badge(make_issuer())
    first = assertion_award(badge_class=badge, user=None, recipient_identity="Ada@X.org")
    second = assertion_award(badge_class=badge, user=None, recipient_identity="ada@x.org")
    recipient = recipient_document(first)
    assert recipient["hashed"] is True
    assert recipient["identity"] == hash_identity("ada@x.org", first.salt)
    assert first.salt != second.salt
    assert len(first.entity_id) >= 20 and not first.entity_id.isdigit()


def test_the_expiry_policy_sets_each_awards_expiry():
    badge = make_badge(make_issuer(), expires_amount=2, expires_unit="years")
    issued = timezone.now() - timedelta(days=1)
    award = assertion_award(
        badge_class=badge, user=None, recipient_identity="a@example.org", issued_on=issued
    )
    assert award.expires.year == issued.year + 2


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ({"recipient_identity": "not-an-email"}, "recipient_identity"),
        ({"recipient_identity": "a@b.org", "recipient_type": "fax"}, "recipient_type"),
        (
            {"recipient_identity": "a@b.org", "issued_on": timezone.now() + timedelta(days=2)},
            "issued_on",
        ),
        (
            {"recipient_identity": "a@b.org", "expires": timezone.now() - timedelta(days=2)},
            "expires",
        ),
        ({"recipient_identity": "a@b.org", "evidence": [{"url": "nope"}]}, "evidence"),
        ({"recipient_identity": "a@b.org", "extensions": {"bad": 1}}, "extensions"),
        ({"recipient_identity": "a@b.org", "colour": "red"}, "colour"),
    ],
)
def test_each_invalid_award_field_is_named_in_the_error(row, field):
    badge = make_badge(make_issuer())
    with pytest.raises(BatchError) as error:
        assertion_award(badge_class=badge, user=None, **row)
    assert field in error.value.rows[1]


def test_a_batch_with_one_bad_row_writes_nothing_and_reports_the_row():
    badge = make_badge(make_issuer())
    rows = [
        {"recipient_identity": "one@example.org"},
        {"recipient_identity": "broken"},
        {"recipient_identity": "three@example.org"},
    ]
    with pytest.raises(BatchError) as error:
        assertion_award_batch(badge_class=badge, user=None, rows=rows)
    assert list(error.value.rows) == [2]
    assert not Assertion.objects.exists()
    assert not OutboxMessage.objects.filter(topic="assertion.awarded").exists()


def test_a_badge_class_with_live_awards_cannot_be_deleted_but_can_be_archived():
    badge = make_badge(make_issuer())
    assertion_award(badge_class=badge, user=None, recipient_identity="a@example.org")
    with pytest.raises(ValidationError, match="Archive it instead"):
        badge_class_delete(badge_class=badge, user=None)
    badge_class_archive(badge_class=badge, user=None)
    with pytest.raises(ValidationError, match="archived"):
        assertion_award(badge_class=badge, user=None, recipient_identity="b@example.org")


def test_a_badge_class_whose_awards_are_all_revoked_can_be_deleted():
    badge = make_badge(make_issuer())
    award = assertion_award(badge_class=badge, user=None, recipient_identity="a@b.org")
    assertion_revoke(assertion=award, user=None, reason="Issued in error")
    badge_class_delete(badge_class=badge, user=None)


def test_revoking_an_award_again_keeps_its_first_reason():
    award = assertion_award(
        badge_class=make_badge(make_issuer()), user=None, recipient_identity="a@b.org"
    )
    assertion_revoke(assertion=award, user=None, reason="Issued in error")
    again = assertion_revoke(assertion=award, user=None, reason="Second thoughts")
    again.refresh_from_db()
    assert (again.revoked, again.revocation_reason) == (True, "Issued in error")


def test_revoking_needs_a_reason():
    badge = make_badge(make_issuer())
    award = assertion_award(badge_class=badge, user=None, recipient_identity="a@b.org")
    with pytest.raises(ValidationError) as error:
        assertion_revoke(assertion=award, user=None, reason="  ")
    assert "revocation_reason" in error.value.message_dict


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": ""}, "name"),
        ({"description": ""}, "description"),
        ({"criteria_url": "ftp://x", "criteria_narrative": ""}, "criteria_url"),
        ({"criteria_narrative": "", "criteria_url": ""}, "criteria_narrative"),
        ({"alignments": [{"targetUrl": "https://x.org"}]}, "alignments"),
        ({"tags": "python"}, "tags"),
        ({"expires_amount": 0, "expires_unit": "days"}, "expires_amount"),
        ({"expires_amount": 1, "expires_unit": "fortnights"}, "expires_unit"),
        ({"level": "wizard"}, "level"),
        ({"evidence_types": ["video"]}, "evidence_types"),
        ({"cost_amount": "12", "cost_currency": "euros"}, "cost_currency"),
    ],
)
def test_each_invalid_badge_field_is_named_in_the_error(fields, field):
    with pytest.raises(ValidationError) as error:
        make_badge(make_issuer(), **fields)
    assert field in error.value.message_dict


def test_a_file_that_is_not_an_image_is_refused_as_the_badge_image():
    with pytest.raises(ValidationError) as error:
        make_badge(make_issuer(), image=b"%PDF-1.4 not an image", image_name="badge.png")
    assert "not a PNG or SVG" in error.value.message_dict["image"][0]


def test_control_characters_are_refused_in_text_but_tabs_and_line_breaks_are_kept():
    with pytest.raises(ValidationError) as error:
        make_issuer(description="Rings a bell\x07")
    assert "U+0007" in error.value.message_dict["description"][0]
    issuer = make_issuer(description="Line one\nLine two\twith a tab")
    assert issuer.description == "Line one\nLine two\twith a tab"
    with pytest.raises(ValidationError) as error:
        make_badge(issuer, tags=["ok", "bad\x1b"])
    assert "U+001B" in error.value.message_dict["tags"][0]
    badge = make_badge(issuer)
    with pytest.raises(ValidationError) as error:
        assertion_award(
            badge_class=badge,
            user=None,
            recipient_identity="learner@example.org",
            evidence=[{"narrative": "See\x0cpage two"}],
            notify=False,
        )
    assert "U+000C" in error.value.rows[1]["evidence"][0]
    assert not Assertion.objects.exists()
