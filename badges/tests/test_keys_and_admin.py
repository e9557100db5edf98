import pytest

from accounts.tests.factories import UserFactory
from badges.models import Assertion
from badges.openbadges.ob2 import public_url
from badges.services.awards import assertion_award
from badges.services.keys import issuer_key_rotate
from badges.tests.factories import make_badge, make_issuer

pytestmark = pytest.mark.django_db


def test_a_rotated_key_signs_new_awards_while_the_old_key_stays_published(client):
    issuer = make_issuer(verification="signed")
    badge = make_badge(issuer)
    before = assertion_award(badge_class=badge, user=None, recipient_identity="a@b.org")
    issuer_key_rotate(issuer=issuer, user=None)
    after = assertion_award(badge_class=badge, user=None, recipient_identity="b@b.org")
    assert before.signing_key != after.signing_key
    published = client.get(f"/public/issuers/{issuer.entity_id}").json()["publicKey"]
    assert {
        public_url("keys", before.signing_key.entity_id),
        public_url("keys", after.signing_key.entity_id),
    } == set(published)


def test_an_operator_revokes_awards_from_the_django_admin_with_a_reason(client):
    badge = make_badge(make_issuer())
    award = assertion_award(badge_class=badge, user=None, recipient_identity="a@b.org")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = "/staff/badges/assertion/"
    form = client.post(url, {"action": "revoke", "_selected_action": [award.pk]})
    assert b"Revoke 1 award" in form.content
    client.post(
        url, {"action": "revoke", "_selected_action": [award.pk], "apply": "1", "reason": "Error"}
    )
    award.refresh_from_db()
    assert award.revoked and award.revocation_reason == "Error"
    assert client.get(url).status_code == 200
    assert Assertion.objects.filter(revoked=True).count() == 1


def test_an_operators_edit_and_delete_in_the_django_admin_reach_public_documents_and_search(
    client, rf, django_capture_on_commit_callbacks
):
    from django.contrib import admin

    from badges.models import BadgeClass
    from outbox.models import OutboxMessage

    operator = UserFactory(is_staff=True, is_superuser=True)
    badge = make_badge(make_issuer(), name="Old Name")
    url = f"/public/badges/{badge.entity_id}"
    assert client.get(url, HTTP_ACCEPT="application/ld+json").json()["name"] == "Old Name"

    request = rf.post("/")
    request.user = operator
    badge.name = "New Name"
    with django_capture_on_commit_callbacks(execute=True):
        admin.site._registry[BadgeClass].save_model(request, badge, form=None, change=True)
    assert client.get(url, HTTP_ACCEPT="application/ld+json").json()["name"] == "New Name"

    def told(pk):
        return any(
            message.payload["badge_class_id"] == pk
            for message in OutboxMessage.objects.filter(topic="badgeclass.changed")
        )

    assert told(badge.pk)
    OutboxMessage.objects.all().delete()
    client.force_login(operator)
    pk = badge.pk
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staff/badges/badgeclass/{pk}/delete/", {"post": "yes"})
    assert not BadgeClass.objects.filter(pk=pk).exists()
    assert told(pk), "search is told, so it drops the badge"
    assert client.get(url, HTTP_ACCEPT="application/ld+json").status_code in (404, 410)
