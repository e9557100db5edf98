"""The backpack: which awards are the user's, acceptance, and collections' rules."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.tests.factories import UserFactory
from backpack import selectors, services
from backpack.models import Acceptance
from badges.services.awards import assertion_award, assertion_revoke
from badges.tests.factories import make_badge, make_issuer

pytestmark = pytest.mark.django_db


@pytest.fixture
def badge():
    return make_badge(make_issuer())


def award(badge, identity: str, recipient_type: str = "email"):
    return assertion_award(
        badge_class=badge,
        user=None,
        recipient_identity=identity,
        recipient_type=recipient_type,
        notify=False,
    )


def test_the_backpack_holds_awards_to_every_verified_email_and_no_others(badge):
    user = UserFactory(email="ada@example.org")
    EmailAddress.objects.create(user=user, email="ada@work.example", verified=True)
    EmailAddress.objects.create(user=user, email="ada@old.example", verified=False)
    mine = [award(badge, "ADA@example.org"), award(badge, "ada@work.example")]
    award(badge, "ada@old.example")
    award(badge, "https://ada.example.org", recipient_type="url")
    held = selectors.backpack_assertion_list(user=user)
    assert {a.pk for a in held} == {a.pk for a in mine}
    assert {a.acceptance for a in held} == {Acceptance.UNACCEPTED}


def test_expired_awards_stay_in_the_backpack_and_revoked_ones_leave(badge):
    user = UserFactory()
    expired = award(badge, user.email)
    expired.expires = timezone.now() - timedelta(days=1)
    expired.save()
    revoked = assertion_revoke(
        assertion=award(badge, user.email), user=None, reason="Issued in error"
    )
    held = selectors.backpack_assertion_list(user=user)
    assert expired in held
    assert revoked not in held


def test_rejecting_an_award_hides_it_and_takes_it_out_of_collections(badge):
    user = UserFactory()
    assertion = award(badge, user.email)
    collection = services.collection_create(
        user=user, name="Mine", assertion_ids=[assertion.entity_id]
    )
    services.backpack_acceptance_set(user=user, assertion=assertion, acceptance=Acceptance.REJECTED)
    assert not selectors.backpack_assertion_list(user=user).exists()
    assert collection.entries.count() == 0


def test_someone_elses_award_cannot_be_accepted(badge):
    assertion = award(badge, "someone@example.org")
    with pytest.raises(ValidationError):
        services.backpack_acceptance_set(
            user=UserFactory(), assertion=assertion, acceptance=Acceptance.ACCEPTED
        )


def test_a_collection_keeps_the_order_given_and_only_its_owner_changes_it(badge):
    user = UserFactory()
    first, second = award(badge, user.email), award(badge, user.email)
    collection = services.collection_create(
        user=user, name="Ordered", assertion_ids=[second.entity_id, first.entity_id]
    )
    assert [e.assertion for e in collection.entries.all()] == [second, first]
    with pytest.raises(PermissionDenied):
        services.collection_update(collection=collection, user=UserFactory(), name="Mine now")
    with pytest.raises(ValidationError) as error:
        services.collection_update(collection=collection, user=user, name=" ")
    assert "needs a name" in error.value.message_dict["name"][0]
