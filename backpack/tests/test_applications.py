"""The learner's application pages: apply from the badge page, evidence, submit, withdraw,
revise when returned; and nobody else's application is visible."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from accounts.tests.factories import UserFactory, signed_in
from badges.models import Application, ApplicationState
from badges.services.applications import application_evidence_add, review_submit
from badges.tests.factories import (
    PDF_BYTES,
    make_application,
    make_applying_badge,
    make_badge,
    make_issuer,
    png_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def badge(db):
    return make_applying_badge(make_issuer(name="Harbour College"), name="Sailing")


@pytest.fixture
def learner(client):
    return signed_in(client, email="learner@example.org")


def reflections(**extra):
    return {"reflection_0": "I tied it.", "reflection_1": "I read it.", **extra}


def test_the_badge_page_offers_apply_only_when_the_badge_takes_applications(client, badge):
    page = client.get(reverse("discovery:badge", args=[badge.entity_id])).content.decode()
    assert reverse("backpack:apply", args=[badge.entity_id]) in page
    other = make_badge(badge.issuer, name="Closed")
    page = client.get(reverse("discovery:badge", args=[other.entity_id])).content.decode()
    assert "Apply for this badge" not in page


def test_applying_needs_signing_in(client, badge):
    response = client.get(reverse("backpack:apply", args=[badge.entity_id]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_learner_adds_a_link_and_a_file_then_submits(client, learner, badge):
    page = client.get(reverse("backpack:apply", args=[badge.entity_id]))
    assert "Tie a bowline" in page.content.decode()
    response = client.post(
        reverse("backpack:apply", args=[badge.entity_id]),
        reflections(action="add", kind="url", url="https://portfolio.example/knots"),
    )
    application = Application.objects.get(applicant=learner)
    assert response["Location"] == reverse(
        "backpack:application-edit", args=[application.entity_id]
    )
    edit = reverse("backpack:application-edit", args=[application.entity_id])
    upload = SimpleUploadedFile("chart.pdf", PDF_BYTES, "application/pdf")
    client.post(edit, reflections(action="add", kind="file", file=upload, description="My chart"))
    assert [e.kind for e in application.evidence.all()] == ["url", "file"]
    response = client.post(edit, reflections(action="submit"))
    assert response["Location"] == reverse("backpack:application", args=[application.entity_id])
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED
    listing = client.get(reverse("backpack:applications")).content.decode()
    assert "Sailing" in listing and "Submitted" in listing
    # Going back to the badge's Apply continues the open application.
    again = client.get(reverse("backpack:apply", args=[badge.entity_id]))
    assert again["Location"] == reverse("backpack:application", args=[application.entity_id])


@override_settings(LAUREL_APPLICATION_MAX_FILE_MB=1)
def test_a_wrong_or_oversized_file_is_a_form_error_and_leaves_no_draft(client, learner, badge):
    apply = reverse("backpack:apply", args=[badge.entity_id])
    script = SimpleUploadedFile("cv.pdf", b"#!/bin/sh\nrm -rf /\n", "application/pdf")
    response = client.post(apply, reflections(action="add", kind="file", file=script))
    assert response.status_code == 400
    assert "is not an image" in response.content.decode()
    assert not Application.objects.exists()
    big = SimpleUploadedFile("big.png", png_bytes() + b"\0" * (1024 * 1024), "image/png")
    response = client.post(apply, reflections(action="add", kind="file", file=big))
    assert response.status_code == 400 and "at most 1 MB" in response.content.decode()


def test_submitting_without_every_reflection_says_which_is_missing(client, learner, badge):
    response = client.post(
        reverse("backpack:apply", args=[badge.entity_id]),
        {"reflection_0": "Done.", "action": "submit"},
    )
    assert response.status_code == 400
    assert "missing: Read a chart" in response.content.decode()


def test_returned_applications_show_the_feedback_and_can_be_revised(client, learner, badge):
    application = make_application(badge, learner)
    review_submit(
        application=application,
        user=badge.issuer.staff.get().user,
        decision="return",
        comment="Add the chart, please.",
        criteria=[{"criterion": c, "met": False, "comment": ""} for c in ("Tie a bowline",)]
        + [{"criterion": "Read a chart", "met": False, "comment": "No chart yet."}],
    )
    page = client.get(reverse("backpack:application", args=[application.entity_id]))
    text = page.content.decode()
    assert "Add the chart, please." in text and "No chart yet." in text
    assert "Revise and resubmit" in text
    edit = reverse("backpack:application-edit", args=[application.entity_id])
    assert client.get(edit).status_code == 200
    client.post(edit, reflections(action="submit"))
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED and application.round == 2


def test_a_learner_withdraws_an_undecided_application(client, learner, badge):
    application = make_application(badge, learner)
    client.post(reverse("backpack:application-withdraw", args=[application.entity_id]))
    application.refresh_from_db()
    assert application.state == ApplicationState.WITHDRAWN
    page = client.get(reverse("backpack:application", args=[application.entity_id]))
    assert "Withdraw the application" not in page.content.decode()


def test_a_learner_sees_only_their_own_applications(client, badge):
    owner_of_it = UserFactory()
    application = make_application(badge, owner_of_it, submit=False)
    item = application_evidence_add(
        application=application,
        user=owner_of_it,
        kind="file",
        file=SimpleUploadedFile("p.png", png_bytes(), "image/png"),
    )
    client.force_login(UserFactory())
    for name in ("backpack:application", "backpack:application-edit"):
        assert client.get(reverse(name, args=[application.entity_id])).status_code == 404
    withdraw = reverse("backpack:application-withdraw", args=[application.entity_id])
    assert client.post(withdraw).status_code == 404
    assert client.get(reverse("badges:evidence", args=[item.entity_id])).status_code == 404
    assert "Sailing" not in client.get(reverse("backpack:applications")).content.decode()
    client.force_login(owner_of_it)
    response = client.get(reverse("badges:evidence", args=[item.entity_id]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert "sandbox" in response["Content-Security-Policy"]


def test_the_form_offers_only_the_kinds_of_evidence_the_badge_accepts(client, learner, badge):
    links_only = make_applying_badge(badge.issuer, name="Links", evidence_types=["url"])
    page = client.get(reverse("backpack:apply", args=[links_only.entity_id])).content.decode()
    assert 'name="url"' in page and 'name="file"' not in page and 'name="text"' not in page
