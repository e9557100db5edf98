"""A badge class in several languages: its translations are written by the services, read per
language by the selectors, and published in Open Badges 3.0 as related achievements (the
credential's achievement names them; each has its own Achievement document); the 2.0 document
keeps the badge's own language."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.tests.factories import UserFactory
from badges import credentials
from badges.openbadges.jsonld import undefined_terms
from badges.openbadges.ob2 import public_url
from badges.openbadges.verify_ob3 import schema_errors
from badges.selectors import badge_class_in_language
from badges.services.awards import assertion_award
from badges.services.badge_translations import (
    badge_class_translation_delete,
    badge_class_translation_save,
)
from badges.tests.factories import make_badge, make_issuer

pytestmark = pytest.mark.django_db

FRENCH = {
    "name": "Programmation Python",
    "description": "Écrit et teste des programmes Python.",
    "criteria_narrative": "Réussir le **projet final**.",
}


@pytest.fixture
def badge():
    return make_badge(make_issuer())


def translate(badge, language="fr", **fields):
    return badge_class_translation_save(
        badge_class=badge, user=badge.issuer.created_by, language=language, **{**FRENCH, **fields}
    )


def test_a_translation_is_shown_to_readers_of_its_language_only(badge):
    translate(badge)
    french = badge_class_in_language(badge, "fr")
    assert french.name == "Programmation Python"
    assert "<strong>projet final</strong>" in french.criteria_html
    assert french.text_language == french.criteria_language == "fr"
    german = badge_class_in_language(badge, "de")
    assert german.name == "Python Programming" and german.text_language == "en"
    badge.refresh_from_db()
    assert badge.name == "Python Programming"  # the copy shown is never the row


def test_a_translation_without_criteria_keeps_the_original_criteria(badge):
    translate(badge, criteria_narrative="")
    french = badge_class_in_language(badge, "fr")
    assert french.name == "Programmation Python"
    assert "final project" in french.criteria_html and french.criteria_language == "en"


def test_saving_again_replaces_the_translation(badge):
    translate(badge)
    translate(badge, name="Python, niveau 1")
    assert list(badge.translations.values_list("name", flat=True)) == ["Python, niveau 1"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"language": "en"}, "language"),  # the badge's own language
        ({"language": "xx"}, "language"),
        ({"name": "  "}, "name"),
        ({"name": "Deux\nlignes"}, "name"),
        ({"description": ""}, "description"),
        ({"description": "bad \x07 bell"}, "description"),
    ],
)
def test_a_bad_translation_is_refused_with_a_message_for_its_field(badge, fields, field):
    with pytest.raises(ValidationError) as caught:
        translate(badge, **fields)
    assert field in caught.value.message_dict
    assert not badge.translations.exists()


def test_only_the_issuers_editors_may_translate(badge):
    with pytest.raises(PermissionDenied):
        badge_class_translation_save(badge_class=badge, user=UserFactory(), language="fr", **FRENCH)
    assert not badge.translations.exists()


def test_a_translation_can_be_removed(badge):
    translate(badge)
    user = badge.issuer.created_by
    assert badge_class_translation_delete(badge_class=badge, user=user, language="fr") is True
    assert badge_class_translation_delete(badge_class=badge, user=user, language="fr") is False
    assert badge_class_in_language(badge, "fr").name == "Python Programming"


def test_the_credential_names_its_other_language_versions_and_passes_the_schema(badge):
    translate(badge)
    translate(badge, language="de", name="Python-Programmierung")
    award = assertion_award(
        badge_class=badge, user=None, notify=False, recipient_identity="ada@example.org"
    )
    credential = credentials.credential_json(award)
    achievement = credential["credentialSubject"]["achievement"]
    assert achievement["inLanguage"] == "en" and achievement["name"] == "Python Programming"
    assert [(r["inLanguage"], r["type"]) for r in achievement["related"]] == [
        ("de", ["Related"]),
        ("fr", ["Related"]),
    ]
    assert achievement["related"][1]["id"].endswith(
        f"/public/badges/{badge.entity_id}/achievement/fr"
    )
    assert schema_errors(credential) == []
    assert undefined_terms(credential) == []


def test_each_version_is_an_achievement_document_of_its_own(client, badge):
    translate(badge)
    response = client.get(f"/public/badges/{badge.entity_id}/achievement/fr")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    doc = json.loads(response.content)
    assert doc["id"].endswith("/achievement/fr") and doc["inLanguage"] == "fr"
    assert doc["name"] == "Programmation Python"
    assert doc["related"] == [
        {"id": public_url("badges", badge.entity_id), "type": ["Related"], "inLanguage": "en"}
    ]
    assert undefined_terms(doc) == []
    assert client.get(f"/public/badges/{badge.entity_id}/achievement/de").status_code == 404


def test_the_2_0_badge_class_keeps_the_badges_own_language(client, badge):
    translate(badge)
    doc = client.get(f"/public/badges/{badge.entity_id}.json").json()
    assert doc["name"] == "Python Programming"
    assert "Programmation" not in json.dumps(doc)
