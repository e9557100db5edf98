"""Public Open Badges documents, cached so a warm request makes no database query.

A cached document remembers its issuer's generation number; any change to an issuer or
its badge classes bumps the generation, which retires every cached document of that
issuer at once. An award's own changes (revocation, edits) delete its entries directly, and
so do an endorsement's (its document, and the documents of what it endorses). The revocation
list is assembled from cached slices (badges/revocation_list.py): an award's change drops its
issuer's list and the one slice its id falls in.
"""

import hashlib
import json
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Prefetch, prefetch_related_objects

from . import revocation_list
from .models import Assertion, BadgeClass, Endorsement, Issuer, IssuerKey
from .openbadges import ob2

CACHE_SECONDS = 60 * 60 * 24
ASSERTION_EXPANDS = ("", "badge", "badge.issuer")
BADGE_EXPANDS = ("", "issuer")


@dataclass(frozen=True)
class PublicDocument:
    status: int
    body: bytes
    etag: str
    issuer_id: str


def _key(kind: str, entity_id: str, expand: str = "") -> str:
    return f"ob2:{kind}:{entity_id}:{expand}"


def _generation_key(issuer_id: str) -> str:
    return f"ob2:generation:{issuer_id}"


def get_document(kind: str, entity_id: str, expand: str = "") -> PublicDocument | None:
    """The public document of an issuer, badge class, assertion, key or revocation list."""
    key = _key(kind, entity_id, expand)
    cached = cache.get(key)
    if cached is not None:
        generation, document = cached
        if cache.get(_generation_key(document.issuer_id), 0) == generation:
            return document
    if kind == "revocations":
        document = _revocations(entity_id, revocation_list.body)
    else:
        document = render(kind, entity_id, expand)
    if document is not None:
        generation = cache.get(_generation_key(document.issuer_id), 0)
        cache.set(key, (generation, document), CACHE_SECONDS)
    return document


def invalidate_issuer(issuer_id: str) -> None:
    key = _generation_key(issuer_id)
    cache.add(key, 0, None)
    try:
        cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, None)


def invalidate_assertion(entity_id: str, issuer_id: str, pk: int) -> None:
    """An award changed: drop its documents, its issuer's revocation list and the one slice
    of that list its id falls in (the other slices stay cached)."""
    keys = [_key("assertions", entity_id, expand) for expand in ASSERTION_EXPANDS]
    cache.delete_many([*keys, _key("revocations", issuer_id)])
    revocation_list.forget(issuer_id, pk)


def invalidate_endorsement(entity_id: str) -> None:
    cache.delete(_key("endorsements", entity_id))


def endorsement_ids(**target) -> list[str]:
    """The entity ids of the live endorsements of one issuer, badge class or award
    (issuer=, badge_class= or assertion=), oldest first so documents stay stable."""
    live = Endorsement.objects.shown().filter(**target).order_by("issued_on", "id")
    return list(live.values_list("entity_id", flat=True))


def _shown_endorsement_ids(obj, **target) -> list[str]:
    """As endorsement_ids, from what prefetch_documents read for many objects at once."""
    prefetched = getattr(obj, "shown_endorsements", None)
    if prefetched is None:
        return endorsement_ids(**target)
    return [endorsement.entity_id for endorsement in prefetched]


def prefetch_documents(assertions: list[Assertion]) -> None:
    """Read at once, for many awards, what their documents expanded with the badge class and
    its issuer read award by award: issuers, signing keys, published keys, endorsements."""

    def shown(path: str) -> Prefetch:
        live = Endorsement.objects.shown().order_by("issued_on", "id")
        return Prefetch(path, queryset=live, to_attr="shown_endorsements")

    prefetch_related_objects(
        assertions,
        "signing_key",
        "badge_class__issuer",
        Prefetch("badge_class__issuer__keys", to_attr="published_keys"),
        shown("endorsements"),
        shown("badge_class__endorsements"),
        shown("badge_class__issuer__endorsements"),
    )


def _document(status: int, body: dict, issuer_id: str) -> PublicDocument:
    raw = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    return _raw_document(status, raw, issuer_id)


