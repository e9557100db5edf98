"""The values that cross the search interface: documents in, queries in, results and health out."""

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Document:
    """One thing to find: an id unique within its index and the fields to search and return."""

    id: str
    fields: dict[str, Any]

    def text(self) -> str:
        """All text of the document, for engines that search one blob."""
        parts: list[str] = []
        for value in self.fields.values():
            if isinstance(value, str):
                parts.append(value)
            elif isinstance(value, list | tuple):
                parts.extend(str(item) for item in value)
        return "\n".join(parts)


@dataclass(frozen=True)
class SearchQuery:
    index: str
    text: str = ""
    page: int = 1
    page_size: int = 20


@dataclass(frozen=True)
class Hit:
    id: str
    score: float
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SearchResults:
    hits: list[Hit]
    total: int


@dataclass(frozen=True)
class Health:
    ok: bool
    detail: str = ""
