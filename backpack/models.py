"""The earner's side: what they did with each award they received, and their collections."""

from django.conf import settings
from django.db import models

from badges.models import Assertion, new_entity_id


class Acceptance(models.TextChoices):
    UNACCEPTED = "Unaccepted", "Unaccepted"
    ACCEPTED = "Accepted", "Accepted"
    REJECTED = "Rejected", "Rejected"


class BackpackEntry(models.Model):
    """A user's answer to an award made to one of their verified emails (none yet: Unaccepted)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="backpack_entries"
    )
    assertion = models.ForeignKey(
        Assertion, on_delete=models.CASCADE, related_name="backpack_entries"
    )
    acceptance = models.CharField(
        max_length=10, choices=Acceptance.choices, default=Acceptance.UNACCEPTED
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "assertion"], name="backpack_entry_unique")
        ]
        verbose_name_plural = "backpack entries"

    def __str__(self) -> str:
        return f"{self.assertion} ({self.acceptance}) in the backpack of {self.user}"


class Collection(models.Model):
    """A named, ordered group of awards from the owner's backpack."""

    entity_id = models.CharField(max_length=32, unique=True, default=new_entity_id, editable=False)
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
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="entries")
    assertion = models.ForeignKey(Assertion, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "assertion"], name="collection_entry_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assertion} in {self.collection}"
