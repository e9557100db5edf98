"""Renewing awards: one at once, many as one award job with progress; refusals."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from badges.models import Assertion, AwardJob, AwardJobKind
from badges.services.awards import (
    BatchError,
    assertion_award,
    assertion_award_batch,
    assertion_revoke,
    award_job_progress,
)
from badges.services.renewals import assertion_renew, renew_job_create
from badges.tasks import award_job_run
from badges.tests.factories import make_badge, make_issuer

pytestmark = pytest.mark.django_db


@pytest.fixture
def yearly(db):
    issuer = make_issuer()
    owner = issuer.staff.get().user
    return owner, make_badge(issuer, expires_amount=1, expires_unit="years")


def test_one_award_is_renewed_with_its_recipient_evidence_and_a_new_expiry(yearly):
    owner, badge = yearly
    issued = timezone.now() - timedelta(days=350)
    old = assertion_award(
        badge_class=badge,
        user=owner,
        recipient_identity="Sailor@Example.org",
        issued_on=issued,
        expires=issued + timedelta(days=365),
        narrative="Sailed *solo*.",
        evidence=[{"url": "https://log.example/voyage", "narrative": "The log"}],
    )
    new = assertion_renew(assertion=old, user=owner)
    old.refresh_from_db()
    assert new.renews == old and list(old.renewals.all()) == [new]
    assert new.recipient_identity == "sailor@example.org" and new.recipient_hashed
    assert new.narrative == "Sailed *solo*." and new.evidence == old.evidence
    # The badge's own rule for a new award: a year from now; the old one keeps its expiry.
    assert abs((new.expires - new.issued_on) - timedelta(days=365)) < timedelta(days=2)
    assert new.issued_on > old.issued_on and new.status_index != old.status_index
    assert not old.revoked and old.expires == issued + timedelta(days=365)


def test_a_renewed_or_revoked_award_is_refused_with_a_reason(yearly):
    owner, badge = yearly
    first = assertion_award(badge_class=badge, user=owner, recipient_identity="a@example.org")
    assertion_renew(assertion=first, user=owner)
    with pytest.raises(ValidationError, match="renewed already"):
        assertion_renew(assertion=first, user=owner)
    gone = assertion_award(badge_class=badge, user=owner, recipient_identity="b@example.org")
    assertion_revoke(assertion=gone, user=owner, reason="Misconduct")
    with pytest.raises(ValidationError, match="revoked"):
        assertion_renew(assertion=gone, user=owner)
    # A batch with one bad award writes nothing, and names the bad one.
    fresh = assertion_award(badge_class=badge, user=owner, recipient_identity="c@example.org")
    before = Assertion.objects.count()
    with pytest.raises(BatchError) as error:
        renew_job_create(
            badge_class=badge, user=owner, entity_ids=[fresh.entity_id, gone.entity_id]
        )
    assert "b@example.org: it was revoked" in error.value.rows[2]["renews"][0]
    assert Assertion.objects.count() == before and not AwardJob.objects.exists()


def test_another_badges_award_cannot_be_renewed_through_this_one(yearly):
    owner, badge = yearly
    other = make_badge(badge.issuer, name="Knots")
    theirs = assertion_award(badge_class=other, user=owner, recipient_identity="k@example.org")
    with pytest.raises(BatchError, match="no award"):
        renew_job_create(badge_class=badge, user=owner, entity_ids=[theirs.entity_id])


def test_a_thousand_awards_renew_as_one_job_whose_progress_reaches_100(
    yearly, django_capture_on_commit_callbacks
):
    owner, badge = yearly
    olds = assertion_award_batch(
        badge_class=badge,
        user=owner,
        rows=[{"recipient_identity": f"learner{n}@example.org"} for n in range(1000)],
        notify=False,
    )
    with django_capture_on_commit_callbacks(execute=False) as queued:
        job = renew_job_create(
            badge_class=badge, user=owner, entity_ids=[a.entity_id for a in olds], notify=False
        )
    assert len(queued) == 1 and job.kind == AwardJobKind.RENEW  # one job, one task
    assert award_job_progress(job=job) == (0, 2000)
    with django_capture_on_commit_callbacks(execute=False) as delivered:
        assert award_job_run(job.pk) == "done"
    for callback in delivered:
        callback()
    job.refresh_from_db()
    assert job.awarded == 1000 and award_job_progress(job=job) == (2000, 2000)
    assert Assertion.objects.filter(renews__isnull=False).count() == 1000
    assert set(
        Assertion.objects.filter(renews__isnull=False).values_list("renews_id", flat=True)
    ) == {a.pk for a in olds}
    assert not mail.outbox  # notify=False: no award emails
    # A redelivered task does nothing twice.
    assert award_job_run(job.pk) == "done"
    assert Assertion.objects.count() == 2000
