"""The search backend contract; each engine implements every method."""

from collections.abc import Iterable
from typing import Any

from ..types import Document, Health, SearchQuery, SearchResults


class BaseSearchBackend:
    name = "base"

    def __init__(self, *, alias: str, params: dict[str, Any]):
        self.alias = alias
        self.params = params

    def create_index(self, index: str) -> None:
        """Create the named index if it does not exist yet."""
        raise NotImplementedError

    def drop_index(self, index: str) -> None:
        """Remove the named index and its documents; a missing index is not an error."""
        raise NotImplementedError

    def index(self, index: str, documents: Iterable[Document]) -> int:
        """Add or replace documents; returns how many were written."""
        raise NotImplementedError

    def search(self, query: SearchQuery) -> SearchResults:
        raise NotImplementedError

    def health(self) -> Health:
        raise NotImplementedError
