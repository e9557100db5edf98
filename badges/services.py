"""Writes of the issuing domain. Each is atomic, checks rights, and records outside effects.

Bad input raises django.core.exceptions.ValidationError keyed by field name, so a form or
API can show each message beside its field. Missing rights raise PermissionDenied.
"""

import hashlib
import os
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.validators import EmailValidator, URLValidator
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.urls import reverse
from django.utils import timezone

from accounts.selectors import user_has_verified_email, user_verified_emails
from outbox.services import emit, emit_many

from . import public, webhooks
from .evidence import EXTENSIONS as EVIDENCE_EXTENSIONS
from .evidence import KINDS_ACCEPTED, sniff
from .images import ImageError, prepare_badge_image, svg_to_png
from .limits import COST_MAX, EXPIRES_AMOUNT_MAX, TIME_TO_EARN_MAX, one_line_problem
from .markdown import MAX_MARKDOWN, render_markdown
from .models import (
    EVIDENCE_TYPES,
    OPEN_STATES,
    UNDECIDED_STATES,
    WEBHOOK_EVENTS,
    WEBHOOK_PING,
    Application,
    ApplicationEvent,
    ApplicationEvidence,
    ApplicationState,
    Assertion,
    AwardJob,
    AwardJobStatus,
    BadgeClass,
    BadgeType,
    ClaimCode,
    ClaimCodeClaim,
    CredentialKey,
    Decision,
    DeliveryStatus,
    DurationUnit,
    Endorsement,
    EvidenceKind,
    Issuer,
    IssuerInvitation,
    IssuerKey,
    IssuerStaff,
    KeyAlgorithm,
    Level,
    RecipientType,
    Review,
    ReviewEmails,
    ReviewerPreference,
    Role,
    StatusList,
    StoredRendition,
    TimeUnit,
    Verification,
    WebhookDelivery,
    WebhookEndpoint,
    evidence_storage,
    new_claim_code,
    new_entity_id,
    new_webhook_secret,
)
from .openbadges import dataintegrity, did, ob3, signing, statuslist
from .openbadges.baking import XML_ILLEGAL
from .openbadges.fetch import FetchError, check_url
from .openbadges.hashing import make_salt, normalize_identity
from .permissions import require
from .selectors import OVERALL, assertion_list, badge_criteria

ISSUER_FIELDS = ("name", "description", "url", "email", "verification")
BADGE_FIELDS = (
    "name", "description", "criteria_url", "criteria_narrative", "alignments", "tags",
    "expires_amount", "expires_unit", "earner_description", "consumer_description",
    "time_to_earn_value", "time_to_earn_unit", "level", "badge_type", "cost_amount",
    "cost_currency", "language", "evidence_types", "is_public", "design",
    "accepts_applications", "approvals_required",
)  # fmt: skip
ALIGNMENT_KEYS = ("targetName", "targetUrl", "targetDescription", "targetFramework", "targetCode")


# Issuers ---------------------------------------------------------------------------------


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
    _set_image(issuer, image, image_name)
    issuer.save()
    if user is not None:
        IssuerStaff.objects.create(issuer=issuer, user=user, role=Role.OWNER)
    if issuer.verification == Verification.SIGNED:
        _key_create(issuer)
    _credential_keys_create(issuer)
    _changed(issuer)
    return issuer


@transaction.atomic
def issuer_update(
    *, issuer: Issuer, user, image: bytes | None = None, image_name: str = "", **fields
) -> Issuer:
    require(user=user, issuer=issuer, right="manage_issuer")
    _apply_issuer_fields(issuer, user=user, fields=fields)
    _set_image(issuer, image, image_name)
    issuer.save()
    if issuer.verification == Verification.SIGNED and not issuer.keys.filter(active=True).exists():
        _key_create(issuer)
    _changed(issuer)
    return issuer


@transaction.atomic
def issuer_delete(*, issuer: Issuer, user) -> None:
    require(user=user, issuer=issuer, right="manage_issuer")
    if issuer.assertions.exists():
        raise ValidationError(
            f"{issuer.name} has awarded badges, and their public pages would break. "
            "Revoke the awards or keep the issuer."
        )
    for badge_class in issuer.badge_classes.all():  # their public files go with them
        _changed(issuer, badge_class=badge_class)
    _changed(issuer)
    issuer.delete()


