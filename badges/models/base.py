"""What every model of the issuing domain shares: opaque entity ids, the verification kinds."""

import base64
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_entity_id() -> str:
    """An opaque, URL-safe, unguessable id for public URLs (never the sequential pk).

    Never starting with "-", so a command line never reads an id as an option."""
    while (entity_id := secrets.token_urlsafe(16)).startswith("-"):
        pass
    return entity_id


class EntityIdModel(models.Model):
    """A model reached from outside by its entity id."""

    entity_id = models.CharField(max_length=32, unique=True, default=new_entity_id, editable=False)

    class Meta:
        abstract = True


class EntityModel(EntityIdModel):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True


class Verification(models.TextChoices):
    HOSTED = "hosted", _("Hosted (verified at its public URL)")
    SIGNED = "signed", _("Signed (JSON Web Signature)")


# Defaults of webhook fields; badges migration 0009 names them by these dotted paths.
def new_webhook_secret() -> str:
    """A Standard Webhooks secret: whsec_ and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def new_webhook_message_id() -> str:
    return "msg_" + secrets.token_hex(16)
