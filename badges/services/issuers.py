"""Writes of issuers: create, update, delete; their staff and invitations."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.selectors import user_has_verified_email
from outbox.services import emit

from ..models import Issuer, IssuerInvitation, IssuerStaff, Role, Verification
from ..permissions import require
from .checks import check_text, check_url_field
from .images import set_image
from .keys import credential_keys_create, issuer_key_create
from .public_documents import documents_changed

ISSUER_FIELDS = ("name", "description", "url", "email", "verification")


@transaction.atomic
def issuer_create(
    *,
    user,
    name: str,
    url: str,
    email: str,
    description: str = "",
    image: bytes | None = None,
    image_name: str = "",
    verification: str = Verification.HOSTED,
) -> Issuer:
    """Create an issuer owned by `user`. Its email must be one the user has verified."""
    issuer = Issuer(created_by=user)
    _apply_issuer_fields(
        issuer,
        user=user,
        fields={
            "name": name,
            "url": url,
            "email": email,
            "description": description,
            "verification": verification,
        },
    )
    set_image(issuer, image, image_name)
    issuer.save()
    if user is not None:
        IssuerStaff.objects.create(issuer=issuer, user=user, role=Role.OWNER)
    if issuer.verification == Verification.SIGNED:
        issuer_key_create(issuer)
    credential_keys_create(issuer)
    documents_changed(issuer)
    return issuer


@transaction.atomic
def issuer_update(
    *, issuer: Issuer, user, image: bytes | None = None, image_name: str = "", **fields
) -> Issuer:
    require(user=user, issuer=issuer, right="manage_issuer")
    _apply_issuer_fields(issuer, user=user, fields=fields)
    set_image(issuer, image, image_name)
    issuer.save()
    if issuer.verification == Verification.SIGNED and not issuer.keys.filter(active=True).exists():
        issuer_key_create(issuer)
    documents_changed(issuer)
    return issuer


@transaction.atomic
def issuer_delete(*, issuer: Issuer, user) -> None:
    require(user=user, issuer=issuer, right="manage_issuer")
    if issuer.assertions.exists():
        raise ValidationError(
            _(
                "%(issuer)s has awarded badges, and their public pages would break. "
                "Revoke the awards or keep the issuer."
            )
            % {"issuer": issuer.name}
        )
    for badge_class in issuer.badge_classes.all():  # their public files go with them
        documents_changed(issuer, badge_class=badge_class)
    documents_changed(issuer)
    issuer.delete()


def _apply_issuer_fields(issuer: Issuer, *, user, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(ISSUER_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be set.") for name in sorted(unknown)})
    errors: dict[str, list[str]] = {}
    check_text(fields, errors)
    for name, value in fields.items():
        setattr(issuer, name, value.strip() if isinstance(value, str) else value)
    if not issuer.name:
        errors.setdefault("name", []).append(_("An issuer needs a name."))
    check_url_field(issuer.url, "url", errors, required=True)
    if issuer.verification not in Verification.values:
        errors.setdefault("verification", []).append(
            _("Choose one of: %(choices)s.") % {"choices": ", ".join(Verification.values)}
        )
    try:
        EmailValidator()(issuer.email)
    except ValidationError:
        errors.setdefault("email", []).append(_("Enter a valid email address."))
    else:
        issuer.email = issuer.email.lower()
        if "email" in fields and not _may_use_email(user, issuer.email):
            errors.setdefault("email", []).append(
                _(
                    "The issuer's contact email must be one of your verified emails. "
                    "Add and verify it in your account first."
                )
            )
    if errors:
        raise ValidationError(errors)


def _may_use_email(user, email: str) -> bool:
    if user is None or user.is_superuser:  # site operators and shell commands may override
        return True
    return user_has_verified_email(user=user, email=email)


@transaction.atomic
def issuer_staff_add(*, issuer: Issuer, user, member, role: str = Role.STAFF) -> IssuerStaff:
    """Put `member` on the staff at once. Only for operators' tools and imports, where the
    member agreed elsewhere: pages and APIs invite (issuer_invite), and the invitee accepts."""
    require(user=user, issuer=issuer, right="manage_issuer")
    _check_role(role)
    if IssuerStaff.objects.filter(issuer=issuer, user=member).exists():
        raise ValidationError(
            {
                "user": _("%(member)s is already on the staff of %(issuer)s.")
                % {"member": member, "issuer": issuer.name}
            }
        )
    return IssuerStaff.objects.create(issuer=issuer, user=member, role=role)


@transaction.atomic
def issuer_staff_change(*, issuer: Issuer, user, member, role: str) -> IssuerStaff:
    require(user=user, issuer=issuer, right="manage_issuer")
    _check_role(role)
    staff = _staff_of(issuer, member)
    if staff.role == Role.OWNER and role != Role.OWNER:
        _keep_an_owner(issuer, staff)
    staff.role = role
    staff.save(update_fields=["role"])
    return staff


@transaction.atomic
def issuer_staff_remove(*, issuer: Issuer, user, member) -> None:
    if member == user:
        issuer_staff_leave(issuer=issuer, user=user)
        return
    require(user=user, issuer=issuer, right="manage_issuer")
    staff = _staff_of(issuer, member)
    if staff.role == Role.OWNER:
        _keep_an_owner(issuer, staff)
    staff.delete()


@transaction.atomic
def issuer_staff_leave(*, issuer: Issuer, user) -> None:
    """The user leaves the issuer's staff. Anyone may leave an issuer they did not create, even
    as its last owner (site operators can then give it a new one); its creator, while an owner,
    must leave another owner behind."""
    staff = _staff_of(issuer, user)
    if staff.role == Role.OWNER and issuer.created_by_id == user.pk:
        owners = IssuerStaff.objects.filter(issuer=issuer, role=Role.OWNER).exclude(pk=staff.pk)
        if not owners.exists():
            raise ValidationError(
                _(
                    "You created %(issuer)s and are its only owner: invite someone as owner "
                    "(Staff page) and leave once they accept, or delete the issuer (Settings)."
                )
                % {"issuer": issuer.name}
            )
    staff.delete()


@transaction.atomic
def issuer_invite(*, issuer: Issuer, user, email: str, role: str = Role.STAFF) -> IssuerInvitation:
    """Invite an email to the staff with a role. Whoever has verified that email joins only by
    accepting (issuer_invitation_accept); the answer is the same whether or not it has an
    account, so inviting tells nobody which emails have one."""
    require(user=user, issuer=issuer, right="manage_issuer")
    _check_role(role)
    email = (email or "").strip().lower()
    try:
        EmailValidator()(email)
    except ValidationError as exc:
        raise ValidationError({"email": _("Enter a valid email address.")}) from exc
    on_staff = issuer.staff.filter(
        user__emailaddress__email__iexact=email, user__emailaddress__verified=True
    )
    if on_staff.exists():  # the staff list shows it already
        raise ValidationError({"email": _("%(email)s is already on the staff.") % {"email": email}})
    invitation, created = IssuerInvitation.objects.get_or_create(
        issuer=issuer, email=email, defaults={"role": role, "invited_by": user}
    )
    if not created:
        raise ValidationError({"email": _("%(email)s is invited already.") % {"email": email}})
    emit("issuer.invited", invitation_id=invitation.pk)
    return invitation


@transaction.atomic
def issuer_invitation_cancel(*, invitation: IssuerInvitation, user) -> None:
    require(user=user, issuer=invitation.issuer, right="manage_issuer")
    invitation.delete()


@transaction.atomic
def issuer_invitation_accept(*, invitation: IssuerInvitation, user) -> IssuerStaff:
    """The invitee joins with the invitation's role; it must go to one of their verified emails."""
    invitation = IssuerInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not user_has_verified_email(user=user, email=invitation.email):
        raise ValidationError(
            _(
                "This invitation is for %(email)s. Sign in with the account that has "
                "verified that email, or add and verify it under Email addresses."
            )
            % {"email": invitation.email}
        )
    staff, _created = IssuerStaff.objects.get_or_create(
        issuer=invitation.issuer, user=user, defaults={"role": invitation.role}
    )
    invitation.delete()
    return staff


@transaction.atomic
def issuer_invitation_decline(*, invitation: IssuerInvitation) -> None:
    """Whoever holds the invitation's link may decline it; nobody joins."""
    invitation.delete()


def _check_role(role: str) -> None:
    if role not in Role.values:
        raise ValidationError(
            {"role": _("Choose one of: %(choices)s.") % {"choices": ", ".join(Role.values)}}
        )


def _staff_of(issuer: Issuer, member) -> IssuerStaff:
    staff = IssuerStaff.objects.select_for_update().filter(issuer=issuer, user=member).first()
    if staff is None:
        raise ValidationError(
            {
                "user": _("%(member)s is not on the staff of %(issuer)s.")
                % {"member": member, "issuer": issuer.name}
            }
        )

    return staff


def _keep_an_owner(issuer: Issuer, leaving: IssuerStaff) -> None:
    owners = IssuerStaff.objects.filter(issuer=issuer, role=Role.OWNER).exclude(pk=leaving.pk)
    if not owners.exists():
        raise ValidationError({"role": _("An issuer must keep at least one owner.")})
