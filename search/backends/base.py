"""The search backend contract; each engine implements every method.

`kind` is one of search.types.KINDS ("badges", "issuers", "pathways"). Documents come from
the sources registered in search.sources, built from the database, the source of truth.
"""

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from itertools import islice
from typing import Any

from ..text import digest
from ..types import (
    COST_RANGES,
    FACETS,
    KINDS,
    SORTS,
    TIME_TO_EARN_RANGES,
    Document,
    Health,
    ReconcileReport,
    SearchQuery,
    SearchResults,
    Suggestion,
)

Progress = Callable[[int], None]  # called with how many documents were just handled
# Given the moment a rebuild started, the documents changed since then (for the catch-up).
ChangedSince = Callable[[datetime], Iterable[Document]]

CHUNK_SIZE = 500
# How deep results can be paged (Elasticsearch's default max_result_window); every backend
# keeps the same limit so a URL that works on one works on all.
MAX_RESULT_WINDOW = 10_000
# How many values of a keyword facet a page is shown (an Elasticsearch terms agg's size).
FACET_SIZE = 50


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
        """Hits for the query's page, the total, the requested facet counts and a suggestion.

        Facet counts follow the usual faceted-search rule: each facet is counted with the
        text and every OTHER facet's filter applied, so choosing a value of a facet never
        hides that facet's other values. Raises ValueError for an unknown facet or sort.
        """
        raise NotImplementedError

    def suggest(self, prefix: str, *, kind: str = "badges", limit: int = 8) -> list[Suggestion]:
        """As-you-type completions for a partial word or words."""
        raise NotImplementedError

    def more_like_this(self, kind: str, id: str, *, limit: int = 4) -> list[str]:
        """Ids of documents most like the given one (related badges), best first."""
        raise NotImplementedError

    def rebuild(
        self,
        kind: str,
        documents: Iterable[Document],
        *,
        progress: Progress | None = None,
        changed_since: ChangedSince | None = None,
    ) -> int:
        """Replace the whole index with these documents without a moment of empty results.

        changed_since, when given, is asked for the documents written while the rebuild ran,
        and those are indexed again so no concurrent write is lost to a stale read.
        """
        target = self.rebuild_target(kind)
        written = 0
        try:
            for chunk in chunked(documents):
                written += target.write(chunk)
                if progress:
                    progress(len(chunk))
            target.finish(changed_since)
        except Exception:
            target.discard()
            raise
        target.go_live(changed_since)
        return written

    def rebuild_target(self, kind: str) -> "RebuildTarget":
        """Where a rebuild of the kind writes before its documents go live."""
        raise NotImplementedError

    def reconcile(
        self,
        kind: str,
        documents: Iterable[Document],
        *,
        repair: bool = True,
        progress: Progress | None = None,
    ) -> ReconcileReport:
        """Compare the index with the documents that should be in it; repair the drift.

        The report names the drifted ids. A repair here writes the documents it was given;
        search.services.index_reconcile instead re-reads the drifted rows while concurrent
        syncs wait, which is what to use while the site is being written to.
        """
        return reconcile_stores(self.stores(kind), documents, repair=repair, progress=progress)

    def stores(self, kind: str) -> list["Store"]:
        """Every place that holds the kind's documents, each checked by reconcile."""
        raise NotImplementedError

    def health(self) -> Health:
        raise NotImplementedError


def check_query(query: SearchQuery) -> None:
    """Refuse what no backend can answer, with a message that says what is allowed."""
    if query.index not in KINDS:
        raise ValueError(f"Unknown kind {query.index!r}; choose one of {', '.join(KINDS)}.")
    if query.sort not in SORTS:
        raise ValueError(f"Unknown sort {query.sort!r}; choose one of {', '.join(SORTS)}.")
    for name in (*query.filters, *query.facets):
        if name not in FACETS:
            raise ValueError(f"Unknown facet {name!r}; choose among {', '.join(FACETS)}.")
    if query.page < 1 or not 1 <= query.page_size <= 100:
        raise ValueError("Pages start at 1 and hold 1 to 100 results.")
    if query.page * query.page_size > MAX_RESULT_WINDOW:
        raise ValueError(
            f"Only the first {MAX_RESULT_WINDOW:,} results can be paged through; "
            "narrow the search with words or filters."
        )


RANGE_LABELS = {
    "time_to_earn": {key: label for key, label, _, _ in TIME_TO_EARN_RANGES},
    "cost": dict(COST_RANGES),
}


def chunked(items: Iterable, size: int = CHUNK_SIZE) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


class RebuildTarget:
    """A rebuild's fresh copy of one kind's index: filled chunk by chunk, then made live."""

    def write(self, documents: list[Document]) -> int:
        """Write a chunk of documents to the copy; returns how many were written."""
        raise NotImplementedError

    def finish(self, changed_since: ChangedSince | None) -> None:
        """Complete the copy once every document is written (and catch up, when asked)."""

    def discard(self) -> None:
        """Throw the copy away after a failure; the live index stays as it was."""

    def go_live(self, changed_since: ChangedSince | None) -> None:
        """Let searches read the completed copy."""


class Store:
    """What reconcile needs of one place that holds documents."""

    def __init__(
        self,
        digests: Callable[[], dict[str, str]],
        index: Callable[[list[Document]], Any],
        delete: Callable[[list[str]], Any],
    ):
        self.digests, self.index, self.delete = digests, index, delete


def reconcile_stores(
    stores: list[Store],
    documents: Iterable[Document],
    *,
    repair: bool,
    progress: Progress | None,
) -> ReconcileReport:
    """Compare each store's digests with the documents; add, refresh or remove to match.

    The counts add up over the stores (one document missing from two stores counts twice).
    """
    indexed = [store.digests() for store in stores]
    seen: set[str] = set()
    drifted: set[str] = set()
    missing = stale = 0
    for chunk in chunked(documents):
        for store, digests in zip(stores, indexed, strict=True):
            todo = []
            for document in chunk:
                current = digests.get(document.id)
                if current is None:
                    missing += 1
                    todo.append(document)
                elif current != digest(document):
                    stale += 1
                    todo.append(document)
            drifted.update(document.id for document in todo)
            if repair and todo:
                store.index(todo)
        seen.update(document.id for document in chunk)
        if progress:
            progress(len(chunk))
    extra = 0
    for store, digests in zip(stores, indexed, strict=True):
        unwanted = [doc_id for doc_id in digests if doc_id not in seen]
        extra += len(unwanted)
        drifted.update(unwanted)
        if repair and unwanted:
            store.delete(unwanted)
    drift = missing + stale + extra
    return ReconcileReport(
        missing=missing,
        stale=stale,
        extra=extra,
        repaired=repair and drift > 0,
        ids=frozenset(drifted),
    )
