"""A badge with a French version: French readers see it on the badge page and in search
results, others see the badge's own text (marked with its language); search finds it by its
French words and the language facet counts it under French."""

import pytest

from badges.services.badge_translations import badge_class_translation_save

from .conftest import reindex

pytestmark = pytest.mark.django_db

FRENCH = "fr-FR,fr;q=0.9"
GERMAN = "de-DE,de;q=0.9"


@pytest.fixture
def french(catalogue):
    badge = catalogue.python
    badge_class_translation_save(
        badge_class=badge,
        user=badge.issuer.created_by,
        language="fr",
        name="Programmation en Python",
        description="Écrire et tester des programmes en Python.",
        criteria_narrative="Rendre un **projet noté**.",
    )
    reindex()
    return badge


def test_a_french_reader_sees_the_french_version_of_the_badge_page(client, french):
    html = client.get(f"/badges/{french.entity_id}/", HTTP_ACCEPT_LANGUAGE=FRENCH).content.decode()
    assert '<html lang="fr"' in html
    assert "<h1>Programmation en Python</h1>" in html
    assert "Écrire et tester des programmes en Python." in html
    assert "<strong>projet noté</strong>" in html
    assert '"inLanguage": "fr"' in html  # the page's structured data


def test_a_reader_of_another_language_sees_the_badges_own_text_marked_english(client, french):
    html = client.get(f"/badges/{french.entity_id}/", HTTP_ACCEPT_LANGUAGE=GERMAN).content.decode()
    assert '<html lang="de"' in html
    assert '<h1 lang="en">Python Programming</h1>' in html
    assert "Programmation" not in html


def test_the_french_prefix_shows_the_french_version_whatever_the_browser_says(client, french):
    html = client.get(f"/fr/badges/{french.entity_id}/").content.decode()
    assert "<h1>Programmation en Python</h1>" in html
    english = client.get(f"/badges/{french.entity_id}/", HTTP_ACCEPT_LANGUAGE="en").content
    assert "<h1>Python Programming</h1>" in english.decode()


def test_search_finds_the_badge_by_its_french_words_and_shows_the_french_name(client, french):
    html = client.get("/discover/?q=programmation", HTTP_ACCEPT_LANGUAGE=FRENCH).content.decode()
    assert "Programmation en Python" in html
    assert "Écrire et tester des programmes en Python." in html
    html = client.get("/discover/?q=python", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<mark>Python</mark> Programming" in html and "Programmation en Python" not in html


def test_the_language_facet_finds_the_badge_under_french(client, french):
    data = client.get("/api/discovery/search?language=fr").json()
    found = {hit["id"]: hit for hit in data["results"]}
    assert french.entity_id in found
    assert found[french.entity_id]["language"] == "en"  # its own language
    assert all(hit["language"] == "fr" for key, hit in found.items() if key != french.entity_id)


def test_the_badge_page_lists_the_languages_the_badge_is_in(client, french):
    html = client.get(f"/badges/{french.entity_id}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Languages" in html and "English, French" in html
