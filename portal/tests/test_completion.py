"""Completion badges: awarded once when a group is satisfied, or sent to the issuer for review."""

import re
import threading

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.db import connection

from accounts.tests.factories import UserFactory
from badges.models import Assertion
from badges.services.awards import assertion_award
from badges.services.badge_classes import badge_class_archive
from badges.tests.factories import make_badge, make_issuer
from portal.demo import add_page, badge_step, step_group
from portal.models import HomePage, PathwayIndexPage, PathwayPage
from portal.pathway_records import CompletionStatus, PathwayCompletion
from portal.services import pathway_completions_award


def award(badge, email):
    return assertion_award(badge_class=badge, user=None, recipient_identity=email)


def completions_of(badge, email="ada@example.org"):
    return Assertion.objects.filter(badge_class=badge, recipient_identity=email)


@pytest.fixture
def certificate(issuer):
    return make_badge(issuer, name="Certificate")


@pytest.mark.django_db
def test_the_award_that_satisfies_a_group_earns_its_completion_badge_once(
    make_pathway, badges, certificate, django_capture_on_commit_callbacks
):
    make_pathway(
        [
            step_group(
                "Core", [badge_step(badges[0]), badge_step(badges[1])], completion_badge=certificate
            )
        ]
    )
    with django_capture_on_commit_callbacks(execute=True):
        award(badges[0], "ada@example.org")
    assert not completions_of(certificate).exists()

    with django_capture_on_commit_callbacks(execute=True):
        award(badges[1], "Ada@Example.org")
    (earned,) = completions_of(certificate)
    assert earned.narrative == "Completed the earning pathway Core in Data pathway."
    assert mail.outbox[-1].subject == "You earned the Certificate badge"

    assert pathway_completions_award(email="ada@example.org") == []
    with django_capture_on_commit_callbacks(execute=True):
        award(badges[2], "ada@example.org")
    assert completions_of(certificate).count() == 1


@pytest.mark.django_db
def test_a_pathways_own_completion_badge_follows_its_n_of_m_rule(
    make_pathway, badges, certificate, django_capture_on_commit_callbacks
):
    make_pathway(
        [badge_step(b) for b in badges[:3]],
        rule="n_of_m",
        required_count=2,
        completion_badge=certificate,
    )
    with django_capture_on_commit_callbacks(execute=True):
        award(badges[2], "ada@example.org")
        award(badges[0], "ada@example.org")
    (earned,) = completions_of(certificate)
    assert earned.narrative == "Completed the earning pathway Data pathway."
    assert PathwayCompletion.objects.get().status == CompletionStatus.AWARDED


