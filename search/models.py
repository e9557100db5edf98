"""Tables of the database search backend: documents, their facet values and the vocabulary.

Every backend's documents are kept here too, so public search can answer from the database
when Elasticsearch is configured but unreachable.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchDocument(models.Model):
    """One indexed document of one kind; the text columns carry the ranking weights."""

    kind = models.CharField(max_length=20)
    doc_id = models.CharField(max_length=64)
    fields = models.JSONField(default=dict)
    name = models.TextField(blank=True)  # weight A
    keywords = models.TextField(blank=True)  # tags and alignments, weight B
    description = models.TextField(blank=True)  # weight C
    extra = models.TextField(blank=True)  # criteria, issuer, pathways: weight C
    digest = models.CharField(max_length=40)
    popularity = models.FloatField(default=1.0)
    earned_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(null=True, blank=True)
    time_to_earn_hours = models.FloatField(null=True, blank=True)
    cost = models.FloatField(null=True, blank=True)
    # Single-valued facets as columns: filtering and counting them needs no join. Facets
    # with many values per document (tags, frameworks, languages) are SearchFacetValue rows.
    issuer = models.CharField(max_length=200, blank=True)
    level = models.CharField(max_length=30, blank=True)
    badge_type = models.CharField(max_length=30, blank=True)
    indexed_at = models.DateTimeField()
    # PostgreSQL only: the weighted tsvector (GIN-indexed by migration 0002). Empty on SQLite,
    # where the FTS5 table search_fts holds the text instead.
    vector = SearchVectorField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "doc_id"], name="search_document_unique_id")
        ]
        indexes = [
            models.Index(fields=["kind", "earned_count"], name="search_doc_earned"),
            models.Index(fields=["kind", "created_at"], name="search_doc_created"),
            models.Index(fields=["kind", "indexed_at"], name="search_doc_indexed"),
            models.Index(fields=["kind", "issuer"], name="search_doc_issuer"),
            models.Index(fields=["kind", "level"], name="search_doc_level"),
            models.Index(fields=["kind", "badge_type"], name="search_doc_type"),
            # PostgreSQL: facet counts and filters read this narrow index, not the wide rows.
            models.Index(
                fields=["kind"],
                include=[
                    "id",
                    "issuer",
                    "level",
                    "badge_type",
                    "cost",
                    "time_to_earn_hours",
                    "earned_count",
                    "created_at",
                ],
                name="search_doc_facets",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}/{self.doc_id}"


class SearchFacetValue(models.Model):
    """A value of a multi-valued facet of a document (tags, frameworks, languages), one row
    each."""

    document = models.ForeignKey(
        SearchDocument, on_delete=models.CASCADE, related_name="facet_values"
    )
    facet = models.CharField(max_length=30)
    value = models.CharField(max_length=200)

    class Meta:
        indexes = [models.Index(fields=["facet", "value"], name="search_facet_value")]

    def __str__(self) -> str:
        return f"{self.facet}={self.value}"


class SearchTerm(models.Model):
    """A word of the indexed text, for "did you mean" and typo-tolerant suggestions."""

    kind = models.CharField(max_length=20)
    term = models.CharField(max_length=100)
    frequency = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "term"], name="search_term_unique")]

    def __str__(self) -> str:
        return self.term


class SearchFts(models.Model):
    """SQLite only: the FTS5 virtual table (made by migration 0002), one row per document."""

    document = models.OneToOneField(
        SearchDocument,
        primary_key=True,
        db_column="rowid",
        on_delete=models.DO_NOTHING,
        related_name="fts",
    )
    name = models.TextField()
    keywords = models.TextField()
    description = models.TextField()
    extra = models.TextField()

    class Meta:
        managed = False
        db_table = "search_fts"

    def __str__(self) -> str:
        return self.name
