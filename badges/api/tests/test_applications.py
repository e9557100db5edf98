"""The applications API end to end: a learner applies with evidence, a reviewer decides."""

import base64

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from badges.models import Application
from badges.tests.factories import PDF_BYTES, make_applying_badge

from .conftest import client_for

pytestmark = pytest.mark.django_db


def data_uri(content: bytes, mime: str) -> str:
    return f"data:{mime};base64," + base64.b64encode(content).decode()


def test_apply_return_resubmit_approve_through_the_api(world):
    badge = make_applying_badge(world.issuer, name="Rigging")
    learner, reviewer = client_for(world.earner), client_for(world.staff)
    created = learner.post(
        "/v2/applications",
        {"badgeclass": badge.entity_id,
         "reflections": [{"criterion": "Tie a bowline", "text": "Tied."}]},
        format="json",
    )  # fmt: skip
    assert created.status_code == 201, created.content
    entity_id = created.json()["result"][0]["entityId"]
    base = f"/v2/applications/{entity_id}"
    fake = learner.post(
        f"{base}/evidence",
        {"kind": "file", "file": data_uri(b"<svg onload=alert(1)>", "image/png")},
        format="json",
    )
    assert fake.status_code == 400
    assert "is not an image" in fake.json()["fieldErrors"]["file"][0]
    pdf = learner.post(
        f"{base}/evidence",
        {"kind": "file", "file": SimpleUploadedFile("notes.pdf", PDF_BYTES), "description": "x"},
        format="multipart",
    )
    assert pdf.status_code == 201 and pdf.json()["result"][0]["contentType"] == "application/pdf"
    missing = learner.post(f"{base}/submit")
    assert missing.status_code == 400 and "Read a chart" in missing.json()["status"]["description"]
    reflections = [
        {"criterion": "Tie a bowline", "text": "Tied."},
        {"criterion": "Read a chart", "text": "Read."},
    ]
    assert learner.put(base, {"reflections": reflections}, format="json").status_code == 200
    assert learner.post(f"{base}/submit").json()["result"][0]["state"] == "submitted"

    queue = reviewer.get(f"/v2/issuers/{world.issuer.entity_id}/applications?badgeclass="
                         f"{badge.entity_id}").json()["result"]  # fmt: skip
    assert [a["entityId"] for a in queue] == [entity_id]
    assert reviewer.post(f"{base}/take").json()["result"][0]["assignedTo"] == world.staff.email
    criteria = [{"criterion": r["criterion"], "met": True} for r in reflections]
    returned = reviewer.post(
        f"{base}/review",
        {"decision": "return", "comment": "A photo, please.", "criteria": criteria},
        format="json",
    )
    assert returned.json()["result"][0]["state"] == "returned"
    learner.post(f"{base}/submit")
    approved = reviewer.post(
        f"{base}/review", {"decision": "approve", "criteria": criteria}, format="json"
    ).json()["result"][0]
    assert approved["state"] == "awarded" and approved["assertion"]
    again = reviewer.post(
        f"{base}/review", {"decision": "approve", "criteria": criteria}, format="json"
    )
    assert again.status_code == 400
    assert "not waiting for review" in again.json()["status"]["description"]
    mine = learner.get(f"/v2/backpack/assertions/{approved['assertion']}")
    assert mine.status_code == 200
    assert (
        Application.objects.get(entity_id=entity_id)
        .assertion.evidence[0]["url"]
        .endswith(f"/public/evidence/{pdf.json()['result'][0]['entityId']}")
    )


def test_a_reviewer_of_another_issuer_finds_nothing(applied_world):
    world = applied_world
    other = client_for(world.other_owner)
    entity_id = world.application.entity_id
    assert other.post(f"/v2/applications/{entity_id}/take").status_code == 404
    assert other.get(f"/v2/applications/{entity_id}").status_code == 404
    assert other.get(f"/v2/issuers/{world.issuer.entity_id}/applications").status_code == 404


def test_the_queue_refuses_a_bad_filter(world):
    response = client_for(world.staff).get(
        f"/v2/issuers/{world.issuer.entity_id}/applications?olderThanDays=0"
    )
    assert response.status_code == 400 and "olderThanDays" in response.json()["fieldErrors"]


def test_a_badge_class_takes_applications_when_the_api_says_so(world):
    response = client_for(world.editor).put(
        f"/v2/badgeclasses/{world.badge.entity_id}",
        {"acceptsApplications": True, "approvalsRequired": 2, "evidenceTypes": ["file"]},
        format="json",
    )
    badge = response.json()["result"][0]
    assert (badge["acceptsApplications"], badge["approvalsRequired"], badge["evidenceTypes"]) == (
        True,
        2,
        ["file"],
    )
    bad = client_for(world.editor).put(
        f"/v2/badgeclasses/{world.badge.entity_id}", {"approvalsRequired": 0}, format="json"
    )
    assert bad.status_code == 400 and "approvalsRequired" in bad.json()["fieldErrors"]
