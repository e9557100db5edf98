"""Writes of claim codes: create, disable, redeem (throttled)."""

from collections.abc import Sequence
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.selectors import user_verified_emails

from ..models import BadgeClass, ClaimCode, ClaimCodeClaim, new_claim_code
from ..openbadges.hashing import normalize_identity
from ..permissions import require
from .awards import assertion_award
from .checks import check_text

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
    check_text({"note": note}, errors)
    if len(note) > 200:
        errors.setdefault("note", []).append(_("Keep the note to 200 characters."))
    if expires_at is not None and (
        not isinstance(expires_at, datetime) or expires_at <= timezone.now()
    ):
        errors["expires_at"] = [_("The expiry must be a date and time in the future.")]
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
            _("A multi-use code is for anyone who has it; make single-use codes for emails.")
        ]
    if count != 1:
        errors["count"] = [_("Make one multi-use code at a time; give it a use limit instead.")]
    if max_uses is None and expires_at is None:
        errors["max_uses"] = [_("Give a multi-use code a use limit, an expiry, or both.")]
    elif max_uses is not None and not (_whole_number(max_uses) and 1 <= max_uses <= MAX_CLAIM_USES):
        errors["max_uses"] = [
            _("The use limit is a whole number from 1 to %(most)s.") % {"most": MAX_CLAIM_USES}
        ]
    return [(max_uses, "")]


def _single_use_rows(count, emails, max_uses, errors) -> list[tuple[int | None, str]]:
    most = settings.LAUREL_CLAIM_CODES_PER_BATCH
    if max_uses not in (None, 1):
        errors["max_uses"] = [
            _("A single-use code is claimed once; make a multi-use code for more.")
        ]
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
            errors["emails"] = [
                _("Not email addresses: %(emails)s.") % {"emails": ", ".join(bad[:10])}
            ]
        elif len(set(cleaned)) != len(cleaned):
            errors["emails"] = [_("An email is listed twice; give each one once.")]
        elif len(cleaned) > most:
            errors["emails"] = [_("Give at most %(most)s emails at a time.") % {"most": most}]
        if cleaned:
            return [(1, email) for email in cleaned]
    if not (_whole_number(count) and 1 <= count <= most):
        errors["count"] = [_("Make from 1 to %(most)s codes at a time.") % {"most": most}]
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
                    _(
                        "Too many unknown codes were tried from your account or address; "
                        "wait %(minutes)s minutes and try again."
                    )
                    % {"minutes": max(1, window // 60)}
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
                    _(
                        "There is no such code. Check it and type it again: letters and digits, "
                        "dashes and spaces do not matter."
                    )
                    if normalized
                    else _("Enter the code you were given.")
                ]
            }
        )
    return _claim(found, user=user, email=email)


@transaction.atomic
def _claim(claim_code: ClaimCode, *, user, email: str) -> ClaimCodeClaim:
    badge = claim_code.badge_class
    if claim_code.disabled_at is not None:
        raise ValidationError({"code": [_("This code was disabled by its issuer.")]})
    if claim_code.is_expired:
        raise ValidationError(
            {
                "code": [
                    _("This code expired on %(date)s UTC.")
                    % {"date": f"{claim_code.expires_at:%d %B %Y at %H:%M}"}
                ]
            }
        )
    if badge.draft or badge.archived:
        raise ValidationError(
            {"code": [_("%(badge)s is no longer awarded with codes.") % {"badge": badge.name}]}
        )
    if claim_code.claims.filter(user=user).exists():
        raise ValidationError({"code": [str(_ALREADY_CLAIMED)]})
    if claim_code.remaining == 0:
        raise ValidationError({"code": [str(_USED_UP)]})
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
        raise ValidationError({"code": [str(_USED_UP)]})
    assertion = assertion_award(
        badge_class=badge, user=None, recipient_identity=recipient, notify=False
    )
    try:
        with transaction.atomic():
            return ClaimCodeClaim.objects.create(
                claim_code=claim_code, user=user, email=recipient, assertion=assertion
            )
    except IntegrityError:  # the same learner claiming twice at once
        raise ValidationError({"code": [str(_ALREADY_CLAIMED)]}) from None


_ALREADY_CLAIMED = gettext_lazy(
    "You have already claimed this code; the badge is in your backpack."
)


_USED_UP = gettext_lazy(
    "This code has been used up: every use is taken. Ask the issuer for another code."
)


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
                        _(
                            "This code is for %(email)s: verify that address (follow the link "
                            "we emailed, or resend it from your account's email page), then "
                            "claim again."
                        )
                        % {"email": wanted}
                    ]
                }
            )
        raise ValidationError(
            {
                "code": [
                    _(
                        "This code was made for another email address. Sign in with the account "
                        "of the address it was sent to, or add and verify that address in yours."
                    )
                ]
            }
        )
    if not verified:
        raise ValidationError(
            {
                "code": [
                    _(
                        "Verify your email address first: badges are awarded to a verified "
                        "email. Follow the link we emailed, or resend it from your account's "
                        "email page."
                    )
                ]
            }
        )
    return verified[0]  # the primary address comes first
