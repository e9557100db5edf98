"""Keyset (cursor) pagination of a list shown newest first by (a date and time, id)."""

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet

PAGE_SIZE = 50
OLDER, NEWER = "o", "n"
MAX_ID = 2**63 - 1  # larger ids overflow SQLite's integers: such a cursor is refused


class BadCursor(ValueError):
    """The cursor is not one this site gave (edited, truncated or from another list)."""


@dataclass(frozen=True)
class KeysetPage:
    rows: list
    newer: str | None  # the cursor of the page of newer rows; None on the first page
    older: str | None  # the cursor of the page of older rows; None on the last page


def encode(direction: str, moment: datetime, pk: int) -> str:
    raw = f"{direction}|{moment.isoformat()}|{pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str) -> tuple[str, datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        direction, moment_text, pk_text = raw.split("|")
        moment, pk = datetime.fromisoformat(moment_text), int(pk_text)
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise BadCursor(cursor) from exc
    if direction not in (OLDER, NEWER) or moment.tzinfo is None or not 0 <= pk <= MAX_ID:
        raise BadCursor(cursor)
    return direction, moment, pk


def keyset_page(
    queryset: QuerySet, *, cursor: str = "", field: str = "issued_on", size: int = PAGE_SIZE
) -> KeysetPage:
    """One page of `queryset` ordered by (-field, -pk): the newest when `cursor` is empty,
    else the rows just older or newer than the cursor's. One query, and no COUNT: a page
    reads `size` + 1 rows of an index on (..., field, id) whatever the list's length.
    Raises BadCursor for a cursor this function did not make."""
    if not cursor:
        rows = list(queryset.order_by(f"-{field}", "-pk")[: size + 1])
        return _page(rows[:size], newer=False, older=len(rows) > size, field=field)
    direction, moment, pk = decode(cursor)
    if direction == OLDER:
        # The redundant `field <= moment` bounds the index range; the OR picks the ties.
        rows = list(
            queryset.filter(**{f"{field}__lte": moment})
            .filter(Q(**{f"{field}__lt": moment}) | Q(pk__lt=pk))
            .order_by(f"-{field}", "-pk")[: size + 1]
        )
        return _page(rows[:size], newer=True, older=len(rows) > size, field=field)
    rows = list(
        queryset.filter(**{f"{field}__gte": moment})
        .filter(Q(**{f"{field}__gt": moment}) | Q(pk__gt=pk))
        .order_by(field, "pk")[: size + 1]
    )
    return _page(rows[:size][::-1], newer=len(rows) > size, older=True, field=field)


def _page(rows: list, *, newer: bool, older: bool, field: str) -> KeysetPage:
    if not rows:
        return KeysetPage(rows, None, None)
    first, last = rows[0], rows[-1]
    return KeysetPage(
        rows,
        encode(NEWER, getattr(first, field), first.pk) if newer else None,
        encode(OLDER, getattr(last, field), last.pk) if older else None,
    )