def _apply_issuer_fields(issuer: Issuer, *, user, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(ISSUER_FIELDS)
    if unknown:
        raise ValidationError({name: "This field cannot be set." for name in sorted(unknown)})
    errors: dict[str, list[str]] = {}
    _check_text(fields, errors)
    for name, value in fields.items():
        setattr(issuer, name, value.strip() if isinstance(value, str) else value)
    if not issuer.name:
        errors.setdefault("name", []).append("An issuer needs a name.")
    _check_url(issuer.url, "url", errors, required=True)
    if issuer.verification not in Verification.values:
        errors.setdefault("verification", []).append(
            f"Choose one of: {', '.join(Verification.values)}."
        )
    try:
        EmailValidator()(issuer.email)
    except ValidationError:
        errors.setdefault("email", []).append("Enter a valid email address.")
    else:
        issuer.email = issuer.email.lower()
        if "email" in fields and not _may_use_email(user, issuer.email):
            errors.setdefault("email", []).append(
                "The issuer's contact email must be one of your verified emails. "
                "Add and verify it in your account first."
            )
    if errors:
        raise ValidationError(errors)


def _may_use_email(user, email: str) -> bool:
    if user is None or user.is_superuser:  # site operators and shell commands may override
        return True
    return user_has_verified_email(user=user, email=email)


# Staff -----------------------------------------------------------------------------------


@transaction.atomic
def issuer_staff_add(*, issuer: Issuer, user, member, role: str = Role.STAFF) -> IssuerStaff:
    """Put `member` on the staff at once. Only for operators' tools and imports, where the
    member agreed elsewhere: pages and APIs invite (issuer_invite), and the invitee accepts."""
    require(user=user, issuer=issuer, right="manage_issuer")
    _check_role(role)
    if IssuerStaff.objects.filter(issuer=issuer, user=member).exists():
        raise ValidationError({"user": f"{member} is already on the staff of {issuer.name}."})
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
                f"You created {issuer.name} and are its only owner: invite someone as owner "
                "(Staff page) and leave once they accept, or delete the issuer (Settings)."
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
        raise ValidationError({"email": "Enter a valid email address."}) from exc
    on_staff = issuer.staff.filter(
        user__emailaddress__email__iexact=email, user__emailaddress__verified=True
    )
    if on_staff.exists():  # the staff list shows it already
        raise ValidationError({"email": f"{email} is already on the staff."})
    invitation, created = IssuerInvitation.objects.get_or_create(
        issuer=issuer, email=email, defaults={"role": role, "invited_by": user}
    )
    if not created:
        raise ValidationError({"email": f"{email} is invited already."})
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
            f"This invitation is for {invitation.email}. Sign in with the account that has "
            "verified that email, or add and verify it under Email addresses."
        )
    staff, _ = IssuerStaff.objects.get_or_create(
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
        raise ValidationError({"role": f"Choose one of: {', '.join(Role.values)}."})


def _staff_of(issuer: Issuer, member) -> IssuerStaff:
    staff = IssuerStaff.objects.select_for_update().filter(issuer=issuer, user=member).first()
    if staff is None:
        raise ValidationError({"user": f"{member} is not on the staff of {issuer.name}."})
    return staff


def _keep_an_owner(issuer: Issuer, leaving: IssuerStaff) -> None:
    owners = IssuerStaff.objects.filter(issuer=issuer, role=Role.OWNER).exclude(pk=leaving.pk)
    if not owners.exists():
        raise ValidationError({"role": "An issuer must keep at least one owner."})


# Badge classes ---------------------------------------------------------------------------


@transaction.atomic
def badge_class_create(
    *, issuer: Issuer, user, image: bytes, image_name: str = "", draft: bool = False, **fields
) -> BadgeClass:
    """A new badge class; a draft is seen only in the issuer's workspace until it is published."""
    require(user=user, issuer=issuer, right="edit_badges")
    badge = BadgeClass(issuer=issuer, created_by=user, draft=draft)
    errors = _apply_badge_fields(badge, fields)
    if not image:
        errors.setdefault("image", []).append("A badge class needs an image (PNG or SVG).")
    if errors:
        raise ValidationError(errors)
    _set_image(badge, image, image_name)
    badge.save()
    _changed(badge.issuer, badge_class=badge)
    return badge


@transaction.atomic
def badge_class_update(
    *, badge_class: BadgeClass, user, image: bytes | None = None, image_name: str = "", **fields
) -> BadgeClass:
    require(user=user, issuer=badge_class.issuer, right="edit_badges")
    errors = _apply_badge_fields(badge_class, fields)
    if errors:
        raise ValidationError(errors)
    _set_image(badge_class, image, image_name)
    badge_class.save()
    _changed(badge_class.issuer, badge_class=badge_class)
    return badge_class


@transaction.atomic
def badge_class_publish(*, badge_class: BadgeClass, user) -> BadgeClass:
    """Make a draft public: its documents, page, search entry and sitemap line appear."""
    require(user=user, issuer=badge_class.issuer, right="edit_badges")
    if badge_class.draft:
        badge_class.draft = False
        badge_class.save(update_fields=["draft", "updated_at"])
        _changed(badge_class.issuer, badge_class=badge_class)
    return badge_class


@transaction.atomic
def badge_class_archive(*, badge_class: BadgeClass, user, archived: bool = True) -> BadgeClass:
    require(user=user, issuer=badge_class.issuer, right="edit_badges")
    badge_class.archived = archived
    badge_class.save(update_fields=["archived", "updated_at"])
    _changed(badge_class.issuer, badge_class=badge_class)
    return badge_class


@transaction.atomic
def badge_class_delete(*, badge_class: BadgeClass, user) -> None:
    require(user=user, issuer=badge_class.issuer, right="edit_badges")
    live = assertion_list(badge_class=badge_class)
    if live.exists():
        raise ValidationError(
            f"{badge_class.name} has {live.count()} live award(s); deleting it would break them. "
            "Archive it instead: it stays verifiable but is no longer offered."
        )
    _changed(badge_class.issuer, badge_class=badge_class)
    gone = badge_class.assertions.values_list("pk", "entity_id")
    emit_many("assertion.changed", [{"assertion_id": pk, "entity_id": e} for pk, e in gone])
    badge_class.assertions.all().delete()
    badge_class.delete()


def _apply_badge_fields(badge: BadgeClass, fields: dict[str, Any]) -> dict[str, list[str]]:
    unknown = set(fields) - set(BADGE_FIELDS)
    if unknown:
        return {name: ["This field cannot be set."] for name in sorted(unknown)}
    errors: dict[str, list[str]] = {}

    def fail(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    _check_text(fields, errors)
    for name, value in fields.items():
        setattr(badge, name, value.strip() if isinstance(value, str) else value)
    for name in ("expires_amount", "time_to_earn_value", "expires_unit", "time_to_earn_unit"):
        if getattr(badge, name) in ("", None):
            setattr(badge, name, None if name.endswith(("amount", "value")) else "")
    if not badge.name:
        fail("name", "A badge class needs a name.")
    elif len(badge.name) > 200:
        fail("name", "Keep the name to 200 characters or fewer.")
    if not badge.description:
        fail("description", "A badge class needs a description.")
    _check_url(badge.criteria_url, "criteria_url", errors)
    if not badge.criteria_url and not badge.criteria_narrative:
        fail("criteria_narrative", "Give the criteria as a URL, a narrative, or both.")
    narrative = badge.criteria_narrative if isinstance(badge.criteria_narrative, str) else ""
    if not _markdown_too_long(narrative, "criteria_narrative", errors):
        badge.criteria_html = render_markdown(narrative)
    badge.alignments = _clean_alignments(badge.alignments, errors)
    badge.tags = _clean_tags(badge.tags, errors)
    _check_amount_unit(badge.expires_amount, badge.expires_unit, DurationUnit, "expires", errors)
    _check_amount_unit(
        badge.time_to_earn_value, badge.time_to_earn_unit, TimeUnit, "time_to_earn", errors
    )
    for name, choices in (("level", Level), ("badge_type", BadgeType)):
        if getattr(badge, name) and getattr(badge, name) not in choices.values:
            fail(name, f"Choose one of: {', '.join(choices.values)}.")
    if badge.cost_amount is not None:
        try:
            cost = float(badge.cost_amount)
            if not 0 <= cost <= COST_MAX:  # also NaN and infinity
                fail("cost_amount", f"Give a cost from 0 to {COST_MAX:,}.")
        except (TypeError, ValueError):
            fail("cost_amount", "Enter the cost as a number, such as 25.00.")
        if not (isinstance(badge.cost_currency, str) and len(badge.cost_currency) == 3):
            fail("cost_currency", "Give the currency as a three-letter code, such as EUR.")
        else:
            badge.cost_currency = badge.cost_currency.upper()
    if not isinstance(badge.evidence_types, list) or any(
        kind not in EVIDENCE_TYPES for kind in badge.evidence_types
    ):
        fail("evidence_types", f"Choose any of: {', '.join(EVIDENCE_TYPES)}.")
    if not badge.language or len(badge.language) > 16:
        fail("language", "Give the language as a tag such as en or fr-CA.")
    approvals = badge.approvals_required
    if not isinstance(approvals, int) or isinstance(approvals, bool) or not 1 <= approvals <= 10:
        fail("approvals_required", "Give the approvals needed as a whole number from 1 to 10.")
    if not isinstance(badge.design, dict):
        fail("design", "The design is the badge studio's choices, as an object.")
    return errors


def _check_text(fields: dict[str, Any], errors: dict) -> None:
    """Refuse characters XML cannot hold (control characters other than tabs and line breaks)
    in any text of the fields, also inside lists and objects: badge text ends up in SVG
    images, baked badges and feeds."""

    def find(value) -> str | None:
        if isinstance(value, str):
            match = XML_ILLEGAL.search(value)
            return match.group() if match else None
        if isinstance(value, dict):
            value = [*value.keys(), *value.values()]
        if isinstance(value, list | tuple):
            return next((found for item in value if (found := find(item))), None)
        return None

    for name, value in fields.items():
        if (found := find(value)) is not None:
            errors.setdefault(name, []).append(
                f"Remove the character U+{ord(found):04X}; text may hold tabs and line "
                "breaks but no other control characters."
            )
        elif name in ONE_LINE_FIELDS:
            # Names go into email subjects, headings and images: one line of visible text.
            for text in value if isinstance(value, list | tuple) else [value]:
                if isinstance(text, str) and (problem := one_line_problem(text)) is not None:
                    errors.setdefault(name, []).append(problem)
                    break


ONE_LINE_FIELDS = {"name", "url", "email", "criteria_url", "tags", "language", "cost_currency"}


def _markdown_too_long(text: str, field: str, errors: dict) -> bool:
    """Refuse Markdown longer than MAX_MARKDOWN characters (it is rendered when saved)."""
    if isinstance(text, str) and len(text) > MAX_MARKDOWN:
        errors.setdefault(field, []).append(
            f"The text has {len(text):,} characters; keep it to {MAX_MARKDOWN:,} or fewer."
        )
        return True
    return False


def _check_amount_unit(amount, unit, units, prefix: str, errors: dict) -> None:
    amount_field = f"{prefix}_amount" if prefix == "expires" else f"{prefix}_value"
    most = EXPIRES_AMOUNT_MAX if prefix == "expires" else TIME_TO_EARN_MAX
    if amount is None and not unit:
        return
    if not isinstance(amount, int) or isinstance(amount, bool) or not 1 <= amount <= most:
        errors.setdefault(amount_field, []).append(f"Enter a whole number from 1 to {most:,}.")
    if unit not in units.values:
        errors.setdefault(f"{prefix}_unit", []).append(f"Choose one of: {', '.join(units.values)}.")


def _clean_alignments(value, errors: dict) -> list[dict]:
    if not isinstance(value, list):
        errors.setdefault("alignments", []).append("Give alignments as a list.")
        return []
    cleaned = []
    for number, item in enumerate(value, start=1):
        if not isinstance(item, dict) or not str(item.get("targetName", "")).strip():
            errors.setdefault("alignments", []).append(f"Alignment {number} needs a targetName.")
            continue
        unknown = set(item) - set(ALIGNMENT_KEYS)
        if unknown:
            errors.setdefault("alignments", []).append(
                f"Alignment {number} has unknown keys: {', '.join(sorted(unknown))}."
            )
            continue
        if item.get("targetUrl"):
            _check_url(item["targetUrl"], "alignments", errors)
        cleaned.append({k: str(v).strip() for k, v in item.items() if str(v).strip()})
    return cleaned


def _clean_tags(value, errors: dict) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(tag, str) for tag in value):
        errors.setdefault("tags", []).append("Give tags as a list of words.")
        return []
    tags: list[str] = []
    for tag in (t.strip() for t in value):
        if tag and tag.lower() not in (t.lower() for t in tags):
            tags.append(tag[:100])
    return tags


def _check_url(value: str, field: str, errors: dict, *, required: bool = False) -> None:
    if not value:
        if required:
            errors.setdefault(field, []).append("Enter a URL starting with https:// or http://.")
        return
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        errors.setdefault(field, []).append(
            f"{value!r} is not a valid URL; enter one starting with https:// or http://."
        )


def _set_image(obj, image: bytes | None, image_name: str) -> None:
    if image is None:
        return
    try:
        prepared = prepare_badge_image(image, image_name)
    except ImageError as exc:
        raise ValidationError({"image": str(exc)}) from exc
    digest = hashlib.sha256(prepared.content).hexdigest()[:16]
    obj.image.save(f"{digest}.{prepared.extension}", ContentFile(prepared.content), save=False)
    image_drawing_store(image_field=obj.image, png=prepared.png)


def svg_drawing_key(image_name: str) -> tuple[str, str]:
    """The StoredRendition key and digest of the PNG drawing of a stored SVG image."""
    return f"drawing/{image_name}"[:200], hashlib.sha256(image_name.encode()).hexdigest()


def image_drawing_store(*, image_field, png: bytes | None) -> None:
    """Keep the PNG drawing of an SVG image, made within budget when it was checked: public
    pages serve PNGs and social cards from it and never draw an SVG on a request."""
    if png is None or not image_field.name.endswith(".svg"):
        return
    key, digest = svg_drawing_key(image_field.name)
    rendition_store(key=key, digest=digest, content=png, content_type="image/png")


def image_drawing_make(*, image_field) -> str:
    """Draw, within the drawing budget, a stored SVG image that has no PNG drawing yet (one
    uploaded before drawings were kept). Returns "kept", "drawn", or the refusal's reason."""
    key, digest = svg_drawing_key(image_field.name)
    if StoredRendition.objects.filter(key=key, digest=digest).exists():
        return "kept"
    with image_field.open("rb") as handle:
        svg = handle.read()
    try:
        png = svg_to_png(svg)
    except ImageError as exc:
        return str(exc)
    image_drawing_store(image_field=image_field, png=png)
    return "drawn"


# Awards ----------------------------------------------------------------------------------


def _expiry(badge: BadgeClass, issued_on: datetime) -> datetime | None:
    if not badge.expires_amount:
        return None
    unit = badge.expires_unit
    try:
        if unit in ("days", "weeks"):
            return issued_on + timedelta(**{unit: badge.expires_amount})
        return issued_on + relativedelta(**{unit: badge.expires_amount})
    except (OverflowError, ValueError) as exc:  # stored before expiries were bounded
        raise ValidationError(
            {
                "expires": f"{badge.name} expires {badge.expires_amount} {unit} after the "
                "award, past the end of the calendar; edit the badge's expiry first."
            }
        ) from exc


def _build_assertion(badge: BadgeClass, *, user, row: dict[str, Any]) -> Assertion:
    """Validate one award's input and return an unsaved Assertion, or raise ValidationError."""
    allowed = {
        "recipient_identity", "recipient_type", "hashed", "issued_on", "expires",
        "narrative", "evidence", "extensions",
    }  # fmt: skip
    errors: dict[str, list[str]] = {}
    if badge.draft:
        errors["badge_class"] = [f"{badge.name} is a draft: publish it before awarding it."]
    for name in sorted(set(row) - allowed):
        errors[name] = ["This field cannot be set."]
    _check_text({name: row[name] for name in ("narrative", "evidence") if name in row}, errors)
    _markdown_too_long(row.get("narrative"), "narrative", errors)
    recipient_type = row.get("recipient_type") or RecipientType.EMAIL
    identity = str(row.get("recipient_identity") or "").strip()
    if recipient_type not in RecipientType.values:
        errors["recipient_type"] = [f"Choose one of: {', '.join(RecipientType.values)}."]
    elif not identity:
        errors["recipient_identity"] = ["Give the recipient's email, URL, telephone or id."]
    else:
        identity = normalize_identity(identity, recipient_type)
        _check_identity(identity, recipient_type, errors)
    now = timezone.now()
    issued_on = row.get("issued_on") or now
    if not isinstance(issued_on, datetime):
        errors["issued_on"] = ["Give the issue date as a date and time."]
        issued_on = now
    elif issued_on > now + timedelta(minutes=5):
        errors["issued_on"] = ["The issue date cannot be in the future."]
    try:
        expires = row.get("expires") if "expires" in row else _expiry(badge, issued_on)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        expires = None
    if expires is not None and (not isinstance(expires, datetime) or expires <= issued_on):
        errors["expires"] = ["The expiry must be a date and time after the issue date."]
    evidence = _clean_evidence(row.get("evidence") or [], errors)
    extensions = row.get("extensions") or {}
    if not isinstance(extensions, dict) or not all(
        isinstance(k, str) and k.startswith("extensions:") and isinstance(v, dict)
        for k, v in extensions.items()
    ):
        errors["extensions"] = [
            'Give extensions as an object whose keys start with "extensions:" and whose '
            "values are objects."
        ]
    hashed = row.get("hashed")
    if hashed is None:
        hashed = recipient_type in (RecipientType.EMAIL, RecipientType.TELEPHONE)
    if errors:
        raise ValidationError(errors)
    issuer = badge.issuer
    signing_key = None
    if issuer.verification == Verification.SIGNED:
        signing_key = issuer.keys.filter(active=True).first() or _key_create(issuer)
    return Assertion(
        badge_class=badge,
        issuer=issuer,
        created_by=user,
        recipient_type=recipient_type,
        recipient_identity=identity,
        recipient_hashed=bool(hashed),
        salt=make_salt() if hashed else "",
        issued_on=issued_on,
        expires=expires,
        narrative=str(row.get("narrative") or ""),
        evidence=evidence,
        extensions=extensions,
        verification=issuer.verification,
        signing_key=signing_key,
    )


def _check_identity(identity: str, recipient_type: str, errors: dict) -> None:
    if recipient_type == RecipientType.EMAIL:
        try:
            EmailValidator()(identity)
        except ValidationError:
            errors["recipient_identity"] = [f"{identity!r} is not a valid email address."]
    elif recipient_type == RecipientType.URL:
        _check_url(identity, "recipient_identity", errors)
    elif recipient_type == RecipientType.TELEPHONE:
        digits = identity.lstrip("+")
        if not digits.isdigit() or not 5 <= len(digits) <= 15:
            errors["recipient_identity"] = [
                f"{identity!r} is not a telephone number; use international form like +4420..."
            ]


def _clean_evidence(value, errors: dict) -> list[dict]:
    if not isinstance(value, list):
        errors["evidence"] = ["Give evidence as a list of {url, narrative} items."]
        return []
    cleaned = []
    for number, item in enumerate(value, start=1):
        if not isinstance(item, dict) or not (item.get("url") or item.get("narrative")):
            errors.setdefault("evidence", []).append(
                f"Evidence {number} needs a url, a narrative, or both."
            )
            continue
        if item.get("url"):
            _check_url(item["url"], "evidence", errors)
        cleaned.append({k: str(item[k]) for k in ("url", "narrative") if item.get(k)})
    return cleaned


@transaction.atomic
def assertion_award(*, badge_class: BadgeClass, user, notify: bool = True, **row: Any) -> Assertion:
    """Award one badge. Fields: recipient_identity, recipient_type, hashed, issued_on,
    expires, narrative, evidence, extensions."""
    return assertion_award_batch(badge_class=badge_class, user=user, rows=[row], notify=notify)[0]


AWARD_CHUNK = 500


class BatchError(ValidationError):
    """A batch with bad rows: nothing was written. `rows` maps row number (1-based) to errors."""

    def __init__(self, rows: dict[int, dict[str, list[str]]]):
        self.rows = rows
        first = next(iter(rows))
        super().__init__(
            f"{len(rows)} row(s) have errors and nothing was awarded; first is row {first}: "
            + "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in rows[first].items())
        )


@transaction.atomic
def assertion_award_batch(
    *,
    badge_class: BadgeClass,
    user,
    rows: Sequence[dict[str, Any]],
    notify: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> list[Assertion]:
    """Award many in one transaction: every row is valid and written, or none is.

    `progress(done, total)` is called as rows are checked and then written (2 steps a row).
    """
    require(user=user, issuer=badge_class.issuer, right="award")
    if badge_class.archived:
        raise ValidationError(
            f"{badge_class.name} is archived and can no longer be awarded; unarchive it first."
        )
    if not rows:
        raise ValidationError("The batch is empty: give at least one recipient.")
    built: list[Assertion] = []
    row_errors: dict[int, dict[str, list[str]]] = {}
    for number, row in enumerate(rows, start=1):
        try:
            built.append(_build_assertion(badge_class, user=user, row=dict(row)))
        except ValidationError as exc:
            row_errors[number] = exc.message_dict
        if progress:
            progress(number, 2 * len(rows))
    if row_errors:
        raise BatchError(row_errors)
    next_index = _next_status_index(badge_class.issuer)
    for assertion in built:
        assertion.status_index = next_index
        next_index += 1
    # Written in chunks: one INSERT for many rows, and their outbox messages with them.
    for start in range(0, len(built), AWARD_CHUNK):
        chunk = Assertion.objects.bulk_create(built[start : start + AWARD_CHUNK])
        emit_many("assertion.awarded", [{"assertion_id": a.pk, "notify": notify} for a in chunk])
        if any(a.status_index % statuslist.MIN_BITS == 0 for a in chunk):
            # The issuer's first award, or one past the end of its status list: publish it.
            emit("statuslist.changed", issuer_id=badge_class.issuer_id)
        if progress:
            progress(len(rows) + start + len(chunk), 2 * len(rows))
    return built


def assertion_rows_check(
    *, badge_class: BadgeClass, user, rows: Sequence[dict[str, Any]]
) -> dict[int, dict[str, list[str]]]:
    """What is wrong with each row of a batch (1-based row number -> field errors), writing
    nothing: the preview a person sees before awarding. The same recipient twice is an error."""
    require(user=user, issuer=badge_class.issuer, right="award")
    errors: dict[int, dict[str, list[str]]] = {}
    seen: dict[tuple[str, str], int] = {}
    for number, row in enumerate(rows, start=1):
        try:
            built = _build_assertion(badge_class, user=user, row=dict(row))
        except ValidationError as exc:
            errors[number] = exc.message_dict
            continue
        key = (built.recipient_type, built.recipient_identity)
        if key in seen:
            errors[number] = {
                "recipient_identity": [f"The same recipient as row {seen[key]}; give each once."]
            }
        else:
            seen[key] = number
    return errors


@transaction.atomic
def award_job_create(
    *, badge_class: BadgeClass, user, rows: Sequence[dict[str, Any]], notify: bool = True
) -> AwardJob:
    """Queue a checked batch; a task writes it all or nothing. Refused if any row is bad."""
    if badge_class.archived or badge_class.draft:
        state = "archived" if badge_class.archived else "a draft"
        raise ValidationError(f"{badge_class.name} is {state} and cannot be awarded.")
    if not rows:
        raise ValidationError("The batch is empty: give at least one recipient.")
    errors = assertion_rows_check(badge_class=badge_class, user=user, rows=rows)
    if errors:
        raise BatchError(errors)
    job = AwardJob.objects.create(
        badge_class=badge_class, created_by=user, rows=list(rows), notify=notify
    )
    transaction.on_commit(lambda: _start_job(job.pk))
    return job


def _start_job(job_id: int) -> None:
    from .tasks import award_job_run as task

    task.delay(job_id)


AWARD_JOB_PROGRESS = "award-job-progress:{}"


def award_job_run(*, job: AwardJob) -> AwardJob:
    """Write a queued batch (once: a job that started is not run again). Progress is kept in
    the cache, where the page reads it while the batch's transaction is still open."""
    from django.core.cache import cache

    claimed = AwardJob.objects.filter(pk=job.pk, status=AwardJobStatus.QUEUED).update(
        status=AwardJobStatus.RUNNING, started_at=timezone.now()
    )
    job.refresh_from_db()
    if not claimed:
        return job
    key = AWARD_JOB_PROGRESS.format(job.pk)

    last = 0

    def progress(done: int, total: int) -> None:
        nonlocal last
        if done - last >= 200 or done == total:
            cache.set(key, (done, total), 3600)
            last = done

    try:
        awarded = assertion_award_batch(
            badge_class=job.badge_class,
            user=job.created_by,
            rows=job.rows,
            notify=job.notify,
            progress=progress,
        )
    except ValidationError as exc:
        job.status, job.error = AwardJobStatus.FAILED, " ".join(exc.messages)
    else:
        job.status, job.awarded = AwardJobStatus.DONE, len(awarded)
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "awarded", "finished_at"])
    return job


