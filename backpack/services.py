"""Writes of the backpack: accepting or rejecting received awards, and collections."""

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.models import User
from badges.models import Assertion

from .models import Acceptance, BackpackEntry, Collection, CollectionEntry
from .selectors import backpack_assertion_list


@transaction.atomic
def backpack_acceptance_set(*, user: User, assertion: Assertion, acceptance: str) -> BackpackEntry:
    """Record the user's answer to an award; rejecting it also takes it out of their collections."""
    if acceptance not in Acceptance.values:
        raise ValidationError({"acceptance": f"Choose one of: {', '.join(Acceptance.values)}."})
    if not backpack_assertion_list(user=user).filter(pk=assertion.pk).exists():
        raise ValidationError({"assertion": "This award is not in your backpack."})
    entry, _ = BackpackEntry.objects.update_or_create(
        user=user, assertion=assertion, defaults={"acceptance": acceptance}
    )
    if acceptance == Acceptance.REJECTED:
        CollectionEntry.objects.filter(collection__owner=user, assertion=assertion).delete()
    return entry


@transaction.atomic
def collection_create(
    *,
    user: User,
    name: str,
    description: str = "",
    published: bool = False,
    assertion_ids: Sequence[str] = (),
) -> Collection:
    collection = Collection(owner=user)
    return _collection_save(
        collection,
        user=user,
        name=name,
        description=description,
        published=published,
        assertion_ids=assertion_ids,
    )


@transaction.atomic
def collection_update(
    *,
    collection: Collection,
    user: User,
    name: str | None = None,
    description: str | None = None,
    published: bool | None = None,
    assertion_ids: Sequence[str] | None = None,
) -> Collection:
    """Change the given fields; `assertion_ids` replaces the collection's awards, in that order."""
    _check_owner(collection, user)
    return _collection_save(
        collection,
        user=user,
        name=collection.name if name is None else name,
        description=collection.description if description is None else description,
        published=collection.published if published is None else published,
        assertion_ids=assertion_ids,
    )


@transaction.atomic
def collection_delete(*, collection: Collection, user: User) -> None:
    _check_owner(collection, user)
    collection.delete()


def _check_owner(collection: Collection, user: User) -> None:
    if collection.owner_id != user.pk:
        raise PermissionDenied("Only the owner of a collection may change it.")


def _collection_save(
    collection: Collection,
    *,
    user: User,
    name: str,
    description: str,
    published: bool,
    assertion_ids: Sequence[str] | None,
) -> Collection:
    errors: dict[str, list[str]] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = ["A collection needs a name."]
    elif len(name) > 200:
        errors["name"] = ["Keep the name to 200 characters or fewer."]
    assertions: list[Assertion] = []
    if assertion_ids is not None:
        wanted = list(dict.fromkeys(assertion_ids))
        found = {
            a.entity_id: a for a in backpack_assertion_list(user=user).filter(entity_id__in=wanted)
        }
        missing = [entity_id for entity_id in wanted if entity_id not in found]
        if missing:
            errors["assertions"] = [
                f"Not in your backpack: {', '.join(missing)}. Add only awards you received."
            ]
        assertions = [found[entity_id] for entity_id in wanted if entity_id in found]
    if errors:
        raise ValidationError(errors)
    collection.name = name
    collection.description = (description or "").strip()
    collection.published = bool(published)
    collection.save()
    if assertion_ids is not None:
        collection.entries.all().delete()
        CollectionEntry.objects.bulk_create(
            CollectionEntry(collection=collection, assertion=assertion, position=position)
            for position, assertion in enumerate(assertions)
        )
    return collection
