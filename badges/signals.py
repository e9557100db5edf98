"""Signals around bulk writes of awards, which send no model signals (bulk_create), so apps
above the issuing core can keep figures in step inside the same transaction."""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.dispatch import Signal

# Both are sent inside the write's transaction with `ids`, the awards whose figures change:
# `assertions_changing` before the write, `assertions_changed` after it (with any awards it made).
assertions_changing = Signal()
assertions_changed = Signal()


@contextmanager
def assertions_change(ids: Iterable[int] = ()) -> Iterator[list[int]]:
    """Bracket a bulk write to these awards; append the ids of awards made inside to the list.

    Writes of one award through save() or delete() need no bracket: receivers of the model
    signals (pre_save, post_save, pre_delete, post_delete) see them."""
    changing = [pk for pk in ids if pk is not None]
    assertions_changing.send(sender=None, ids=list(changing))
    yield changing
    assertions_changed.send(sender=None, ids=changing)