def award_job_progress(*, job: AwardJob) -> tuple[int, int]:
    """(steps done, steps in all): each row is checked and then written, two steps a row."""
    from django.core.cache import cache

    total = 2 * len(job.rows)
    if job.status == AwardJobStatus.DONE:
        return total, total
    done, _ = cache.get(AWARD_JOB_PROGRESS.format(job.pk), (0, total))
    return done, total


@transaction.atomic
def assertion_notify_again(*, assertion: Assertion, user) -> None:
    """Send the award email once more (to an email recipient who has not opted out)."""
    require(user=user, issuer=assertion.issuer, right="award")
    if assertion.revoked:
        raise ValidationError("This award was revoked; there is nothing to tell its recipient.")
    if assertion.recipient_type != RecipientType.EMAIL:
        raise ValidationError("Only awards made to an email address can be sent by email.")
    emit("assertion.resend", assertion_id=assertion.pk)


def _next_status_index(issuer: Issuer) -> int:
    """The first free bit of the issuer's status list, which its awards and the endorsements
    it gives share. The issuer row is locked so that concurrent awards of one issuer take
    turns instead of taking the same bit."""
    Issuer.objects.select_for_update().filter(pk=issuer.pk).first()
    highest = _highest_status_index(issuer)
    return 0 if highest is None else highest + 1


