"""The embedded default backend: documents in the database, full-text search on PostgreSQL.

On other databases (SQLite) a document matches when it holds every word of the query.
"""

from collections.abc import Iterable

from django.contrib.postgres.search import SearchQuery as PgSearchQuery
from django.contrib.postgres.search import SearchRank, SearchVector
from django.db import DatabaseError, connection, transaction
from django.db.models import Q

from ..models import SearchDocument, SearchIndex
from ..types import Document, Health, Hit, SearchQuery, SearchResults
from .base import BaseSearchBackend


class DatabaseBackend(BaseSearchBackend):
    name = "database"

    def create_index(self, index: str) -> None:
        SearchIndex.objects.get_or_create(name=index)

    def drop_index(self, index: str) -> None:
        SearchIndex.objects.filter(name=index).delete()

    @transaction.atomic
    def index(self, index: str, documents: Iterable[Document]) -> int:
        search_index, _ = SearchIndex.objects.get_or_create(name=index)
        written = 0
        for document in documents:
            SearchDocument.objects.update_or_create(
                index=search_index,
                doc_id=document.id,
                defaults={"fields": document.fields, "text": document.text()},
            )
            written += 1
        return written

    def search(self, query: SearchQuery) -> SearchResults:
        documents = SearchDocument.objects.filter(index__name=query.index)
        words = query.text.split()
        if connection.vendor == "postgresql" and words:
            pg_query = PgSearchQuery(query.text, search_type="websearch", config="english")
            vector = SearchVector("text", config="english")
            documents = (
                documents.annotate(vector=vector)
                .filter(vector=pg_query)
                .annotate(rank=SearchRank(vector, pg_query))
                .order_by("-rank", "doc_id")
            )
        else:
            condition = Q()
            for word in words:
                condition &= Q(text__icontains=word)
            documents = documents.filter(condition).order_by("doc_id")
        total = documents.count()
        start = (query.page - 1) * query.page_size
        hits = [
            Hit(id=doc.doc_id, score=float(getattr(doc, "rank", 1.0)), fields=doc.fields)
            for doc in documents[start : start + query.page_size]
        ]
        return SearchResults(hits=hits, total=total)

    def health(self) -> Health:
        try:
            SearchIndex.objects.exists()
        except DatabaseError as exc:
            return Health(ok=False, detail=str(exc))
        return Health(ok=True, detail=connection.vendor)
