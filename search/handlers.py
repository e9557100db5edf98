"""Index sync: `search.index` outbox messages, naming rows to re-read, become index writes.

The apps that own the rows relay their changes with `index_soon`; the messages are delivered
in batches (outbox.delivery.handles_batch), so a thousand awards cost one bulk write, and an
engine that is down only delays the search messages, never the others.
"""

from collections import defaultdict
from collections.abc import Iterable

from outbox.delivery import handles_batch
from outbox.services import emit

from .models import SearchFacetValue
from .services import index_sync

TOPIC = "search.index"


def index_soon(kind: str, ids: Iterable) -> None:
    """Queue these rows of a kind to be read afresh and indexed (or deleted) after commit."""
    ids = sorted({int(pk) for pk in ids})
    if ids:
        emit(TOPIC, kind=kind, ids=ids)


def indexed_with(kind: str, facet: str, value) -> list[int]:
    """Ids of the kind's documents indexed with this facet value, though their row may be gone."""
    return [
        int(doc_id)
        for doc_id in SearchFacetValue.objects.filter(
            facet=facet, value=str(value), document__kind=kind
        ).values_list("document__doc_id", flat=True)
    ]


@handles_batch(TOPIC)
def index_batch(payloads: list[dict]) -> None:
    by_kind: dict[str, set[int]] = defaultdict(set)
    for payload in payloads:
        by_kind[payload["kind"]].update(payload["ids"])
    for kind, ids in sorted(by_kind.items()):  # one order, so two batches never deadlock
        index_sync(kind=kind, ids=ids)