def _highest_status_index(issuer: Issuer) -> int | None:
    indexes = [
        issuer.assertions.aggregate(highest=Max("status_index"))["highest"],
        issuer.endorsements_given.aggregate(highest=Max("status_index"))["highest"],
    ]
    return max((index for index in indexes if index is not None), default=None)


@transaction.atomic
def assertion_update(*, assertion: Assertion, user, **fields: Any) -> Assertion:
    """Change the narrative, evidence, extensions or expiry of an award."""
    require(user=user, issuer=assertion.issuer, right="award")
    editable = {"narrative", "evidence", "extensions", "expires"}
    unknown = set(fields) - editable
    if unknown:
        raise ValidationError({name: "This field cannot be changed." for name in sorted(unknown)})
    row = {
        "recipient_identity": assertion.recipient_identity,
        "recipient_type": assertion.recipient_type,
        "hashed": assertion.recipient_hashed,
        "issued_on": assertion.issued_on,
        "expires": assertion.expires,
        "narrative": assertion.narrative,
        "evidence": assertion.evidence,
        "extensions": assertion.extensions,
        **fields,
    }
    checked = _build_assertion(assertion.badge_class, user=user, row=row)
    for name in editable:
        setattr(assertion, name, getattr(checked, name))
    assertion.save()
    _assertion_changed(assertion)
    return assertion


@transaction.atomic
def assertion_revoke(*, assertion: Assertion, user, reason: str) -> Assertion:
    """Revoke one award; an award revoked already stays as it was, with its first reason."""
    assertion_revoke_batch(assertions=[assertion], user=user, reason=reason)
    return assertion


@transaction.atomic
def assertion_revoke_batch(
    *, assertions: Iterable[Assertion], user, reason: str
) -> list[Assertion]:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"revocation_reason": "Say why the badge is revoked."})
    revoked = []
    for assertion in assertions:
        require(user=user, issuer=assertion.issuer, right="award")
        if assertion.revoked:
            continue
        assertion.revoked = True
        assertion.revocation_reason = reason[:500]
        assertion.revoked_at = timezone.now()
        assertion.save(update_fields=["revoked", "revocation_reason", "revoked_at", "updated_at"])
        _assertion_changed(assertion)
        revoked.append(assertion)
    if revoked:
        emit_many("assertion.revoked", [{"assertion_id": each.pk} for each in revoked])
    for issuer_id in sorted({assertion.issuer_id for assertion in revoked}):
        emit("statuslist.changed", issuer_id=issuer_id)
    return revoked


# Endorsements ----------------------------------------------------------------------------


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
    _check_text({"comment": comment}, errors)
    if not comment:
        errors["comment"] = ["Say what the endorser vouches for: the comment is the claim."]
    _markdown_too_long(comment, "comment", errors)
    target_issuer = target if isinstance(target, Issuer) else target.issuer
    if target_issuer.pk == endorser.pk:
        errors["target"] = [
            f"{endorser.name} cannot endorse itself or its own badges; an endorsement is "
            "another organisation's word."
        ]
    elif isinstance(target, Assertion) and target.revoked:
        errors["target"] = ["This award was revoked and can no longer be endorsed."]
    elif isinstance(target, BadgeClass) and target.archived:
        errors["target"] = [f"{target.name} is archived and can no longer be endorsed."]
    elif isinstance(target, (BadgeClass, Assertion)) and _badge_class_of(target).draft:
        # Not named: a draft is private to its issuer, whoever learnt its id.
        errors["target"] = ["This badge class is not published, so it cannot be endorsed yet."]
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
    endorsement.status_index = _next_status_index(endorser)
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
        raise ValidationError({"revocation_reason": "Say why the endorsement is withdrawn."})
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
        raise ValidationError("This endorsement was withdrawn by its endorser.")
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
        _assertion_changed(target)
    elif isinstance(target, BadgeClass):
        _changed(target.issuer, badge_class=target)
    else:
        _changed(target)


# Keys ------------------------------------------------------------------------------------


def signing_secret() -> str:
    return settings.LAUREL_SIGNING_SECRET or settings.SECRET_KEY


def _key_create(issuer: Issuer) -> IssuerKey:
    private_pem = signing.generate_private_key()
    return IssuerKey.objects.create(
        issuer=issuer,
        public_key_pem=signing.public_key_pem(private_pem),
        private_key_encrypted=signing.encrypt_private_key(private_pem, signing_secret()),
    )


