"""Writes to the search index: sync changed rows, rebuild a kind, reconcile the drift.

The database is the source of truth; each function reads the rows afresh, so running one
twice, or late, is harmless.
"""

from collections.abc import Iterable

from .backends import get_backend
from .backends.base import Progress
from .documents import changed_since, documents, indexable
from .types import KINDS, ReconcileReport


def index_sync(*, kind: str, ids: Iterable[int]) -> tuple[int, int]:
    """Index the rows that may be found and delete the others; returns (indexed, deleted)."""
    wanted = sorted(set(ids))
    if not wanted:
        return 0, 0
    backend = get_backend()
    found = list(documents(kind, ids=wanted))
    gone = set(map(str, wanted)) - {document.id for document in found}
    indexed = backend.index(kind, found) if found else 0
    deleted = backend.delete(kind, sorted(gone)) if gone else 0
    return indexed, deleted


def index_rebuild(*, kind: str, progress: Progress | None = None) -> int:
    """Rebuild one kind's index from the database without downtime, then repair any drift
    left by writes made while it ran."""
    backend = get_backend()
    written = backend.rebuild(
        kind, documents(kind), progress=progress, changed_since=changed_since(kind)
    )
    backend.reconcile(kind, documents(kind))
    return written


def index_reconcile(
    *, kind: str, repair: bool = True, progress: Progress | None = None
) -> ReconcileReport:
    return get_backend().reconcile(kind, documents(kind), repair=repair, progress=progress)


def index_size(*, kind: str) -> int:
    """How many documents of the kind the index should hold (for progress bars)."""
    return indexable(kind).count()


__all__ = ["KINDS", "index_rebuild", "index_reconcile", "index_size", "index_sync"]
