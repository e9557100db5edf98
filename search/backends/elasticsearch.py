"""The Elasticsearch 8 backend (elasticsearch-dsl), for discovery at scale.

Index names carry INDEX_PREFIX so several sites or test runs can share one cluster.
"""

from collections.abc import Iterable

from elasticsearch import Elasticsearch, helpers
from elasticsearch import exceptions as es_exceptions
from elasticsearch_dsl import Index, Search

from ..types import Document, Health, Hit, SearchQuery, SearchResults
from .base import BaseSearchBackend


class ElasticsearchBackend(BaseSearchBackend):
    name = "elasticsearch"

    def __init__(self, *, alias, params):
        super().__init__(alias=alias, params=params)
        self.prefix = params.get("INDEX_PREFIX", "laurel")
        self.client = Elasticsearch(
            params["URL"], request_timeout=params.get("TIMEOUT", 5.0), max_retries=1
        )

    def index_name(self, index: str) -> str:
        return f"{self.prefix}-{index}"

    def create_index(self, index: str) -> None:
        es_index = Index(self.index_name(index), using=self.client)
        if not es_index.exists():
            es_index.settings(number_of_shards=1, number_of_replicas=0)
            es_index.create()

    def drop_index(self, index: str) -> None:
        self.client.indices.delete(index=self.index_name(index), ignore_unavailable=True)

    def index(self, index: str, documents: Iterable[Document]) -> int:
        actions = (
            {"_index": self.index_name(index), "_id": doc.id, "_source": doc.fields}
            for doc in documents
        )
        written, _ = helpers.bulk(self.client, actions, refresh="wait_for")
        return written

    def search(self, query: SearchQuery) -> SearchResults:
        search = Search(using=self.client, index=self.index_name(query.index))
        if query.text.strip():
            search = search.query("simple_query_string", query=query.text, default_operator="and")
        start = (query.page - 1) * query.page_size
        response = search[start : start + query.page_size].execute()
        hits = [
            Hit(id=hit.meta.id, score=float(hit.meta.score or 0.0), fields=hit.to_dict())
            for hit in response
        ]
        return SearchResults(hits=hits, total=response.hits.total.value)

    def health(self) -> Health:
        try:
            status = self.client.cluster.health(timeout="2s")["status"]
        except (es_exceptions.ApiError, es_exceptions.TransportError) as exc:
            return Health(ok=False, detail=f"{type(exc).__name__}: {exc}")
        return Health(ok=status in ("green", "yellow"), detail=f"cluster {status}")
