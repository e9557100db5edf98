"""The issuer workspace as issuers use it: every action through the pages, and the refusals."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.tests.factories import UserFactory, signed_in
from badges.models import Assertion, AwardJob, BadgeClass, IssuerStaff, Role
from badges.tests.factories import png_bytes

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"workspace:{name}", args=args)


@pytest.fixture
def as_owner(client, staffed):
    client.force_login(staffed.owner)
    return client


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# Issuers ---------------------------------------------------------------------------------


def post_new_issuer(client, name: str, web_site: str, email: str):
    return client.post(
        url("issuer-new"),
        {"name": name, "url": web_site, "email": email, "verification": "hosted"},
    )


def test_a_new_issuer_is_made_with_one_of_my_verified_emails(client):
    user = signed_in(client, email="head@school.example")
    page = client.get(url("issuer-new")).content.decode()
    assert "head@school.example" in page
    response = post_new_issuer(client, "Hill School", "https://hill.example", "head@school.example")
    assert response.status_code == 302
    assert IssuerStaff.objects.get(user=user).role == Role.OWNER


def test_an_issuer_cannot_be_made_with_an_email_that_is_not_mine(client):
    client.force_login(UserFactory())
    response = post_new_issuer(client, "X", "https://x.example", "boss@x.example")
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_the_owner_edits_the_issuer_switches_to_signed_and_rotates_the_key(as_owner, staffed):
    page = url("settings", staffed.issuer.entity_id)
    response = as_owner.post(
        page,
        {"action": "save", "name": "Harbour College of the Sea", "url": "https://harbour.example",
         "email": staffed.issuer.email, "verification": "signed", "description": ""},
    )  # fmt: skip
    assert response.status_code == 302
    staffed.issuer.refresh_from_db()
    assert staffed.issuer.name == "Harbour College of the Sea"
    first = staffed.issuer.keys.get()
    as_owner.post(page, {"action": "rotate"})
    assert staffed.issuer.keys.count() == 2
    assert staffed.issuer.keys.filter(active=True).exclude(pk=first.pk).exists()


def test_an_issuer_that_awarded_badges_cannot_be_deleted(as_owner, staffed):
    delete = url("issuer-delete", staffed.issuer.entity_id)
    assert "Delete Harbour College?" in as_owner.get(delete).content.decode()
    response = as_owner.post(delete)
    assert response.status_code == 302
    assert "has awarded badges" in messages_of(as_owner.get(response["Location"]))[0]
    assert as_owner.get(url("settings", staffed.issuer.entity_id)).status_code == 200


def test_an_issuer_without_awards_is_deleted_only_when_confirmed(client):
    from badges.tests.factories import make_issuer

    owner = UserFactory()
    issuer = make_issuer(owner=owner, name="Empty Harbour")
    client.force_login(owner)
    delete = url("issuer-delete", issuer.entity_id)
    settings_page = client.get(url("settings", issuer.entity_id)).content.decode()
    assert f'href="{delete}"' in settings_page
    assert client.post(url("settings", issuer.entity_id), {"action": "delete"}).status_code == 400
    assert client.get(delete).status_code == 200
    assert client.get(url("settings", issuer.entity_id)).status_code == 200  # still there
    response = client.post(delete)
    assert response["Location"] == url("home")
    assert client.get(url("settings", issuer.entity_id)).status_code == 404


# Staff -----------------------------------------------------------------------------------


# Invitations, accepting and leaving: test_invitations.py.


def test_roles_change_and_the_last_owner_cannot_leave(as_owner, staffed):
    page = url("staff", staffed.issuer.entity_id)
    as_owner.post(page, {"action": "role", "member": staffed.staff.entity_id, "role": "editor"})
    assert IssuerStaff.objects.get(user=staffed.staff).role == Role.EDITOR
    response = as_owner.post(page, {"action": "remove", "member": staffed.owner.entity_id})
    assert "its only owner" in messages_of(as_owner.get(response["Location"]))[-1]
    assert IssuerStaff.objects.filter(user=staffed.owner).exists()
    assert as_owner.post(page, {"action": "explode"}).status_code == 400


# Badge classes ---------------------------------------------------------------------------


def badge_post(**fields):
    data = {
        "name": "Knots", "description": "Ties six knots.", "criteria_narrative": "Tie *six*.",
        "language": "en", "tags": "sailing, ropes", "is_public": "on",
        "alignment-TOTAL_FORMS": "2", "alignment-INITIAL_FORMS": "0",
        "alignment-0-targetName": "Seamanship", "alignment-0-targetFramework": "RYA",
        "alignment-1-targetName": "",
        "image": SimpleUploadedFile("knots.png", png_bytes(), "image/png"),
    }  # fmt: skip
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}


def test_a_badge_saved_as_draft_is_not_public_until_published(as_owner, staffed, client):
    response = as_owner.post(url("badge-new", staffed.issuer.entity_id), badge_post(publish="0"))
    assert response.status_code == 302
    badge = BadgeClass.objects.get(name="Knots")
    assert badge.draft and badge.tags == ["sailing", "ropes"]
    assert badge.alignments == [{"targetName": "Seamanship", "targetFramework": "RYA"}]
    assert client.get(f"/public/badges/{badge.entity_id}.json").status_code == 404
    as_owner.post(
        url("badge-action", staffed.issuer.entity_id, badge.entity_id), {"action": "publish"}
    )
    assert client.get(f"/public/badges/{badge.entity_id}.json").status_code == 200


def test_the_badge_form_shows_the_services_refusals_beside_the_fields(as_owner, staffed):
    response = as_owner.post(
        url("badge-new", staffed.issuer.entity_id),
        badge_post(criteria_narrative="", expires_amount="3", image=None),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Give the criteria as a URL, a narrative, or both." in html
    assert "needs an image" in html
    assert not BadgeClass.objects.filter(name="Knots").exists()


def test_editing_keeps_the_image_and_changes_the_fields(as_owner, staffed):
    page = url("badge-edit", staffed.issuer.entity_id, staffed.badge.entity_id)
    assert "Sea Survival" in as_owner.get(page).content.decode()
    image = staffed.badge.image.name
    as_owner.post(page, badge_post(name="Sea Survival II", image=None, publish="1"))
    staffed.badge.refresh_from_db()
    assert staffed.badge.name == "Sea Survival II" and staffed.badge.image.name == image


def test_a_badge_with_live_awards_cannot_be_deleted_but_can_be_archived(as_owner, staffed):
    delete = url("badge-delete", staffed.issuer.entity_id, staffed.badge.entity_id)
    question = as_owner.get(delete).content.decode()
    assert "1 live award, so it cannot be deleted" in question
    assert "revoked or expired" not in question
    response = as_owner.post(delete)
    assert "Archive it instead" in messages_of(as_owner.get(response["Location"]))[0]
    assert BadgeClass.objects.filter(pk=staffed.badge.pk).exists()
    action = url("badge-action", staffed.issuer.entity_id, staffed.badge.entity_id)
    as_owner.post(action, {"action": "archive"})
    staffed.badge.refresh_from_db()
    assert staffed.badge.archived


def test_deleting_a_badge_class_asks_first_and_deletes_only_when_confirmed(as_owner, staffed):
    delete = url("badge-delete", staffed.issuer.entity_id, staffed.draft.entity_id)
    listed = as_owner.get(url("badges", staffed.issuer.entity_id)).content.decode()
    assert f'href="{delete}"' in listed  # the Delete button is a link to the question
    asked = as_owner.get(delete)
    html = asked.content.decode()
    assert asked.status_code == 200 and "Delete Night Sailing?" in html
    assert "cannot be undone" in html and f'action="{delete}"' in html
    assert BadgeClass.objects.filter(pk=staffed.draft.pk).exists()
    # The old one-click action is gone.
    action = url("badge-action", staffed.issuer.entity_id, staffed.draft.entity_id)
    assert as_owner.post(action, {"action": "delete"}).status_code == 400
    response = as_owner.post(delete)
    assert "Night Sailing was deleted." in messages_of(as_owner.get(response["Location"]))
    assert not BadgeClass.objects.filter(pk=staffed.draft.pk).exists()


def test_staff_cannot_delete_a_badge_class_even_through_the_question(client, staffed):
    client.force_login(staffed.staff)
    delete = url("badge-delete", staffed.issuer.entity_id, staffed.draft.entity_id)
    assert client.get(delete).status_code == 403
    assert client.post(delete).status_code == 403
    assert BadgeClass.objects.filter(pk=staffed.draft.pk).exists()


def test_the_markdown_preview_is_sanitised(as_owner):
    html = as_owner.post(
        url("markdown-preview"), {"text": "**bold** <script>x()</script>"}
    ).content.decode()
    assert "<strong>bold</strong>" in html and "<script>" not in html


# Awarding --------------------------------------------------------------------------------


def test_the_award_page_opens_with_empty_forms_and_no_errors(as_owner, staffed):
    response = as_owner.get(url("award", staffed.issuer.entity_id, staffed.badge.entity_id))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Please correct" not in html and "This field is required" not in html
    assert re.search(r'name="evidence-TOTAL_FORMS" value="1"', html)
    assert 'name="evidence-0-url"' in html


def test_a_link_fills_in_the_award_form(as_owner, staffed):
    page = url("award", staffed.issuer.entity_id, staffed.badge.entity_id)
    html = as_owner.get(page + "?recipient=ada@example.org&narrative=Finished+the+path.").content
    html = html.decode()
    assert 'value="ada@example.org"' in html and "Finished the path.</textarea>" in html
    assert not Assertion.objects.filter(recipient_identity="ada@example.org").exists()


def test_one_award_with_evidence_and_an_expiry(
    as_owner, staffed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_owner.post(
        url("award", staffed.issuer.entity_id, staffed.badge.entity_id),
        {"mode": "one", "recipient_identity": "ada@example.org", "recipient_type": "email",
         "narrative": "Swam 400 m.", "expires": "2030-01-01T00:00", "notify": "on",
         "evidence-TOTAL_FORMS": "1", "evidence-INITIAL_FORMS": "0",
         "evidence-0-url": "https://video.example/ada", "evidence-0-narrative": "The swim"},
    )  # fmt: skip
    assert response.status_code == 302
    award = Assertion.objects.get(recipient_identity="ada@example.org")
    assert award.evidence == [{"url": "https://video.example/ada", "narrative": "The swim"}]
    assert award.expires.year == 2030
    assert any("ada@example.org" in m.to for m in mail.outbox)


def test_a_bad_recipient_is_a_field_error(as_owner, staffed):
    response = as_owner.post(
        url("award", staffed.issuer.entity_id, staffed.badge.entity_id),
        {"mode": "one", "recipient_identity": "not-an-email", "recipient_type": "email",
         "evidence-TOTAL_FORMS": "0", "evidence-INITIAL_FORMS": "0"},
    )  # fmt: skip
    assert response.status_code == 400
    html = response.content.decode()
    # Beside the recipient field, not as a batch's row report.
    assert re.search(r'id="id_recipient_identity-error"[^>]*>[^<]*not a valid email', html)
    assert "row(s) have errors" not in html
    assert not Assertion.objects.filter(recipient_identity="not-an-email").exists()


def test_bad_evidence_or_a_missing_row_count_is_shown_and_nothing_is_awarded(as_owner, staffed):
    page = url("award", staffed.issuer.entity_id, staffed.badge.entity_id)
    one = {"mode": "one", "recipient_identity": "ada@example.org", "recipient_type": "email"}
    response = as_owner.post(
        page,
        {**one, "evidence-TOTAL_FORMS": "1", "evidence-INITIAL_FORMS": "0",
         "evidence-0-url": "not a url"},
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 400 and "Please correct the evidence marked below." in html
    assert "Enter a valid URL." in html
    response = as_owner.post(page, one)  # no management form, as the broken page sent
    assert response.status_code == 400
    assert "ManagementForm data is missing" in response.content.decode()
    assert not Assertion.objects.filter(recipient_identity="ada@example.org").exists()


BAD_CSV = "email,narrative\nada@example.org,Good\nnot-an-email,Bad\n\nada@example.org,Again\n"


def test_a_csv_with_bad_rows_is_shown_row_by_row_and_nothing_is_written(as_owner, staffed):
    before = Assertion.objects.count()
    response = as_owner.post(
        url("award", staffed.issuer.entity_id, staffed.badge.entity_id),
        {"mode": "csv", "file": SimpleUploadedFile("a.csv", BAD_CSV.encode(), "text/csv")},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "3 recipients" in html and "2 rows have errors" in html
    assert "The same recipient as row 1" in html
    assert Assertion.objects.count() == before and not AwardJob.objects.exists()


def test_a_pasted_list_is_checked_then_awarded_all_at_once_by_a_task(
    as_owner, staffed, django_capture_on_commit_callbacks
):
    page = url("award", staffed.issuer.entity_id, staffed.badge.entity_id)
    preview = as_owner.post(
        page, {"mode": "paste", "recipients": "a@example.org\nb@example.org, c@example.org",
               "recipient_type": "email", "notify": ""},
    )  # fmt: skip
    assert preview.status_code == 200 and "Award 3 badges" in preview.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = as_owner.post(
        page,
        {"mode": "confirm", "kind": "list", "source": "a@example.org\nb@example.org, c@example.org",
         "recipient_type": "email", "notify": "0"},
    )  # fmt: skip
    job = AwardJob.objects.get()
    assert response["Location"] == url("job", staffed.issuer.entity_id, job.entity_id)
    status = as_owner.get(response["Location"] + "?format=json").json()
    assert status["status"] == "done" and status["awarded"] == 3 and status["percent"] == 100
    assert Assertion.objects.filter(recipient_identity__in=["a@example.org", "c@example.org"])


def test_a_ten_thousand_row_csv_finishes_as_a_task(
    as_owner, staffed, django_capture_on_commit_callbacks
):
    from badges.tasks import award_job_run

    rows = "\n".join(f"learner{n}@example.org" for n in range(10_000))
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = as_owner.post(
            url("award", staffed.issuer.entity_id, staffed.badge.entity_id),
            {"mode": "confirm", "kind": "csv", "source": "email\n" + rows, "notify": "0"},
        )
    assert response.status_code == 302 and len(queued) == 1  # the job's task, nothing else yet
    job = AwardJob.objects.get()
    assert as_owner.get(response["Location"] + "?format=json").json()["status"] == "queued"
    # The task as a worker runs it; the awards' own outbox messages then wait for delivery.
    with django_capture_on_commit_callbacks(execute=False):
        assert award_job_run(job.pk) == "done"
    job.refresh_from_db()
    assert job.awarded == 10_000
    assert staffed.badge.assertions.count() == 10_001
    assert award_job_run(job.pk) == "done"  # run again (a redelivered task): nothing twice
    assert staffed.badge.assertions.count() == 10_001


def test_awards_are_searched_and_filtered(as_owner, staffed):
    page = url("awards", staffed.issuer.entity_id, staffed.badge.entity_id)
    assert "sailor@example.org" in as_owner.get(page + "?q=SAILOR").content.decode()
    assert "sailor@example.org" not in as_owner.get(page + "?q=nobody").content.decode()
    assert "sailor@example.org" not in as_owner.get(page + "?show=revoked").content.decode()


def test_the_award_email_goes_again_after_a_confirmation_without_asking_a_reason(
    as_owner, staffed, django_capture_on_commit_callbacks
):
    resend = url("award-resend", staffed.issuer.entity_id, staffed.badge.entity_id)
    sent = len(mail.outbox)
    asked = as_owner.get(resend, {"award": [staffed.award.entity_id]})
    html = asked.content.decode()
    assert asked.status_code == 200 and "sailor@example.org" in html and "reason" not in html
    assert len(mail.outbox) == sent
    with django_capture_on_commit_callbacks(execute=True):
        response = as_owner.post(resend, {"award": [staffed.award.entity_id]})
    assert "The award email goes again to 1." in messages_of(as_owner.get(response["Location"]))
    assert len(mail.outbox) == sent + 1


def test_revoking_asks_for_a_reason_and_a_confirmation_first(as_owner, staffed):
    revoke = url("award-revoke", staffed.issuer.entity_id, staffed.badge.entity_id)
    page = url("awards", staffed.issuer.entity_id, staffed.badge.entity_id)
    asked = as_owner.get(revoke, {"award": [staffed.award.entity_id]})
    html = asked.content.decode()
    assert asked.status_code == 200 and "Revoke 1 award(s) of Sea Survival?" in html
    assert "sailor@example.org" in html
    assert f'name="award" value="{staffed.award.entity_id}"' in html  # carried to the POST
    refused = as_owner.post(revoke, {"award": [staffed.award.entity_id], "reason": " "})
    assert refused.status_code == 400 and "This field is required." in refused.content.decode()
    staffed.award.refresh_from_db()
    assert not staffed.award.revoked
    as_owner.post(revoke, {"award": [staffed.award.entity_id], "reason": "Mistake"})
    staffed.award.refresh_from_db()
    assert staffed.award.revoked and staffed.award.revocation_reason == "Mistake"
    assert "sailor@example.org" in as_owner.get(page + "?show=revoked").content.decode()


def test_revoking_or_resending_with_nothing_ticked_says_to_tick_an_award(as_owner, staffed):
    for name in ("award-revoke", "award-resend"):
        target = url(name, staffed.issuer.entity_id, staffed.badge.entity_id)
        response = as_owner.get(target, {"award": ["no-such-award"]})
        assert response.status_code == 302
        assert "Tick at least one live award first." in messages_of(
            as_owner.get(response["Location"])
        )


def test_an_award_of_another_badge_cannot_be_revoked_through_this_one(as_owner, staffed):
    other = url("award-revoke", staffed.issuer.entity_id, staffed.draft.entity_id)
    as_owner.post(other, {"award": [staffed.award.entity_id], "reason": "Mistake"})
    staffed.award.refresh_from_db()
    assert not staffed.award.revoked


# Dashboard -------------------------------------------------------------------------------


def test_the_dashboard_counts_awards_claims_and_exports_csv(as_owner, staffed):
    from backpack.models import Acceptance
    from backpack.services import backpack_acceptance_set

    sailor = UserFactory(email="sailor@example.org")
    backpack_acceptance_set(user=sailor, assertion=staffed.award, acceptance=Acceptance.ACCEPTED)
    response = as_owner.get(url("dashboard", staffed.issuer.entity_id))
    figures = response.context["figures"]
    assert (figures.total, figures.accepted, figures.claim_rate) == (1, 1, 1.0)
    assert figures.top_badges == [("Sea Survival", 1)]
    csv = as_owner.get(url("dashboard", staffed.issuer.entity_id) + "?format=csv").content.decode()
    assert "claim rate,,1.0000" in csv and "awards by badge class,Sea Survival,1" in csv


def test_a_new_badge_without_an_upload_gets_the_image_designed_in_the_studio(as_owner, staffed):
    from badges.studio import clean_design

    design = {**clean_design({}), "shape": "hexagon", "text": "KNOTS"}
    studio = {f"studio-{k}": v for k, v in design.items() if not isinstance(v, bool)}
    studio |= {f"studio-{k}": "on" for k, v in design.items() if v is True}
    response = as_owner.post(
        url("badge-new", staffed.issuer.entity_id), badge_post(image=None, publish="1", **studio)
    )
    assert response.status_code == 302
    badge = BadgeClass.objects.get(name="Knots")
    assert badge.image.name.endswith(".svg") and badge.design["shape"] == "hexagon"
    assert "KNOTS" in badge.image.read().decode()
