"""The whole application flow through the pages, end to end (issue #12, the first test that
must exist): a learner applies with a file and a link, a reviewer returns the application,
the learner revises and resubmits, the reviewer approves; the award is in the learner's
backpack with the evidence, its public Open Badges 2.0 document carries the evidence, and
the issuer's webhook endpoint, a real HTTP server run by the test, receives every event
signed as the Standard Webhooks scheme says."""

import json

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from standardwebhooks import Webhook

from accounts.tests.factories import UserFactory
from backpack.tests.test_applications import reflections  # the apply form's fields
from badges.models import Application, ApplicationState, Assertion, Role
from badges.services.issuers import issuer_staff_add
from badges.tests.factories import PDF_BYTES, make_applying_badge, make_issuer
from webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from webhooks.tests.webhook_receiver import webhook_receiver
from workspace.tests.test_reviews import review_post  # the review form's fields

pytestmark = pytest.mark.django_db

EVENTS = ["application.submitted", "application.reviewed", "assertion.awarded"]
LINK = "https://portfolio.example/knots"


@pytest.fixture
def receiver(settings):
    with webhook_receiver(settings, timeout=2.0) as server:
        yield server


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_apply_return_resubmit_approve_reaches_the_backpack_and_a_signed_webhook(
    receiver, django_capture_on_commit_callbacks
):
    commit = django_capture_on_commit_callbacks
    owner = UserFactory(email="owner@harbour.example")
    issuer = make_issuer(owner, name="Harbour College")
    reviewer_user = UserFactory(email="rev@harbour.example")
    issuer_staff_add(issuer=issuer, user=owner, member=reviewer_user, role=Role.STAFF)
    badge = make_applying_badge(issuer, name="Sailing")
    learner_user = UserFactory(email="learner@example.org")
    learner, reviewer = signed_in(learner_user), signed_in(reviewer_user)
    i = issuer.entity_id

    # The owner registers the endpoint on the Webhooks page, for the application events.
    response = signed_in(owner).post(
        reverse("workspace:webhooks", args=[i]),
        {"url": receiver.url(), "description": "CRM", "events": EVENTS, "active": "on"},
    )
    assert response.status_code == 302
    endpoint = WebhookEndpoint.objects.get()
    assert sorted(endpoint.events) == sorted(EVENTS)

    # The learner applies from the badge page: a link, a PDF, then submits.
    apply = reverse("backpack:apply", args=[badge.entity_id])
    assert apply in learner.get(reverse("discovery:badge", args=[badge.entity_id])).content.decode()
    assert "Tie a bowline" in learner.get(apply).content.decode()
    response = learner.post(apply, reflections(action="add", kind="url", url=LINK))
    application = Application.objects.get(applicant=learner_user)
    edit = reverse("backpack:application-edit", args=[application.entity_id])
    assert response.status_code == 302 and response["Location"] == edit
    chart = SimpleUploadedFile("chart.pdf", PDF_BYTES, "application/pdf")
    response = learner.post(
        edit, reflections(action="add", kind="file", file=chart, description="My chart")
    )
    assert response.status_code == 302
    link, pdf = application.evidence.order_by("pk")
    assert (link.kind, link.url) == ("url", LINK)
    assert (pdf.kind, pdf.content_type, pdf.description) == ("file", "application/pdf", "My chart")
    with commit(execute=True):
        response = learner.post(edit, reflections(action="submit"))
    assert response["Location"] == reverse("backpack:application", args=[application.entity_id])
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED
    assert len(receiver.wait(1)) == 1

    # The reviewer finds it in the queue, takes it, reads the evidence and returns it.
    queue = reviewer.get(reverse("workspace:review-queue", args=[i])).content.decode()
    assert "learner@example.org" in queue
    review = reverse("workspace:review", args=[i, application.entity_id])
    reviewer.post(reverse("workspace:review-action", args=[i, application.entity_id]),
                  {"action": "take"})  # fmt: skip
    application.refresh_from_db()
    assert application.state == ApplicationState.IN_REVIEW
    assert application.assigned_to == reviewer_user
    page = reviewer.get(review).content.decode()
    assert LINK in page and reverse("badges:evidence", args=[pdf.entity_id]) in page
    file = reviewer.get(reverse("badges:evidence", args=[pdf.entity_id]))
    assert file.status_code == 200 and b"".join(file.streaming_content) == PDF_BYTES
    with commit(execute=True):
        response = reviewer.post(review, review_post("return", "Show the whole chart.", "no"))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == ApplicationState.RETURNED
    assert len(receiver.wait(2)) == 2
    assert "Show the whole chart." in mail.outbox[-1].body
    assert mail.outbox[-1].to == ["learner@example.org"]

    # The learner reads the feedback, revises and resubmits.
    detail = learner.get(reverse("backpack:application", args=[application.entity_id]))
    assert "Show the whole chart." in detail.content.decode()
    assert "Revise and resubmit" in detail.content.decode()
    assert learner.get(edit).status_code == 200
    with commit(execute=True):
        response = learner.post(
            edit, reflections(action="submit", reflection_1="I read the whole chart.")
        )
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.state, application.round) == (ApplicationState.SUBMITTED, 2)
    assert len(receiver.wait(3)) == 3

    # The reviewer takes it again and approves: the badge is awarded.
    reviewer.post(reverse("workspace:review-action", args=[i, application.entity_id]),
                  {"action": "take"})  # fmt: skip
    with commit(execute=True):
        response = reviewer.post(review, review_post("approve"))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == ApplicationState.AWARDED
    assert [event.to_state for event in application.events.all()] == [
        "draft", "submitted", "in_review", "returned", "submitted", "in_review", "approved",
        "awarded",
    ]  # fmt: skip

    # Exactly one award, to the learner, with the evidence and the reflections.
    assertion = Assertion.objects.get()
    assert assertion == application.assertion and assertion.badge_class == badge
    assert assertion.recipient_identity == "learner@example.org"
    file_url = django_settings.LAUREL_BASE_URL + reverse("badges:evidence", args=[pdf.entity_id])
    assert [item.get("url") for item in assertion.evidence] == [LINK, file_url]
    assert "I read the whole chart." in assertion.narrative

    # It is in the learner's backpack, with the link and the file.
    backpack = learner.get(reverse("backpack:list")).content.decode()
    assert "Sailing" in backpack
    assert reverse("backpack:badge", args=[assertion.entity_id]) in backpack
    page = learner.get(reverse("backpack:badge", args=[assertion.entity_id]))
    assert page.status_code == 200
    text = page.content.decode()
    assert f'href="{LINK}"' in text and f'href="{file_url}"' in text and "My chart" in text
    # The award's file evidence is open to anyone now (the award links to it).
    file = Client().get(reverse("badges:evidence", args=[pdf.entity_id]))
    assert file.status_code == 200 and b"".join(file.streaming_content) == PDF_BYTES

    # The public Open Badges 2.0 document carries the evidence.
    response = Client().get(
        reverse("badges:document-json", args=["assertions", assertion.entity_id])
    )
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["type"] == "Assertion"
    assert document["id"].endswith(f"/public/assertions/{assertion.entity_id}")
    assert document["evidence"] == [
        {"type": "Evidence", "id": LINK},
        {"type": "Evidence", "id": file_url, "narrative": "My chart"},
    ]

    # The endpoint received each event once, each signed with its secret, with distinct ids.
    requests = receiver.wait(5)
    assert len(requests) == 5
    messages = [Webhook(endpoint.secret).verify(r.body, r.headers) for r in requests]
    assert [m["type"] for m in messages[:3]] == [
        "application.submitted", "application.reviewed", "application.submitted",
    ]  # fmt: skip
    assert sorted(m["type"] for m in messages[3:]) == ["application.reviewed", "assertion.awarded"]
    assert len({r.headers["webhook-id"] for r in requests}) == 5
    assert {r.path for r in requests} == {"/hooks"}
    for message in messages:
        assert message["data"]["issuer"]["id"] == i
    applications = [m["data"]["application"] for m in messages if "application" in m["data"]]
    assert {a["id"] for a in applications} == {application.entity_id}
    assert [(a["state"], a["decision"]) for a in applications] == [
        ("submitted", None), ("returned", "return"),
        ("submitted", None),  # a resubmission starts a round without a decision
        ("awarded", "approve"),
    ]  # fmt: skip
    assert applications[-1]["assertion"] == assertion.entity_id
    (awarded,) = [m for m in messages if m["type"] == "assertion.awarded"]
    assert awarded["data"]["assertion"]["id"] == assertion.entity_id
    assert awarded["data"]["assertion"]["recipient"]["identity"] == "learner@example.org"
    assert awarded["data"]["badgeclass"]["id"] == badge.entity_id
    deliveries = WebhookDelivery.objects.filter(endpoint=endpoint)
    assert {d.message_id for d in deliveries} == {r.headers["webhook-id"] for r in requests}
    assert {(d.status, d.attempts) for d in deliveries} == {(DeliveryStatus.DELIVERED, 1)}
