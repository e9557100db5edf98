"""Tables of the database search backend: named indices and their documents."""

from django.db import models


class SearchIndex(models.Model):
    name = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class SearchDocument(models.Model):
    index = models.ForeignKey(SearchIndex, on_delete=models.CASCADE, related_name="documents")
    doc_id = models.CharField(max_length=200)
    fields = models.JSONField(default=dict)
    text = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["index", "doc_id"], name="search_document_unique_per_index"
            )
        ]

    def __str__(self) -> str:
        return f"{self.index.name}/{self.doc_id}"
