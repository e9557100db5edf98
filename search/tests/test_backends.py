"""Loading backends from LAUREL_SEARCH, and the base class every engine fills in."""

import pytest
from django.test import override_settings

from search import get_backend
from search.backends import InvalidSearchBackendError
from search.backends.base import BaseSearchBackend
from search.types import SearchQuery


def test_an_unknown_backend_alias_names_the_setting_to_fix():
    with pytest.raises(InvalidSearchBackendError, match="LAUREL_SEARCH"):
        get_backend("nope")


def test_a_backend_path_that_does_not_import_is_a_clear_error():
    broken = {"default": {"BACKEND": "search.backends.nope.Backend"}}
    with (
        override_settings(LAUREL_SEARCH=broken),
        pytest.raises(InvalidSearchBackendError, match="Could not import"),
    ):
        get_backend()


def test_the_base_class_leaves_every_method_to_the_engines():
    base = BaseSearchBackend(alias="default", params={})
    calls = [
        lambda: base.index("badges", []),
        lambda: base.delete("badges", []),
        lambda: base.search(SearchQuery(index="badges")),
        lambda: base.suggest("py"),
        lambda: base.more_like_this("badges", "1"),
        lambda: base.rebuild("badges", []),
        lambda: base.reconcile("badges", []),
        base.health,
    ]
    for call in calls:
        with pytest.raises(NotImplementedError):
            call()


def test_without_elasticsearch_the_database_backend_answers(settings):
    settings.LAUREL_SEARCH = {"default": {"BACKEND": "search.backends.database.DatabaseBackend"}}
    assert get_backend().name == "database"


@pytest.mark.django_db
def test_an_unreachable_elasticsearch_is_reported_and_reads_answer_from_the_database(
    settings, caplog
):
    from elasticsearch import ConnectionError as ElasticsearchConnectionError

    from search.backends.database import DatabaseBackend
    from search.types import BADGES, Document

    settings.LAUREL_SEARCH = {
        "default": {
            "BACKEND": "search.backends.elasticsearch.ElasticsearchBackend",
            "URL": "http://127.0.0.1:9",  # nothing listens there
            "TIMEOUT": 1,
        }
    }
    backend = get_backend()
    health = backend.health()
    assert not health.ok
    assert "Connection" in health.detail and "answers from the database" in health.detail
    kayak = Document("1", {"name": "Sea Kayaking", "description": "Paddle on the sea."})
    DatabaseBackend(alias="default", params={}).index(BADGES, [kayak])
    results = backend.search(SearchQuery(index=BADGES, text="kayaking"))
    assert [hit.id for hit in results.hits] == ["1"]
    assert [s.text for s in backend.suggest("kay")] == ["Sea Kayaking"]
    assert "answered from the database" in caplog.text
    with pytest.raises(ElasticsearchConnectionError):  # so the outbox retries the write
        backend.index(BADGES, [Document("2", {"name": "River Rafting"})])


@pytest.mark.postgres
def test_on_postgresql_a_faceted_search_counts_each_group_of_facets_in_one_query(
    backend, catalogue, django_assert_num_queries
):
    """Hits; the facets no filter leaves out, with the total (one GROUPING SETS scan) and
    the tags and frameworks (one); then one query for each filtered facet's own counts."""
    from search.types import BADGES, FACETS

    if backend.name != "database":
        pytest.skip("PostgreSQL's grouped facet counts")
    query = SearchQuery(
        index=BADGES, filters={"level": ("intermediate",), "cost": ("paid",)}, facets=FACETS
    )
    with django_assert_num_queries(5):
        results = backend.search(query)
    assert results.total == len(results.hits) > 0
    assert sum(value.count for value in results.facets["issuer"]) == results.total
    assert ("paid", results.total) in [(v.value, v.count) for v in results.facets["cost"]]
