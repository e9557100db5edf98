"""The search contract: the same tests on the same catalogue for every backend.

Runs on SQLite FTS5 or PostgreSQL (whichever database this run uses) and on Elasticsearch.
"""

import pytest
from django.db import connection

from badges.tests.factories import make_badge, make_issuer
from search.services import documents
from search.types import BADGES, FacetValue, SearchQuery


def ids_of(results) -> list[str]:
    return [hit.id for hit in results.hits]


def search(backend, text="", **options):
    return backend.search(SearchQuery(index=BADGES, text=text, **options))


def counts(results, facet: str) -> list[tuple[str, int]]:
    return [(value.value, value.count) for value in results.facets[facet]]


def test_a_word_finds_every_public_badge_that_holds_it(backend, catalogue):
    results = search(backend, "python")
    assert set(ids_of(results)) == set(catalogue.names("python", "pandas", "teaching"))
    assert results.total == 3


def test_a_match_in_the_name_ranks_above_tags_and_tags_above_the_description(backend, catalogue):
    results = search(backend, "ethics")
    assert ids_of(results) == catalogue.names("ethics", "stewardship", "safeguarding")


def test_the_best_match_comes_first(backend, catalogue):
    assert ids_of(search(backend, "python programming"))[0] == catalogue["python"]


def test_every_word_of_the_query_must_match(backend, catalogue):
    assert ids_of(search(backend, "data ethics")) == [catalogue["stewardship"]]
    assert search(backend, "python nursing").total == 0


def test_a_misspelt_word_still_finds_the_badge_and_suggests_the_spelling(backend, catalogue):
    results = search(backend, "pyhton")
    assert catalogue["python"] in ids_of(results)
    assert results.suggestion == "python"
    results = search(backend, "data stewardshp")
    assert ids_of(results) == [catalogue["stewardship"]]
    assert results.suggestion == "data stewardship"


def test_a_last_word_still_being_typed_finds_the_badges_it_starts(backend, catalogue):
    results = search(backend, "pyth", facets=("tags",))
    assert set(ids_of(results)) == set(catalogue.names("python", "pandas", "teaching"))
    assert results.total == 3
    assert results.suggestion is None
    assert counts(results, "tags") == counts(search(backend, "python", facets=("tags",)), "tags")
    # The name match still outranks the description's, and is highlighted in full.
    assert ids_of(results)[2] == catalogue["pandas"]
    by_id = {hit.id: hit for hit in results.hits}
    assert by_id[catalogue["python"]].highlights["name"] == ["<mark>Python</mark> Programming"]
    assert ids_of(search(backend, "data stew")) == [catalogue["stewardship"]]


def test_an_earlier_word_that_finds_nothing_as_typed_matches_as_a_prefix(backend, catalogue):
    assert ids_of(search(backend, "stew data")) == [catalogue["stewardship"]]
    results = search(backend, "safeg adults")
    assert ids_of(results) == [catalogue["safeguarding"]]
    assert results.suggestion is None


def test_a_one_letter_word_is_not_taken_as_a_prefix(backend, catalogue):
    assert search(backend, "p").total == 0


def test_whole_word_matches_rank_above_prefix_matches(backend, catalogue):
    issuer = make_issuer(name="Northgate College")
    caregiver = make_badge(
        issuer,
        name="Caregiver Skills",
        description="Support older people living at home.",
        criteria_narrative="Complete the assessment.",
        tags=["caregiving"],
    )
    backend.index(BADGES, documents(BADGES, ids=[caregiver.pk]))
    results = search(backend, "care")
    # Its name starts with the word, yet every badge holding "care" itself comes first.
    assert set(ids_of(results)) == {
        *catalogue.names("ethics", "safeguarding", "stewardship", "first_aid"),
        str(caregiver.pk),
    }
    assert ids_of(results)[-1] == str(caregiver.pk)
    assert ids_of(search(backend, "care", sort="most_earned"))[-1] == str(caregiver.pk)
    # Only the last word is a prefix when the others find badges as typed.
    assert search(backend, "care skills").total == 0
    assert ids_of(search(backend, "caregiv skills")) == [str(caregiver.pk)]