@transaction.atomic
def issuer_key_rotate(*, issuer: Issuer, user) -> IssuerKey:
    """New keys (the 2.0 RSA key and the 3.0 keys) sign from now on; old keys stay published,
    in the key documents and the DID document, so earlier awards still verify."""
    require(user=user, issuer=issuer, right="manage_issuer")
    issuer.keys.filter(active=True).update(active=False)
    issuer.credential_keys.filter(active=True).update(active=False)
    key = _key_create(issuer)
    _credential_keys_create(issuer)
    _changed(issuer)
    emit("statuslist.changed", issuer_id=issuer.pk)
    return key


def _credential_keys_create(issuer: Issuer) -> list[CredentialKey]:
    keys = []
    for algorithm in KeyAlgorithm.values:
        private_pem = signing.generate_credential_key(algorithm)
        keys.append(
            CredentialKey.objects.create(
                issuer=issuer,
                algorithm=algorithm,
                public_key_pem=signing.public_key_pem(private_pem),
                private_key_encrypted=signing.encrypt_private_key(private_pem, signing_secret()),
            )
        )
    return keys


@transaction.atomic
def credential_key_for(*, issuer: Issuer, algorithm: str) -> CredentialKey:
    """The issuer's active 3.0 key of an algorithm, made (with its sibling) when the issuer
    has none yet, as issuers created before Open Badges 3.0 have not."""
    key = issuer.credential_keys.filter(active=True, algorithm=algorithm).first()
    if key is None:
        Issuer.objects.select_for_update().filter(pk=issuer.pk).first()
        key = issuer.credential_keys.filter(active=True, algorithm=algorithm).first()
        if key is None:
            issuer.credential_keys.filter(active=True).update(active=False)
            key = next(k for k in _credential_keys_create(issuer) if k.algorithm == algorithm)
            _changed(issuer)
    return key


def credential_private_key(key: CredentialKey) -> str:
    """The PEM of a 3.0 key, decrypted for signing."""
    return signing.decrypt_private_key(key.private_key_encrypted, signing_secret())


@transaction.atomic
def status_list_publish(*, issuer_id: int) -> StatusList | None:
    """Sign and store the issuer's status list with the bits of its revoked awards set.
    Delivered through the outbox after a revocation; safe to run again."""
    issuer = Issuer.objects.filter(pk=issuer_id).first()
    if issuer is None:
        return None
    revoked = [
        *issuer.assertions.filter(revoked=True, status_index__isnull=False).values_list(
            "status_index", flat=True
        ),
        *issuer.endorsements_given.filter(revoked=True, status_index__isnull=False).values_list(
            "status_index", flat=True
        ),
    ]
    highest = _highest_status_index(issuer) or 0
    encoded = statuslist.encode(revoked, size=highest + 1)
    key = credential_key_for(issuer=issuer, algorithm=KeyAlgorithm.ED25519)
    now = timezone.now()
    document = dataintegrity.sign(
        ob3.status_list_document(issuer, encoded, now),
        signing.load_private_key(credential_private_key(key)),
        verification_method=did.method_id(did.issuer_did(issuer.entity_id), key.entity_id),
        created=now,
    )
    status_list, _created = StatusList.objects.update_or_create(
        issuer=issuer, defaults={"document": document}
    )
    return status_list


# Notifications ---------------------------------------------------------------------------


@transaction.atomic
def notification_opt_out(*, email: str) -> None:
    from .models import NotificationOptOut

    NotificationOptOut.objects.get_or_create(email=email.strip().lower())


# Public documents and renditions -----------------------------------------------------------


def _changed(issuer: Issuer, badge_class: BadgeClass | None = None) -> None:
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
            _assertion_changed(obj)
            return
        entity_id, issuer_id = obj.entity_id, obj.issuer.entity_id
        transaction.on_commit(lambda: public.invalidate_assertion(entity_id, issuer_id))
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


def _assertion_changed(assertion: Assertion) -> None:
    entity_id, issuer_id = assertion.entity_id, assertion.issuer.entity_id
    transaction.on_commit(lambda: public.invalidate_assertion(entity_id, issuer_id))
    emit("assertion.changed", assertion_id=assertion.pk, entity_id=entity_id)


def rendition_store(*, key: str, digest: str, content: bytes, content_type: str) -> StoredRendition:
    """Store a derived file under `key`, replacing one made from other inputs."""
    rendition = StoredRendition.objects.filter(key=key).first() or StoredRendition(key=key)
    if rendition.pk and rendition.digest == digest:
        return rendition
    if rendition.file:
        rendition.file.delete(save=False)
    extension = {"image/png": "png", "image/svg+xml": "svg"}.get(content_type, "bin")
    rendition.digest = digest
    rendition.content_type = content_type
    rendition.file.save(f"{digest[:24]}.{extension}", ContentFile(content), save=False)
    rendition.save()
    return rendition


# Claim codes -----------------------------------------------------------------------------

MAX_CLAIM_USES = 1_000_000


class ClaimThrottled(ValidationError):
    """Too many unknown codes from this user or address: claiming waits out the window."""


def normalize_claim_code(value: str) -> str:
    """A code as typed or scanned, as stored: capitals, without spaces, dashes or other marks."""
    return "".join(ch for ch in str(value)[:100].upper() if ch.isascii() and ch.isalnum())


@transaction.atomic
def claim_code_create(
    *,
    badge_class: BadgeClass,
    user,
    count: int = 1,
    emails: Sequence[str] = (),
    multi_use: bool = False,
    max_uses: int | None = None,
    expires_at: datetime | None = None,
    note: str = "",
) -> list[ClaimCode]:
    """Make claim codes for a badge class: `count` single-use codes, or one single-use code
    bound to each of `emails`, or (multi_use) one code with a use limit, an expiry or both."""
    require(user=user, issuer=badge_class.issuer, right="award")
    errors: dict[str, list[str]] = {}
    if badge_class.draft:
        errors["badge_class"] = [f"{badge_class.name} is a draft: publish it before making codes."]
    elif badge_class.archived:
        errors["badge_class"] = [f"{badge_class.name} is archived; unarchive it to make codes."]
    note = str(note or "").strip()
    _check_text({"note": note}, errors)
    if len(note) > 200:
        errors.setdefault("note", []).append("Keep the note to 200 characters.")
    if expires_at is not None and (
        not isinstance(expires_at, datetime) or expires_at <= timezone.now()
    ):
        errors["expires_at"] = ["The expiry must be a date and time in the future."]
    if multi_use:
        rows = _multi_use_rows(count, emails, max_uses, expires_at, errors)
    else:
        rows = _single_use_rows(count, emails, max_uses, errors)
    if errors:
        raise ValidationError(errors)
    codes = _new_codes(len(rows))
    return ClaimCode.objects.bulk_create(
        ClaimCode(
            badge_class=badge_class,
            created_by=user,
            code=code,
            multi_use=multi_use,
            max_uses=limit,
            email=email,
            expires_at=expires_at,
            note=note,
        )
        for code, (limit, email) in zip(codes, rows, strict=True)
    )


