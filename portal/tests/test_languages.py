"""Choosing the language: the URL prefix, the signed-in user's choice, the cookie the
switcher sets, the browser's Accept-Language; and each public page's language versions."""

import re

import pytest
from django.urls import reverse

from accounts.models import User


@pytest.fixture
def learner(db):
    return User.objects.create_user(email="ada@example.org", password="pw-long-enough-1")


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


@pytest.mark.django_db
class TestWhichLanguage:
    def test_english_without_any_preference(self, client):
        response = client.get("/discover/")
        assert response.status_code == 200
        assert html_lang(response) == "en"
        assert response["Content-Language"] == "en"
        assert "Accept-Language" in response["Vary"]

    def test_browser_language_at_the_unprefixed_address(self, client):
        response = client.get("/discover/", HTTP_ACCEPT_LANGUAGE="fr-CA,fr;q=0.9,en;q=0.5")
        assert response.status_code == 200
        assert html_lang(response) == "fr"

    def test_unoffered_browser_language_falls_back_to_english(self, client):
        response = client.get("/discover/", HTTP_ACCEPT_LANGUAGE="ja")
        assert html_lang(response) == "en"

    def test_prefix_wins_over_the_browser(self, client):
        response = client.get("/de/discover/", HTTP_ACCEPT_LANGUAGE="fr")
        assert response.status_code == 200
        assert html_lang(response) == "de"
        # A prefixed address is one language whatever the browser says.
        assert "Accept-Language" not in response.get("Vary", "")

    def test_the_home_page_has_language_versions(self, client):
        assert html_lang(client.get("/nl/")) == "nl"
        assert client.get("/nl/").status_code == 200

    def test_private_pages_have_no_prefix(self, client, learner):
        client.force_login(learner)
        assert client.get("/fr/backpack/").status_code == 404
        response = client.get("/backpack/", HTTP_ACCEPT_LANGUAGE="es")
        assert html_lang(response) == "es"


@pytest.mark.django_db
class TestSwitcher:
    def test_switching_sets_the_cookie_and_returns_to_the_page_in_that_language(self, client):
        response = client.post(
            reverse("set_language"), {"language": "fr", "next": "/discover/?q=x"}
        )
        assert response.status_code == 302
        assert response["Location"] == "/fr/discover/?q=x"
        assert response.cookies["laurel_language"].value == "fr"
        # The cookie then serves the unprefixed pages in French.
        assert html_lang(client.get("/discover/")) == "fr"

    def test_back_to_english_drops_the_prefix(self, client):
        response = client.post(reverse("set_language"), {"language": "en", "next": "/fr/discover/"})
        assert response["Location"] == "/discover/"

    def test_a_signed_in_users_choice_is_saved_and_wins_over_the_browser(self, client, learner):
        client.force_login(learner)
        client.post(reverse("set_language"), {"language": "de", "next": "/backpack/"})
        learner.refresh_from_db()
        assert learner.language == "de"
        client.cookies.clear()
        client.force_login(learner)
        assert html_lang(client.get("/backpack/", HTTP_ACCEPT_LANGUAGE="fr")) == "de"

    def test_unknown_language_changes_nothing(self, client, learner):
        client.force_login(learner)
        client.post(reverse("set_language"), {"language": "xx", "next": "/backpack/"})
        learner.refresh_from_db()
        assert learner.language == ""

    def test_next_to_another_site_is_not_followed(self, client):
        response = client.post(
            reverse("set_language"), {"language": "fr", "next": "https://evil.example/"}
        )
        assert response.status_code == 302
        assert "evil.example" not in response["Location"]

    def test_the_header_carries_the_switcher(self, client):
        html = client.get("/discover/").content.decode()
        assert 'action="/i18n/language"' in html
        assert 'value="nl" lang="nl"' in html

    def test_profile_saves_the_language(self, client, learner):
        client.force_login(learner)
        response = client.post(
            reverse("account-profile"),
            {"display_name": "Ada", "show_name_publicly": "on", "language": "es"},
        )
        assert response.status_code == 302
        learner.refresh_from_db()
        assert learner.language == "es"
        assert html_lang(client.get(reverse("account-profile"))) == "es"

    def test_profile_refuses_an_unknown_language(self, client, learner):
        client.force_login(learner)
        response = client.post(
            reverse("account-profile"), {"display_name": "Ada", "language": "xx"}
        )
        assert response.status_code == 400
        assert "language" in response.context["form"].errors


@pytest.mark.django_db
class TestAlternates:
    def test_public_page_names_its_language_versions(self, client, settings):
        settings.LAUREL_BASE_URL = "https://badges.example.org"
        html = client.get("/discover/?q=data").content.decode()
        versions = [("en", ""), ("fr", "/fr"), ("de", "/de"), ("es", "/es"), ("nl", "/nl")]
        for code, prefix in versions:
            assert (
                f'<link rel="alternate" hreflang="{code}" '
                f'href="https://badges.example.org{prefix}/discover/?q=data">'
            ) in html
        assert 'hreflang="x-default" href="https://badges.example.org/discover/?q=data"' in html

    def test_private_page_names_none(self, client, learner):
        client.force_login(learner)
        assert "hreflang" not in client.get("/backpack/").content.decode()

    def test_javascript_catalogue_is_served(self, client):
        response = client.get(reverse("javascript-catalog"), HTTP_ACCEPT_LANGUAGE="fr")
        assert response.status_code == 200
        assert b"django.gettext" in response.content or b"gettext" in response.content
