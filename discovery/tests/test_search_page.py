"""The search page at /discover/: words, facets, filters in the URL, sort, pages, help."""

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db


def page(client, url: str, status: int = 200, **headers) -> BeautifulSoup:
    response = client.get(url, headers=headers)
    assert response.status_code == status, response.content[:500]
    return BeautifulSoup(response.content, "html.parser")


def result_names(soup: BeautifulSoup) -> list[str]:
    return [" ".join(h3.get_text().split()) for h3 in soup.select(".badge-list h3")]


def facet_counts(soup: BeautifulSoup, legend: str) -> dict[str, int]:
    fieldset = next(f for f in soup.select("fieldset.facet") if f.legend.get_text() == legend)
    counts = {}
    for label in fieldset.select("label"):
        count = label.select_one(".count")
        number = int(count.find(string=True, recursive=False))
        count.extract()
        counts[label.get_text(strip=True)] = number
    return counts


def checked(soup: BeautifulSoup) -> set[tuple[str, str]]:
    return {(box["name"], box["value"]) for box in soup.select("input[type=checkbox][checked]")}


def test_a_search_lists_the_public_badges_matching_the_words(client, catalogue):
    soup = page(client, "/discover/?q=python")

    assert sorted(result_names(soup)) == [
        "Advanced Python Testing",
        "Data Analysis with Python",
        "Python Programming",
    ]
    assert soup.select_one("#results-heading").get_text(" ", strip=True).startswith("3 badges")
    assert soup.select_one("#discover-q")["value"] == "python"


def test_a_search_sent_in_the_middle_of_a_word_lists_the_badges_it_starts(client, catalogue):
    soup = page(client, "/discover/?q=weldi")

    assert result_names(soup) == ["Welding Safety"]
    assert soup.select_one(".did-you-mean") is None


def test_archived_and_private_badges_are_never_listed(client, catalogue):
    soup = page(client, "/discover/?q=python")
    names = result_names(soup)

    assert "Python Legacy Migration" not in names
    assert "Internal Python Onboarding" not in names
    assert "Python Legacy Migration" not in page(client, "/discover/").get_text()


def test_the_page_without_words_lists_the_whole_public_catalogue(client, catalogue):
    assert len(result_names(page(client, "/discover/"))) == 4


def test_each_facet_shows_its_values_with_counts(client, catalogue):
    soup = page(client, "/discover/?q=python")

    assert facet_counts(soup, "Issuer") == {"Northfield University": 2, "Harbour Training": 1}
    assert facet_counts(soup, "Skill or topic")["python"] == 3
    assert facet_counts(soup, "Level") == {"Introductory": 1, "Advanced": 1, "Intermediate": 1}
    assert facet_counts(soup, "Type") == {"Skill": 2, "Competency": 1}
    assert facet_counts(soup, "Framework") == {"ESCO": 1, "SFIA": 1}
    assert facet_counts(soup, "Time to earn") == {"10 to 40 hours": 2, "40 hours or more": 1}
    assert facet_counts(soup, "Cost") == {"Free": 2, "Paid": 1}
    assert facet_counts(soup, "Language") == {"English": 2, "French": 1}


def test_filters_in_the_url_narrow_the_results_and_show_as_chosen(client, catalogue):
    url = "/discover/?q=python&issuer=Northfield+University&level=advanced"
    soup = page(client, url)

    assert result_names(soup) == ["Advanced Python Testing"]
    assert checked(soup) == {("issuer", "Northfield University"), ("level", "advanced")}
    for hidden in soup.select(".active-filters [aria-hidden=true]"):
        hidden.extract()  # what a screen reader reads
    chips = [a.get_text(" ", strip=True) for a in soup.select(".active-filters .chip")]
    assert chips == [
        "Issuer: Northfield University (remove this filter)",
        "Level: Advanced (remove this filter)",
    ]


def test_removing_a_filter_from_its_chip_keeps_the_other_filters_and_the_words(client, catalogue):
    soup = page(client, "/discover/?q=python&issuer=Northfield+University&level=advanced")
    remove_level = soup.select(".active-filters .chip")[1]["href"]

    soup = page(client, remove_level)

    assert sorted(result_names(soup)) == ["Advanced Python Testing", "Python Programming"]
    assert checked(soup) == {("issuer", "Northfield University")}
    assert soup.select_one("#discover-q")["value"] == "python"


def test_values_of_one_facet_widen_the_search_and_facets_together_narrow_it(client, catalogue):
    either = page(client, "/discover/?level=introductory&level=advanced")
    assert sorted(result_names(either)) == ["Advanced Python Testing", "Python Programming"]

    both = page(client, "/discover/?level=introductory&level=advanced&cost=paid")
    assert result_names(both) == ["Advanced Python Testing"]


def test_range_facets_filter_by_time_to_earn_and_cost(client, catalogue):
    assert result_names(page(client, "/discover/?time=1-10h")) == ["Welding Safety"]
    free = page(client, "/discover/?q=python&cost=free")
    assert sorted(result_names(free)) == ["Data Analysis with Python", "Python Programming"]


def test_sort_orders_put_the_most_earned_or_the_newest_first(client, catalogue):
    most_earned = result_names(page(client, "/discover/?q=python&sort=most_earned"))
    assert most_earned[:2] == ["Python Programming", "Advanced Python Testing"]

    newest = result_names(page(client, "/discover/?q=python&sort=newest"))
    assert newest == ["Data Analysis with Python", "Advanced Python Testing", "Python Programming"]

    soup = page(client, "/discover/?q=python&sort=newest")
    assert soup.select_one("#discover-sort option[selected]")["value"] == "newest"


