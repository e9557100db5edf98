"""Outbox consumers that keep the catalogue's search index in step with the database.

Each change to a badge, issuer, award or pathway names the documents to re-read
(search.handlers.index_soon).
"""

from django.apps import apps

from badges.models import Assertion, BadgeClass
from outbox.delivery import handles
from search.handlers import index_soon, indexed_with
from search.types import BADGES, ISSUERS, PATHWAYS


@handles("badgeclass.changed")
def badge_class_changed(*, badge_class_id: int, issuer_id: int, **_) -> None:
    index_soon(BADGES, [badge_class_id])
    index_soon(ISSUERS, [issuer_id])  # its badge count, or whether it is listed at all


@handles("issuer.changed")
def issuer_changed(*, issuer_id: int, **_) -> None:
    index_soon(ISSUERS, [issuer_id])
    badges = BadgeClass.objects.filter(issuer_id=issuer_id).values_list("pk", flat=True)
    index_soon(BADGES, [*badges, *indexed_with(BADGES, "issuer_pk", issuer_id)])


@handles("assertion.awarded")
@handles("assertion.changed")
def assertion_changed(*, assertion_id: int, **_) -> None:
    badge_id = Assertion.objects.filter(pk=assertion_id).values_list("badge_class_id", flat=True)
    index_soon(BADGES, badge_id)  # its earned count


@handles("pathway.changed")
def pathway_changed(*, page_id: int, **_) -> None:
    index_soon(PATHWAYS, [page_id])
    try:
        links = apps.get_model("portal", "PathwayBadge").objects.filter(page_id=page_id)
        named = list(links.values_list("badge_class_id", flat=True))
    except LookupError:
        named = []
    index_soon(BADGES, [*named, *indexed_with(BADGES, "pathway_ids", page_id)])