def _whole_number(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _multi_use_rows(count, emails, max_uses, expires_at, errors) -> list[tuple[int | None, str]]:
    if emails:
        errors["emails"] = [
            "A multi-use code is for anyone who has it; make single-use codes for emails."
        ]
    if count != 1:
        errors["count"] = ["Make one multi-use code at a time; give it a use limit instead."]
    if max_uses is None and expires_at is None:
        errors["max_uses"] = ["Give a multi-use code a use limit, an expiry, or both."]
    elif max_uses is not None and not (_whole_number(max_uses) and 1 <= max_uses <= MAX_CLAIM_USES):
        errors["max_uses"] = [f"The use limit is a whole number from 1 to {MAX_CLAIM_USES}."]
    return [(max_uses, "")]


def _single_use_rows(count, emails, max_uses, errors) -> list[tuple[int | None, str]]:
    most = settings.LAUREL_CLAIM_CODES_PER_BATCH
    if max_uses not in (None, 1):
        errors["max_uses"] = ["A single-use code is claimed once; make a multi-use code for more."]
    if emails:
        cleaned, bad = [], []
        for email in emails:
            email = normalize_identity(str(email), "email")
            if not email:
                continue
            try:
                EmailValidator()(email)
            except ValidationError:
                bad.append(email)
            cleaned.append(email)
        if bad:
            errors["emails"] = [f"Not email addresses: {', '.join(bad[:10])}."]
        elif len(set(cleaned)) != len(cleaned):
            errors["emails"] = ["An email is listed twice; give each one once."]
        elif len(cleaned) > most:
            errors["emails"] = [f"Give at most {most} emails at a time."]
        if cleaned:
            return [(1, email) for email in cleaned]
    if not (_whole_number(count) and 1 <= count <= most):
        errors["count"] = [f"Make from 1 to {most} codes at a time."]
        return []
    return [(1, "")] * count


def _new_codes(count: int) -> list[str]:
    codes: set[str] = set()
    while len(codes) < count:
        fresh = {new_claim_code() for _ in range(count - len(codes))} - codes
        codes |= fresh - set(
            ClaimCode.objects.filter(code__in=fresh).values_list("code", flat=True)
        )
    return list(codes)


@transaction.atomic
def claim_code_disable(*, claim_code: ClaimCode, user) -> ClaimCode:
    """Stop a code from being claimed; its claims and awards stay."""
    require(user=user, issuer=claim_code.badge_class.issuer, right="award")
    if claim_code.disabled_at is None:
        claim_code.disabled_at = timezone.now()
        claim_code.disabled_by = user
        claim_code.save(update_fields=["disabled_at", "disabled_by", "updated_at"])
    return claim_code


def _claim_failure_keys(user, address: str) -> list[tuple[str, int]]:
    keys = [(f"claim-fail:user:{user.pk}", settings.LAUREL_CLAIM_FAILURES_PER_USER)]
    if address:
        keys.append((f"claim-fail:ip:{address}", settings.LAUREL_CLAIM_FAILURES_PER_IP))
    return keys


def claim_code_redeem(*, user, code: str, email: str = "", address: str = "") -> ClaimCodeClaim:
    """Award the code's badge to the user at once, to the code's bound email or else to `email`
    or the user's primary verified email. `address` is the client IP, for the throttle.

    Unknown codes are counted per user and per address as failed sign-ins are; past the limit
    even a good code waits for the window (LAUREL_CLAIM_FAILURE_*)."""
    keys = _claim_failure_keys(user, address)
    window = settings.LAUREL_CLAIM_FAILURE_WINDOW
    if any((cache.get(key) or 0) >= limit for key, limit in keys):
        raise ClaimThrottled(
            {
                "code": [
                    "Too many unknown codes were tried from your account or address; "
                    f"wait {max(1, window // 60)} minutes and try again."
                ]
            }
        )
    normalized = normalize_claim_code(code)
    found = (
        ClaimCode.objects.select_related("badge_class__issuer").filter(code=normalized).first()
        if normalized
        else None
    )
    if found is None:
        if normalized:
            for key, _limit in keys:
                cache.add(key, 0, timeout=window)
                cache.incr(key)
        raise ValidationError(
            {
                "code": [
                    "There is no such code. Check it and type it again: letters and digits, "
                    "dashes and spaces do not matter."
                    if normalized
                    else "Enter the code you were given."
                ]
            }
        )
    return _claim(found, user=user, email=email)


@transaction.atomic
def _claim(claim_code: ClaimCode, *, user, email: str) -> ClaimCodeClaim:
    badge = claim_code.badge_class
    if claim_code.disabled_at is not None:
        raise ValidationError({"code": ["This code was disabled by its issuer."]})
    if claim_code.is_expired:
        raise ValidationError(
            {"code": [f"This code expired on {claim_code.expires_at:%d %B %Y at %H:%M} UTC."]}
        )
    if badge.draft or badge.archived:
        raise ValidationError({"code": [f"{badge.name} is no longer awarded with codes."]})
    if claim_code.claims.filter(user=user).exists():
        raise ValidationError({"code": [_ALREADY_CLAIMED]})
    if claim_code.remaining == 0:
        raise ValidationError({"code": [_USED_UP]})
    recipient = _claim_email(claim_code, user=user, email=email)
    # The gate: a use is taken only while one is left. Racing claims queue on the row's lock
    # and each re-reads `uses`, so the last use goes to exactly one of them.
    now = timezone.now()
    taken = (
        ClaimCode.objects.filter(pk=claim_code.pk, disabled_at__isnull=True)
        .filter(Q(max_uses__isnull=True) | Q(uses__lt=F("max_uses")))
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .update(uses=F("uses") + 1, updated_at=now)
    )
    if not taken:
        raise ValidationError({"code": [_USED_UP]})
    assertion = assertion_award(
        badge_class=badge, user=None, recipient_identity=recipient, notify=False
    )
    try:
        with transaction.atomic():
            return ClaimCodeClaim.objects.create(
                claim_code=claim_code, user=user, email=recipient, assertion=assertion
            )
    except IntegrityError:  # the same learner claiming twice at once
        raise ValidationError({"code": [_ALREADY_CLAIMED]}) from None


_ALREADY_CLAIMED = "You have already claimed this code; the badge is in your backpack."
_USED_UP = "This code has been used up: every use is taken. Ask the issuer for another code."


def _claim_email(claim_code: ClaimCode, *, user, email: str) -> str:
    verified = list(user_verified_emails(user=user).values_list("email", flat=True))
    wanted = claim_code.email or normalize_identity(str(email or ""), "email")
    if wanted:
        match = next((v for v in verified if v.lower() == wanted.lower()), None)
        if match is not None:
            return match
        if not claim_code.email:
            raise ValidationError(
                {"email": [f"{wanted} is not one of your verified email addresses."]}
            )
        if user.emailaddress_set.filter(email__iexact=wanted).exists():
            raise ValidationError(
                {
                    "code": [
                        f"This code is for {wanted}: verify that address (follow the link "
                        "we emailed, or resend it from your account's email page), then "
                        "claim again."
                    ]
                }
            )
        raise ValidationError(
            {
                "code": [
                    "This code was made for another email address. Sign in with the account "
                    "of the address it was sent to, or add and verify that address in yours."
                ]
            }
        )
    if not verified:
        raise ValidationError(
            {
                "code": [
                    "Verify your email address first: badges are awarded to a verified email. "
                    "Follow the link we emailed, or resend it from your account's email page."
                ]
            }
        )
    return verified[0]  # the primary address comes first


# Webhooks --------------------------------------------------------------------------------

WEBHOOK_FIELDS = ("url", "events", "description", "active")


@transaction.atomic
def webhook_endpoint_create(*, issuer: Issuer, user, **fields: Any) -> WebhookEndpoint:
    """Register an endpoint of the issuer's (owners); the server makes its signing secret."""
    require(user=user, issuer=issuer, right="manage_issuer")
    endpoint = WebhookEndpoint(issuer=issuer, created_by=user)
    _apply_webhook_fields(endpoint, {"events": list(WEBHOOK_EVENTS), **fields})
    endpoint.save()
    return endpoint


@transaction.atomic
def webhook_endpoint_update(*, endpoint: WebhookEndpoint, user, **fields: Any) -> WebhookEndpoint:
    require(user=user, issuer=endpoint.issuer, right="manage_issuer")
    _apply_webhook_fields(endpoint, fields)
    endpoint.save()
    return endpoint


@transaction.atomic
def webhook_endpoint_delete(*, endpoint: WebhookEndpoint, user) -> None:
    """Remove an endpoint with its delivery log; nothing more is sent to it."""
    require(user=user, issuer=endpoint.issuer, right="manage_issuer")
    endpoint.delete()


@transaction.atomic
def webhook_secret_rotate(*, endpoint: WebhookEndpoint, user) -> WebhookEndpoint:
    """A new secret signs from now on; the old one signs too for LAUREL_WEBHOOK_OLD_SECRET_HOURS,
    so the receiver can switch without rejecting a message."""
    require(user=user, issuer=endpoint.issuer, right="manage_issuer")
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_secret_expires_at = timezone.now() + timedelta(
        hours=settings.LAUREL_WEBHOOK_OLD_SECRET_HOURS
    )
    endpoint.secret = new_webhook_secret()
    endpoint.save(update_fields=["secret", "previous_secret", "previous_secret_expires_at"])
    return endpoint


@transaction.atomic
def webhook_ping(*, endpoint: WebhookEndpoint, user) -> WebhookDelivery:
    """Send a test message (event `ping`) to the endpoint, logged like any delivery."""
    require(user=user, issuer=endpoint.issuer, right="manage_issuer")
    issuer = endpoint.issuer
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint,
        event=WEBHOOK_PING,
        payload=webhooks.message_body(
            WEBHOOK_PING,
            {
                "issuer": {"id": issuer.entity_id, "name": issuer.name},
                "endpoint": endpoint.entity_id,
            },
        ),
    )
    transaction.on_commit(lambda: webhooks.schedule(delivery.pk))
    return delivery


@transaction.atomic
def webhook_redeliver(*, delivery: WebhookDelivery, user) -> WebhookDelivery:
    """Send a delivery again, delivered or failed, with the same message id and body, and the
    whole retry schedule ahead of it. Its earlier attempts stay in the log."""
    require(user=user, issuer=delivery.endpoint.issuer, right="manage_issuer")
    if delivery.status == DeliveryStatus.PENDING:
        raise ValidationError(
            "This delivery is still being tried; redeliver it once it is delivered or failed."
        )
    if not delivery.endpoint.active:
        raise ValidationError("The endpoint is disabled; enable it first.")
    delivery.status = DeliveryStatus.PENDING
    delivery.attempts = 0
    delivery.next_attempt_at = timezone.now()
    delivery.delivered_at = None
    delivery.save(update_fields=["status", "attempts", "next_attempt_at", "delivered_at"])
    transaction.on_commit(lambda: webhooks.schedule(delivery.pk))
    return delivery