def test_results_come_in_pages_with_links_that_keep_the_search(client, catalogue):
    soup = page(client, "/discover/?q=python&sort=newest&page_size=1&page=2")

    assert result_names(soup) == ["Advanced Python Testing"]
    assert (
        soup.select_one("#results-heading")
        .get_text(" ", strip=True)
        .startswith("2\u20132 of 3 badges")
    )
    nav = soup.select_one("nav.pagination")
    assert nav.select_one("a[aria-current=page]").get_text() == "Page 2"
    next_url = nav.select_one("a[rel=next]")["href"]
    assert "q=python" in next_url and "sort=newest" in next_url and "page=3" in next_url
    assert result_names(page(client, next_url)) == ["Python Programming"]


def test_matching_words_are_highlighted_in_the_results(client, catalogue):
    soup = page(client, "/discover/?q=pandas")

    assert result_names(soup) == ["Data Analysis with Python"]
    marks = [mark.get_text() for mark in soup.select(".badge-list mark")]
    assert "pandas" in [m.lower() for m in marks]


def test_a_misspelt_search_offers_did_you_mean(client, catalogue):
    soup = page(client, "/discover/?q=pyhton")

    suggestion = soup.select_one(".did-you-mean a")
    assert suggestion is not None
    assert suggestion.get_text(strip=True) == "python"
    assert len(result_names(page(client, suggestion["href"]))) == 3


def test_a_search_that_finds_nothing_helps_with_popular_tags_and_clearing_filters(
    client, catalogue
):
    soup = page(client, "/discover/?q=underwater+basket&cost=paid")

    assert soup.select_one("#results-heading").get_text(strip=True).startswith("No badges found")
    empty = soup.select_one(".empty")
    assert "Search again without filters" in empty.get_text()
    popular = [a.get_text(strip=True) for a in empty.select(".tag-cloud a")]
    assert popular[0] == "python"
    assert result_names(page(client, empty.select(".tag-cloud a")[0]["href"]))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("page=abc", "page: A valid integer is required."),
        ("sort=popular", 'sort: "popular" is not one of: relevance, newest, most_earned.'),
        ("page_size=10000", "page_size: Ensure this value is less than or equal to 50."),
        ("time=forever", 'time: "forever" is not one of: under-1h, 1-10h, 10-40h, 40h-plus.'),
        ("page=9999", "page: Only the first 10000 results can be paged through"),
    ],
)
def test_bad_parameters_get_a_400_page_that_says_what_is_wrong(client, db, query, message):
    soup = page(client, f"/discover/?q=python&{query}", status=400)

    assert message in soup.select_one("[role=alert]").get_text()
    assert soup.select_one("#discover-q")["value"] == "python"


def test_the_page_script_gets_the_results_region_alone(client, catalogue):
    response = client.get("/discover/?q=python", headers={"X-Discovery-Partial": "results"})

    assert b"<html" not in response.content
    assert b'data-summary="3 badges found"' in response.content
    assert "X-Discovery-Partial" in response["Vary"]


def test_the_page_has_a_labelled_search_box_wired_as_a_combobox(client, catalogue):
    soup = page(client, "/discover/")
    box = soup.select_one("#discover-q")

    assert soup.select_one("label[for=discover-q]").get_text(strip=True)
    assert box["role"] == "combobox"
    assert soup.select_one(f"#{box['aria-controls']}")["role"] == "listbox"
    assert soup.select_one("form[role=search]") is not None
    assert soup.select_one("main") is not None


def test_a_badge_without_a_level_adds_no_blank_choice_to_the_level_facet(client, catalogue):
    soup = page(client, "/discover/")

    assert facet_counts(soup, "Level") == {"Introductory": 1, "Advanced": 1, "Intermediate": 1}
    assert all(label.get_text(strip=True) for label in soup.select("fieldset.facet label"))


@pytest.mark.parametrize(
    "words", ['"python', "python OR -", "c++ & (rust)", "%_*", "ünïcödé ✓", "a" * 200]
)
def test_any_words_a_person_types_get_an_answer(client, catalogue, words):
    response = client.get("/discover/", {"q": words})

    assert response.status_code == 200


def test_a_null_character_in_the_words_is_refused_politely(client, db):
    page(client, "/discover/?q=py%00thon", status=400)


def test_pathways_matching_the_words_are_listed_above_the_badges(client, catalogue):
    from discovery.tests.conftest import reindex
    from portal.demo import add_page, badge_step
    from portal.models import HomePage, PathwayIndexPage, PathwayPage

    index = add_page(HomePage.objects.get(), PathwayIndexPage(title="Pathways", slug="pathways"))
    steps = [badge_step(catalogue.python)]
    pathway = add_page(
        index, PathwayPage(title="Become a python analyst", slug="python", steps=steps)
    )
    reindex()

    soup = page(client, "/discover/?q=python")
    links = soup.select(".pathway-hits a")
    assert [(a.get_text(), a["href"]) for a in links] == [("Become a python analyst", pathway.url)]
    assert result_names(soup)  # the badges are still listed below
    assert not page(client, "/discover/?q=welding").select(".pathway-hits")
    assert not page(client, "/discover/").select(".pathway-hits")
