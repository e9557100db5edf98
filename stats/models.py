"""The award roll-up: how many awards of a badge class were made on a day, by expiry day."""

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from badges.models import BadgeClass, Issuer

# The expiry day of awards that never expire, so the unique key has no NULL in it (NULLs never
# conflict, and the roll-up is written with INSERT ... ON CONFLICT).
NEVER = date(9999, 12, 31)


class AwardRollup(models.Model):
    """Counts of the awards of one badge class issued on `day` that expire on `expires_on`
    (both days in the site's time zone). Every figure is exact at all times: rows change in the
    transaction of the write they count (stats.handlers)."""

    issuer = models.ForeignKey(Issuer, on_delete=models.CASCADE, related_name="+")
    badge_class = models.ForeignKey(BadgeClass, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    expires_on = models.DateField(default=NEVER)
    awarded = models.IntegerField(default=0, help_text=_("Every award, revoked ones too."))
    revoked = models.IntegerField(default=0)
    # Of the awards not revoked: those someone accepted into a backpack, and those renewed.
    accepted = models.IntegerField(default=0)
    renewed = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["badge_class", "day", "expires_on"], name="award_rollup_key"
            )
        ]
        indexes = [
            models.Index(fields=["issuer", "day"], name="award_rollup_issuer_day"),
            models.Index(fields=["expires_on", "issuer"], name="award_rollup_expiry"),
        ]

    def __str__(self) -> str:
        return f"{self.awarded} of {self.badge_class_id} on {self.day} to {self.expires_on}"
