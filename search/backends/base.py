"""The search backend contract; each engine implements every method.

`kind` is one of search.types.KINDS ("badges", "issuers", "pathways"). Documents come from
search.documents, built from the database, which is the source of truth.
"""

from collections.abc import Callable, Iterable
from typing import Any

from ..types import Document, Health, ReconcileReport, SearchQuery, SearchResults, Suggestion

Progress = Callable[[int], None]  # called with how many documents were just handled


class BaseSearchBackend:
    name = "base"

    def __init__(self, *, alias: str, params: dict[str, Any]):
        self.alias = alias
        self.params = params

    def index(self, kind: str, documents: Iterable[Document]) -> int:
        """Add or replace documents (in bulk); returns how many were written."""
        raise NotImplementedError

    def delete(self, kind: str, ids: Iterable[str]) -> int:
        """Remove documents by id; ids not in the index are ignored. Returns how many went."""
        raise NotImplementedError

    def search(self, query: SearchQuery) -> SearchResults:
        """Hits for the query's page, the total, the requested facet counts and a suggestion."""
        raise NotImplementedError

    def suggest(self, prefix: str, *, kind: str = "badges", limit: int = 8) -> list[Suggestion]:
        """As-you-type completions for a partial word or words."""
        raise NotImplementedError

    def more_like_this(self, kind: str, id: str, *, limit: int = 4) -> list[str]:
        """Ids of documents most like the given one (related badges), best first."""
        raise NotImplementedError

    def rebuild(
        self, kind: str, documents: Iterable[Document], *, progress: Progress | None = None
    ) -> int:
        """Replace the whole index with these documents without a moment of empty results."""
        raise NotImplementedError

    def reconcile(
        self,
        kind: str,
        documents: Iterable[Document],
        *,
        repair: bool = True,
        progress: Progress | None = None,
    ) -> ReconcileReport:
        """Compare the index with the documents that should be in it; repair the drift."""
        raise NotImplementedError

    def health(self) -> Health:
        raise NotImplementedError
