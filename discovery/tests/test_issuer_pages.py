"""The issuer directory at /issuers/ and an issuer's page with its badges."""

import pytest
from bs4 import BeautifulSoup

from badges.tests.factories import make_badge

pytestmark = pytest.mark.django_db


def soup_of(client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_the_directory_lists_issuers_with_public_badges_and_their_counts(client, catalogue):
    soup = soup_of(client, "/issuers/")
    rows = {
        li.a.get_text(): li.select_one(".muted").get_text() for li in soup.select(".issuer-list li")
    }

    # Archived and private badges are not counted; an issuer with none public is not listed.
    assert rows == {"Harbour Training": "2 badges", "Northfield University": "2 badges"}
    link = soup.select_one(".issuer-list a")
    assert link["href"] == f"/issuers/{catalogue.harbour.entity_id}/"


def test_an_issuer_page_shows_the_issuer_and_its_public_badges(client, catalogue):
    soup = soup_of(client, f"/issuers/{catalogue.northfield.entity_id}/")

    assert soup.h1.get_text() == "Northfield University"
    names = [tile.select_one(".name").get_text() for tile in soup.select(".badge-tile")]
    assert names == ["Advanced Python Testing", "Python Programming"]
    assert soup.select_one("a[href='/discover/?issuer=Northfield%20University']") is not None
    og = {m["property"]: m["content"] for m in soup.select("meta[property^='og:']")}
    assert og["og:title"] == "Northfield University"


def test_an_issuer_with_many_badges_pages_them(client, catalogue):
    for n in range(25):
        make_badge(catalogue.empty_issuer, name=f"Module {n:02d}")

    first = soup_of(client, f"/issuers/{catalogue.empty_issuer.entity_id}/")
    assert len(first.select(".badge-tile")) == 24
    next_url = first.select_one("nav.pagination a[rel=next]")["href"]
    second = soup_of(client, next_url)
    assert [t.select_one(".name").get_text() for t in second.select(".badge-tile")] == ["Module 24"]
    # A page number that is not one shows the nearest page rather than an error.
    lenient = soup_of(client, f"/issuers/{catalogue.empty_issuer.entity_id}/?page=abc")
    assert len(lenient.select(".badge-tile")) == 24


def test_an_unknown_issuer_is_a_404(client, db):
    assert client.get("/issuers/nobody/").status_code == 404
