"""Writes of endorsements: given by one issuer to another's issuer, badge class or award."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from outbox.services import emit

from .. import public
from ..markdown import render_markdown
from ..models import Assertion, BadgeClass, Endorsement, Issuer
from ..openbadges import statuslist
from ..permissions import require
from .checks import check_text, markdown_too_long
from .keys import next_status_index
from .public_documents import assertion_changed, documents_changed


@transaction.atomic
def endorsement_create(
    *, endorser: Issuer, user, target: Issuer | BadgeClass | Assertion, comment: str
) -> Endorsement:
    """`endorser` vouches for an issuer, badge class or award of this site, with a comment.

    Only those who may manage the endorser act for it. An issuer cannot endorse itself nor
    its own badge classes and awards: an endorsement is a third party's word, and one from
    the issuer adds nothing a verifier could trust. Revoked awards, archived badge classes,
    drafts (private to their issuer) and a second live endorsement of the same object are
    refused too."""
    require(user=user, issuer=endorser, right="manage_issuer")
    comment = (comment or "").strip()
    errors: dict[str, list[str]] = {}
    check_text({"comment": comment}, errors)
    if not comment:
        errors["comment"] = [_("Say what the endorser vouches for: the comment is the claim.")]
    markdown_too_long(comment, "comment", errors)
    target_issuer = target if isinstance(target, Issuer) else target.issuer
    if target_issuer.pk == endorser.pk:
        errors["target"] = [
            f"{endorser.name} cannot endorse itself or its own badges; an endorsement is "
            "another organisation's word."
        ]
    elif isinstance(target, Assertion) and target.revoked:
        errors["target"] = [_("This award was revoked and can no longer be endorsed.")]
    elif isinstance(target, BadgeClass) and target.archived:
        errors["target"] = [f"{target.name} is archived and can no longer be endorsed."]
    elif isinstance(target, (BadgeClass, Assertion)) and _badge_class_of(target).draft:
        # Not named: a draft is private to its issuer, whoever learnt its id.
        errors["target"] = [_("This badge class is not published, so it cannot be endorsed yet.")]
    field = {Issuer: "issuer", BadgeClass: "badge_class", Assertion: "assertion"}[type(target)]
    if not errors and endorser.endorsements_given.filter(revoked=False, **{field: target}):
        errors["target"] = [
            f"{endorser.name} already endorses this; revoke that endorsement to give a new one."
        ]
    if errors:
        raise ValidationError(errors)
    endorsement = Endorsement(
        endorser=endorser, created_by=user, comment=comment, comment_html=render_markdown(comment)
    )
    setattr(endorsement, field, target)
    endorsement.status_index = next_status_index(endorser)
    endorsement.save()
    _endorsement_changed(endorsement)
    if endorsement.status_index % statuslist.MIN_BITS == 0:
        emit("statuslist.changed", issuer_id=endorser.pk)
    return endorsement


def _badge_class_of(target: BadgeClass | Assertion) -> BadgeClass:
    return target if isinstance(target, BadgeClass) else target.badge_class


@transaction.atomic
def endorsement_revoke(*, endorsement: Endorsement, user, reason: str) -> Endorsement:
    """Withdraw an endorsement: its URLs answer 410 Gone and its status bit is set."""
    require(user=user, issuer=endorsement.endorser, right="manage_issuer")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"revocation_reason": _("Say why the endorsement is withdrawn.")})
    if endorsement.revoked:
        return endorsement
    endorsement.revoked = True
    endorsement.revocation_reason = reason[:500]
    endorsement.revoked_at = timezone.now()
    endorsement.save(update_fields=["revoked", "revocation_reason", "revoked_at", "updated_at"])
    _endorsement_changed(endorsement)
    emit("statuslist.changed", issuer_id=endorsement.endorser_id)
    return endorsement


@transaction.atomic
def endorsement_answer(*, endorsement: Endorsement, user, accept: bool) -> Endorsement:
    """The endorsed issuer's owners accept an endorsement (shown, marked accepted) or hide it
    (listed nowhere: not in documents, credentials or pages; its own URL still answers)."""
    require(user=user, issuer=endorsement.endorsed_issuer, right="manage_issuer")
    if endorsement.revoked:
        raise ValidationError(_("This endorsement was withdrawn by its endorser."))
    endorsement.hidden = not accept
    if accept and endorsement.accepted_at is None:
        endorsement.accepted_at = timezone.now()
    endorsement.save(update_fields=["hidden", "accepted_at", "updated_at"])
    _endorsement_changed(endorsement)
    return endorsement


def _endorsement_changed(endorsement: Endorsement) -> None:
    """The endorsement's document and the documents listing it are stale."""
    entity_id = endorsement.entity_id
    transaction.on_commit(lambda: public.invalidate_endorsement(entity_id))
    target = endorsement.target
    if isinstance(target, Assertion):
        assertion_changed(target)
    elif isinstance(target, BadgeClass):
        documents_changed(target.issuer, badge_class=target)
    else:
        documents_changed(target)
