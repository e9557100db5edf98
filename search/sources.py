"""The registry of where each kind's documents come from, filled by the apps that own the rows.

The search layer sits below the apps whose rows it indexes, so it never imports them: an app
registers, in its AppConfig.ready(), how to build the documents of a kind from the database.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from .types import Document


@dataclass(frozen=True)
class Source:
    """How to read one kind from the database, the source of truth."""

    # documents(ids) -> the documents of the rows the public may find (only those ids if given)
    documents: Callable[[Iterable[int] | None], Iterator[Document]]
    # count() -> how many documents the kind should hold (for progress bars)
    count: Callable[[], int]
    # changed_since(moment) -> documents of rows saved at or after it (rebuild's catch-up)
    changed_since: Callable[[datetime], Iterator[Document]]


_SOURCES: dict[str, Source] = {}


def register_source(
    kind: str,
    *,
    documents: Callable[[Iterable[int] | None], Iterator[Document]],
    count: Callable[[], int],
    changed_since: Callable[[datetime], Iterator[Document]],
) -> None:
    _SOURCES[kind] = Source(documents=documents, count=count, changed_since=changed_since)


def source(kind: str) -> Source:
    try:
        return _SOURCES[kind]
    except KeyError:
        raise LookupError(
            f"No source of {kind!r} documents: the app that owns those rows registers one with "
            "search.sources.register_source() in its AppConfig.ready()."
        ) from None
