"""Reads of the backpack: the badges a user holds (awarded to a verified email or imported),
their collections, and what is shared publicly."""

from django.db.models import BooleanField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from accounts.models import User
from accounts.selectors import (
    PublicProfile,
    public_profile,
    user_verified_emails,
    verified_email_holder,
)
from badges.models import Assertion
from badges.selectors import assertion_list_for_recipient

from .items import BackpackItem, award_item, import_item
from .models import Acceptance, BackpackEntry, Collection, CollectionEntry, ImportedBadge


def received_assertions(*, user: User) -> QuerySet[Assertion]:
    """Awards made to one of the user's verified emails, expired ones too (never revoked ones),
    each with the user's `acceptance` and `hidden`. Awards made before the user signed up or
    verified the email count as much as later ones: the match is made when read."""
    emails = user_verified_emails(user=user).values_list("email", flat=True)
    entry = BackpackEntry.objects.filter(user=user, assertion=OuterRef("pk"))
    return (
        assertion_list_for_recipient(identities=list(emails), include_expired=True)
        .select_related("created_by")
        .annotate(
            acceptance=Coalesce(
                Subquery(entry.values("acceptance")[:1]), Value(Acceptance.UNACCEPTED)
            ),
            hidden=Coalesce(
                Subquery(entry.values("hidden")[:1]), Value(False), output_field=BooleanField()
            ),
        )
    )


def backpack_assertion_list(*, user: User) -> QuerySet[Assertion]:
    """The awards in the user's backpack: received awards they have not rejected, newest first."""
    return received_assertions(user=user).exclude(acceptance=Acceptance.REJECTED)


def backpack_assertion_get(*, user: User, entity_id: str) -> Assertion | None:
    return backpack_assertion_list(user=user).filter(entity_id=entity_id).first()


def declined_assertion_list(*, user: User) -> QuerySet[Assertion]:
    return received_assertions(user=user).filter(acceptance=Acceptance.REJECTED)


def imported_badge_list(*, user: User) -> QuerySet[ImportedBadge]:
    return ImportedBadge.objects.filter(owner=user)


def imported_badge_get(*, user: User, entity_id: str) -> ImportedBadge | None:
    return imported_badge_list(user=user).filter(entity_id=entity_id).first()


def backpack_items(*, user: User, include_hidden: bool = True) -> list[BackpackItem]:
    """Every badge in the backpack, awards and imports together, newest first."""
    items = [award_item(a) for a in backpack_assertion_list(user=user)]
    items += [import_item(i) for i in imported_badge_list(user=user)]
    if not include_hidden:
        items = [item for item in items if not item.hidden]
    return sorted(
        items, key=lambda item: (item.issued_on is not None, item.issued_on), reverse=True
    )


def backpack_item_get(*, user: User, entity_id: str) -> BackpackItem | None:
    if (assertion := backpack_assertion_get(user=user, entity_id=entity_id)) is not None:
        return award_item(assertion)
    if (imported := imported_badge_get(user=user, entity_id=entity_id)) is not None:
        return import_item(imported)
    return None


def shared_item_get(*, entity_id: str) -> BackpackItem | None:
    """A badge as its public share page shows it: an award made here that is not revoked, or an
    imported badge its owner has not hidden (its id is unguessable, as an award's is)."""
    return _public_item(entity_id, revoked=False)


def revoked_item_get(*, entity_id: str) -> BackpackItem | None:
    """A badge whose share page now says it was revoked: an award made here that its issuer
    revoked, or an imported badge its issuer revoked since (unless its owner hid it)."""
    return _public_item(entity_id, revoked=True)


def _public_item(entity_id: str, *, revoked: bool) -> BackpackItem | None:
    assertion = (
        Assertion.objects.select_related("badge_class", "issuer")
        .filter(entity_id=entity_id, revoked=revoked)
        .first()
    )
    if assertion is not None:
        return award_item(assertion)
    imported = ImportedBadge.objects.filter(entity_id=entity_id, hidden=False).first()
    if imported is None:
        return None
    item = import_item(imported)
    return item if (item.status == "revoked" if revoked else item.shareable) else None


def award_earner(*, assertion: Assertion) -> User | None:
    """The learner an award made here went to: the user who verified its recipient email,
    unless they declined it (declined awards are not theirs to be named on)."""
    if assertion.recipient_type != "email":
        return None
    user = verified_email_holder(email=assertion.recipient_identity)
    if (
        user is None
        or BackpackEntry.objects.filter(
            user=user, assertion=assertion, acceptance=Acceptance.REJECTED
        ).exists()
    ):
        return None
    return user


def item_earner_profile(*, item: BackpackItem) -> PublicProfile | None:
    """The name (and photo) a public page of this badge gives its earner, when they chose so."""
    owner = item.obj.owner if item.imported else award_earner(assertion=item.obj)
    return public_profile(user=owner)


def collection_list(*, user: User) -> QuerySet[Collection]:
    return (
        Collection.objects.filter(owner=user)
        .select_related("owner")
        .prefetch_related("entries__assertion", "entries__imported")
    )


def collection_get(*, user: User, entity_id: str) -> Collection | None:
    return collection_list(user=user).filter(entity_id=entity_id).first()


def public_collection_get(*, entity_id: str) -> Collection | None:
    return (
        Collection.objects.filter(entity_id=entity_id, published=True)
        .select_related("owner")
        .first()
    )


def collection_items(*, collection: Collection, public: bool = False) -> list[BackpackItem]:
    """The collection's badges in the owner's order, as they stand in the owner's backpack now.

    A badge the owner declined, deleted or lost (its email unverified, the award revoked) drops
    out; a public collection also leaves out hidden badges and those that no longer verify.
    """
    held = {item.entity_id: item for item in backpack_items(user=collection.owner)}
    entries = CollectionEntry.objects.filter(collection=collection).select_related(
        "assertion", "imported"
    )
    items = [held[e.entity_id] for e in entries if e.entity_id in held]
    if public:
        items = [item for item in items if item.shareable]
    return items
