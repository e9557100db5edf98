"""Writes of the backpack: answers to awards, importing and re-verifying badges, collections."""

import base64
import binascii
import logging
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.selectors import user_verified_emails
from badges.images import ImageError, prepare_badge_image
from badges.models import Assertion
from badges.openbadges import ob2
from badges.openbadges.fetch import FetchError, safe_get
from badges.openbadges.report import VerificationReport
from badges.openbadges.verify import verify_badge
from badges.own_documents import own_or_remote
from badges.services.claim_codes import claim_code_redeem
from badges.services.images import image_drawing_store

from .items import AWARD, BackpackItem, award_item, import_item
from .models import (
    Acceptance,
    BackpackEntry,
    Collection,
    CollectionEntry,
    ImportedBadge,
    ImportStatus,
)
from .selectors import backpack_item_get, backpack_items, received_assertions

logger = logging.getLogger(__name__)

IMAGE_TYPES = "image/png, image/svg+xml;q=0.9, image/*;q=0.1"


@transaction.atomic
def backpack_acceptance_set(*, user: User, assertion: Assertion, acceptance: str) -> BackpackEntry:
    """Record the user's answer to an award; rejecting it also takes it out of their collections."""
    if acceptance not in Acceptance.values:
        raise ValidationError(
            {
                "acceptance": _("Choose one of: %(values)s.")
                % {"values": ", ".join(Acceptance.values)}
            }
        )
    if not received_assertions(user=user).filter(pk=assertion.pk).exists():
        raise ValidationError({"assertion": _("This award is not in your backpack.")})
    entry, _created = BackpackEntry.objects.update_or_create(
        user=user, assertion=assertion, defaults={"acceptance": acceptance}
    )
    if acceptance == Acceptance.REJECTED:
        CollectionEntry.objects.filter(collection__owner=user, assertion=assertion).delete()
    return entry


@transaction.atomic
def backpack_hidden_set(*, user: User, entity_id: str, hidden: bool) -> BackpackItem:
    """Hide a badge (kept, but out of public collections and the main list) or show it again."""
    item = _held(user, entity_id)
    if item.kind == AWARD:
        BackpackEntry.objects.update_or_create(
            user=user, assertion=item.obj, defaults={"hidden": hidden}
        )
    else:
        item.obj.hidden = hidden
        item.obj.save(update_fields=["hidden"])
    return backpack_item_get(user=user, entity_id=entity_id)


@transaction.atomic
def backpack_item_delete(*, user: User, entity_id: str) -> None:
    """Take a badge out of the backpack. An award made here stays valid (it is marked Rejected
    and can be accepted again); an imported badge is forgotten."""
    item = _held(user, entity_id)
    if item.kind == AWARD:
        backpack_acceptance_set(user=user, assertion=item.obj, acceptance=Acceptance.REJECTED)
    else:
        item.obj.delete()


def _held(user: User, entity_id: str) -> BackpackItem:
    item = backpack_item_get(user=user, entity_id=entity_id)
    if item is None:
        raise ValidationError(
            {"badge": _("There is no badge %(id)s in your backpack.") % {"id": entity_id}}
        )
    return item


# Import and verification ------------------------------------------------------------------


def backpack_import(
    *,
    user: User,
    url: str = "",
    text: str = "",
    image: bytes | None = None,
) -> BackpackItem:
    """Verify a badge from elsewhere (by URL, JSON or JWS, or baked image) and keep it.

    Refused, with the reason, when it does not verify, is not made out to one of the user's
    verified emails, was revoked, or is in the backpack already. Expired badges are kept,
    marked expired: they were earned.
    """
    given = [part for part in (url, text, image) if part]
    if len(given) != 1:
        raise ValidationError(
            _("Give exactly one of: the badge's URL, its JSON (or JWS), or a baked badge image.")
        )
    url, text = (url or "").strip(), (text or "").strip()
    if url and ImportedBadge.objects.filter(owner=user, source_url=url).exists():
        raise ValidationError(_DUPLICATE)
    recipients = [("email", address.email) for address in user_verified_emails(user=user)]
    if not recipients:
        raise ValidationError(
            _(
                "Verify one of your email addresses first: a badge is imported only when it was "
                "awarded to an address you have verified."
            )
        )
    report = verify_badge(
        url=url or None, text=text or None, image=image, recipients=recipients, fetch=own_or_remote
    )
    _refuse_unless_importable(report)
    local = _local_award(report.assertion_id)
    if local is not None:
        return _restore_local(user, local)
    if ImportedBadge.objects.filter(owner=user, assertion_id=report.assertion_id).exists():
        raise ValidationError(_DUPLICATE)
    imported = ImportedBadge(owner=user, original=report.original, source_url=url)
    _apply_report(imported, report)
    picture = _badge_image(report)
    try:
        with transaction.atomic():
            if picture is not None:
                imported.image.save(
                    f"{imported.entity_id}.{picture.extension}", picture, save=False
                )
                image_drawing_store(image_field=imported.image, png=picture.png)
            imported.save()
    except IntegrityError as exc:  # the same badge imported twice at once
        raise ValidationError(_DUPLICATE) from exc
    return import_item(imported)


