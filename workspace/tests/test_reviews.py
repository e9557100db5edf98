"""The Review tab: the queue with filters and counts, take and assign, the review form, the
evidence for reviewers only, and the badge form's application settings."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from badges.models import Application, ApplicationState, BadgeClass
from badges.services.applications import application_evidence_add, application_submit
from badges.tests.factories import make_application, make_applying_badge, png_bytes

from .test_pages import badge_post

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"workspace:{name}", args=args)


@pytest.fixture
def applied(staffed):
    badge = make_applying_badge(staffed.issuer, name="Knots")
    application = make_application(badge)
    photo = application_evidence_add(
        application=make_application(badge, submit=False),
        user=Application.objects.filter(state="draft").get().applicant,
        kind="file",
        file=SimpleUploadedFile("knot.png", png_bytes(), "image/png"),
    )
    return application, photo


def review_post(decision, comment="", met="yes"):
    return {"met_0": met, "met_1": met, "note_0": "", "note_1": "", "comment": comment,
            "decision": decision}  # fmt: skip


def test_the_queue_lists_submitted_applications_with_counts_and_filters(client, staffed, applied):
    application, _ = applied
    client.force_login(staffed.staff)
    page = client.get(url("review-queue", staffed.issuer.entity_id))
    text = page.content.decode()
    assert application.applicant.email in text
    counts = dict((state, n) for _, state, n in page.context["counts"])
    assert counts["submitted"] == 1 and "draft" not in counts  # drafts stay the learner's
    mine = client.get(url("review-queue", staffed.issuer.entity_id) + "?mine=on")
    assert application.applicant.email not in mine.content.decode()
    old = client.get(url("review-queue", staffed.issuer.entity_id) + "?older_than_days=3")
    assert application.applicant.email not in old.content.decode()
    bad = client.get(url("review-queue", staffed.issuer.entity_id) + "?older_than_days=-1")
    assert bad.status_code == 400


def test_take_then_return_then_approve_through_the_pages(client, staffed, applied):
    application, _ = applied
    i, a = staffed.issuer.entity_id, application.entity_id
    client.force_login(staffed.staff)
    client.post(url("review-action", i, a), {"action": "take"})
    application.refresh_from_db()
    assert application.assigned_to == staffed.staff
    response = client.post(url("review", i, a), review_post("return"))
    assert response.status_code == 400 and "Tell the learner why" in response.content.decode()
    client.post(url("review", i, a), review_post("return", "Show the knot.", met="no"))
    application.refresh_from_db()
    assert application.state == ApplicationState.RETURNED
    application_submit(application=application, user=application.applicant)
    client.force_login(staffed.editor)
    response = client.post(url("review", i, a), review_post("approve"))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == ApplicationState.AWARDED
    page = client.get(url("review", i, a)).content.decode()
    assert "Your review" not in page and "Show the knot." in page and "Badge awarded" in page
    late = client.post(url("review", i, a), review_post("reject", "Too late."))
    assert late.status_code == 400 and "not waiting for review" in late.content.decode()


def test_owners_assign_and_staff_may_not(client, staffed, applied):
    application, _ = applied
    i, a = staffed.issuer.entity_id, application.entity_id
    client.force_login(staffed.staff)
    data = {"action": "assign", "reviewer": staffed.editor.entity_id}
    assert client.post(url("review-action", i, a), data).status_code == 403
    client.force_login(staffed.owner)
    client.post(url("review-action", i, a), data)
    application.refresh_from_db()
    assert application.assigned_to == staffed.editor
    client.force_login(staffed.staff)
    client.post(url("review-action", i, a), {"action": "take"})
    application.refresh_from_db()
    assert application.assigned_to == staffed.editor  # an owner's assignment holds


def test_evidence_is_for_reviewers_of_the_issuer_only(client, staffed, applied):
    _, photo = applied
    evidence = reverse("badges:evidence", args=[photo.entity_id])
    client.force_login(staffed.staff)
    assert client.get(evidence).status_code == 404  # still a draft: the learner's alone
    application_submit(application=photo.application, user=photo.application.applicant)
    assert client.get(evidence).status_code == 200
    client.force_login(staffed.outsider)
    assert client.get(evidence).status_code == 404
    detail = url("review", staffed.issuer.entity_id, photo.application.entity_id)
    assert client.get(detail).status_code == 404
    client.logout()
    assert client.get(evidence).status_code == 404


def test_the_reviewer_chooses_a_daily_digest(client, staffed):
    client.force_login(staffed.staff)
    client.post(url("review-queue", staffed.issuer.entity_id), {"emails": "daily"})
    assert staffed.staff.review_preference.emails == "daily"
    response = client.post(url("review-queue", staffed.issuer.entity_id), {"emails": "hourly"})
    assert response.status_code == 400


def test_the_badge_form_sets_applications_and_approvals(client, staffed):
    client.force_login(staffed.owner)
    post = badge_post(publish="1", accepts_applications="on", approvals_required="2")
    post["evidence_types"] = ["url", "file"]
    client.post(url("badge-new", staffed.issuer.entity_id), post)
    badge = BadgeClass.objects.get(name="Knots")
    assert badge.accepts_applications and badge.approvals_required == 2
    assert badge.evidence_types == ["url", "file"]
