"""Accessibility of the public pages, checked by axe-core in headless Chromium.

axe-core (bundled by axe-playwright-python, no network) runs its WCAG 2 A/AA rules on each
page of the demo: as a visitor, and the pathway and dashboard as the signed-in learner, each at
1280 px and at 390x844 (a phone). test_phone_layout.py runs it over every page of the portal.
"""

from io import StringIO

import pytest
from django.core.management import call_command

from .browser import BROWSER_TEST, violations
from .portal_pages import DEMO_CONTENT_PAGES

pytestmark = BROWSER_TEST

VISITOR_PAGES = [
    *DEMO_CONTENT_PAGES,
    "/discover/?q=data",
    "/discover/?q=data&level=intermediate",
    "/discover/?q=zzzzqqq",
    "/issuers/",
    "/accounts/login/",
    "/accounts/signup/",
]
LEARNER_PAGES = ["/pathways/data-analyst/", "/dashboard/", "/accounts/profile/", "/accounts/email/"]
# A laptop and a phone: the pages change layout (menus, tables) between the two.
VIEWPORTS = [{"width": 1280, "height": 800}, {"width": 390, "height": 844}]


@pytest.fixture
def demo(transactional_db):
    # Made before the browser starts: Playwright's event loop forbids ORM calls after.
    call_command("demo_setup", stdout=StringIO())
    from badges.models import BadgeClass, Issuer

    badge = BadgeClass.objects.filter(archived=False).first()
    return [f"/badges/{badge.entity_id}/", f"/issuers/{Issuer.objects.first().entity_id}/"]


def test_axe_finds_no_accessibility_violation_on_the_public_pages(live_server, demo, page):
    found = []
    for viewport in VIEWPORTS:
        tab = page.context.browser.new_context(viewport=viewport).new_page()
        width = f"{viewport['width']} px: "
        for path in [*VISITOR_PAGES, *demo]:
            found += [width + v for v in violations(tab, live_server.url + path)]
        tab.goto(live_server.url + "/accounts/login/")
        tab.fill("input[name=login]", "learner@laurel.test")
        tab.fill("input[name=password]", "laurel-demo-learner")
        tab.click("main button[type=submit]")
        tab.wait_for_load_state("networkidle")
        for path in LEARNER_PAGES:
            found += [width + v for v in violations(tab, live_server.url + path)]
        tab.context.close()
    assert not found, "\n".join(found)