_DUPLICATE = gettext_lazy("This badge is already in your backpack.")


def _refuse_unless_importable(report: VerificationReport) -> None:
    if report.revoked:
        if report.revocation_reason:
            raise ValidationError(
                _("This badge was revoked by its issuer: %(reason)s")
                % {"reason": report.revocation_reason}
            )
        raise ValidationError(_("This badge was revoked by its issuer."))
    blocking = _blocking(report)
    if blocking:
        raise ValidationError([_("This badge does not verify, so it was not imported."), *blocking])


def _blocking(report: VerificationReport) -> list[str]:
    """What stops the badge verifying, expiry aside: an expired badge was still earned."""
    return [
        check.message for check in report.errors if not (check.name == "expiry" and report.expired)
    ]


def _local_award(assertion_id: str) -> Assertion | None:
    prefix = ob2.public_url("assertions", "")
    if not assertion_id.startswith(prefix):
        return None
    entity_id = assertion_id.removeprefix(prefix).removesuffix(".json")
    return Assertion.objects.filter(entity_id=entity_id).first()


def _restore_local(user: User, assertion: Assertion) -> BackpackItem:
    """An award made here is in the backpack by itself; importing it only undoes a rejection."""
    held = received_assertions(user=user).filter(pk=assertion.pk).first()
    if held is None:
        raise ValidationError(
            _(
                "This badge was awarded on this site to an email address you have not verified. "
                "Add and verify that address under Account → Email addresses."
            )
        )
    if held.acceptance != Acceptance.REJECTED:
        raise ValidationError(_DUPLICATE)
    backpack_acceptance_set(user=user, assertion=assertion, acceptance=Acceptance.ACCEPTED)
    held.acceptance = Acceptance.ACCEPTED
    return award_item(held)


def _apply_report(imported: ImportedBadge, report: VerificationReport) -> None:
    badge, issuer = report.badge_class or {}, report.issuer or {}
    imported.assertion_id = report.assertion_id
    imported.spec_version = report.spec_version
    imported.verification_type = report.verification_type
    imported.assertion_json = report.assertion
    imported.badge_class_json = badge
    imported.issuer_json = issuer
    imported.recipient_identity = report.recipient_matched or imported.recipient_identity
    imported.name = str(badge.get("name") or "Untitled badge")[:500]
    imported.description = str(badge.get("description") or "")
    imported.issuer_name = str(issuer.get("name") or "")[:500]
    issuer_url = str(issuer.get("url") or "")
    imported.issuer_url = issuer_url if issuer_url.startswith(("https://", "http://")) else ""
    imported.issued_on = report.issued_on
    imported.expires = report.expires
    imported.status, imported.status_detail = _status(report)
    imported.report = report.as_dict()
    imported.verified_at = timezone.now()


def _status(report: VerificationReport) -> tuple[str, str]:
    if report.revoked:
        return ImportStatus.REVOKED, report.revocation_reason
    blocking = _blocking(report)
    if blocking:
        return ImportStatus.INVALID, " ".join(blocking)
    if report.expired:
        return ImportStatus.EXPIRED, ""
    return ImportStatus.VALID, ""


