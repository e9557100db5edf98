import pytest

from accounts.tests.factories import UserFactory
from badges import services
from badges.models import Assertion
from badges.openbadges.ob2 import public_url
from badges.tests.factories import make_badge, make_issuer

pytestmark = pytest.mark.django_db


def test_a_rotated_key_signs_new_awards_while_the_old_key_stays_published(client):
    issuer = make_issuer(verification="signed")
    badge = make_badge(issuer)
    before = services.assertion_award(badge_class=badge, user=None, recipient_identity="a@b.org")
    services.issuer_key_rotate(issuer=issuer, user=None)
    after = services.assertion_award(badge_class=badge, user=None, recipient_identity="b@b.org")
    assert before.signing_key != after.signing_key
    published = client.get(f"/public/issuers/{issuer.entity_id}").json()["publicKey"]
    assert {
        public_url("keys", before.signing_key.entity_id),
        public_url("keys", after.signing_key.entity_id),
    } == set(published)


def test_an_operator_revokes_awards_from_the_django_admin_with_a_reason(client):
    badge = make_badge(make_issuer())
    award = services.assertion_award(badge_class=badge, user=None, recipient_identity="a@b.org")
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
