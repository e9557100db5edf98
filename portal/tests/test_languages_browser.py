"""Languages in a real browser: the header's switcher (laptop and phone), a signed-in learner's
choice that outlasts the browser's language, axe-core on the pages in French and German, and
a screenshot of the main pages in every language (var/screenshots/lang-*.png)."""

from io import StringIO

import pytest
from django.core.management import call_command

from .browser import BROWSER_TEST, LAPTOP, PHONE, SCREENSHOTS, axe_here, sign_in, violations

pytestmark = BROWSER_TEST

LEARNER = ("learner@laurel.test", "laurel-demo-learner")
ISSUER = ("admin@laurel.test", "laurel-demo-admin")


@pytest.fixture
def demo(transactional_db):
    # Made before the browser starts: Playwright's event loop forbids ORM calls after.
    call_command("demo_setup", stdout=StringIO())
    from badges.models import BadgeClass, Issuer

    badge = BadgeClass.objects.filter(archived=False, draft=False).first()
    issuer = Issuer.objects.first()
    return {
        "badge": f"/badges/{badge.entity_id}/",
        "issuer": f"/issuers/{issuer.entity_id}/",
        "edit": f"/issue/{badge.issuer.entity_id}/badges/{badge.entity_id}/edit/",
    }


def test_the_switcher_changes_the_language_on_a_laptop_and_a_phone(live_server, demo, page):
    page.goto(live_server.url + "/discover/?q=data")
    assert page.locator("html").get_attribute("lang") == "en"
    page.click(".language-menu summary")
    page.select_option("#language-switch", "fr")
    page.click(".language-menu [type=submit]")
    page.wait_for_url(live_server.url + "/fr/discover/?q=data")
    assert page.locator("html").get_attribute("lang") == "fr"
    # The cookie keeps French on pages with one address for every language.
    page.goto(live_server.url + "/verify/")
    assert page.locator("html").get_attribute("lang") == "fr"

    phone = page.context.browser.new_context(viewport=PHONE).new_page()
    phone.goto(live_server.url + "/discover/")
    phone.click(".site-menu summary")
    phone.select_option("#language-switch-narrow", "de")
    phone.click(".narrow-switch [type=submit]")
    phone.wait_for_url(live_server.url + "/de/discover/")
    assert phone.locator("html").get_attribute("lang") == "de"
    phone.context.close()


def test_a_signed_in_learners_choice_outlasts_the_browsers_language(live_server, demo, page):
    context = page.context.browser.new_context(viewport=LAPTOP, locale="fr-FR")
    tab = context.new_page()
    sign_in(tab, live_server.url, *LEARNER)
    tab.goto(live_server.url + "/backpack/")
    assert tab.locator("html").get_attribute("lang") == "fr"
    tab.click(".language-menu summary")
    tab.select_option("#language-switch", "nl")
    tab.click(".language-menu [type=submit]")
    tab.wait_for_load_state()
    context.clear_cookies()
    sign_in(tab, live_server.url, *LEARNER)
    tab.goto(live_server.url + "/backpack/")
    # Dutch, saved on the account, though the browser still asks for French.
    assert tab.locator("html").get_attribute("lang") == "nl"
    context.close()


@pytest.mark.parametrize("language", ["fr", "de"])
def test_axe_finds_nothing_on_the_pages_in_french_and_german(live_server, demo, page, language):
    found = []
    for path in ["/", "/discover/?q=data", "/pathways/data-analyst/", demo["badge"], "/verify/"]:
        found += violations(page, f"{live_server.url}/{language}{path}")
    context = page.context.browser.new_context(viewport=LAPTOP, locale=language)
    tab = context.new_page()
    sign_in(tab, live_server.url, *ISSUER)
    for path in ["/backpack/", "/accounts/profile/", "/issue/"]:
        tab.goto(live_server.url + path)
        tab.wait_for_load_state("networkidle")
        assert tab.locator("html").get_attribute("lang") == language
        found += axe_here(tab)
    context.close()
    assert not found, "\n".join(found)


@pytest.mark.parametrize("language", ["en", "fr", "de", "es", "nl"])
def test_screenshots_of_the_main_pages_in_each_language(live_server, demo, page, language):
    context = page.context.browser.new_context(viewport=LAPTOP, locale=language)
    tab = context.new_page()
    pages = {"home": "/", "badge": demo["badge"], "search": "/discover/?q=data"}
    for name, path in pages.items():
        tab.goto(live_server.url + path)
        assert tab.locator("html").get_attribute("lang") == language
        tab.screenshot(path=SCREENSHOTS / f"lang-{language}-{name}.png", full_page=True)
    sign_in(tab, live_server.url, *ISSUER)
    for name, path in {"backpack": "/backpack/", "workspace": "/issue/"}.items():
        tab.goto(live_server.url + path)
        tab.screenshot(path=SCREENSHOTS / f"lang-{language}-{name}.png", full_page=True)
    tab.set_viewport_size(PHONE)
    tab.goto(live_server.url + "/")
    tab.screenshot(path=SCREENSHOTS / f"lang-{language}-home-phone.png", full_page=True)
    context.close()


def test_an_issuer_working_in_french_adds_a_french_version_of_a_badge(live_server, demo, page):
    context = page.context.browser.new_context(viewport=LAPTOP, locale="fr-FR")
    tab = context.new_page()
    sign_in(tab, live_server.url, *ISSUER)
    tab.goto(live_server.url + demo["edit"])
    badge_id = demo["badge"].split("/")[2]
    tab.click(f"a[href$='/badges/{badge_id}/translations/fr/']")
    assert tab.locator("html").get_attribute("lang") == "fr"
    found = axe_here(tab)
    tab.screenshot(path=SCREENSHOTS / "lang-fr-badge-translation.png", full_page=True)
    tab.fill("#id_name", "Badge traduit")
    tab.fill("#id_description", "Une description en français.")
    tab.fill("#id_criteria_narrative", "Réussir le **projet**.")
    tab.click("button[name=action][value=save]")
    tab.wait_for_selector(".message")
    assert "Badge traduit" in tab.locator(".badge-translations").inner_text()
    tab.goto(live_server.url + "/fr" + demo["badge"])
    assert tab.locator("h1").inner_text() == "Badge traduit"
    assert tab.locator("h1").get_attribute("lang") is None
    tab.set_viewport_size(PHONE)
    tab.goto(live_server.url + demo["edit"].replace("/edit/", "/translations/fr/"))
    tab.screenshot(path=SCREENSHOTS / "lang-fr-badge-translation-phone.png", full_page=True)
    context.close()
    assert not found, "\n".join(found)
