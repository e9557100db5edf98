"""The award roll-up: how many awards of a badge class were made in a week or a month, by the
day they expire."""

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from badges.models import BadgeClass, Issuer

# The expiry day of awards that never expire, so the unique key has no NULL in it (NULLs never
# conflict, and the roll-up is written with INSERT ... ON CONFLICT).
NEVER = date(9999, 12, 31)
# The start of the one "all time" row of a badge class.
BEGINNING = date(1, 1, 1)


class Period(models.TextChoices):
    WEEK = "week", _("Week")
    MONTH = "month", _("Month")
    # One row per badge class (starting at BEGINNING, expiring NEVER whatever the awards'
    # expiry): its totals, which do not ask whether an award has expired.
    ALL = "all", _("All time")


class AwardRollup(models.Model):
    """Counts of the awards of one badge class issued in the week or month starting on
    `starts_on` that expire on `expires_on` (days in the site's time zone), and of all its
    awards. Each award counts once per period kind: in its week's row, its month's and its
    badge class's "all time" row. Totals read the "all time" rows (one per badge class), live
    figures the months (the fewest rows that know expiry days), the dashboard by week the
    weeks; so the rows grow with badge classes, periods and expiry days, never with awards.
    Every figure is exact at all times: rows change in the transaction of the write they count
    (stats.handlers)."""

    issuer = models.ForeignKey(Issuer, on_delete=models.CASCADE, related_name="+")
    # No index of its own: the unique key starts with it.
    badge_class = models.ForeignKey(
        BadgeClass, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    period = models.CharField(max_length=5, choices=Period.choices)
    starts_on = models.DateField(help_text=_("Monday of the week, or first day of the month."))
    expires_on = models.DateField(default=NEVER)
    awarded = models.IntegerField(default=0, help_text=_("Every award, revoked ones too."))
    revoked = models.IntegerField(default=0)
    # Of the awards not revoked: those someone accepted into a backpack, and those renewed.
    accepted = models.IntegerField(default=0)
    renewed = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["badge_class", "period", "starts_on", "expires_on"],
                name="award_rollup_period_key",
            )
        ]
        indexes = [
            # An issuer's live rows (expiring after today) of one period kind, and what expires
            # within a window; the same for every issuer at once.
            models.Index(fields=["issuer", "period", "expires_on"], name="award_rollup_issuer"),
            models.Index(fields=["period", "expires_on"], name="award_rollup_expiry"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.awarded} of {self.badge_class_id} in the {self.period} of {self.starts_on}"
            f" to {self.expires_on}"
        )
