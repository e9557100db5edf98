"""An issuer's Open Badges 2.0 revocation list, assembled from cached slices of award ids.

Open Badges 2.0 has one RevocationList document per issuer and no paging of it, so the list
stays one document; but a revocation re-reads only the slice of ids the award falls in (a
range of the partial index `assertion_revoked_list_idx`, covering the two columns shown), and
every other slice comes from the cache as ready JSON. Cold, all slices come in one query.
"""

import json

from django.core.cache import cache
from django.db.models import Max, Min

from .models import Issuer
from .openbadges import ob2

SLICE_IDS = 65_536  # award ids per slice: at 10M awards, about 150 slices in all
CACHE_SECONDS = 60 * 60 * 24


def slice_key(issuer_entity_id: str, number: int) -> str:
    return f"ob2:revoked-slice:{issuer_entity_id}:{number}"


def slice_of(assertion_pk: int) -> int:
    return assertion_pk // SLICE_IDS


def _entry(entity_id: str, reason: str) -> bytes:
    entry = {"id": ob2.public_url("assertions", entity_id), "revocationReason": reason}
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode()


def _assemble(issuer: Issuer, pieces: list[bytes]) -> bytes:
    """The document as badges.public writes every document (compact JSON), entries spliced
    into its empty list so the cached slices are never parsed again."""
    empty = ob2.revocation_list_document(issuer, [])
    head = json.dumps(empty, ensure_ascii=False, separators=(",", ":")).encode()
    return head[:-2] + b",".join(piece for piece in pieces if piece) + b"]}"


def _slices(issuer: Issuer, low: int, high: int) -> dict[int, bytes]:
    """The slices numbered low..high, read in one query of revoked awards only, by id."""
    rows = (
        issuer.assertions.filter(
            revoked=True, id__gte=low * SLICE_IDS, id__lt=(high + 1) * SLICE_IDS
        )
        .order_by("id")
        .values_list("id", "entity_id", "revocation_reason")
    )
    entries: dict[int, list[bytes]] = {}
    for pk, entity_id, reason in rows:
        entries.setdefault(slice_of(pk), []).append(_entry(entity_id, reason))
    return {number: b",".join(entries.get(number, [])) for number in range(low, high + 1)}


def body(issuer: Issuer) -> bytes:
    """The issuer's revocation list as JSON, from cached slices where they are."""
    bounds = issuer.assertions.filter(revoked=True).aggregate(low=Min("id"), high=Max("id"))
    if bounds["low"] is None:
        return _assemble(issuer, [])
    numbers = range(slice_of(bounds["low"]), slice_of(bounds["high"]) + 1)
    keys = {number: slice_key(issuer.entity_id, number) for number in numbers}
    cached = cache.get_many(list(keys.values()))
    missing = [number for number in numbers if keys[number] not in cached]
    if missing:
        read = _slices(issuer, missing[0], missing[-1])
        fresh = {keys[number]: read[number] for number in missing}
        cache.set_many(fresh, CACHE_SECONDS)
        cached.update(fresh)
    return _assemble(issuer, [cached[keys[number]] for number in numbers])


def body_uncached(issuer: Issuer) -> bytes:
    """The same document read whole from the database (for published files)."""
    rows = issuer.assertions.filter(revoked=True).order_by("id")
    revoked = rows.values_list("entity_id", "revocation_reason")
    return _assemble(issuer, [_entry(entity_id, reason) for entity_id, reason in revoked])


def forget(issuer_entity_id: str, assertion_pk: int) -> None:
    """An award of the issuer changed: its slice is read again on the next request."""
    cache.delete(slice_key(issuer_entity_id, slice_of(assertion_pk)))
