"""Claim codes that learners redeem for a badge, and each claim."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .awards import Assertion
from .badge_classes import BadgeClass
from .base import EntityModel

# Capitals and digits a person reads and types without doubt: no 0/O, 1/I/L.
CLAIM_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


CLAIM_CODE_LENGTH = 12  # 31**12, about 59 bits: unguessable behind the per-user throttle


def new_claim_code() -> str:
    return "".join(secrets.choice(CLAIM_CODE_ALPHABET) for _ in range(CLAIM_CODE_LENGTH))


def format_claim_code(code: str) -> str:
    """A code in groups of four, as printed: ABCD-EFGH-JKMN."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


class ClaimCode(EntityModel):
    """A code a learner enters (or scans) to be awarded a badge class at once.

    Single-use codes (max_uses 1) may be bound to one email; multi-use codes have a use
    limit, an expiry, or both. The code is kept readable (not hashed) because issuers print
    and share it at any time; it is looked up by its unique index."""

    badge_class = models.ForeignKey(
        BadgeClass, on_delete=models.CASCADE, related_name="claim_codes"
    )
    code = models.CharField(max_length=CLAIM_CODE_LENGTH, unique=True, default=new_claim_code)
    multi_use = models.BooleanField(default=False)
    # None: no limit (a multi-use code then has an expiry).
    max_uses = models.PositiveIntegerField(null=True, blank=True)
    uses = models.PositiveIntegerField(default=0)
    email = models.EmailField(blank=True, help_text=_("Only this verified email may claim it."))
    expires_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_uses__isnull=True)
                | models.Q(uses__lte=models.F("max_uses")),
                name="claim_code_uses_within_limit",
            ),
            models.CheckConstraint(
                condition=models.Q(multi_use=True) | models.Q(max_uses=1),
                name="claim_code_single_use_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.formatted} for {self.badge_class}"

    @property
    def formatted(self) -> str:
        return format_claim_code(self.code)

    @property
    def remaining(self) -> int | None:
        return None if self.max_uses is None else self.max_uses - self.uses

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def status(self) -> str:
        if self.disabled_at:
            return "disabled"
        if self.is_expired:
            return "expired"
        if self.remaining == 0:
            return "used up"
        return "active"


class ClaimCodeClaim(models.Model):
    """One use of a claim code: who claimed it, the award it made, when."""

    claim_code = models.ForeignKey(ClaimCode, on_delete=models.CASCADE, related_name="claims")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    email = models.EmailField()
    assertion = models.ForeignKey(
        Assertion, null=True, on_delete=models.SET_NULL, related_name="claim_code_claims"
    )
    claimed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-claimed_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["claim_code", "user"], name="claim_code_once_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.claim_code.formatted} claimed by {self.email}"
