"""The portal on a phone (390x844) and on a laptop (1280 px): every page fits the screen, the
menus fold into buttons that work without JavaScript and from the keyboard, and axe-core finds
nothing on any page at either width."""

import re

import pytest

from .browser import (
    BROWSER_TEST,
    LAPTOP,
    PHONE,
    SCREENSHOTS,
    axe_here,
    fill_sign_in,
    violations,
)
from .portal_pages import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    LEARNER_EMAIL,
    LEARNER_PASSWORD,
    WEBHOOK_HOST,
    portal_pages_create,
)

pytestmark = BROWSER_TEST

# What sticks out past the right edge: the outermost elements wider than the viewport.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.querySelectorAll("body *")) {
    const right = el.getBoundingClientRect().right;
    const parent = el.parentElement.getBoundingClientRect().right;
    if (right > width + 1 && parent <= width + 1) {
      out.push(`${el.tagName.toLowerCase()}.${el.className} ends at ${Math.round(right)} px`);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, out: out.slice(0, 5)};
}"""


@pytest.fixture
def portal(transactional_db, settings):
    # Made before the browser starts: Playwright's event loop forbids ORM calls after.
    settings.LAUREL_FETCH_ALLOWED_HOSTS = [WEBHOOK_HOST]
    return portal_pages_create()


@pytest.fixture
def people(transactional_db):
    """A learner, and an operator who owns an issuer with a badge and a claim code."""
    from accounts.services import user_create
    from badges.services.claim_codes import claim_code_create
    from badges.tests.factories import make_badge, make_issuer

    user_create(email=LEARNER_EMAIL, password=LEARNER_PASSWORD, verified=True)
    admin = user_create(
        email=ADMIN_EMAIL, password=ADMIN_PASSWORD, verified=True, is_staff=True, is_superuser=True
    )
    issuer = make_issuer(owner=admin, name="Harbour College")
    badge = make_badge(issuer, name="Sea Survival")
    claim_code_create(badge_class=badge, user=admin, count=2)
    i, b = issuer.entity_id, badge.entity_id
    tails = ("", "badges/", f"badges/{b}/codes/print/", "settings/")
    return [f"/issue/{i}/{tail}" for tail in tails]


def signed_in(page, base, email, password, viewport, javascript=True):
    """A new browser tab of its own (own cookies) at that size, signed in unless email is None."""
    context = page.context.browser.new_context(viewport=viewport, java_script_enabled=javascript)
    tab = context.new_page()
    if email:
        tab.goto(base + "/accounts/login/")
        fill_sign_in(tab, email, password, "main button[type=submit]")
        tab.wait_for_load_state("networkidle")
        assert "/accounts/login/" not in tab.url, f"{email} could not sign in"
    return tab


def roles(portal):
    return [
        ("visitor", None, None, portal.public),
        ("learner", LEARNER_EMAIL, LEARNER_PASSWORD, portal.learner),
        ("issuer", ADMIN_EMAIL, ADMIN_PASSWORD, portal.workspace),
    ]


def shot_name(width: int, who: str, path: str) -> str:
    return f"{width}-{who}-{re.sub(r'[^a-z0-9]+', '-', path.lower()).strip('-')[:48] or 'home'}.png"


def test_no_page_of_the_portal_scrolls_sideways_on_a_phone(live_server, portal, page):
    folder = SCREENSHOTS / "phone"
    folder.mkdir(parents=True, exist_ok=True)
    too_wide, broken, missing = [], [], []
    for who, email, password, paths in roles(portal):
        tab = signed_in(page, live_server.url, email, password, PHONE)
        tab.on(
            "response",
            lambda r: missing.append(f"{r.status} {r.url}") if r.status == 404 else None,
        )
        for path in paths:
            response = tab.goto(live_server.url + path)
            tab.wait_for_load_state("networkidle")
            if response.status >= 400:
                broken.append(f"{who} {path}: {response.status}")
            found = tab.evaluate(OVERFLOW)
            if found["scrollWidth"] > found["width"]:
                too_wide.append(f"{who} {path}: {found['scrollWidth']} px wide; {found['out']}")
            tab.screenshot(path=folder / shot_name(390, who, path))
        tab.context.close()
    assert not broken, "\n".join(broken)
    assert not missing, "Not found while loading the pages:\n" + "\n".join(missing)
    assert not too_wide, "\n".join(too_wide)


def test_axe_finds_no_violation_on_any_page_of_the_portal_on_a_phone_or_a_laptop(
    live_server,
    portal,
    page,
):
    found = []
    for viewport in (PHONE, LAPTOP):
        for who, email, password, paths in roles(portal):
            tab = signed_in(page, live_server.url, email, password, viewport)
            for path in paths:
                seen = violations(tab, live_server.url + path)
                found += [f"{viewport['width']} px {who} {v}" for v in seen]
            if viewport is PHONE:
                tab.click(".site-menu > summary")  # the open menu is checked too
                found += [f"390 px {who} menu open: {v}" for v in axe_here(tab, "")]
            tab.context.close()
    assert not found, "\n".join(found)


def test_on_a_phone_the_site_header_folds_into_a_menu_button_that_the_keyboard_opens_and_closes(
    live_server,
    people,
    page,
):
    tab = signed_in(page, live_server.url, LEARNER_EMAIL, LEARNER_PASSWORD, PHONE)
    tab.goto(live_server.url + "/dashboard/")
    assert tab.locator(".site-header").bounding_box()["height"] <= 80
    header = tab.locator(".site-header")
    assert not header.get_by_role("link", name="Backpack").is_visible()
    assert not header.get_by_role("link", name="Discover badges").is_visible()

    menu = tab.locator(".site-menu > summary")
    menu.focus()
    tab.keyboard.press("Enter")
    for name in ("Discover badges", "Verify a badge", "Dashboard", "Backpack", "Applications"):
        assert header.get_by_role("link", name=name).is_visible(), name
    assert header.get_by_role("button", name="Sign out").is_visible()
    tab.screenshot(path=SCREENSHOTS / "phone-menu-open.png")
    tab.keyboard.press("Escape")
    assert not header.get_by_role("link", name="Backpack").is_visible()
    assert tab.evaluate("document.activeElement.textContent.trim()") == "Menu"

    tab.keyboard.press("Enter")
    header.get_by_role("link", name="Backpack").click()
    tab.wait_for_url(live_server.url + "/backpack/")


def test_the_menus_open_without_javascript(live_server, people, page):
    context = page.context.browser.new_context(java_script_enabled=False, viewport=PHONE)
    tab = context.new_page()
    tab.goto(live_server.url + "/")
    tab.locator(".site-menu > summary").click()
    tab.get_by_role("link", name="Sign in").click()
    fill_sign_in(tab, LEARNER_EMAIL, LEARNER_PASSWORD, "main button[type=submit]")
    tab.set_viewport_size(LAPTOP)
    tab.locator(".account-nav summary").click()
    tab.get_by_role("link", name="Claim a badge").click()
    assert tab.url == live_server.url + "/claim/"


def test_signed_in_at_1280_px_the_header_fits_on_one_line_with_the_learners_links_in_one_menu(
    live_server,
    people,
    page,
):
    learner = signed_in(page, live_server.url, LEARNER_EMAIL, LEARNER_PASSWORD, LAPTOP)
    learner.goto(live_server.url + "/dashboard/")
    header = learner.locator(".site-header")
    assert header.bounding_box()["height"] <= 80
    assert not header.get_by_role("link", name="Issuing", exact=True).is_visible()
    assert not header.get_by_role("link", name="Backpack").is_visible()
    header.locator(".account-nav summary").click()
    for name in ("Backpack", "Applications", "Claim a badge", "Account", "Start issuing badges"):
        assert header.get_by_role("link", name=name).is_visible(), name
    learner.screenshot(path=SCREENSHOTS / "laptop-account-menu-open.png")

    issuer = signed_in(page, live_server.url, ADMIN_EMAIL, ADMIN_PASSWORD, LAPTOP)
    issuer.goto(live_server.url + "/issue/")
    header = issuer.locator(".site-header")
    assert header.bounding_box()["height"] <= 80
    issuing = header.get_by_role("link", name="Issuing", exact=True).first
    assert issuing.is_visible()
    assert issuing.get_attribute("aria-current") == "page"
    header.locator(".account-nav summary").click()
    assert not header.get_by_role("link", name="Start issuing badges").is_visible()
    assert header.get_by_role("link", name="Editor admin").is_visible()


def test_on_a_phone_the_workspace_header_and_tabs_take_at_most_a_quarter_of_the_first_screen(
    live_server,
    people,
    page,
):
    tab = signed_in(page, live_server.url, ADMIN_EMAIL, ADMIN_PASSWORD, PHONE)
    for path in people:
        tab.goto(live_server.url + path)
        tabs = tab.locator(".ws-tabs").bounding_box()
        assert tabs["y"] + tabs["height"] <= PHONE["height"] / 4, path
    # The tab of the page is scrolled into view.
    tab.goto(live_server.url + people[-1])
    current = tab.locator(".ws-tabs [aria-current=page]").bounding_box()
    assert current["x"] >= 0 and current["x"] + current["width"] <= PHONE["width"]


def test_the_wagtail_user_bar_sits_below_the_footer_and_is_not_printed(live_server, people, page):
    tab = signed_in(page, live_server.url, ADMIN_EMAIL, ADMIN_PASSWORD, PHONE)
    tab.goto(live_server.url + "/")
    tab.wait_for_load_state("networkidle")
    userbar = tab.locator("wagtail-userbar")
    assert userbar.count() == 1
    footer = tab.locator(".site-footer").bounding_box()
    trigger = tab.locator("#wagtail-userbar-trigger").bounding_box()
    assert trigger["y"] >= footer["y"] + footer["height"]

    tab.goto(live_server.url + people[2])
    tab.emulate_media(media="print")
    assert not tab.locator("#wagtail-userbar-trigger").is_visible()
    assert not tab.locator(".site-header").is_visible()


@pytest.fixture
def open_badge(people):
    from badges.models import BadgeClass

    badge = BadgeClass.objects.get(name="Sea Survival")
    badge.accepts_applications = True
    badge.save(update_fields=["accepts_applications"])
    return f"/backpack/apply/{badge.entity_id}/"


def test_the_apply_form_shows_only_the_field_of_the_chosen_kind_of_evidence(
    live_server,
    open_badge,
    page,
):
    tab = signed_in(page, live_server.url, LEARNER_EMAIL, LEARNER_PASSWORD, PHONE)
    tab.goto(live_server.url + open_badge)
    evidence = tab.locator(".new-evidence")
    text, link, file = (evidence.locator(f"[data-kind={kind}]") for kind in ("text", "url", "file"))
    assert text.is_visible() and not link.is_visible() and not file.is_visible()
    evidence.get_by_label("A link").check()
    assert link.is_visible() and not text.is_visible() and not file.is_visible()
    evidence.get_by_label("A file").check()
    assert file.is_visible() and not text.is_visible() and not link.is_visible()
    tab.screenshot(path=SCREENSHOTS / "apply-evidence-file.png", full_page=True)

    plain = signed_in(page, live_server.url, LEARNER_EMAIL, LEARNER_PASSWORD, PHONE, False)
    plain.goto(live_server.url + open_badge)
    for kind in ("text", "url", "file"):
        assert plain.locator(f".new-evidence [data-kind={kind}]").is_visible(), kind