def _apply_webhook_fields(endpoint: WebhookEndpoint, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(WEBHOOK_FIELDS)
    if unknown:
        raise ValidationError({name: "This field cannot be set." for name in sorted(unknown)})
    errors: dict[str, list[str]] = {}
    _check_text({k: v for k, v in fields.items() if k in ("url", "description")}, errors)
    if "url" in fields:
        endpoint.url = (fields["url"] or "").strip()
        _check_url(endpoint.url, "url", errors, required=True)
        if len(endpoint.url) > 500:
            errors["url"] = ["Keep the URL within 500 characters."]
        if "url" not in errors:
            try:
                check_url(endpoint.url, hint=webhooks.PRIVATE_ADDRESS_HINT)
            except FetchError as exc:
                errors["url"] = [str(exc)]
    if "description" in fields:
        endpoint.description = (fields["description"] or "").strip()
        if len(endpoint.description) > 200:
            errors["description"] = ["Keep the description within 200 characters."]
    if "events" in fields:
        events = fields["events"]
        if not isinstance(events, list | tuple) or not all(isinstance(e, str) for e in events):
            errors["events"] = ["Give the events as a list of names."]
        else:
            unknown_events = sorted(set(events) - set(WEBHOOK_EVENTS))
            if unknown_events:
                errors["events"] = [
                    f"Unknown event {', '.join(unknown_events)}; choose from "
                    f"{', '.join(WEBHOOK_EVENTS)}."
                ]
            elif not events:
                errors["events"] = ["Choose at least one event to receive."]
            endpoint.events = [event for event in WEBHOOK_EVENTS if event in events]
    if "active" in fields:
        if not isinstance(fields["active"], bool):
            errors["active"] = ["Say true or false."]
        else:
            endpoint.active = fields["active"]
    if errors:
        raise ValidationError(errors)


# Applications and review -------------------------------------------------------------------

MAX_EVIDENCE_ITEMS = 20


def _record(application: Application, *, actor, to_state: str, note: str = "") -> None:
    """Move the application to `to_state` (or note a change within it) in its event log."""
    ApplicationEvent.objects.create(
        application=application,
        actor=actor,
        from_state=application.state,
        to_state=to_state,
        note=note[:500],
    )
    application.state = to_state


def _locked(application: Application) -> Application:
    """The application read again under a row lock: a concurrent decision waits, then sees it."""
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("badge_class__issuer", "applicant")
        .get(pk=application.pk)
    )


def _clean_reflections(badge: BadgeClass, value, errors: dict) -> list[dict]:
    """One reflection per criterion of the badge, in its order; unknown criteria are dropped."""
    given: dict[str, str] = {}
    if isinstance(value, dict):
        given = {str(k): v for k, v in value.items()}
    elif isinstance(value, list) and all(isinstance(item, dict) for item in value):
        given = {str(item.get("criterion", "")): item.get("text", "") for item in value}
    elif value not in (None, ""):
        errors["reflections"] = ["Give reflections as a list of {criterion, text} items."]
    if any(not isinstance(text, str) for text in given.values()):
        errors["reflections"] = ["Each reflection is text."]
        given = {}
    _check_text({"reflections": list(given.values())}, errors)
    return [
        {"criterion": criterion, "text": given.get(criterion, "").strip()[:20000]}
        for criterion in badge_criteria(badge)
    ]


@transaction.atomic
def application_create(*, badge_class: BadgeClass, user, reflections=None) -> Application:
    """A draft application of `user` for a badge that accepts applications."""
    if user is None or not user.is_authenticated:
        raise PermissionDenied("Sign in to apply for a badge.")
    if not badge_class.accepts_applications or badge_class.draft or badge_class.archived:
        raise ValidationError(
            {"badge_class": f"{badge_class.name} does not take applications; ask its issuer."}
        )
    BadgeClass.objects.select_for_update().filter(pk=badge_class.pk).first()  # one at a time
    existing = Application.objects.filter(
        badge_class=badge_class, applicant=user, state__in=UNDECIDED_STATES
    ).first()
    if existing is not None:
        raise ValidationError(
            {
                "badge_class": f"You already have an open application for {badge_class.name}; "
                "continue that one."
            }
        )
    errors: dict[str, list[str]] = {}
    cleaned = _clean_reflections(badge_class, reflections, errors)
    if errors:
        raise ValidationError(errors)
    application = Application.objects.create(
        badge_class=badge_class, applicant=user, created_by=user, reflections=cleaned
    )
    ApplicationEvent.objects.create(
        application=application, actor=user, to_state=ApplicationState.DRAFT, note="Started"
    )
    return application


def _own_editable(application: Application, user) -> Application:
    application = _locked(application)
    if application.applicant_id != getattr(user, "pk", None):
        raise PermissionDenied("Only the learner who applied may change an application.")
    if not application.editable:
        raise ValidationError(
            f"This application is {application.get_state_display().lower()}; it can be "
            "changed only as a draft or when returned for revision."
        )
    return application


@transaction.atomic
def application_update(*, application: Application, user, reflections) -> Application:
    """Change the reflections of a draft, or of an application returned for revision."""
    application = _own_editable(application, user)
    errors: dict[str, list[str]] = {}
    application.reflections = _clean_reflections(application.badge_class, reflections, errors)
    if errors:
        raise ValidationError(errors)
    application.save(update_fields=["reflections", "updated_at"])
    return application


def _allowed_kinds(badge: BadgeClass) -> list[str]:
    return list(badge.evidence_types) or list(EVIDENCE_TYPES)


@transaction.atomic
def application_evidence_add(
    *,
    application: Application,
    user,
    kind: str,
    description: str = "",
    text: str = "",
    url: str = "",
    file=None,
) -> ApplicationEvidence:
    """Add one item of evidence: a text, a link, or a file (an uploaded file or bytes).

    A file is checked by its first bytes: an image, a PDF, video or audio, within
    LAUREL_APPLICATION_MAX_FILE_MB."""
    application = _own_editable(application, user)
    badge = application.badge_class
    allowed = _allowed_kinds(badge)
    if kind not in allowed:
        names = ", ".join(EvidenceKind(k).label.lower() for k in allowed)
        raise ValidationError({"kind": f"{badge.name} accepts evidence as: {names}."})
    if application.evidence.count() >= MAX_EVIDENCE_ITEMS:
        raise ValidationError(f"An application holds at most {MAX_EVIDENCE_ITEMS} evidence items.")
    errors: dict[str, list[str]] = {}
    _check_text({"description": description, "text": text}, errors)
    item = ApplicationEvidence(
        application=application, kind=kind, description=(description or "").strip()[:500]
    )
    if kind == EvidenceKind.TEXT:
        item.text = (text or "").strip()
        if not item.text:
            errors["text"] = ["Write the text of this evidence."]
    elif kind == EvidenceKind.URL:
        item.url = (url or "").strip()
        _check_url(item.url, "url", errors, required=True)
        if len(item.url) > 1000:
            errors["url"] = ["Keep the link to 1000 characters or fewer."]
    else:
        _attach_file(item, file, errors)
    if errors:
        raise ValidationError(errors)
    item.save()
    application.save(update_fields=["updated_at"])
    return item


def _attach_file(item: ApplicationEvidence, file, errors: dict) -> None:
    if file is None:
        errors["file"] = ["Choose a file to upload."]
        return
    if isinstance(file, bytes):
        file = ContentFile(file, name="evidence")
    limit = settings.LAUREL_APPLICATION_MAX_FILE_MB * 1024 * 1024
    if file.size == 0:
        errors["file"] = ["The file is empty."]
        return
    if file.size > limit:
        errors["file"] = [
            f"The file is {file.size / 1024 / 1024:.1f} MB; files may be at most "
            f"{settings.LAUREL_APPLICATION_MAX_FILE_MB} MB."
        ]
        return
    file.seek(0)
    content_type = sniff(file.read(64))
    file.seek(0)
    if content_type is None:
        errors["file"] = [f"This file is not {KINDS_ACCEPTED}; upload one of those."]
        return
    stem = os.path.splitext(os.path.basename(getattr(file, "name", "") or "evidence"))[0]
    stem = re.sub(r"[^\w.-]+", "-", stem).strip("-.")[:80] or "evidence"
    item.content_type, item.size = content_type, file.size
    item.file_name = f"{stem}.{EVIDENCE_EXTENSIONS[content_type]}"
    item.file.save(f"{new_entity_id()}.{EVIDENCE_EXTENSIONS[content_type]}", file, save=False)


