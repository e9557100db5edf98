"""The earner's side: their answers to awards, badges imported from elsewhere, and collections."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from badges.models import Assertion
from badges.models.base import EntityIdModel


class Acceptance(models.TextChoices):
    UNACCEPTED = "Unaccepted", _("Unaccepted")
    ACCEPTED = "Accepted", _("Accepted")
    REJECTED = "Rejected", _("Rejected")


class BackpackEntry(models.Model):
    """A user's answer to an award made to one of their verified emails (none yet: Unaccepted).

    Rejected is both "declined" and "deleted from the backpack": the award itself stays valid.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="backpack_entries"
    )
    assertion = models.ForeignKey(
        Assertion, on_delete=models.CASCADE, related_name="backpack_entries"
    )
    acceptance = models.CharField(
        max_length=10, choices=Acceptance.choices, default=Acceptance.UNACCEPTED
    )
    # Hidden badges stay in the backpack but out of public collections and the default list.
    hidden = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "assertion"], name="backpack_entry_unique")
        ]
        verbose_name_plural = _("backpack entries")

    def __str__(self) -> str:
        return f"{self.assertion} ({self.acceptance}) in the backpack of {self.user}"


class ImportStatus(models.TextChoices):
    VALID = "valid", _("Verified")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked by its issuer")
    INVALID = "invalid", _("No longer verifies")


class ImportedBadge(EntityIdModel):
    """A badge issued elsewhere that a user imported: what was given, and what verified.

    `original` is the text imported as it came (URL, JSON or JWS); the fetched documents are
    kept as published so the badge can be verified again and exported unchanged.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="imported_badges"
    )
    # The assertion's id (its URL for hosted badges): the same id twice is a duplicate.
    assertion_id = models.CharField(max_length=1000)
    source_url = models.URLField(max_length=1000, blank=True)
    original = models.TextField()
    spec_version = models.CharField(max_length=8)
    verification_type = models.CharField(max_length=20)  # hosted, signed, data-integrity, vc-jwt
    assertion_json = models.JSONField(default=dict)
    badge_class_json = models.JSONField(default=dict)
    issuer_json = models.JSONField(default=dict)
    recipient_identity = models.CharField(max_length=500, blank=True)
    name = models.CharField(max_length=500)
    description = models.TextField(blank=True)
    issuer_name = models.CharField(max_length=500, blank=True)
    issuer_url = models.URLField(max_length=1000, blank=True)
    # The badge image, checked and scrubbed like an issuer's upload; exports bake it afresh.
    image = models.FileField(upload_to="imports/", blank=True)
    issued_on = models.DateTimeField(null=True, blank=True)
    expires = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=ImportStatus.choices)
    status_detail = models.TextField(blank=True)
    report = models.JSONField(default=dict, help_text=_("The last verification report."))
    verified_at = models.DateTimeField()
    hidden = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "assertion_id"], name="imported_badge_unique_assertion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} (imported by {self.owner})"


class Collection(EntityIdModel):
    """A named, ordered group of badges from the owner's backpack, private or public."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="collections"
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    published = models.BooleanField(default=False)
    assertions = models.ManyToManyField(
        Assertion, through="CollectionEntry", related_name="collections"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class CollectionEntry(models.Model):
    """One badge of a collection: an award made here or an imported badge, never both."""

    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="entries")
    assertion = models.ForeignKey(
        Assertion, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    imported = models.ForeignKey(
        ImportedBadge, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "assertion"], name="collection_entry_unique"
            ),
            models.UniqueConstraint(
                fields=["collection", "imported"], name="collection_entry_unique_imported"
            ),
            models.CheckConstraint(
                condition=Q(assertion__isnull=False, imported__isnull=True)
                | Q(assertion__isnull=True, imported__isnull=False),
                name="collection_entry_one_badge",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assertion or self.imported} in {self.collection}"

    @property
    def entity_id(self) -> str:
        return (self.assertion or self.imported).entity_id
