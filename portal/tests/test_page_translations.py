"""A catalogue page in two languages: an editor sends it for translation from the Wagtail admin
(wagtail-localize), publishes the French version, and each language's readers get their
own; the page names its other version (hreflang), and a page not yet translated still answers
in French with the English text."""

import pytest
from django.conf import settings
from wagtail.models import Locale, Page

from accounts.tests.factories import UserFactory
from portal.demo import add_page, stream_block
from portal.models import CataloguePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def catalogue(catalogue_index):
    return add_page(
        catalogue_index,
        CataloguePage(
            title="Health badges",
            slug="health",
            body=[stream_block("text", "<p>Badges for carers and nurses.</p>")],
        ),
    )


def send_for_translation(client, editor, page, language: str) -> Page:
    """The admin's "Translate" action: copies the page (and any parent the language's tree
    lacks) into the language, as a draft with the English text to translate."""
    client.force_login(editor)
    locale = Locale.objects.get(language_code=language)
    url = f"/admin/localize/submit/page/{page.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"locales": [locale.pk]})
    assert response.status_code == 302
    return page.get_translation(locale).specific


def test_an_editor_translates_a_catalogue_page_and_each_language_gets_its_version(
    client, editor, catalogue
):
    french = send_for_translation(client, editor, catalogue, "fr")
    assert french.locale.language_code == "fr"
    french.title = "Badges de santé"
    french.body = [stream_block("text", "<p>Des badges pour les soignants.</p>")]
    french.save_revision(user=editor).publish()
    client.logout()

    html = client.get(french.url).content.decode()
    assert french.url.startswith("/fr/")
    assert '<html lang="fr"' in html
    assert "Badges de santé" in html and "Des badges pour les soignants." in html
    base = settings.LAUREL_BASE_URL  # the head names the site's canonical addresses
    assert f'hreflang="en" href="{base}{catalogue.url}"' in html

    english = client.get(catalogue.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Health badges" in english and "Badges de santé" not in english
    assert f'hreflang="fr" href="{base}{french.url}"' in english


def test_the_sitemap_lists_both_versions_of_a_translated_page(client, editor, catalogue):
    french = send_for_translation(client, editor, catalogue, "fr")
    french.save_revision(user=editor).publish()
    client.logout()
    xml = client.get("/sitemap-pages.xml").content.decode()
    assert f"<loc>http://testserver{catalogue.url}</loc>" in xml
    assert f"<loc>http://testserver{french.url}</loc>" in xml
    assert f'hreflang="fr" href="http://testserver{french.url}"' in xml


def test_a_page_not_yet_translated_answers_in_french_with_its_english_text(
    client, editor, catalogue, catalogue_index
):
    other = add_page(catalogue_index, CataloguePage(title="Welding badges", slug="welding"))
    send_for_translation(client, editor, catalogue, "fr").save_revision(user=editor).publish()
    client.logout()
    response = client.get(f"/fr{other.url}")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr"' in html and "Welding badges" in html
