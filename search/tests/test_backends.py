"""One contract, run against every search backend: the database one and the real Elasticsearch."""

import uuid

import pytest
from django.test import override_settings

from search import get_backend
from search.backends import InvalidSearchBackendError
from search.types import Document, SearchQuery

DOCUMENTS = [
    Document(
        "b1", {"name": "Python Programming", "description": "Write and test Python programs."}
    ),
    Document(
        "b2",
        {
            "name": "Data Stewardship",
            "description": "Care for research data.",
            "tags": ["data", "ethics"],
        },
    ),
    Document("b3", {"name": "First Aid", "description": "Help people in an emergency."}),
]


@pytest.fixture(
    params=[
        pytest.param("database", marks=pytest.mark.django_db),
        pytest.param("elasticsearch", marks=[pytest.mark.elasticsearch, pytest.mark.django_db]),
    ]
)
def backend(request, settings):
    if request.param == "database":
        settings.LAUREL_SEARCH = {
            "default": {"BACKEND": "search.backends.database.DatabaseBackend"}
        }
    else:
        settings.LAUREL_SEARCH = {
            "default": {
                "BACKEND": "search.backends.elasticsearch.ElasticsearchBackend",
                "URL": settings.ELASTICSEARCH_URL,
                "INDEX_PREFIX": f"laurel-test-{uuid.uuid4().hex[:8]}",
            }
        }
    return get_backend()


@pytest.fixture
def index(backend):
    name = "badges"
    backend.create_index(name)
    yield name
    backend.drop_index(name)


def test_a_backend_reports_healthy(backend):
    assert backend.health().ok


def test_an_indexed_document_is_found_by_a_word_it_holds(backend, index):
    assert backend.index(index, DOCUMENTS) == 3
    results = backend.search(SearchQuery(index=index, text="python"))
    assert results.total == 1
    assert [hit.id for hit in results.hits] == ["b1"]
    assert results.hits[0].fields["name"] == "Python Programming"


def test_every_word_of_the_query_must_match(backend, index):
    backend.index(index, DOCUMENTS)
    assert backend.search(SearchQuery(index=index, text="data ethics")).total == 1
    assert backend.search(SearchQuery(index=index, text="data python")).total == 0


def test_indexing_a_document_again_replaces_it(backend, index):
    backend.index(index, DOCUMENTS)
    backend.index(index, [Document("b3", {"name": "Mountain Rescue", "description": "Ropes."})])
    assert backend.search(SearchQuery(index=index, text="emergency")).total == 0
    assert [h.id for h in backend.search(SearchQuery(index=index, text="rescue")).hits] == ["b3"]


def test_an_empty_query_lists_the_index_page_by_page(backend, index):
    backend.index(index, DOCUMENTS)
    first = backend.search(SearchQuery(index=index, text="", page=1, page_size=2))
    second = backend.search(SearchQuery(index=index, text="", page=2, page_size=2))
    assert first.total == second.total == 3
    assert len(first.hits) == 2 and len(second.hits) == 1
    assert {h.id for h in first.hits + second.hits} == {"b1", "b2", "b3"}


def test_creating_an_index_twice_keeps_its_documents(backend, index):
    backend.index(index, DOCUMENTS)
    backend.create_index(index)
    assert backend.search(SearchQuery(index=index, text="aid")).total == 1


def test_an_unreachable_elasticsearch_reports_unhealthy_instead_of_raising(settings):
    settings.LAUREL_SEARCH = {
        "default": {
            "BACKEND": "search.backends.elasticsearch.ElasticsearchBackend",
            "URL": "http://127.0.0.1:1",
            "TIMEOUT": 1,
        }
    }
    health = get_backend().health()
    assert not health.ok
    assert "Connection" in health.detail


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
