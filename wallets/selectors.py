"""Wallet reads: exchanges by id, a learner's exchanges, which awards went to a wallet."""

from collections.abc import Iterable

from django.db.models import QuerySet

from accounts.models import User
from badges.models import Issuer

from .models import IssuerWalletSettings, WalletExchange


def exchange_get(*, entity_id: str) -> WalletExchange | None:
    return (
        WalletExchange.objects.select_related("assertion__issuer", "assertion__badge_class")
        .filter(entity_id=entity_id)
        .first()
    )


def own_exchange_get(*, user: User, entity_id: str) -> WalletExchange | None:
    """An exchange the user opened (the page with its QR code is for them only)."""
    found = exchange_get(entity_id=entity_id)
    return found if found is not None and found.created_by_id == user.pk else None


def collection_offered(*, issuer: Issuer) -> bool:
    found = IssuerWalletSettings.objects.filter(issuer=issuer).first()
    return True if found is None else found.offer_collection


def collected_exchanges(*, assertion_ids: Iterable[int]) -> QuerySet[WalletExchange]:
    """The collected exchanges of these awards, newest first."""
    return WalletExchange.objects.filter(
        assertion_id__in=list(assertion_ids), collected_at__isnull=False
    ).order_by("-collected_at")


def collected_by_award(*, assertion_ids: Iterable[int]) -> dict[int, list[WalletExchange]]:
    found: dict[int, list[WalletExchange]] = {}
    for exchange in collected_exchanges(assertion_ids=assertion_ids):
        found.setdefault(exchange.assertion_id, []).append(exchange)
    return found
