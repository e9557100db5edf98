"""Reads of the backpack: the awards a user received (to a verified email) and their collections."""

from django.db.models import OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from accounts.models import User
from accounts.selectors import user_verified_emails
from badges.models import Assertion
from badges.selectors import assertion_list_for_recipient

from .models import Acceptance, BackpackEntry, Collection


def received_assertions(*, user: User) -> QuerySet[Assertion]:
    """Awards made to one of the user's verified emails, expired ones too (never revoked ones),
    each with the user's `acceptance`."""
    emails = user_verified_emails(user=user).values_list("email", flat=True)
    answer = BackpackEntry.objects.filter(user=user, assertion=OuterRef("pk")).values("acceptance")[
        :1
    ]
    return (
        assertion_list_for_recipient(identities=list(emails), include_expired=True)
        .select_related("created_by")
        .annotate(acceptance=Coalesce(Subquery(answer), Value(Acceptance.UNACCEPTED)))
    )


def backpack_assertion_list(*, user: User) -> QuerySet[Assertion]:
    """The user's backpack: received awards they have not rejected, newest first."""
    return received_assertions(user=user).exclude(acceptance=Acceptance.REJECTED)


def backpack_assertion_get(*, user: User, entity_id: str) -> Assertion | None:
    return backpack_assertion_list(user=user).filter(entity_id=entity_id).first()


def collection_list(*, user: User) -> QuerySet[Collection]:
    return (
        Collection.objects.filter(owner=user)
        .select_related("owner")
        .prefetch_related("entries__assertion")
    )


def collection_get(*, user: User, entity_id: str) -> Collection | None:
    return collection_list(user=user).filter(entity_id=entity_id).first()
