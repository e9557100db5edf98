"""The Elasticsearch analysis and search features Laurel's search relies on, on the real engine.

The index settings are the standard Elasticsearch 8 ones (an `english` analyzer, an
`edge_ngram` autocomplete tokenizer, `asciifolding`), so they hold for the test node that
`scripts/services up elasticsearch` starts as well as for a production cluster.
"""

import uuid

import pytest
from django.conf import settings
from elasticsearch import Elasticsearch, helpers

pytestmark = pytest.mark.elasticsearch

ANALYSIS = {
    "analyzer": {
        "badge_text": {"type": "english", "stopwords": "_english_"},
        "autocomplete": {"tokenizer": "autocomplete", "filter": ["lowercase", "asciifolding"]},
        "autocomplete_search": {"tokenizer": "standard", "filter": ["lowercase", "asciifolding"]},
    },
    "tokenizer": {
        "autocomplete": {
            "type": "edge_ngram",
            "min_gram": 2,
            "max_gram": 15,
            "token_chars": ["letter", "digit"],
        }
    },
}

MAPPINGS = {
    "properties": {
        "name": {
            "type": "text",
            "analyzer": "badge_text",
            "fields": {
                "prefix": {
                    "type": "text",
                    "analyzer": "autocomplete",
                    "search_analyzer": "autocomplete_search",
                }
            },
        },
        "description": {"type": "text", "analyzer": "badge_text"},
        "tags": {"type": "keyword"},
    }
}

BADGES = [
    {
        "_id": "coach",
        "name": "Running Coach",
        "description": "Coaches runners who run a marathon.",
        "tags": ["sport", "coaching"],
    },
    {
        "_id": "cafe",
        "name": "Café Management",
        "description": "Runs a café and leads its staff.",
        "tags": ["business"],
    },
    {
        "_id": "python",
        "name": "Python Programming",
        "description": "Writes and tests programs.",
        "tags": ["computing"],
    },
    {
        "_id": "aid",
        "name": "First Aid",
        "description": "Helps people in an emergency.",
        "tags": ["health", "sport"],
    },
]


@pytest.fixture
def client():
    client = Elasticsearch(settings.ELASTICSEARCH_URL, request_timeout=10)
    yield client
    client.close()


@pytest.fixture
def index(client):
    prefix = settings.LAUREL_SEARCH["default"].get("INDEX_PREFIX", "laurel")
    name = f"{prefix}-analysis-{uuid.uuid4().hex[:8]}"
    client.indices.create(
        index=name,
        settings={"number_of_shards": 1, "number_of_replicas": 0, "analysis": ANALYSIS},
        mappings=MAPPINGS,
    )
    helpers.bulk(client, ({"_index": name, **badge} for badge in BADGES), refresh=True)
    yield name
    client.indices.delete(index=name, ignore_unavailable=True)


def found(client, index, query, **extra):
    response = client.search(index=index, query=query, **extra)
    return {hit["_id"] for hit in response["hits"]["hits"]}


def test_searching_for_running_finds_badges_that_say_run_and_runs(client, index):
    assert found(client, index, {"match": {"description": "running"}}) == {"coach", "cafe"}


def test_searching_for_run_finds_the_running_coach(client, index):
    assert "coach" in found(client, index, {"match": {"name": "run"}})


def test_stop_words_alone_match_nothing(client, index):
    assert found(client, index, {"match": {"description": "the a an in"}}) == set()


def test_stop_words_do_not_block_a_match_when_every_word_is_required(client, index):
    query = {"match": {"name": {"query": "the first aid", "operator": "and"}}}
    assert found(client, index, query) == {"aid"}


def test_the_first_letters_of_a_word_find_the_badge(client, index):
    assert found(client, index, {"match": {"name.prefix": "Pyt"}}) == {"python"}
    assert found(client, index, {"match": {"name.prefix": "man"}}) == {"cafe"}


def test_a_single_letter_is_too_short_to_autocomplete(client, index):
    assert found(client, index, {"match": {"name.prefix": "p"}}) == set()


def test_accents_do_not_matter_when_typing_a_prefix(client, index):
    assert found(client, index, {"match": {"name.prefix": "cafe"}}) == {"cafe"}
    assert found(client, index, {"match": {"name.prefix": "CAFÉ"}}) == {"cafe"}


def test_the_analyzers_produce_the_expected_tokens(client, index):
    def tokens(analyzer, text):
        response = client.indices.analyze(index=index, analyzer=analyzer, text=text)
        return [token["token"] for token in response["tokens"]]

    assert tokens("badge_text", "The runners are running") == ["runner", "run"]
    assert tokens("autocomplete", "Éco") == ["ec", "eco"]


def test_a_terms_aggregation_counts_badges_per_tag(client, index):
    response = client.search(
        index=index, size=0, aggs={"tags": {"terms": {"field": "tags", "size": 2}}}
    )
    buckets = response["aggregations"]["tags"]["buckets"]
    assert buckets[0] == {"key": "sport", "doc_count": 2}
    assert len(buckets) == 2


def test_the_matched_word_is_highlighted(client, index):
    response = client.search(
        index=index,
        query={"match": {"description": "emergencies"}},
        highlight={"fields": {"description": {}}},
    )
    [hit] = response["hits"]["hits"]
    assert hit["highlight"]["description"] == ["Helps people in an <em>emergency</em>."]