def _raw_document(status: int, raw: bytes, issuer_id: str) -> PublicDocument:
    return PublicDocument(status, raw, f'"{hashlib.sha256(raw).hexdigest()[:32]}"', issuer_id)


def _revocations(entity_id: str, build) -> PublicDocument | None:
    issuer = Issuer.objects.filter(entity_id=entity_id).first()
    if issuer is None:
        return None
    return _raw_document(200, build(issuer), issuer.entity_id)


def render(kind: str, entity_id: str, expand: str = "") -> PublicDocument | None:
    """The document as it is now, without the cache (what badges/publish.py writes)."""
    if kind == "issuers":
        issuer = Issuer.objects.filter(entity_id=entity_id).first()
        if issuer is None:
            return None
        return _document(200, issuer_document(issuer), issuer.entity_id)
    if kind == "revocations":
        return _revocations(entity_id, revocation_list.body_uncached)
    if kind == "badges":
        badge = (
            BadgeClass.objects.select_related("issuer")
            .filter(entity_id=entity_id, draft=False)
            .first()
        )
        if badge is None:
            return None
        issuer_doc = issuer_document(badge.issuer, context=False) if expand == "issuer" else None
        doc = badge_class_document(badge, issuer=issuer_doc)
        return _document(200, doc, badge.issuer.entity_id)
    if kind == "assertions":
        assertion = (
            Assertion.objects.select_related("badge_class__issuer", "signing_key")
            .filter(entity_id=entity_id)
            .first()
        )
        return _revocable(
            assertion,
            "issuer",
            ob2.revoked_assertion_document,
            lambda live: assertion_document(live, expand),
        )
    if kind == "keys":
        key = IssuerKey.objects.select_related("issuer").filter(entity_id=entity_id).first()
        if key is None:
            return None
        return _document(200, ob2.key_document(key), key.issuer.entity_id)
    if kind == "endorsements":
        endorsement = (
            Endorsement.objects.select_related("endorser", "issuer", "badge_class", "assertion")
            .filter(entity_id=entity_id)
            .first()
        )
        return _revocable(
            endorsement,
            "endorser",
            ob2.revoked_endorsement_document,
            ob2.endorsement_document,
        )
    raise ValueError(f"unknown public document kind {kind!r}")


def _revocable(found, owner: str, revoked_document, document) -> PublicDocument | None:
    """An award or endorsement: 410 with its revocation notice once revoked, else 200; filed
    under the profile that issued it (`owner` names that attribute)."""
    if found is None:
        return None
    owner_id = getattr(found, owner).entity_id
    if found.revoked:
        return _document(410, revoked_document(found), owner_id)
    return _document(200, document(found), owner_id)


def issuer_document(issuer: Issuer, *, context: bool = True) -> dict:
    published = getattr(issuer, "published_keys", None)  # set by prefetch_documents
    if published is None:
        key_ids = list(issuer.keys.values_list("entity_id", flat=True))
    else:
        key_ids = [key.entity_id for key in published]
    endorsements = _shown_endorsement_ids(issuer, issuer=issuer)
    return ob2.issuer_document(issuer, key_ids=key_ids, endorsements=endorsements, context=context)


def badge_class_document(badge: BadgeClass, *, issuer: dict | None, context: bool = True) -> dict:
    return ob2.badge_class_document(
        badge,
        issuer=issuer,
        endorsements=_shown_endorsement_ids(badge, badge_class=badge),
        context=context,
    )


def assertion_document(assertion: Assertion, expand: str = "") -> dict:
    badge_doc = None
    if expand in ("badge", "badge.issuer"):
        badge = assertion.badge_class
        issuer_doc = (
            issuer_document(badge.issuer, context=False) if expand == "badge.issuer" else None
        )
        badge_doc = badge_class_document(badge, issuer=issuer_doc, context=False)
    return ob2.assertion_document(
        assertion,
        badge=badge_doc,
        endorsements=_shown_endorsement_ids(assertion, assertion=assertion),
    )
