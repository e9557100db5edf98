"""Reads of the public catalogue: searches through the search layer, pages from the database."""

import hashlib
from collections.abc import Iterable

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet

from badges.models import BadgeClass, Issuer
from badges.selectors import endorsements_shown
from search import get_backend
from search.types import (
    BADGES,
    PATHWAYS,
    FacetValue,
    Hit,
    SearchQuery,
    SearchResults,
    Suggestion,
)
from stats.selectors import earned_count
from web.hooks import Hook


def badge_search(*, query: SearchQuery) -> SearchResults:
    return get_backend().search(query)


PATHWAY_HITS_SECONDS = 60


def pathway_search(*, text: str, limit: int = 3) -> list[Hit]:
    """The earning pathways whose title, introduction or badges hold the words, best first.

    Kept a minute per text: the search page asks on every view, and pathways change rarely.
    """
    key = "discovery:pathways:" + hashlib.sha256(f"{limit}:{text}".encode()).hexdigest()
    return cache.get_or_set(
        key,
        lambda: get_backend().search(SearchQuery(index=PATHWAYS, text=text, page_size=limit)).hits,
        PATHWAY_HITS_SECONDS,
    )


def badge_suggestions(*, prefix: str, limit: int = 8) -> list[Suggestion]:
    return get_backend().suggest(prefix, kind=BADGES, limit=limit)


def popular_tags(*, limit: int = 12) -> list[FacetValue]:
    """The most used tags of the whole catalogue, for a search that found nothing."""
    results = get_backend().search(SearchQuery(index=BADGES, facets=("tags",), page_size=1))
    return results.facets.get("tags", [])[:limit]


def public_badge_list() -> QuerySet[BadgeClass]:
    """Badge classes the public may find: published, public and not archived."""
    return BadgeClass.objects.listed().select_related("issuer")


def issuer_badge_list(*, issuer: Issuer) -> QuerySet[BadgeClass]:
    return public_badge_list().filter(issuer=issuer).order_by("name", "pk")


def badge_page_badge(*, entity_id: str) -> BadgeClass | None:
    """A badge class for its page, archived and private ones too: holders' links must work.
    Drafts have no page until they are published."""
    return (
        BadgeClass.objects.select_related("issuer").filter(entity_id=entity_id, draft=False).first()
    )


def badge_earned_count(*, badge: BadgeClass) -> int:
    """How many people hold the badge: awards not revoked, expired ones included."""
    return earned_count(badge_class=badge)


def related_badges(*, badge: BadgeClass, limit: int = 4) -> list[BadgeClass]:
    """Public badges most like this one, best first, as the search engine judges them."""
    ids = get_backend().more_like_this(BADGES, str(badge.pk), limit=limit)
    pks = [int(doc_id) for doc_id in ids if doc_id.isdigit()]
    found = public_badge_list().exclude(pk=badge.pk).in_bulk(pks)
    return [found[pk] for pk in pks if pk in found]


# Badge class id -> the live, public pathways that name it, as {"title", "url"}. Pathways are
# pages, above discovery: the portal provides the reader.
pathways_for_badges = Hook(default=lambda badge_ids: {})


# The learner an award went to, when they may be named on its page: the backpack knows who
# declined it. Discovery and the backpack are siblings: the portal provides backpack's reader.
award_earner = Hook(default=lambda *, assertion: None)


def pathways_including(*, badge: BadgeClass) -> list[dict]:
    """Live, public pathway pages that include the badge, as {"title", "url"}."""
    return pathways_for_badges([badge.pk]).get(badge.pk, [])


def issuer_directory() -> QuerySet[Issuer]:
    """Issuers with at least one public badge, by name, each with its public badge count."""
    return (
        Issuer.objects.annotate(
            badge_count=Count(
                "badge_classes",
                filter=Q(badge_classes__in=BadgeClass.objects.listed()),
            )
        )
        .filter(badge_count__gt=0)
        .order_by("name", "pk")
    )


def new_badges(*, limit: int = 50) -> QuerySet[BadgeClass]:
    return public_badge_list().order_by("-created_at", "-pk")[:limit]


def endorsers_by_badge(*, badge_ids: Iterable[int]) -> dict[int, list[str]]:
    """Names of the issuers endorsing each badge class shown ("Endorsed by …"), in one query."""
    names: dict[int, list[str]] = {}
    for endorsement in endorsements_shown(badge_class_id__in=list(badge_ids)):
        names.setdefault(endorsement.badge_class_id, []).append(endorsement.endorser.name)
    return names
