"""The badge page at /badges/<id>/: what a learner, a search engine and a social preview see."""

import json

import pytest
from bs4 import BeautifulSoup
from django.test import override_settings

pytestmark = pytest.mark.django_db


def badge_page(client, badge, status: int = 200) -> BeautifulSoup:
    response = client.get(f"/badges/{badge.entity_id}/")
    assert response.status_code == status
    return BeautifulSoup(response.content, "html.parser")


def json_ld(soup: BeautifulSoup) -> dict | None:
    script = soup.select_one("script[type='application/ld+json']")
    return json.loads(script.string) if script else None


def facts(soup: BeautifulSoup) -> dict[str, str]:
    return {
        row.dt.get_text(strip=True): row.dd.get_text(strip=True)
        for row in soup.select(".badge-facts dl div")
    }


def test_the_badge_page_shows_what_the_badge_is_and_who_issues_it(client, catalogue):
    soup = badge_page(client, catalogue.python)

    assert soup.h1.get_text() == "Python Programming"
    assert soup.title.get_text() == "Python Programming · Northfield University · Laurel"
    assert "Writes, tests and documents small Python programs." in soup.get_text()
    image = soup.select_one(".badge-header img")
    assert image["src"] == f"/public/badges/{catalogue.python.entity_id}/image"
    assert image["alt"]
    issuer = soup.select_one(".badge-header .issuer a")
    assert issuer.get_text() == "Northfield University"
    assert issuer["href"] == f"/issuers/{catalogue.northfield.entity_id}/"
    tags = [a.get_text() for a in soup.select(".tags a")]
    assert tags == ["python", "programming"]
    assert soup.select_one(".tags a")["href"] == "/discover/?tag=python"


def test_criteria_markdown_is_rendered_and_scripts_are_removed(client, catalogue):
    soup = badge_page(client, catalogue.python)
    criteria = soup.select_one(".prose")

    assert criteria.strong.get_text() == "final project"
    assert criteria.find("script") is None
    assert "alert" not in str(criteria)


def test_alignments_link_to_their_framework_and_show_the_code(client, catalogue):
    soup = badge_page(client, catalogue.python)
    alignment = soup.select_one(".alignments li")

    assert alignment.a["href"] == "https://esco.example.org/skill/s1-2"
    assert "Programming computer systems" in alignment.get_text()
    assert "S1.2" in alignment.get_text()
    assert alignment.select("a")[1]["href"] == "/discover/?framework=ESCO"


def test_the_earning_facts_are_listed(client, catalogue):
    assert facts(badge_page(client, catalogue.python)) == {
        "Level": "Introductory",
        "Type": "Skill",
        "Time to earn": "10 hours",
        "Cost": "Free",
        "Language": "English",
        "Earned": "3 times",
    }
    paid = facts(badge_page(client, catalogue.testing))
    assert paid["Cost"] == "50.00 EUR"
    assert paid["Earned"] == "1 time"


def test_how_to_earn_points_to_the_criteria(client, catalogue):
    section = badge_page(client, catalogue.python).select_one(".how-to-earn")

    assert section.h2.get_text() == "How to earn this badge"
    assert section.select_one("a[href='#criteria-heading']") is not None


def test_related_badges_are_public_badges_like_this_one(client, catalogue):
    soup = badge_page(client, catalogue.python)
    related = [a.select_one(".name").get_text() for a in soup.select(".related .badge-tile")]

    assert related
    assert "Python Programming" not in related
    assert "Python Legacy Migration" not in related
    assert "Internal Python Onboarding" not in related
    others = {"Advanced Python Testing", "Data Analysis with Python", "Welding Safety"}
    assert set(related) <= others


@override_settings(LAUREL_BASE_URL="https://badges.example.edu")
def test_the_page_carries_open_graph_tags_for_social_previews(client, catalogue):
    soup = badge_page(client, catalogue.python)
    og = {m["property"]: m["content"] for m in soup.select("meta[property^='og:']")}
    page_url = f"https://badges.example.edu/badges/{catalogue.python.entity_id}/"

    assert og["og:title"] == "Python Programming · Northfield University"
    assert og["og:url"] == page_url
    assert og["og:image"] == (
        f"https://badges.example.edu/public/badges/{catalogue.python.entity_id}/image?fmt=wide"
    )
    assert soup.select_one("link[rel=canonical]")["href"] == page_url


