"""Writes to the search index: sync changed rows, rebuild a kind, reconcile the drift.

The database is the source of truth; each function reads the rows afresh, so running one
twice, or late, is harmless.
"""

import threading
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace

from django.db import connection, transaction

from .backends import get_backend
from .backends.base import Progress, chunked
from .sources import source
from .types import KINDS, Document, ReconcileReport

_LOCAL_LOCKS = {kind: threading.RLock() for kind in KINDS}


def documents(kind: str, *, ids: Iterable[int] | None = None) -> Iterator[Document]:
    """The kind's documents from its registered source (only these rows, when ids are given)."""
    return source(kind).documents(ids)


@contextmanager
def _one_writer(kind: str) -> Iterator[None]:
    """Let one "read the rows, write their documents" at a time run for a kind.

    Without it, a writer that read a row before a concurrent save could land its older
    document after the save's own sync, and the index would keep the stale copy. Every save
    is followed by a sync that reads after it commits, so when reads and writes of the same
    kind take turns, the last write always carries the newest committed row. On PostgreSQL
    this is a transaction-level advisory lock, so web and worker processes take turns too;
    elsewhere (SQLite, one process) a lock per kind in the process.
    """
    if connection.vendor == "postgresql":
        key = zlib.crc32(f"laurel-search-index-{kind}".encode())
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
            yield
    else:
        with _LOCAL_LOCKS[kind]:
            yield


def index_sync(*, kind: str, ids: Iterable[int]) -> tuple[int, int]:
    """Index the rows that may be found and delete the others; returns (indexed, deleted)."""
    wanted = sorted({int(pk) for pk in ids})
    if not wanted:
        return 0, 0
    backend = get_backend()
    with _one_writer(kind):
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
        kind, documents(kind), progress=progress, changed_since=source(kind).changed_since
    )
    index_reconcile(kind=kind)
    return written


def index_reconcile(
    *, kind: str, repair: bool = True, progress: Progress | None = None
) -> ReconcileReport:
    """Compare the index with the database and, with repair, bring back in line what drifted.

    The repair reads the drifted rows afresh and writes them as index_sync does, taking
    turns with concurrent syncs, so a row saved during the comparison is never overwritten
    by the older copy the comparison read.
    """
    report = get_backend().reconcile(kind, documents(kind), repair=False, progress=progress)
    if repair and report.drift:
        for ids in chunked(sorted(report.ids, key=int)):
            index_sync(kind=kind, ids=ids)
        report = replace(report, repaired=True)
    return report


def index_size(*, kind: str) -> int:
    """How many documents of the kind the index should hold (for progress bars)."""
    return source(kind).count()


__all__ = ["KINDS", "index_rebuild", "index_reconcile", "index_size", "index_sync"]