def test_a_name_holding_the_word_ranks_above_a_badge_found_through_a_longer_word(
    backend, catalogue
):
    issuer = make_issuer(name="Eastfield Institute")
    named = [
        make_badge(issuer, name=f"Data {topic}", description=f"{topic} in practice.", tags=["data"])
        for topic in ("Wrangling", "Visualisation", "Modelling")
    ]
    sql = make_badge(
        issuer,
        name="SQL Fundamentals",
        description="Queries relational databases with joins and aggregates.",
        tags=["data", "sql"],
    )
    backend.index(BADGES, documents(BADGES, ids=[badge.pk for badge in [*named, sql]]))
    names = [hit.fields["name"] for hit in search(backend, "data").hits]
    named_data = [name for name in names if "data" in name.lower().split()]
    assert len(named_data) >= 3 and set(names[: len(named_data)]) == set(named_data), names
    assert "SQL Fundamentals" in names


def test_a_correctly_spelt_query_gets_no_suggestion(backend, catalogue):
    assert search(backend, "stewardship").suggestion is None


def test_words_differing_only_by_accents_and_endings_match(backend, catalogue):
    programs = search(backend, "programs")  # "programs", "programming": one stem
    assert set(ids_of(programs)) == set(catalogue.names("python", "teaching"))
    assert ids_of(search(backend, "urgence")) == [catalogue["secours"]]


def test_archived_and_private_badges_are_never_shown(backend, catalogue):
    assert search(backend, "archive").total == 0
    assert search(backend, "secret").total == 0
    everything = search(backend, "", page_size=100)
    assert catalogue["archived"] not in ids_of(everything)
    assert catalogue["private"] not in ids_of(everything)
    assert everything.total == 8


def test_a_deleted_document_is_no_longer_found(backend, catalogue):
    assert backend.delete(BADGES, [catalogue["python"], "no-such-id"]) == 1
    results = search(backend, "python")
    assert set(ids_of(results)) == set(catalogue.names("pandas", "teaching"))


def test_indexing_a_document_again_replaces_it(backend, catalogue):
    document = next(documents(BADGES, ids=[int(catalogue["secours"])]))
    changed = type(document)(document.id, {**document.fields, "name": "Mountain Rescue"})
    assert backend.index(BADGES, [changed]) == 1
    assert ids_of(search(backend, "rescue")) == [catalogue["secours"]]
    assert search(backend, "premiers").total == 0


def test_each_facet_counts_the_matching_badges(backend, catalogue):
    from search.types import FACETS

    results = search(backend, "", facets=FACETS)
    assert counts(results, "issuer") == [
        ("Open University of Testing", 5),
        ("Coastal Health Institute", 3),
    ]
    assert counts(results, "tags") == [
        ("care", 2), ("data", 2), ("health", 2), ("python", 2),
        ("ethics", 1), ("programming", 1), ("safety", 1), ("teaching", 1),
    ]  # fmt: skip
    assert counts(results, "alignment_frameworks") == [("ESCO", 2), ("NHS", 2), ("OpenAIRE", 1)]
    assert counts(results, "level") == [
        ("intermediate", 3), ("introductory", 3), ("advanced", 1), ("expert", 1),
    ]  # fmt: skip
    assert counts(results, "badge_type") == [
        ("certificate", 2), ("competency", 2), ("skill", 2), ("achievement", 1),
        ("participation", 1),
    ]  # fmt: skip
    assert counts(results, "language") == [("en", 7), ("fr", 1)]
    assert results.facets["time_to_earn"] == [
        FacetValue("under-1h", 0, "Under an hour"),
        FacetValue("1-10h", 2, "1 to 10 hours"),
        FacetValue("10-40h", 2, "10 to 40 hours"),
        FacetValue("40h-plus", 2, "40 hours or more"),
    ]
    assert results.facets["cost"] == [FacetValue("free", 5, "Free"), FacetValue("paid", 3, "Paid")]


