"""The certificate layout a badge class's issuer chose: design, paper, colour, signatory."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from badges.models import BadgeClass


class Design(models.TextChoices):
    CLASSIC = "classic", _("Classic (serif, double frame)")
    MODERN = "modern", _("Modern (sans-serif, colour band)")


class Paper(models.TextChoices):
    A4 = "A4", "A4"
    LETTER = "letter", _("US Letter")


class Orientation(models.TextChoices):
    LANDSCAPE = "landscape", _("Landscape")
    PORTRAIT = "portrait", _("Portrait")


class CertificateLayout(models.Model):
    """How the certificates of one badge class look; a badge class without one gets the
    defaults (an unsaved instance), so only issuers who change something store a row."""

    badge_class = models.OneToOneField(
        BadgeClass, on_delete=models.CASCADE, related_name="certificate_layout"
    )
    design = models.CharField(max_length=20, choices=Design.choices, default=Design.CLASSIC)
    paper = models.CharField(max_length=10, choices=Paper.choices, default=Paper.A4)
    orientation = models.CharField(
        max_length=10, choices=Orientation.choices, default=Orientation.LANDSCAPE
    )
    accent_colour = models.CharField(
        max_length=7,
        default="#1f3a5f",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Give a colour as #rrggbb."))],
    )
    signatory_name = models.CharField(max_length=120, blank=True)
    signatory_title = models.CharField(max_length=120, blank=True)
    signature_image = models.FileField(upload_to="certificates/", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return gettext("Certificate layout of %(badge)s") % {"badge": self.badge_class}
