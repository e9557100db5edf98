"""Index sync: outbox messages about badges, issuers, awards and pathways become index writes.

Each changed row is relayed as a `search.index` message naming what to re-read; those are
delivered in batches (outbox.delivery.handles_batch), so a thousand awards cost one bulk
write, and an engine that is down only delays the search messages, never the others.
"""

from collections import defaultdict

from django.apps import apps

from badges.models import Assertion, BadgeClass
from outbox.delivery import handles, handles_batch
from outbox.services import emit

from .models import SearchFacetValue
from .services import index_sync
from .types import BADGES, ISSUERS, PATHWAYS

TOPIC = "search.index"


def _relay(kind: str, ids) -> None:
    ids = sorted({int(pk) for pk in ids})
    if ids:
        emit(TOPIC, kind=kind, ids=ids)


def _indexed_naming(key: str, value) -> list[int]:
    """Badge documents indexed with this issuer or pathway, though the row may be gone."""
    return [
        int(doc_id)
        for doc_id in SearchFacetValue.objects.filter(
            facet=key, value=str(value), document__kind=BADGES
        ).values_list("document__doc_id", flat=True)
    ]


@handles("badgeclass.changed")
def badge_class_changed(*, badge_class_id: int, issuer_id: int, **_) -> None:
    _relay(BADGES, [badge_class_id])
    _relay(ISSUERS, [issuer_id])  # its badge count, or whether it is listed at all


@handles("issuer.changed")
def issuer_changed(*, issuer_id: int, **_) -> None:
    _relay(ISSUERS, [issuer_id])
    badges = BadgeClass.objects.filter(issuer_id=issuer_id).values_list("pk", flat=True)
    _relay(BADGES, [*badges, *_indexed_naming("issuer_pk", issuer_id)])


@handles("assertion.awarded")
@handles("assertion.changed")
def assertion_changed(*, assertion_id: int, **_) -> None:
    badge_id = Assertion.objects.filter(pk=assertion_id).values_list("badge_class_id", flat=True)
    _relay(BADGES, badge_id)  # its earned count


@handles("pathway.changed")
def pathway_changed(*, page_id: int, **_) -> None:
    _relay(PATHWAYS, [page_id])
    try:
        links = apps.get_model("portal", "PathwayBadge").objects.filter(page_id=page_id)
        named = list(links.values_list("badge_class_id", flat=True))
    except LookupError:
        named = []
    _relay(BADGES, [*named, *_indexed_naming("pathway_ids", page_id)])


@handles_batch(TOPIC)
def index_batch(payloads: list[dict]) -> None:
    by_kind: dict[str, set[int]] = defaultdict(set)
    for payload in payloads:
        by_kind[payload["kind"]].update(payload["ids"])
    for kind, ids in sorted(by_kind.items()):  # one order, so two batches never deadlock
        index_sync(kind=kind, ids=ids)
