"""Reads of the backpack: the awards a user received (to a verified email) and their collections."""

from django.db.models import OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from accounts.models import User
from accounts.selectors import user_verified_emails
from badges.models import Assertion, RecipientType

from .models import Acceptance, BackpackEntry, Collection


def received_assertions(*, user: User) -> QuerySet[Assertion]:
    """Every award made to one of the user's verified emails, with the user's `acceptance`."""
    # Email identities are stored normalised (trimmed, lowercased), so an exact match suffices.
    emails = [address.email.strip().lower() for address in user_verified_emails(user=user)]
    answer = BackpackEntry.objects.filter(user=user, assertion=OuterRef("pk")).values("acceptance")[
        :1
    ]
    return (
        Assertion.objects.filter(recipient_type=RecipientType.EMAIL, recipient_identity__in=emails)
        .select_related("badge_class", "issuer", "created_by")
        .annotate(acceptance=Coalesce(Subquery(answer), Value(Acceptance.UNACCEPTED)))
    )


def backpack_assertion_list(*, user: User) -> QuerySet[Assertion]:
    """The user's backpack: received awards they have not rejected, newest first."""
    return received_assertions(user=user).exclude(acceptance=Acceptance.REJECTED)


def backpack_assertion_get(*, user: User, entity_id: str) -> Assertion | None:
    return backpack_assertion_list(user=user).filter(entity_id=entity_id).first()


def collection_list(*, user: User) -> QuerySet[Collection]:
    return Collection.objects.filter(owner=user).prefetch_related("entries__assertion")


def collection_get(*, user: User, entity_id: str) -> Collection | None:
    return collection_list(user=user).filter(entity_id=entity_id).first()
