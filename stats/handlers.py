"""Receivers that keep the roll-up in step, inside the transaction of each write.

Why not the outbox: its handlers run after commit and are retried, so figures would lag the
awards and a retried increment would count twice. Here the roll-up changes with the write and
rolls back with it, so it always equals a direct count.
"""

from django.db.models.signals import post_delete, pre_delete
from django.dispatch import receiver

from accounts.models import User
from backpack.models import Acceptance, BackpackEntry
from badges.models import Assertion
from badges.signals import assertions_changed, assertions_changing

from .services import counts_of_ids, rollup_add


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