@pytest.mark.django_db
def test_badges_on_all_of_a_learners_verified_emails_count_together(
    make_pathway, badges, certificate, django_capture_on_commit_callbacks
):
    learner = UserFactory(email="ada@example.org")
    EmailAddress.objects.create(user=learner, email="ada@work.example", verified=True)
    make_pathway([badge_step(badges[0]), badge_step(badges[1])], completion_badge=certificate)
    with django_capture_on_commit_callbacks(execute=True):
        award(badges[0], "ada@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        award(badges[1], "ada@work.example")
    # The completion badge goes to the email of the award that completed the pathway.
    assert completions_of(certificate, "ada@work.example").count() == 1
    assert not completions_of(certificate, "ada@example.org").exists()
    assert PathwayCompletion.objects.get().recipient_key == f"user:{learner.pk}"


@pytest.mark.django_db
def test_a_review_completion_awards_nothing_and_tells_the_issuer(
    make_pathway, badges, certificate, issuer, django_capture_on_commit_callbacks
):
    make_pathway(
        [badge_step(badges[0])], completion_badge=certificate, completion="review", title="Path"
    )
    with django_capture_on_commit_callbacks(execute=True):
        award(badges[0], "ada@example.org")
    assert not completions_of(certificate).exists()
    completion = PathwayCompletion.objects.get()
    assert completion.status == CompletionStatus.REVIEW and completion.assertion is None
    (notice,) = [m for m in mail.outbox if m.to == [issuer.email]]
    assert notice.subject == "Review: ada@example.org completed Path"
    assert 'award "Certificate" to ada@example.org' in notice.body


@pytest.mark.django_db
def test_the_review_email_links_to_an_award_form_filled_in_for_the_learner(
    client, make_pathway, badges, certificate, issuer, django_capture_on_commit_callbacks
):
    make_pathway(
        [badge_step(badges[0])], completion_badge=certificate, completion="review", title="Path"
    )
    with django_capture_on_commit_callbacks(execute=True):
        award(badges[0], "ada@example.org")
    (notice,) = [m for m in mail.outbox if m.to == [issuer.email]]
    link = re.search(r"https?://\S+/award/\?\S+", notice.body).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    client.force_login(issuer.staff.get().user)
    html = client.get(path).content.decode()
    assert 'value="ada@example.org"' in html and "Completed the earning pathway Path." in html
    assert "Please correct" not in html
    # What the browser submits from that page unchanged: one click on Award.
    response = client.post(
        path,
        {
            "mode": "one",
            "recipient_identity": "ada@example.org",
            "recipient_type": "email",
            "narrative": "Completed the earning pathway Path.",
            "notify": "on",
            "evidence-TOTAL_FORMS": "1",
            "evidence-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    made = completions_of(certificate).get()
    assert made.narrative == "Completed the earning pathway Path."


@pytest.mark.django_db
def test_an_archived_completion_badge_is_not_awarded(
    make_pathway, badges, certificate, django_capture_on_commit_callbacks
):
    make_pathway([badge_step(badges[0])], completion_badge=certificate)
    badge_class_archive(badge_class=certificate, user=None)
    with django_capture_on_commit_callbacks(execute=True):
        award(badges[0], "ada@example.org")
    assert not completions_of(certificate).exists()
    assert not PathwayCompletion.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the home page
def test_concurrent_completion_checks_award_the_badge_exactly_once():
    issuer = make_issuer()
    first, second = make_badge(issuer, name="First"), make_badge(issuer, name="Second")
    certificate = make_badge(issuer, name="Certificate")
    # Both awards exist before the pathway does, so only the threads below can complete it.
    award(first, "ada@example.org")
    award(second, "ada@example.org")
    index = add_page(HomePage.objects.get(), PathwayIndexPage(title="Pathways", slug="pathways"))
    add_page(
        index,
        PathwayPage(
            title="Race",
            slug="race",
            steps=[badge_step(first), badge_step(second)],
            completion_badge=certificate,
        ),
    )
    threads_count = 6
    start = threading.Barrier(threads_count)
    results: list[int] = []
    errors: list[BaseException] = []

    def check():
        try:
            start.wait()
            results.append(len(pathway_completions_award(email="ada@example.org")))
        except BaseException as exc:  # reported below, with the thread's own traceback
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=check) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(results) == [0] * (threads_count - 1) + [1]
    assert completions_of(certificate).count() == 1
    assert PathwayCompletion.objects.count() == 1


@pytest.mark.django_db
def test_verifying_another_email_completes_a_pathway_its_badges_finish(
    make_pathway, badges, certificate, django_capture_on_commit_callbacks
):
    from allauth.account.signals import email_confirmed

    learner = UserFactory(email="ada@example.org")
    address = EmailAddress.objects.create(user=learner, email="ada@work.example", verified=False)
    make_pathway([badge_step(badges[0]), badge_step(badges[1])], completion_badge=certificate)
    with django_capture_on_commit_callbacks(execute=True):
        award(badges[0], "ada@example.org")
        award(badges[1], "ada@work.example")
    assert not Assertion.objects.filter(badge_class=certificate).exists()

    with django_capture_on_commit_callbacks(execute=True):
        address.verified = True
        address.save()
        email_confirmed.send(sender=EmailAddress, request=None, email_address=address)
    assert completions_of(certificate, "ada@work.example").count() == 1
