"""Reads across the issuers a caller belongs to, as the API lists them."""

from datetime import datetime

from django.db.models import QuerySet

from badges.models import Assertion, BadgeClass, Issuer


def user_issuers(*, user, limit: set[str] | None = None) -> QuerySet[Issuer]:
    """Issuers where the user has a role (all for a site operator), within a token's limit."""
    issuers = Issuer.objects.all() if user.is_superuser else Issuer.objects.filter(staff__user=user)
    if limit is not None:
        issuers = issuers.filter(entity_id__in=limit)
    return issuers.select_related("created_by").prefetch_related("staff__user").distinct()


def user_badge_classes(*, user, limit: set[str] | None = None) -> QuerySet[BadgeClass]:
    issuers = user_issuers(user=user, limit=limit).values("pk")
    return BadgeClass.objects.filter(issuer__in=issuers).select_related("issuer", "created_by")


def user_assertions(*, user, limit: set[str] | None = None) -> QuerySet[Assertion]:
    issuers = user_issuers(user=user, limit=limit).values("pk")
    return Assertion.objects.filter(issuer__in=issuers).select_related(
        "badge_class", "issuer", "created_by"
    )


def changed_since(queryset: QuerySet, since: datetime) -> QuerySet:
    return queryset.filter(updated_at__gt=since)