def test_facet_counts_follow_the_words_of_the_query(backend, catalogue):
    results = search(backend, "python", facets=("tags", "level"))
    assert counts(results, "tags") == [
        ("python", 2), ("data", 1), ("programming", 1), ("teaching", 1),
    ]  # fmt: skip
    assert counts(results, "level") == [("advanced", 1), ("expert", 1), ("intermediate", 1)]


def test_a_facet_s_own_filter_keeps_its_other_values_while_other_facets_narrow(backend, catalogue):
    results = search(backend, "", filters={"level": ("intermediate",)}, facets=("level", "issuer"))
    assert set(ids_of(results)) == set(catalogue.names("python", "stewardship", "ethics"))
    assert counts(results, "level") == [
        ("intermediate", 3), ("introductory", 3), ("advanced", 1), ("expert", 1),
    ]  # fmt: skip
    assert counts(results, "issuer") == [("Open University of Testing", 3)]


def test_values_of_one_filter_are_ored_and_filters_are_anded(backend, catalogue):
    either = search(backend, "", filters={"tags": ("data", "health")}, page_size=100)
    assert set(ids_of(either)) == set(
        catalogue.names("pandas", "stewardship", "first_aid", "secours")
    )
    both = search(backend, "", filters={"tags": ("data", "health"), "cost": ("free",)})
    assert set(ids_of(both)) == set(catalogue.names("stewardship", "secours"))
    narrowed = search(
        backend,
        "data",
        filters={"cost": ("paid",), "time_to_earn": ("10-40h",), "language": ("en",)},
    )
    assert ids_of(narrowed) == [catalogue["pandas"]]


def test_range_filters_pick_badges_by_time_to_earn_and_cost(backend, catalogue):
    long = search(backend, "", filters={"time_to_earn": ("40h-plus",)})
    assert set(ids_of(long)) == set(catalogue.names("stewardship", "teaching"))
    paid = search(backend, "", filters={"cost": ("paid",)})
    assert set(ids_of(paid)) == set(catalogue.names("pandas", "first_aid", "ethics"))


def test_sort_by_newest_and_by_most_earned(backend, catalogue):
    newest = search(backend, "", sort="newest", page_size=100)
    assert ids_of(newest) == catalogue.names(
        "safeguarding", "ethics", "teaching", "secours", "first_aid", "stewardship", "pandas",
        "python",
    )  # fmt: skip
    most_earned = search(backend, "", sort="most_earned", page_size=100)
    assert ids_of(most_earned)[:3] == catalogue.names("first_aid", "python", "pandas")
    assert most_earned.hits[0].fields["earned_count"] == 5


def test_the_most_earned_of_equal_matches_ranks_first(backend, catalogue):
    results = search(backend, "python", sort="most_earned")
    assert ids_of(results)[:2] == catalogue.names("python", "pandas")


def test_pages_split_the_results_without_overlap(backend, catalogue):
    pages = [search(backend, "", sort="newest", page=n, page_size=3) for n in (1, 2, 3)]
    assert [len(page.hits) for page in pages] == [3, 3, 2]
    assert all(page.total == 8 for page in pages)
    seen = [doc_id for page in pages for doc_id in ids_of(page)]
    assert len(set(seen)) == 8
    assert search(backend, "", page=4, page_size=3).hits == []


def test_matches_are_highlighted_and_the_rest_escaped(backend, catalogue):
    results = search(backend, "python")
    by_id = {hit.id: hit for hit in results.hits}
    assert by_id[catalogue["python"]].highlights["name"] == ["<mark>Python</mark> Programming"]
    assert by_id[catalogue["teaching"]].highlights["name"] == ["Teaching with <mark>Python</mark>"]
    snippet = " ".join(by_id[catalogue["pandas"]].highlights["description"])
    assert "<mark>Python</mark>" in snippet
    assert "Clean &amp; explore" in snippet
    assert "name" not in by_id[catalogue["pandas"]].highlights