def _badge_image(report: VerificationReport):
    """The badge class's image, fetched as safely as the documents and scrubbed as uploads are.

    A badge whose image cannot be had is still imported: the image is only for show."""
    source = (report.badge_class or {}).get("image") or (report.assertion or {}).get("image")
    if isinstance(source, dict):
        source = source.get("id")
    if not isinstance(source, str) or not source:
        return None
    try:
        if source.startswith("data:"):
            # An image inlined in the badge class (some issuers do): data:image/png;base64,...
            data = base64.b64decode(source.partition(",")[2], validate=True)
        else:
            response = safe_get(source, accept=IMAGE_TYPES)
            if response.status != 200:
                return None
            data = response.body
        prepared = prepare_badge_image(data)
    except (FetchError, ImageError, binascii.Error, ValueError) as exc:
        logger.info("Imported badge image %s not kept: %s", source[:200], exc)
        return None
    picture = ContentFile(prepared.content)
    picture.extension = prepared.extension
    picture.png = prepared.png  # the SVG's drawing, made within budget
    return picture


def imported_badge_reverify(*, imported: ImportedBadge) -> ImportedBadge:
    """Verify an imported badge again from what was imported; a revoked badge shows as such."""
    recipients = [("email", imported.recipient_identity)] if imported.recipient_identity else []
    report = verify_badge(text=imported.original, recipients=recipients, fetch=own_or_remote)
    _apply_report(imported, report)
    imported.save()
    return imported


# Collections -----------------------------------------------------------------------------


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
    """Change the given fields; `assertion_ids` replaces the collection's badges, in that order."""
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
        errors["name"] = [_("A collection needs a name.")]
    elif len(name) > 200:
        errors["name"] = [_("Keep the name to 200 characters or fewer.")]
    items: list[BackpackItem] = []
    if assertion_ids is not None:
        wanted = list(dict.fromkeys(assertion_ids))
        held = {item.entity_id: item for item in backpack_items(user=user)}
        missing = [entity_id for entity_id in wanted if entity_id not in held]
        if missing:
            errors["assertions"] = [
                _("Not in your backpack: %(ids)s. Add only badges you hold.")
                % {"ids": ", ".join(missing)}
            ]
        items = [held[entity_id] for entity_id in wanted if entity_id in held]
    if errors:
        raise ValidationError(errors)
    collection.name = name
    collection.description = (description or "").strip()
    collection.published = bool(published)
    collection.save()
    if assertion_ids is not None:
        collection.entries.all().delete()
        CollectionEntry.objects.bulk_create(
            CollectionEntry(
                collection=collection,
                position=position,
                **({"assertion": item.obj} if item.kind == AWARD else {"imported": item.obj}),
            )
            for position, item in enumerate(items)
        )
    return collection


@transaction.atomic
def collection_badge_add(*, collection: Collection, user: User, entity_id: str) -> Collection:
    """Put one more badge at the end of a collection (nothing changes if it is there already)."""
    _check_owner(collection, user)
    ids = [entry.entity_id for entry in collection.entries.select_related("assertion", "imported")]
    if entity_id in ids:
        return collection
    return collection_update(collection=collection, user=user, assertion_ids=[*ids, entity_id])


@transaction.atomic
def collection_badge_move(
    *, collection: Collection, user: User, entity_id: str, offset: int
) -> Collection:
    """Move a badge up (offset -1) or down (+1) in the collection's order."""
    _check_owner(collection, user)
    ids = [entry.entity_id for entry in collection.entries.select_related("assertion", "imported")]
    if entity_id not in ids:
        raise ValidationError({"badge": _("That badge is not in this collection.")})
    index = ids.index(entity_id)
    target = min(max(index + offset, 0), len(ids) - 1)
    ids.insert(target, ids.pop(index))
    return collection_update(collection=collection, user=user, assertion_ids=ids)


@transaction.atomic
def collection_badge_remove(*, collection: Collection, user: User, entity_id: str) -> Collection:
    _check_owner(collection, user)
    ids = [entry.entity_id for entry in collection.entries.select_related("assertion", "imported")]
    return collection_update(
        collection=collection, user=user, assertion_ids=[i for i in ids if i != entity_id]
    )


# Claim codes -----------------------------------------------------------------------------


@transaction.atomic
def backpack_claim(*, user: User, code: str, email: str = "", address: str = "") -> Assertion:
    """Claim a badge with a claim code (badges.services.claim_code_redeem): the award is made
    to the user's verified email and, as the learner asked for it, accepted into the backpack."""
    claim = claim_code_redeem(user=user, code=code, email=email, address=address)
    backpack_acceptance_set(user=user, assertion=claim.assertion, acceptance=Acceptance.ACCEPTED)
    return claim.assertion
