"""The issuer workspace's endorsements page: owners endorse by URL or id, list and withdraw."""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from badges.models import Endorsement, Role
from badges.openbadges import did
from badges.services.endorsements import endorsement_answer, endorsement_create
from badges.services.issuers import issuer_staff_add
from badges.tests.factories import make_badge, make_issuer

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(client):
    owner = UserFactory()
    endorser = make_issuer(owner, name="Guild of Testers")
    badge = make_badge(make_issuer(name="School of Python"))
    client.force_login(owner)
    url = reverse("workspace:endorsements", args=[endorser.entity_id])
    return {"owner": owner, "endorser": endorser, "badge": badge, "url": url}


def endorse(client, url, target, comment="Sound assessment."):
    return client.post(url, {"action": "endorse", "target": target, "comment": comment})


@pytest.mark.parametrize(
    "reference",
    [
        lambda b, base: f"{base}/public/badges/{b.entity_id}",
        lambda b, base: f"{base}/badges/{b.entity_id}/",
        lambda b, base: b.entity_id,
    ],
    ids=["document URL", "page URL", "bare id"],
)
def test_an_owner_endorses_a_badge_class_by_its_url_or_id(client, setup, settings, reference):
    response = endorse(client, setup["url"], reference(setup["badge"], settings.LAUREL_BASE_URL))
    assert response.status_code == 302
    endorsement = Endorsement.objects.get()
    assert endorsement.badge_class == setup["badge"]
    page = client.get(setup["url"]).content.decode()
    assert "Python Programming" in page and "Sound assessment." in page


def test_an_issuer_is_found_by_its_did_web(client, setup):
    other = setup["badge"].issuer
    assert endorse(client, setup["url"], did.issuer_did(other.entity_id)).status_code == 302
    assert Endorsement.objects.get().issuer == other


def test_an_unknown_reference_or_a_self_endorsement_is_a_form_error(client, setup):
    response = endorse(client, setup["url"], "https://elsewhere.example/badges/x")
    assert response.status_code == 400
    assert "Nothing on this site" in response.content.decode()
    response = endorse(client, setup["url"], setup["endorser"].entity_id)
    assert response.status_code == 400
    assert "cannot endorse itself" in response.content.decode()


def test_an_owner_withdraws_an_endorsement_with_a_reason(client, setup):
    endorse(client, setup["url"], setup["badge"].entity_id)
    endorsement = Endorsement.objects.get()
    response = client.post(
        setup["url"],
        {"action": "revoke", "endorsement": endorsement.entity_id, "reason": "Closed."},
    )
    assert response.status_code == 302
    endorsement.refresh_from_db()
    assert endorsement.revoked and endorsement.revocation_reason == "Closed."
    assert "Withdrawn: Closed." in client.get(setup["url"]).content.decode()


def test_editors_get_403_outsiders_404_and_visitors_the_login_page(client, setup):
    editor = UserFactory()
    issuer_staff_add(issuer=setup["endorser"], user=setup["owner"], member=editor, role=Role.EDITOR)
    client.force_login(editor)
    assert client.get(setup["url"]).status_code == 403
    client.force_login(UserFactory())
    assert client.get(setup["url"]).status_code == 404
    client.logout()
    assert client.get(setup["url"]).status_code == 302


def test_the_endorsed_issuer_accepts_or_hides_and_pages_and_search_follow(client, setup):
    endorsement = endorsement_create(
        endorser=setup["endorser"], user=setup["owner"], target=setup["badge"], comment="Rigorous."
    )
    badge = setup["badge"]
    from search.services import index_sync
    from search.types import BADGES

    index_sync(kind=BADGES, ids=[badge.pk])  # as the outbox does after commit
    page = reverse("discovery:badge", args=[badge.entity_id])
    assert "Guild of Testers" in client.get(page).content.decode()
    hits = client.get(reverse("discovery:discover"), {"q": "python"}).content.decode()
    assert "Endorsed by Guild of Testers" in hits

    endorsed_owner = badge.issuer.staff.get().user
    client.force_login(endorsed_owner)
    mine = reverse("workspace:endorsements", args=[badge.issuer.entity_id])
    assert "Rigorous." in client.get(mine).content.decode()
    client.post(mine, {"action": "hide", "endorsement": endorsement.entity_id})
    endorsement.refresh_from_db()
    assert endorsement.hidden
    assert "Guild of Testers" not in client.get(page).content.decode()
    document = client.get(f"/public/badges/{badge.entity_id}.json").json()
    assert "endorsement" not in document
    client.post(mine, {"action": "accept", "endorsement": endorsement.entity_id})
    endorsement.refresh_from_db()
    assert not endorsement.hidden and endorsement.accepted_at is not None
    assert "(accepted)" in client.get(page).content.decode()


def test_only_the_endorsed_issuers_owners_answer(setup):
    from django.core.exceptions import PermissionDenied

    endorsement = endorsement_create(
        endorser=setup["endorser"], user=setup["owner"], target=setup["badge"], comment="Good."
    )
    with pytest.raises(PermissionDenied):
        endorsement_answer(endorsement=endorsement, user=setup["owner"], accept=False)
