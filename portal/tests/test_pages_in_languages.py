"""Laurel in the learner's language: with `Accept-Language: fr` the pages a visitor, learner
and issuer open, the award e-mail and an API validation error are in French; German, Spanish
and Dutch the same for the shared frame.

Each check names an English string of the page and asserts its translation is shown (and
differs from the English), so the test follows the catalogues rather than fixed wording.
"""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from accounts.tests.factories import UserFactory
from badges.api.tests.conftest import client_for
from badges.services.awards import assertion_award
from badges.tests.factories import make_badge, make_issuer


def translated(text: str, language: str) -> str:
    with translation.override(language):
        result = translation.gettext(text)
    assert result != text, f"{text!r} has no {language} translation"
    return result


@pytest.fixture
def world(db):
    owner = UserFactory(email="owner@example.org")
    issuer = make_issuer(owner, name="Université de test")
    badge = make_badge(issuer, name="Analyse de données")
    learner = UserFactory(email="learner@example.org")
    assertion_award(badge_class=badge, user=owner, recipient_identity=learner.email, notify=False)
    return {"owner": owner, "issuer": issuer, "badge": badge, "learner": learner}


def french_page(client, path: str) -> str:
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9,en;q=0.5")
    assert response.status_code == 200, path
    html = response.content.decode()
    assert '<html lang="fr"' in html
    return html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "english"),
    [
        ("/", "Skip to content"),
        ("/discover/?q=data", "Find a badge"),
        ("/verify/", "Verify a badge"),
    ],
)
def test_public_pages_in_french(client, world, path, english):
    html = french_page(client, path)
    assert translated(english, "fr") in html
    assert translated("Change language", "fr") in html


@pytest.mark.django_db
def test_badge_page_in_french(client, world):
    html = french_page(client, f"/badges/{world['badge'].entity_id}/")
    assert translated("At a glance", "fr") in html
    # The same page at its French address, whatever the browser says.
    prefixed = client.get(f"/fr/badges/{world['badge'].entity_id}/", HTTP_ACCEPT_LANGUAGE="de")
    assert translated("At a glance", "fr") in prefixed.content.decode()


@pytest.mark.django_db
def test_backpack_in_french(client, world):
    client.force_login(world["learner"])
    html = french_page(client, reverse("backpack:list"))
    assert translated("Import a badge", "fr") in html


@pytest.mark.django_db
def test_workspace_in_french(client, world):
    client.force_login(world["owner"])
    html = french_page(client, reverse("workspace:home"))
    assert translated("Design badges, award them, and follow how they are earned.", "fr") in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["de", "es", "nl"])
def test_the_other_languages_frame_the_pages(client, world, language):
    html = client.get(f"/{language}/discover/?q=data").content.decode()
    assert f'<html lang="{language}"' in html
    assert translated("Find a badge", language) in html
    assert translated("Skip to content", language) in html


@pytest.mark.django_db
def test_award_email_in_the_recipients_language(world, django_capture_on_commit_callbacks):
    learner_email = "learner@example.org"
    world["learner"].language = "fr"
    world["learner"].save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        assertion_award(
            badge_class=world["badge"], user=world["owner"], recipient_identity=learner_email
        )
    message = mail.outbox[-1]
    expected = translated("You earned the %(badge)s badge", "fr") % {"badge": "Analyse de données"}
    assert message.subject == expected
    # Its link opens the award's page in French.
    assert "/fr/awards/" in message.body


@pytest.mark.django_db
def test_award_email_to_someone_without_an_account_is_in_the_site_language(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assertion_award(
            badge_class=world["badge"], user=world["owner"], recipient_identity="new@example.org"
        )
    assert mail.outbox[-1].subject == "You earned the Analyse de données badge"


@pytest.mark.django_db
def test_api_validation_error_in_french(world):
    client = client_for(world["owner"])
    response = client.delete(f"/v2/issuers/{world['issuer'].entity_id}", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 400
    english = (
        "%(issuer)s has awarded badges, and their public pages would break. "
        "Revoke the awards or keep the issuer."
    )
    expected = translated(english, "fr") % {"issuer": "Université de test"}
    assert response.json()["validationErrors"] == [expected]