@transaction.atomic
def application_evidence_remove(*, evidence: ApplicationEvidence, user) -> None:
    _own_editable(evidence.application, user)
    if evidence.file:
        stored = evidence.file.name
        transaction.on_commit(lambda: evidence_storage().delete(stored))
    evidence.delete()


@transaction.atomic
def application_submit(*, application: Application, user) -> Application:
    """Send a draft (or a revised application) to the issuer's reviewers."""
    application = _own_editable(application, user)
    errors: dict[str, list[str]] = {}
    missing = [r["criterion"] for r in application.reflections if not r["text"]]
    if missing:
        errors["reflections"] = [
            "Write a reflection for each criterion before submitting; missing: "
            + "; ".join(criterion[:80] for criterion in missing)
        ]
    if not user_has_verified_email(user=user, email=user.email):
        errors["__all__"] = [f"Verify your email {user.email} first: the badge is awarded to it."]
    badge = application.badge_class
    if not badge.accepts_applications or badge.archived:
        errors["badge_class"] = [f"{badge.name} no longer takes applications."]
    if errors:
        raise ValidationError(errors)
    resubmitted = application.state == ApplicationState.RETURNED
    _record(
        application,
        actor=user,
        to_state=ApplicationState.SUBMITTED,
        note="Resubmitted after revision" if resubmitted else "Submitted",
    )
    application.round += 1
    application.submitted_at = timezone.now()
    application.assigned_to = application.assigned_until = None
    application.save()
    emit("application.submitted", application_id=application.pk)
    return application


@transaction.atomic
def application_withdraw(*, application: Application, user) -> Application:
    application = _locked(application)
    if application.applicant_id != getattr(user, "pk", None):
        raise PermissionDenied("Only the learner who applied may withdraw an application.")
    if not application.undecided:
        raise ValidationError(
            f"This application is already {application.get_state_display().lower()}; only an "
            "undecided application can be withdrawn."
        )
    _record(application, actor=user, to_state=ApplicationState.WITHDRAWN, note="Withdrawn")
    application.assigned_to = application.assigned_until = None
    application.save()
    return application


def _open_for_review(application: Application) -> None:
    if application.state not in OPEN_STATES:
        raise ValidationError(
            f"This application is {application.get_state_display().lower()}; it is not "
            "waiting for review."
        )


def _held_by_other(application: Application, user) -> bool:
    if application.assigned_to_id in (None, user.pk):
        return False
    until = application.assigned_until
    return until is None or until > timezone.now()


@transaction.atomic
def application_take(*, application: Application, user) -> Application:
    """A reviewer holds the application for LAUREL_REVIEW_HOLD_MINUTES; others may take it then."""
    application = _locked(application)
    require(user=user, issuer=application.badge_class.issuer, right="award")
    _open_for_review(application)
    if _held_by_other(application, user):
        raise ValidationError(
            f"{application.assigned_to} is reviewing this application"
            + (
                f" until {application.assigned_until:%Y-%m-%d %H:%M} UTC"
                if application.assigned_until
                else " (assigned by an owner)"
            )
            + "."
        )
    until = timezone.now() + timedelta(minutes=settings.LAUREL_REVIEW_HOLD_MINUTES)
    application.assigned_to, application.assigned_until = user, until
    _record(application, actor=user, to_state=ApplicationState.IN_REVIEW, note="Taken for review")
    application.save()
    return application


@transaction.atomic
def application_assign(*, application: Application, user, reviewer) -> Application:
    """An owner gives the application to one of the issuer's reviewers, until decided."""
    application = _locked(application)
    issuer = application.badge_class.issuer
    require(user=user, issuer=issuer, right="manage_issuer")
    _open_for_review(application)
    if reviewer is None or not IssuerStaff.objects.filter(issuer=issuer, user=reviewer).exists():
        raise ValidationError({"reviewer": f"Choose a member of {issuer.name}'s staff."})
    application.assigned_to, application.assigned_until = reviewer, None
    _record(
        application, actor=user, to_state=ApplicationState.IN_REVIEW, note=f"Assigned to {reviewer}"
    )
    application.save()
    return application


def _clean_review_criteria(application: Application, value, errors: dict) -> list[dict]:
    given: dict[str, dict] = {}
    if isinstance(value, list) and all(isinstance(item, dict) for item in value):
        given = {str(item.get("criterion", "")): item for item in value}
    elif value not in (None, ""):
        errors["criteria"] = ["Give criteria as a list of {criterion, met, comment} items."]
    cleaned = []
    for reflection in application.reflections:
        item = given.get(reflection["criterion"], {})
        met, comment = item.get("met"), item.get("comment") or ""
        if not isinstance(met, bool) or not isinstance(comment, str):
            errors.setdefault("criteria", []).append(
                f"Say whether this criterion is met: {reflection['criterion'][:80]}"
            )
            continue
        cleaned.append({"criterion": reflection["criterion"], "met": met, "comment": comment})
    _check_text({"criteria": [c["comment"] for c in cleaned]}, errors)
    return cleaned


@transaction.atomic
def review_submit(
    *, application: Application, user, decision: str, comment: str = "", criteria=None
) -> Review:
    """A reviewer's decision. Approve counts toward the badge's approvals_required; once
    reached the badge is awarded, exactly once. Return sends it back to the learner to revise;
    reject ends it."""
    application = _locked(application)
    badge = application.badge_class
    require(user=user, issuer=badge.issuer, right="award")
    _open_for_review(application)
    if _held_by_other(application, user):
        raise ValidationError(
            f"{application.assigned_to} holds this application; take it when their hold ends."
        )
    errors: dict[str, list[str]] = {}
    if decision not in Decision.values:
        errors["decision"] = [f"Choose one of: {', '.join(Decision.values)}."]
    if not isinstance(comment, str):
        errors["comment"], comment = ["The comment is text."], ""
    _check_text({"comment": comment}, errors)
    cleaned = _clean_review_criteria(application, criteria, errors)
    if decision in (Decision.RETURN, Decision.REJECT) and not comment.strip():
        errors["comment"] = ["Tell the learner why, in the comment to the learner."]
    approvers = set(
        application.reviews.filter(round=application.round, decision=Decision.APPROVE).values_list(
            "reviewer_id", flat=True
        )
    )
    if decision == Decision.APPROVE and user.pk in approvers:
        errors["decision"] = ["You approved this already; another reviewer must approve it too."]
    if errors:
        raise ValidationError(errors)
    review = Review.objects.create(
        application=application,
        reviewer=user,
        round=application.round,
        criteria=cleaned,
        comment=comment.strip(),
        decision=decision,
    )
    application.assigned_to = application.assigned_until = None
    if decision == Decision.APPROVE:
        count, needed = len(approvers) + 1, badge.approvals_required
        if count < needed:
            _record(
                application,
                actor=user,
                to_state=ApplicationState.IN_REVIEW,
                note=f"Approved ({count} of {needed} approvals)",
            )
        else:
            _record(application, actor=user, to_state=ApplicationState.APPROVED, note="Approved")
            _award(application, user=user)
    elif decision == Decision.RETURN:
        _record(application, actor=user, to_state=ApplicationState.RETURNED, note="Returned")
    else:
        _record(application, actor=user, to_state=ApplicationState.REJECTED, note="Rejected")
    if application.state != ApplicationState.IN_REVIEW:
        application.decided_at = timezone.now()
        emit("application.decided", review_id=review.pk)
    application.save()
    emit("application.reviewed", application_id=application.pk)
    return review


def _award(application: Application, *, user) -> None:
    """Award the badge for an approved application (under its row lock: exactly once)."""
    if application.assertion_id is not None:
        raise ValidationError("This application was awarded already.")
    evidence = []
    for item in application.evidence.all():
        entry = {"narrative": item.description} if item.description else {}
        if item.kind == EvidenceKind.TEXT:
            entry["narrative"] = "\n\n".join(filter(None, [item.description, item.text]))
        elif item.kind == EvidenceKind.URL:
            entry["url"] = item.url
        else:
            entry["url"] = settings.LAUREL_BASE_URL + reverse(
                "badges:evidence", args=[item.entity_id]
            )
            entry.setdefault("narrative", item.file_name)
        evidence.append(entry)
    narrative = "\n\n".join(
        f"**{r['criterion']}**\n\n{r['text']}" if r["criterion"] != OVERALL else r["text"]
        for r in application.reflections
        if r["text"]
    )
    application.assertion = assertion_award(
        badge_class=application.badge_class,
        user=user,
        recipient_identity=application.applicant.email,
        narrative=narrative,
        evidence=evidence,
    )
    _record(application, actor=user, to_state=ApplicationState.AWARDED, note="Badge awarded")


@transaction.atomic
def reviewer_preference_set(*, user, emails: str) -> ReviewerPreference:
    if emails not in ReviewEmails.values:
        raise ValidationError({"emails": f"Choose one of: {', '.join(ReviewEmails.values)}."})
    preference, _ = ReviewerPreference.objects.update_or_create(
        user=user, defaults={"emails": emails}
    )
    return preference
