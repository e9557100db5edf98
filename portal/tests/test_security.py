"""Security headers: the Content-Security-Policy of each part of the site, framing, and the
headers of stored files."""

import re

import pytest
from django.test import override_settings

from accounts.tests.factories import UserFactory
from badges.services.awards import assertion_award
from badges.tests.factories import SVG_BADGE, make_badge, make_issuer

pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in header.split(";") if d.strip()}


def test_a_portal_page_runs_no_inline_script_or_style_without_the_pages_nonce(client):
    response = client.get("/")
    assert response.status_code == 200
    csp = policy(response)
    nonce = re.search(r'<style nonce="([^"]+)">', response.content.decode()).group(1)
    assert csp["script-src"] == ["'self'", f"'nonce-{nonce}'"]
    assert csp["style-src"] == ["'self'", f"'nonce-{nonce}'"]
    assert csp["default-src"] == ["'self'"] and csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert policy(client.get("/"))["style-src"] != csp["style-src"]  # a new nonce each time


def test_no_template_writes_an_inline_script_or_style_without_a_nonce(client):
    html = client.get("/").content.decode() + client.get("/discover/").content.decode()
    for tag in re.findall(r"<(?:script|style)\b[^>]*>", html):
        assert "src=" in tag or "nonce=" in tag or "application/ld+json" in tag, tag
    assert " style=" not in html


def test_every_page_sends_the_other_security_headers(client):
    response = client.get("/discover/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_the_wagtail_admin_has_its_own_policy_and_may_frame_itself_for_previews(client):
    csp = policy(client.get("/admin/login/"))
    assert csp["frame-ancestors"] == ["'self'"]
    assert "'unsafe-inline'" in csp["script-src"]


def test_the_api_docs_page_loads_swagger_ui_with_no_inline_script(client):
    response = client.get("/api/docs/")
    html = response.content.decode()
    assert response.status_code == 200
    assert re.findall(r"<script>", html) == []
    assert "'unsafe-inline'" not in policy(response)["script-src"]
    setup = client.get("/api/docs/?script")
    assert setup.status_code == 200 and "SwaggerUIBundle" in setup.content.decode()


def test_the_consent_page_may_send_its_answer_on_to_the_clients_redirect_uri(client):
    client.force_login(UserFactory())
    response = client.get("/o/authorize/")
    assert "form-action" not in policy(response)
    assert "form-action" in policy(client.get("/"))


@override_settings(ROOT_URLCONF="portal.tests.security_urls")
def test_a_view_marked_frameable_may_be_framed_by_any_site_and_no_other(client):
    framed = client.get("/embed-test/framed")
    assert "frame-ancestors" not in policy(framed)
    assert "X-Frame-Options" not in framed
    assert policy(framed)["script-src"] == ["'self'"]  # the rest of the policy stays
    plain = client.get("/embed-test/plain")
    assert policy(plain)["frame-ancestors"] == ["'none'"]
    assert plain["X-Frame-Options"] == "DENY"


@override_settings(ROOT_URLCONF="portal.tests.security_urls")
def test_media_served_by_django_gets_the_file_policy(client):
    response = client.get("/media/badges/evil.svg")
    assert policy(response)["default-src"] == ["'none'"]
    assert "sandbox" in policy(response)


def test_an_svg_badge_image_is_served_with_a_policy_that_runs_nothing(client):
    badge = make_badge(make_issuer(), image=SVG_BADGE, image_name="badge.svg")
    response = client.get(f"/public/badges/{badge.entity_id}/image")
    assert response["Content-Type"] == "image/svg+xml"
    csp = policy(response)
    assert csp["default-src"] == ["'none'"] and "sandbox" in csp and "script-src" not in csp
    assert response["Content-Disposition"] == f'inline; filename="{badge.entity_id}.svg"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_baked_badge_downloads_under_a_safe_name_whatever_the_badge_is_called(client):
    badge = make_badge(make_issuer(), name='Quotes "and"\\ slashes')
    award = assertion_award(badge_class=badge, user=None, recipient_identity="a@b.org")
    response = client.get(f"/public/assertions/{award.entity_id}/baked")
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename")
    assert award.entity_id in disposition
    assert policy(response)["default-src"] == ["'none'"]
