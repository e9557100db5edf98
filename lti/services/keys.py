"""Laurel's tool keys: made, rotated, and the one signing now."""

from django.db import transaction

from ..models import ToolKey
from ..protocol import rsa_key_new


@transaction.atomic
def tool_key_rotate() -> ToolKey:
    """A new active key; the old ones are retired but stay in the published key set."""
    ToolKey.objects.filter(active=True).update(active=False)
    pem, jwk = rsa_key_new()
    return ToolKey.objects.create(kid=jwk["kid"], private_pem=pem, public_jwk=jwk, active=True)


def tool_key_current() -> ToolKey:
    return ToolKey.objects.filter(active=True).first() or tool_key_rotate()
