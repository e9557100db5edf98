"""A new issuer in a real browser (headless Chromium): sign up, verify the email, create an
issuer, design and publish a badge, award it to two people, revoke one, read the dashboard.
axe-core checks every workspace page on the way (WCAG 2 A/AA)."""

from portal.tests.browser import (
    BROWSER_TEST,
    fill_sign_in,
    screenshots,
    sign_up_and_confirm,
    violations,
)

pytestmark = BROWSER_TEST

EMAIL = "dean@harbour.example"
PASSWORD = "a-long-passphrase-5"


shot = screenshots("workspace")


def test_a_new_issuer_builds_awards_revokes_and_follows_a_badge(live_server, page):
    base = live_server.url
    found: list[str] = []

    def check(url: str) -> None:
        found.extend(violations(page, url))

    sign_up_and_confirm(page, base, EMAIL, PASSWORD)
    page.goto(base + "/accounts/login/")
    if "/accounts/login/" in page.url:
        fill_sign_in(page, EMAIL, PASSWORD)
        page.wait_for_load_state()

    check(base + "/issue/")
    shot(page, "1-home")
    page.click("text=Create an issuer")
    page.fill("input[name=name]", "Harbour College")
    page.fill("input[name=url]", "https://harbour.example")
    page.select_option("select[name=email]", EMAIL)
    shot(page, "2-new-issuer")
    page.click("form.ws-form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Badge classes"
    badges_url = page.url

    page.click("text=New badge class")
    page.wait_for_load_state()
    check(page.url)
    page.fill("input[name=name]", "Sea Survival")
    page.fill("textarea[name=description]", "Survives a capsize and helps others do so.")
    page.fill("textarea[name=criteria_narrative]", "Complete the **sea survival** course.")
    page.fill("input[name=tags]", "sailing, safety")
    page.get_by_label("Shield").check()
    page.get_by_label("Icon", exact=True).select_option("sailboat")
    page.locator("[data-studio-image]").scroll_into_view_if_needed()
    # Both live previews follow: the studio redraws the badge, the criteria show as HTML.
    page.wait_for_function(
        "() => document.querySelector('[data-studio-image]').src.startsWith('blob:')"
    )
    page.locator("#criteria-preview strong", has_text="sea survival").wait_for()
    page.wait_for_load_state("networkidle")
    shot(page, "3-new-badge-studio")
    page.click("button[name=publish][value='1']")
    page.wait_for_load_state()
    assert "published" in page.locator(".messages").inner_text()
    shot(page, "4-badge-published")

    page.goto(badges_url)
    check(badges_url)
    page.click("a.button:has-text('Award')")
    page.wait_for_load_state()
    check(page.url)
    page.fill("textarea[name=recipients]", "ada@example.org\ngrace@example.org")
    page.click("form:has(input[value=paste]) button[type=submit]")
    page.wait_for_load_state()
    shot(page, "5-award-preview")
    page.click("button:has-text('Award 2 badges')")
    page.wait_for_load_state()
    page.locator("#job-awards").wait_for(state="visible")
    assert "2 awarded" in page.locator("#job-status").inner_text()
    shot(page, "6-job-done")

    page.click("#job-awards")
    page.wait_for_load_state()
    check(page.url)
    page.check("input[aria-label='Select the award to grace@example.org']")
    page.click("button:has-text('Revoke selected')")
    page.wait_for_load_state()
    page.fill("input[name=reason]", "Awarded to the wrong person")
    page.click(".confirm button[type=submit]")
    page.wait_for_load_state()
    assert "Revoked 1 award" in page.locator(".messages").inner_text()
    shot(page, "7-revoked")

    page.click("nav.ws-tabs >> text=Dashboard")
    page.wait_for_load_state("networkidle")
    check(page.url)
    figures = page.locator(".ws-figures").inner_text()
    assert "Live awards\n1" in figures and "Revoked\n1" in figures
    assert page.locator("#chart-over-time").is_visible()
    shot(page, "8-dashboard")
    dashboard = page.url.split("?")[0]
    check(dashboard + "staff/")
    check(dashboard + "settings/")
    assert found == [], "\n".join(found)
