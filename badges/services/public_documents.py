"""What a write changes outside its rows: cached public documents, outbox topics, stored
renditions; and email opt-outs."""

from django.core.files.base import ContentFile
from django.db import transaction

from accounts.selectors import user_verified_emails
from outbox.services import emit

from .. import public
from ..models import Assertion, BadgeClass, Issuer, NotificationOptOut, StoredRendition


@transaction.atomic
def notification_opt_out(*, email: str) -> None:
    NotificationOptOut.objects.get_or_create(email=email.strip().lower())


@transaction.atomic
def notification_opt_in(*, emails: list[str]) -> None:
    """Badge emails to these addresses again (undoing an opt-out)."""
    NotificationOptOut.objects.filter(email__in=[e.strip().lower() for e in emails]).delete()


def notifications_set(*, user, wanted: bool) -> None:
    """Badge emails on or off for every verified address of a user (their account page)."""
    emails = [address.email for address in user_verified_emails(user=user)]
    if wanted:
        notification_opt_in(emails=emails)
    else:
        for email in emails:
            notification_opt_out(email=email)


def documents_changed(issuer: Issuer, badge_class: BadgeClass | None = None) -> None:
    """Issuer or badge class documents changed: drop cached public documents after commit."""
    issuer_id = issuer.entity_id
    transaction.on_commit(lambda: public.invalidate_issuer(issuer_id))
    if badge_class is not None:
        emit(
            "badgeclass.changed",
            badge_class_id=badge_class.pk,
            issuer_id=issuer.pk,
            entity_id=badge_class.entity_id,
        )
    else:
        emit("issuer.changed", issuer_id=issuer.pk, entity_id=issuer_id)


def operator_saved(obj: Issuer | BadgeClass | Assertion, *, deleted_pk: int | None = None) -> None:
    """An operator saved or deleted a row in the site admin (/staff/), which writes models
    directly: drop the cached public documents and tell the outbox, as the services do, so
    public pages and search follow. For a deletion, pass the primary key the row had."""
    if isinstance(obj, Assertion):
        if deleted_pk is None:
            assertion_changed(obj)
            return
        entity_id, issuer_id, pk = obj.entity_id, obj.issuer.entity_id, deleted_pk
        transaction.on_commit(lambda: public.invalidate_assertion(entity_id, issuer_id, pk))
        emit("assertion.changed", assertion_id=deleted_pk, entity_id=entity_id)
        obj, deleted_pk = obj.badge_class, None  # its earned count changed
    if isinstance(obj, BadgeClass):
        issuer_id = obj.issuer.entity_id
        transaction.on_commit(lambda: public.invalidate_issuer(issuer_id))
        emit(
            "badgeclass.changed",
            badge_class_id=obj.pk or deleted_pk,
            issuer_id=obj.issuer_id,
            entity_id=obj.entity_id,
        )
    else:
        issuer_id = obj.entity_id
        transaction.on_commit(lambda: public.invalidate_issuer(issuer_id))
        emit("issuer.changed", issuer_id=obj.pk or deleted_pk, entity_id=obj.entity_id)


def assertion_changed(assertion: Assertion) -> None:
    entity_id, issuer_id, pk = assertion.entity_id, assertion.issuer.entity_id, assertion.pk
    transaction.on_commit(lambda: public.invalidate_assertion(entity_id, issuer_id, pk))
    emit("assertion.changed", assertion_id=assertion.pk, entity_id=entity_id)


def rendition_store(
    *, key: str, digest: str, content: bytes, content_type: str, rewrite: bool = False
) -> StoredRendition:
    """Store a derived file under `key`, replacing one made from other inputs; `rewrite` writes
    the file again even for the same inputs (its file was lost)."""
    rendition = StoredRendition.objects.filter(key=key).first() or StoredRendition(key=key)
    if rendition.pk and rendition.digest == digest and not rewrite:
        return rendition
    if rendition.file:
        rendition.file.delete(save=False)
    extension = {"image/png": "png", "image/svg+xml": "svg"}.get(content_type, "bin")
    rendition.digest = digest
    rendition.content_type = content_type
    rendition.file.save(f"{digest[:24]}.{extension}", ContentFile(content), save=False)
    rendition.save()
    return rendition