@override_settings(LAUREL_BASE_URL="https://badges.example.edu")
def test_the_page_describes_the_badge_as_a_schema_org_credential(client, catalogue):
    data = json_ld(badge_page(client, catalogue.python))

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "EducationalOccupationalCredential"
    assert data["name"] == "Python Programming"
    assert data["url"] == f"https://badges.example.edu/badges/{catalogue.python.entity_id}/"
    assert data["credentialCategory"] == "Skill"
    assert data["educationalLevel"] == "Introductory"
    assert data["timeRequired"] == "PT10H"
    assert data["recognizedBy"]["name"] == "Northfield University"
    assert data["competencyRequired"][0] == {
        "@type": "DefinedTerm",
        "name": "Programming computer systems",
        "termCode": "S1.2",
        "url": "https://esco.example.org/skill/s1-2",
        "inDefinedTermSet": "ESCO",
    }
    assert data["offers"]["category"] == "Free"


def test_json_ld_cannot_break_out_of_its_script_element(client, catalogue):
    catalogue.welding.description = "Safe </script><script>alert(1)</script> welding"
    catalogue.welding.save()

    response = client.get(f"/badges/{catalogue.welding.entity_id}/")

    assert b"</script><script>alert(1)" not in response.content
    soup = BeautifulSoup(response.content, "html.parser")
    assert json_ld(soup)["description"] == catalogue.welding.description


def test_an_archived_badge_keeps_its_page_marked_archived_and_out_of_search_engines(
    client, catalogue
):
    soup = badge_page(client, catalogue.archived)

    assert soup.h1.get_text() == "Python Legacy Migration"
    assert "Archived." in soup.select_one(".notice").get_text()
    assert soup.select_one("meta[name=robots]")["content"] == "noindex"
    assert json_ld(soup) is None
    assert soup.select_one(".how-to-earn") is None


def test_a_private_badge_page_opens_from_its_link_but_is_not_indexed(client, catalogue):
    soup = badge_page(client, catalogue.private)

    assert "Not listed." in soup.select_one(".notice").get_text()
    assert soup.select_one("meta[name=robots]")["content"] == "noindex"
    assert json_ld(soup) is None


def test_a_listed_badge_page_may_be_indexed(client, catalogue):
    assert badge_page(client, catalogue.python).select_one("meta[name=robots]") is None


def test_an_unknown_badge_is_a_404(client, db):
    assert client.get("/badges/no-such-badge/").status_code == 404


def test_the_pathways_that_include_the_badge_are_linked(client, catalogue):
    from portal.demo import add_page, badge_step
    from portal.models import HomePage, PathwayIndexPage, PathwayPage

    index = add_page(HomePage.objects.get(), PathwayIndexPage(title="Pathways", slug="pathways"))
    steps = [badge_step(catalogue.python)]
    pathway = add_page(index, PathwayPage(title="Python for analysts", slug="python", steps=steps))

    links = badge_page(client, catalogue.python).select("#pathways-heading + ul a")

    assert [(a.get_text(), a["href"]) for a in links] == [("Python for analysts", pathway.url)]
    assert badge_page(client, catalogue.welding).select_one("#pathways-heading") is None


def test_the_badge_page_counts_earners_without_a_query_per_award(client, catalogue):
    """The earned count comes from the award roll-up: 50 more awards, not one more query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from badges.services.awards import assertion_award_batch

    def page_queries() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as captured:
            soup = badge_page(client, catalogue.python)
        return len(captured), facts(soup)["Earned"]

    page_queries()  # the first view also warms caches
    few, earned = page_queries()
    rows = [{"recipient_identity": f"coder{n}@example.org"} for n in range(50)]
    user = catalogue.python.issuer.staff.first().user
    assertion_award_batch(badge_class=catalogue.python, user=user, rows=rows, notify=False)
    assert page_queries() == (few, f"{int(earned.split()[0]) + 50} times")
