"""Finding a badge in a real browser: suggestions, facets, the badge page; with and without JS."""

import re

import pytest

from discovery.tests.conftest import build_catalogue, reindex
from portal.tests.browser import BROWSER_TEST, SCREENSHOTS, chromium

pytestmark = BROWSER_TEST


@pytest.fixture
def indexed_catalogue(transactional_db):
    # Built and indexed before the browser starts: Playwright's loop forbids ORM calls after.
    catalogue = build_catalogue()
    reindex()
    return catalogue


@pytest.fixture
def browser():
    with chromium() as browser:
        yield browser
        # No request may still be running on the live server when the test's data is
        # flushed: a late image request would write rows into the next test's database.
        for context in browser.contexts:
            for open_page in context.pages:
                open_page.wait_for_load_state("networkidle")


def test_a_visitor_types_picks_a_suggestion_filters_twice_and_opens_a_badge(
    live_server, indexed_catalogue, browser
):
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(live_server.url + "/discover/")
    page.evaluate("window.sameDocument = true")  # gone if anything reloads the page

    search_box = page.get_by_role("combobox", name="Search badges by name, skill or issuer")
    search_box.press_sequentially("pyth", delay=60)
    listbox = page.get_by_role("listbox", name="Suggestions")
    expect(listbox).to_be_visible()
    expect(search_box).to_have_attribute("aria-expanded", "true")
    page.screenshot(path=SCREENSHOTS / "discover-1-suggestions.png")

    search_box.press("ArrowDown")
    first = listbox.get_by_role("option").first
    expect(first).to_have_attribute("aria-selected", "true")
    expect(search_box).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    picked = first.inner_text()
    search_box.press("Enter")
    expect(page).to_have_url(re.compile(r"/discover/\?q="))
    expect(search_box).to_have_value(picked)
    expect(listbox).to_be_hidden()
    expect(page.locator("#results-heading")).to_contain_text(picked)
    page.screenshot(path=SCREENSHOTS / "discover-2-results.png", full_page=True)

    issuer_filter = page.get_by_role("group", name="Issuer").get_by_role("checkbox").first
    issuer = issuer_filter.get_attribute("value")
    issuer_filter.check()
    expect(page).to_have_url(re.compile(r"issuer="))
    # The results were swapped in place; keyboard focus stays on the box just ticked.
    expect(page.locator(".active-filters .chip")).to_have_count(1)
    expect(page.get_by_role("group", name="Issuer").get_by_role("checkbox").first).to_be_focused()
    level_filter = page.get_by_role("group", name="Level").get_by_role("checkbox").first
    level = level_filter.get_attribute("value")
    level_filter.check()
    expect(page).to_have_url(re.compile(r"level=" + level))
    expect(page.locator(".active-filters .chip")).to_have_count(2)
    level_group = page.get_by_role("group", name="Level")
    expect(level_group.get_by_role("checkbox", checked=True)).to_have_count(1)
    assert page.evaluate("window.sameDocument") is True
    expect(page.locator("#discover-status")).to_have_text(re.compile(r"^\d+ badges? found$"))
    page.screenshot(path=SCREENSHOTS / "discover-3-filtered.png", full_page=True)

    # The URL alone reproduces the search: filters live in it.
    shared = browser.new_page(viewport={"width": 1280, "height": 900})
    shared.goto(page.url)
    expect(shared.locator(".active-filters .chip")).to_have_count(2)
    assert issuer in shared.locator(".active-filters").inner_text()
    shared.wait_for_load_state("networkidle")
    shared.close()

    result = page.locator(".badge-list h3 a").first
    name = result.inner_text()
    result.click()
    expect(page).to_have_url(re.compile(r"/badges/[\w-]+/$"))
    expect(page.locator("h1")).to_have_text(name)
    expect(page.get_by_role("heading", name="How to earn this badge")).to_be_visible()
    expect(page.locator(".badge-facts")).to_contain_text("Earned")
    page.screenshot(path=SCREENSHOTS / "discover-4-badge-page.png", full_page=True)

    page.go_back()
    expect(page.locator(".active-filters .chip")).to_have_count(2)


def test_without_javascript_the_form_and_filters_still_work(
    live_server, indexed_catalogue, browser
):
    from playwright.sync_api import expect

    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.goto(live_server.url + "/discover/")
    page.get_by_label("Search badges by name, skill or issuer").fill("python")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.locator("#results-heading")).to_contain_text("3 badges")

    page.get_by_role("group", name="Cost").get_by_label(re.compile("^Paid")).check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"cost=paid"))
    expect(page.locator(".badge-list h3")).to_have_text(["Advanced Python Testing"])
    page.screenshot(path=SCREENSHOTS / "discover-no-js.png", full_page=True)
    page.wait_for_load_state("networkidle")
    context.close()
