"""What crawlers and feed readers get: sitemap.xml, the Atom feed of new badges, robots.txt."""

import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.test import override_settings

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"


def xml(client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200
    return ET.fromstring(response.content)


def locations(root: ET.Element) -> list[str]:
    return [loc.text for loc in root.iter(f"{SITEMAP}loc")]


def test_the_sitemap_index_names_the_badge_issuer_and_page_sections(client, catalogue):
    assert locations(xml(client, "/sitemap.xml")) == [
        "http://testserver/sitemap-pages.xml",
        "http://testserver/sitemap-badges.xml",
        "http://testserver/sitemap-issuers.xml",
    ]


def in_every_language(path: str) -> list[str]:
    """A public page's address in each language: English unprefixed, the others under
    /<language>/."""
    return [
        f"http://testserver{'' if code == 'en' else '/' + code}{path}"
        for code, _name in settings.LANGUAGES
    ]


def test_the_badge_sitemap_lists_public_badge_pages_only(client, catalogue):
    urls = locations(xml(client, "/sitemap-badges.xml"))

    listed = {catalogue.python, catalogue.testing, catalogue.data, catalogue.welding}
    assert sorted(urls) == sorted(
        url for b in listed for url in in_every_language(f"/badges/{b.entity_id}/")
    )


def test_the_issuer_sitemap_lists_issuers_with_public_badges(client, catalogue):
    urls = locations(xml(client, "/sitemap-issuers.xml"))

    issuers = (catalogue.northfield, catalogue.harbour)
    assert sorted(urls) == sorted(
        url for i in issuers for url in in_every_language(f"/issuers/{i.entity_id}/")
    )


def test_the_pages_sitemap_lists_the_live_wagtail_pages(client, db):
    assert "http://testserver/" in locations(xml(client, "/sitemap-pages.xml"))


def test_the_atom_feed_lists_new_public_badges_newest_first(client, catalogue):
    response = client.get("/discover/feed.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.find(f"{ATOM}title").text == "New badges on Laurel"
    entries = feed.findall(f"{ATOM}entry")

    titles = [entry.find(f"{ATOM}title").text for entry in entries]
    assert titles == [
        "Welding Safety",
        "Data Analysis with Python",
        "Advanced Python Testing",
        "Python Programming",
    ]
    first = entries[0]
    assert first.find(f"{ATOM}link").get("href") == (
        f"http://testserver/badges/{catalogue.welding.entity_id}/"
    )
    assert first.find(f"{ATOM}author/{ATOM}name").text == "Harbour Training"
    assert [c.get("term") for c in first.findall(f"{ATOM}category")] == ["safety"]


def test_a_badge_with_a_control_character_saved_long_ago_does_not_break_the_feed(client, catalogue):
    from badges.models import BadgeClass

    BadgeClass.objects.filter(pk=catalogue.welding.pk).update(name="Welding\x0b Safety")
    feed = xml(client, "/discover/feed.atom")
    assert feed.find(f"{ATOM}entry/{ATOM}title").text == "Welding Safety"


def test_the_search_page_advertises_the_feed(client, catalogue):
    assert b'type="application/atom+xml"' in client.get("/discover/").content


@override_settings(LAUREL_BASE_URL="https://badges.example.edu")
def test_robots_txt_keeps_crawlers_out_of_private_areas_and_points_to_the_sitemap(client, db):
    response = client.get("/robots.txt")

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    for path in ("/admin/", "/staff/", "/accounts/"):
        assert f"Disallow: {path}" in lines
    assert "Sitemap: https://badges.example.edu/sitemap.xml" in lines