def test_hits_carry_the_document_fields(backend, catalogue):
    hit = search(backend, "pandas").hits[0]
    assert hit.fields["name"] == "Data Analysis with Pandas"
    assert hit.fields["issuer"] == "Open University of Testing"
    assert hit.fields["cost"] == 49.0
    assert hit.fields["time_to_earn_hours"] == 16.0
    assert hit.fields["earned_count"] == 1
    assert hit.score > 0


def test_suggestions_complete_partial_words_most_earned_first(backend, catalogue):
    suggestions = backend.suggest("pyth", kind=BADGES)
    assert [s.text for s in suggestions] == ["Python Programming", "Teaching with Python"]
    assert [s.id for s in suggestions] == catalogue.names("python", "teaching")
    assert [s.text for s in backend.suggest("data st")] == ["Research Data Stewardship"]
    assert [s.text for s in backend.suggest("pyth", limit=1)] == ["Python Programming"]


def test_suggestions_forgive_a_typo(backend, catalogue):
    assert [s.text for s in backend.suggest("pyhto")] == [
        "Python Programming",
        "Teaching with Python",
    ]


def test_suggestions_never_offer_archived_or_private_badges(backend, catalogue):
    assert backend.suggest("secret") == []
    assert backend.suggest("archive") == []


def test_related_badges_share_words_and_never_include_the_badge_itself(backend, catalogue):
    related = backend.more_like_this(BADGES, catalogue["python"], limit=4)
    assert related
    assert catalogue["python"] not in related
    assert related[0] in catalogue.names("pandas", "teaching")
    assert catalogue["secours"] not in related
    assert backend.more_like_this(BADGES, "no-such-id") == []


@pytest.mark.parametrize(
    "options, message",
    [
        ({"sort": "cheapest"}, "Unknown sort"),
        ({"facets": ("colour",)}, "Unknown facet"),
        ({"filters": {"colour": ("red",)}}, "Unknown facet"),
        ({"page": 0}, "Pages start at 1"),
        ({"page": 501, "page_size": 20}, "first 10,000 results"),
    ],
)
def test_a_query_no_backend_can_answer_is_refused_with_the_reason(backend, options, message):
    with pytest.raises(ValueError, match=message):
        search(backend, "python", **options)


def test_a_backend_reports_healthy(backend):
    assert backend.health().ok


def translate_first_aid(catalogue) -> str:
    from badges.models import BadgeClass
    from badges.services.badge_translations import badge_class_translation_save

    badge = BadgeClass.objects.get(pk=catalogue["first_aid"])
    badge_class_translation_save(
        badge_class=badge,
        user=badge.issuer.created_by,
        language="de",
        name="Erste Hilfe am Arbeitsplatz",
        description="Hilft Verletzten, bis der Rettungsdienst kommt.",
    )
    return str(badge.pk)


def test_a_badges_translation_is_found_and_counted_in_the_language_facet(backend, catalogue):
    backend.index(BADGES, documents(BADGES, ids=[translate_first_aid(catalogue)]))
    assert ids_of(search(backend, "erste hilfe")) == [catalogue["first_aid"]]
    hit = search(backend, "arbeitsplatz").hits[0]
    assert hit.fields["names"] == {"de": "Erste Hilfe am Arbeitsplatz"}
    # The badge counts under its own language and its translation's.
    results = search(backend, facets=("language",))
    assert counts(results, "language") == [("en", 7), ("de", 1), ("fr", 1)]
    german = search(backend, filters={"language": ("de",)})
    assert ids_of(german) == [catalogue["first_aid"]]


def test_a_translation_is_read_with_its_languages_stemmer(backend, catalogue):
    if backend.name == "database" and connection.vendor == "sqlite":
        pytest.skip("SQLite's FTS5 tokenizer stems no language")
    backend.index(BADGES, documents(BADGES, ids=[translate_first_aid(catalogue)]))
    # "Verletzten" was indexed; German reads "verletzte" as the same word, English does not.
    assert ids_of(search(backend, "verletzte")) == [catalogue["first_aid"]]
