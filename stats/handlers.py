"""Receivers that keep the roll-up in step, inside the transaction of each write: the model
signals of awards and backpack entries (save, delete), and badges' signals around bulk writes.

Why not the outbox: its handlers run after commit and are retried, so figures would lag the
awards and a retried increment would count twice. Here the roll-up changes with the write and
rolls back with it, so it always equals a direct count.
"""

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from accounts.models import User
from backpack.models import Acceptance, BackpackEntry
from badges.models import Assertion
from badges.signals import assertions_changed, assertions_changing

from .services import counts_of_ids, rollup_add

# Fields of an award that decide its roll-up row or what it counts for there.
_COUNTED = {"badge_class", "issuer", "issued_on", "expires", "revoked", "renews"}


def _counted(update_fields) -> bool:
    return update_fields is None or bool(_COUNTED & set(update_fields))


@receiver(pre_save, sender=Assertion)
def _award_saving(sender, instance: Assertion, update_fields=None, **_) -> None:
    """One award saved (a revocation, a new expiry, an operator's edit in the admin): its
    counts as stored are taken away, and put back as saved; a new award that renews another
    also makes that one renewed."""
    if not _counted(update_fields):
        return
    ids = [instance.pk, instance.renews_id]
    if instance.pk is not None and (update_fields is None or "renews" in update_fields):
        # An edit may point it at another award to renew: the one it renewed is no longer.
        ids += Assertion.objects.filter(pk=instance.pk).values_list("renews_id", flat=True)
    rollup_add(counts_of_ids(ids), sign=-1)
    instance._rollup_ids = ids


@receiver(post_save, sender=Assertion)
def _award_saved(sender, instance: Assertion, **_) -> None:
    ids = instance.__dict__.pop("_rollup_ids", None)
    if ids is not None:
        rollup_add(counts_of_ids([*ids, instance.pk]))


@receiver(pre_save, sender=BackpackEntry)
def _entry_saving(sender, instance: BackpackEntry, update_fields=None, **_) -> None:
    """A learner's answer to an award: whether the award counts as accepted may change."""
    if update_fields is None or "acceptance" in update_fields:
        rollup_add(counts_of_ids([instance.assertion_id]), sign=-1)
        instance._rollup_ids = [instance.assertion_id]


@receiver(post_save, sender=BackpackEntry)
def _entry_saved(sender, instance: BackpackEntry, **_) -> None:
    ids = instance.__dict__.pop("_rollup_ids", None)
    if ids is not None:
        rollup_add(counts_of_ids(ids))


@receiver(assertions_changing)
def _awards_changing(sender, ids: list[int], **_) -> None:
    rollup_add(counts_of_ids(ids), sign=-1)


@receiver(assertions_changed)
def _awards_changed(sender, ids: list[int], **_) -> None:
    rollup_add(counts_of_ids(ids))


# A deletion (of awards, or of a user whose acceptances go with them) sends pre_delete for every
# row before deleting any, and post_delete after: the counts of the awards concerned are taken
# away once per deletion (`origin`), before, and what is left of them added back after.
_deleting: dict[int, tuple[object, set[int]]] = {}


def _take_away(origin, ids) -> None:
    entry = _deleting.get(id(origin))
    if entry is None or entry[0] is not origin:
        entry = _deleting[id(origin)] = (origin, set())
    new = {pk for pk in ids if pk is not None} - entry[1]
    rollup_add(counts_of_ids(new), sign=-1)
    entry[1].update(new)


def _add_back(origin) -> None:
    entry = _deleting.pop(id(origin), None)
    if entry is not None and entry[0] is origin:
        rollup_add(counts_of_ids(entry[1]))


@receiver(pre_delete, sender=Assertion)
def _award_deleting(sender, instance: Assertion, origin=None, **_) -> None:
    # The award it renews counts as renewed no more.
    _take_away(origin, [instance.pk, instance.renews_id])


@receiver(pre_delete, sender=User)
def _user_deleting(sender, instance: User, origin=None, **_) -> None:
    accepted = BackpackEntry.objects.filter(user=instance, acceptance=Acceptance.ACCEPTED)
    _take_away(origin, accepted.values_list("assertion_id", flat=True))


@receiver(post_delete, sender=Assertion)
@receiver(post_delete, sender=User)
def _deleted(sender, instance, origin=None, **_) -> None:
    _add_back(origin)
