"""Applications and review: the state machine, evidence checks, holds, approvals and the award."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from accounts.tests.factories import UserFactory
from badges.models import Application, ApplicationState, Role
from badges.notifications import send_review_digests
from badges.selectors import OVERALL, application_webhook_payload, badge_criteria
from badges.services.applications import (
    application_assign,
    application_create,
    application_evidence_add,
    application_submit,
    application_take,
    application_update,
    application_withdraw,
    review_submit,
    reviewer_preference_set,
)
from badges.services.issuers import issuer_staff_add
from badges.tests.factories import (
    PDF_BYTES,
    make_application,
    make_applying_badge,
    make_badge,
    make_issuer,
    png_bytes,
)
from outbox import delivery
from outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(db):
    owner = UserFactory(email="owner@harbour.example")
    issuer = make_issuer(owner, name="Harbour College")
    reviewer, second = UserFactory(email="rev1@harbour.example"), UserFactory()
    issuer_staff_add(issuer=issuer, user=owner, member=reviewer, role=Role.STAFF)
    issuer_staff_add(issuer=issuer, user=owner, member=second, role=Role.STAFF)
    badge = make_applying_badge(issuer, name="Sailing")
    learner = UserFactory(email="learner@example.org")
    return type("S", (), locals())


def deliver():
    """Run the outbox as the task does after commit (tests hold one open transaction)."""
    for message_id in delivery.pending():
        assert delivery.deliver(message_id)


def review(application, user, decision="approve", comment="Well done.", met=True):
    criteria = [
        {"criterion": r["criterion"], "met": met, "comment": ""} for r in application.reflections
    ]
    return review_submit(
        application=application, user=user, decision=decision, comment=comment, criteria=criteria
    )


def states(application) -> list[str]:
    return [event.to_state for event in application.events.all()]


def test_criteria_are_the_list_items_of_the_criteria_or_one_overall():
    issuer = make_issuer()
    listed = make_badge(issuer, criteria_narrative="Do this:\n\n1. Plan\n2. Build\n\nThen rest.")
    prose = make_badge(issuer, criteria_narrative="Pass the **final project**.")
    assert badge_criteria(listed) == ["Plan", "Build"]
    assert badge_criteria(prose) == [OVERALL]


def test_a_badge_that_takes_no_applications_refuses_one(setting):
    closed = make_badge(setting.issuer, name="Closed")
    with pytest.raises(ValidationError) as error:
        application_create(badge_class=closed, user=setting.learner)
    assert "does not take applications" in str(error.value)


def test_only_one_open_application_per_badge_and_learner(setting):
    make_application(setting.badge, setting.learner, submit=False)
    with pytest.raises(ValidationError) as error:
        application_create(badge_class=setting.badge, user=setting.learner)
    assert "already have an open application" in str(error.value)


def test_submitting_needs_a_reflection_on_each_criterion(setting):
    application = application_create(
        badge_class=setting.badge, user=setting.learner, reflections={"Tie a bowline": "Done."}
    )
    with pytest.raises(ValidationError) as error:
        application_submit(application=application, user=setting.learner)
    assert "Read a chart" in error.value.message_dict["reflections"][0]


def test_submission_is_recorded_and_emitted_and_reviewers_are_emailed(setting):
    application = make_application(setting.badge, setting.learner)
    assert application.state == ApplicationState.SUBMITTED
    assert states(application) == ["draft", "submitted"]
    assert OutboxMessage.objects.filter(
        topic="application.submitted", payload={"application_id": application.pk}
    ).exists()
    deliver()
    to = {address for message in mail.outbox for address in message.to}
    assert {"owner@harbour.example", "rev1@harbour.example"} <= to
    assert "learner@example.org" in mail.outbox[-1].body


def test_a_file_is_checked_by_its_bytes_not_its_name(setting):
    application = make_application(setting.badge, setting.learner, submit=False)
    fake = SimpleUploadedFile("essay.pdf", b"<html><script>alert(1)</script>", "application/pdf")
    with pytest.raises(ValidationError) as error:
        application_evidence_add(
            application=application, user=setting.learner, kind="file", file=fake
        )
    assert "is not an image" in error.value.message_dict["file"][0]
    pdf = SimpleUploadedFile("report.exe", PDF_BYTES, "application/octet-stream")
    item = application_evidence_add(
        application=application, user=setting.learner, kind="file", file=pdf
    )
    assert (item.content_type, item.file_name, item.size) == (
        "application/pdf",
        "report.pdf",
        len(PDF_BYTES),
    )


@override_settings(LAUREL_APPLICATION_MAX_FILE_MB=1)
def test_an_oversized_file_is_refused_with_the_limit(setting):
    application = make_application(setting.badge, setting.learner, submit=False)
    big = SimpleUploadedFile("big.png", png_bytes() + b"\0" * (1024 * 1024 + 1), "image/png")
    with pytest.raises(ValidationError) as error:
        application_evidence_add(
            application=application, user=setting.learner, kind="file", file=big
        )
    assert "at most 1 MB" in error.value.message_dict["file"][0]
    assert application.evidence.count() == 1  # the URL only


def test_kinds_of_evidence_the_badge_does_not_accept_are_refused(setting):
    badge = make_applying_badge(setting.issuer, name="Links only", evidence_types=["url"])
    application = make_application(badge, setting.learner, submit=False)
    with pytest.raises(ValidationError) as error:
        application_evidence_add(
            application=application, user=setting.learner, kind="text", text="Hi"
        )
    assert "accepts evidence as: link" in error.value.message_dict["kind"][0]


def test_a_take_holds_the_application_until_the_hold_ends(setting):
    application = make_application(setting.badge, setting.learner)
    application_take(application=application, user=setting.reviewer)
    with pytest.raises(ValidationError) as error:
        application_take(application=application, user=setting.second)
    assert "is reviewing this application until" in str(error.value)
    with pytest.raises(ValidationError):
        review(application, setting.second)
    Application.objects.filter(pk=application.pk).update(
        assigned_until=timezone.now() - timedelta(minutes=1)
    )
    taken = application_take(application=application, user=setting.second)
    assert taken.assigned_to == setting.second and taken.state == ApplicationState.IN_REVIEW


def test_only_owners_assign_and_only_to_staff(setting):
    application = make_application(setting.badge, setting.learner)
    with pytest.raises(PermissionDenied):
        application_assign(application=application, user=setting.reviewer, reviewer=setting.second)
    with pytest.raises(ValidationError):
        application_assign(application=application, user=setting.owner, reviewer=setting.learner)
    assigned = application_assign(
        application=application, user=setting.owner, reviewer=setting.second
    )
    assert assigned.assigned_to == setting.second and assigned.assigned_until is None


def test_reviewers_of_another_issuer_may_do_nothing(setting):
    application = make_application(setting.badge, setting.learner)
    stranger = UserFactory()
    make_issuer(stranger, name="Elsewhere")
    with pytest.raises(PermissionDenied):
        application_take(application=application, user=stranger)
    with pytest.raises(PermissionDenied):
        review(application, stranger)


def test_return_then_resubmit_then_approve_awards_once_with_evidence_and_narrative(setting):
    application = make_application(setting.badge, setting.learner)
    with pytest.raises(ValidationError) as error:
        review(application, setting.reviewer, "return", comment="")
    assert "Tell the learner why" in error.value.message_dict["comment"][0]
    review(application, setting.reviewer, "return", comment="Add a photo of the knot.")
    application.refresh_from_db()
    assert application.state == ApplicationState.RETURNED
    deliver()
    assert mail.outbox[-1].to == ["learner@example.org"]
    assert "Add a photo of the knot." in mail.outbox[-1].body
    photo = application_evidence_add(
        application=application,
        user=setting.learner,
        kind="file",
        file=SimpleUploadedFile("knot.png", png_bytes(), "image/png"),
        description="The knot",
    )
    application_submit(application=application, user=setting.learner)
    review(application, setting.reviewer)
    application.refresh_from_db()
    assert application.state == ApplicationState.AWARDED
    assertion = application.assertion
    assert assertion.recipient_identity == "learner@example.org"
    urls = [item.get("url") for item in assertion.evidence]
    assert "https://portfolio.example/me" in urls
    assert any(url.endswith(f"/public/evidence/{photo.entity_id}") for url in urls)
    assert "**Tie a bowline**" in assertion.narrative
    assert states(application) == [
        "draft", "submitted", "returned", "submitted", "approved", "awarded",
    ]  # fmt: skip
    assert application.events.filter(actor=setting.reviewer, to_state="awarded").exists()
    # A second decision on the decided application is a clear error, and awards nothing.
    with pytest.raises(ValidationError) as error:
        review(application, setting.second)
    assert "is awarded; it is not waiting for review" in str(error.value)
    assert setting.badge.assertions.count() == 1
    assert OutboxMessage.objects.filter(topic="application.reviewed").count() == 2


def test_n_approvals_are_needed_from_distinct_reviewers(setting):
    badge = make_applying_badge(setting.issuer, name="Ocean", approvals_required=2)
    application = make_application(badge, setting.learner)
    review(application, setting.reviewer)
    application.refresh_from_db()
    assert application.state == ApplicationState.IN_REVIEW and application.assertion is None
    with pytest.raises(ValidationError) as error:
        review(application, setting.reviewer)
    assert "another reviewer must approve" in error.value.message_dict["decision"][0]
    review(application, setting.second)
    application.refresh_from_db()
    assert application.state == ApplicationState.AWARDED
    assert badge.assertions.count() == 1


def test_rejected_applications_cannot_be_withdrawn_or_reviewed_again(setting):
    application = make_application(setting.badge, setting.learner)
    review(application, setting.reviewer, "reject", comment="Not this time.", met=False)
    with pytest.raises(ValidationError) as error:
        application_withdraw(application=application, user=setting.learner)
    assert "only an undecided application can be withdrawn" in str(error.value)
    with pytest.raises(ValidationError):
        review(application, setting.second, "approve")


def test_withdrawing_an_undecided_application(setting):
    application = make_application(setting.badge, setting.learner)
    with pytest.raises(PermissionDenied):
        application_withdraw(application=application, user=setting.reviewer)
    application_withdraw(application=application, user=setting.learner)
    application.refresh_from_db()
    assert application.state == ApplicationState.WITHDRAWN
    with pytest.raises(ValidationError):
        application_take(application=application, user=setting.reviewer)


def test_a_submitted_application_cannot_be_edited(setting):
    application = make_application(setting.badge, setting.learner)
    with pytest.raises(ValidationError) as error:
        application_update(application=application, user=setting.learner, reflections={})
    assert "can be changed only as a draft" in str(error.value)


def test_the_webhook_payload_summarises_the_application(setting):
    application = make_application(setting.badge, setting.learner)
    review(application, setting.reviewer)
    application.refresh_from_db()
    payload = application_webhook_payload(application)
    assert payload == {
        "id": application.entity_id,
        "badgeclass": setting.badge.entity_id,
        "issuer": setting.issuer.entity_id,
        "state": "awarded",
        "decision": "approve",
        "applicant_email": "learner@example.org",
        "submitted_at": application.submitted_at.isoformat(),
        "decided_at": application.decided_at.isoformat(),
        "assertion": application.assertion.entity_id,
    }


def test_a_daily_digest_instead_of_an_email_each(setting):
    for user in (setting.owner, setting.reviewer, setting.second):
        reviewer_preference_set(user=user, emails="daily")
    reviewer_preference_set(user=setting.second, emails="off")
    make_application(setting.badge, setting.learner)
    deliver()
    assert mail.outbox == []
    assert send_review_digests(now=timezone.now() + timedelta(minutes=1)) == 2
    assert {tuple(m.to) for m in mail.outbox} == {
        ("owner@harbour.example",),
        ("rev1@harbour.example",),
    }
    assert "Sailing, from learner@example.org" in mail.outbox[0].body
    assert send_review_digests(now=timezone.now() + timedelta(hours=2)) == 0  # once a day


def test_operators_read_applications_with_their_history_in_the_site_admin(client, setting):
    application = make_application(setting.badge, setting.learner)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    listing = client.get("/staff/badges/application/")
    assert listing.status_code == 200 and "learner@example.org" in listing.content.decode()
    page = client.get(f"/staff/badges/application/{application.pk}/change/")
    assert page.status_code == 200 and "Submitted" in page.content.decode()


def test_the_digest_is_a_beat_task(settings, setting):
    from badges.tasks import review_digest
    from portal.celery import app

    name = settings.CELERY_BEAT_SCHEDULE["review-digest"]["task"]
    assert name == "badges.review_digest" and name in app.tasks
    reviewer_preference_set(user=setting.owner, emails="daily")
    make_application(setting.badge, setting.learner)
    Application.objects.update(submitted_at=timezone.now() - timedelta(hours=1))
    assert review_digest.delay().get() == 1
