"""The issuer's renewal pages: expiring filters, the dashboard's "Expiring soon", renew one or
many (one job with progress), refusals; the learner's backpack links old and new."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from badges.models import Assertion, AwardJob, AwardJobKind
from badges.services.awards import assertion_award, assertion_revoke
from badges.tasks import award_job_run

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"workspace:{name}", args=args)


@pytest.fixture
def as_owner(client, staffed):
    client.force_login(staffed.owner)
    return client


def expiring(staffed, email, days):
    now = timezone.now()
    return assertion_award(
        badge_class=staffed.badge,
        user=staffed.owner,
        recipient_identity=email,
        issued_on=now - timedelta(days=300),
        expires=now + timedelta(days=days),
        notify=False,
    )


def test_the_awards_list_filters_by_expiring_window_and_the_dashboard_counts_them(
    as_owner, staffed
):
    expiring(staffed, "soon@example.org", 10)
    expiring(staffed, "later@example.org", 50)
    expiring(staffed, "far@example.org", 200)
    page = url("awards", staffed.issuer.entity_id, staffed.badge.entity_id)
    listed = {
        days: as_owner.get(f"{page}?show=expiring{days}").content.decode() for days in (30, 60, 90)
    }
    assert "soon@example.org" in listed[30] and "later@example.org" not in listed[30]
    assert "later@example.org" in listed[60] and "far@example.org" not in listed[90]
    assert "sailor@example.org" not in listed[90]  # no expiry at all
    dashboard = as_owner.get(url("dashboard", staffed.issuer.entity_id)).content.decode()
    assert "Expiring soon" in dashboard
    assert (
        f"{page}?show=expiring30" in dashboard
        and 'aria-label="1 expiring in the next 30' in dashboard
    )
    assert 'aria-label="2 expiring in the next 60 days"' in dashboard


def test_one_award_is_renewed_at_once_and_the_backpack_links_both(client, staffed):
    learner = UserFactory(email="soon@example.org")
    old = expiring(staffed, "soon@example.org", 10)
    client.force_login(staffed.owner)
    renew = url("award-renew", staffed.issuer.entity_id, staffed.badge.entity_id)
    confirm = client.get(renew, {"award": old.entity_id})
    assert confirm.status_code == 200 and "soon@example.org" in confirm.content.decode()
    response = client.post(renew, {"award": old.entity_id})
    assert response.status_code == 302
    new = Assertion.objects.get(renews=old)
    assert any(
        "Renewed the award to soon@example.org" in str(m)
        for m in get_messages(response.wsgi_request)
    )
    again = client.post(renew, {"award": old.entity_id})
    assert any("renewed already" in str(m) for m in get_messages(again.wsgi_request))
    assert Assertion.objects.filter(renews=old).count() == 1
    client.force_login(learner)
    old_page = client.get(reverse("backpack:badge", args=[old.entity_id])).content.decode()
    new_page = client.get(reverse("backpack:badge", args=[new.entity_id])).content.decode()
    assert "Renewed by" in old_page and reverse("backpack:badge", args=[new.entity_id]) in old_page
    assert "Renews" in new_page and reverse("backpack:badge", args=[old.entity_id]) in new_page


def test_many_awards_renew_as_one_job_with_progress(
    as_owner, staffed, django_capture_on_commit_callbacks
):
    chosen = [expiring(staffed, f"crew{n}@example.org", 20).entity_id for n in range(5)]
    renew = url("award-renew", staffed.issuer.entity_id, staffed.badge.entity_id)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = as_owner.post(renew, {"award": chosen})
    job = AwardJob.objects.get()
    assert job.kind == AwardJobKind.RENEW and len(queued) == 1
    assert response["Location"] == url("job", staffed.issuer.entity_id, job.entity_id)
    assert as_owner.get(response["Location"] + "?format=json").json()["percent"] == 0
    award_job_run(job.pk)
    figures = as_owner.get(response["Location"] + "?format=json").json()
    assert (
        figures["percent"] == 100 and figures["awarded"] == 5 and figures["doneWord"] == "renewed"
    )
    assert (
        "Renewing 5 awards of Sea Survival" in as_owner.get(response["Location"]).content.decode()
    )


def test_a_batch_with_a_renewed_award_is_refused_naming_it(as_owner, staffed):
    first = expiring(staffed, "a@example.org", 20)
    second = expiring(staffed, "b@example.org", 20)
    renew = url("award-renew", staffed.issuer.entity_id, staffed.badge.entity_id)
    as_owner.post(renew, {"award": [first.entity_id]})
    response = as_owner.post(renew, {"award": [first.entity_id, second.entity_id]})
    text = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "Nothing was renewed" in text and "a@example.org: it was renewed already" in text
    assert not AwardJob.objects.exists()
    gone = expiring(staffed, "c@example.org", 20)
    assertion_revoke(assertion=gone, user=staffed.owner, reason="Lapsed")
    # A revoked award cannot even be ticked: the list says to tick a live one.
    response = as_owner.post(renew, {"award": [gone.entity_id]})
    assert response.status_code == 302 and not Assertion.objects.filter(renews=gone).exists()


def test_staff_without_the_award_right_cannot_renew(client, staffed):
    client.force_login(staffed.outsider)
    renew = url("award-renew", staffed.issuer.entity_id, staffed.badge.entity_id)
    assert client.post(renew, {"award": [staffed.award.entity_id]}).status_code in (403, 404)
    assert not Assertion.objects.filter(renews=staffed.award).exists()
