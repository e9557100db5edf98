"""Wallet exchanges: one short-lived, single-use hand-over of an award to a wallet, its OID4VCI
nonces, and each issuer's choice to offer wallet collection."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from badges.models import Assertion, Issuer
from badges.models.base import EntityIdModel


def new_secret() -> str:
    return secrets.token_urlsafe(24)


def new_tx_code() -> str:
    """The transaction code the learner reads off the page and types into the wallet."""
    return f"{secrets.randbelow(10**6):06d}"


TX_CODE_TRIES = 5


class Protocol(models.TextChoices):
    VCAPI = "vcapi", "VC-API exchange (Learner Credential Wallet, CHAPI)"
    OID4VCI = "oid4vci", "OpenID for Verifiable Credential Issuance"


class WalletExchange(EntityIdModel):
    """One collection of an award into a wallet. Its entity id is the exchange id in the URLs;
    the challenge (VC-API) and the pre-authorized code (OID4VCI) are its secrets. It can be
    collected once, by either protocol, until it expires."""

    assertion = models.ForeignKey(
        Assertion, on_delete=models.CASCADE, related_name="wallet_exchanges"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    challenge = models.CharField(max_length=64, unique=True, default=new_secret)
    pre_authorized_code = models.CharField(max_length=64, unique=True, default=new_secret)
    tx_code = models.CharField(max_length=12, blank=True)
    # Wrong transaction codes so far: after TX_CODE_TRIES the pre-authorized code is dead, so
    # someone who saw the QR code cannot try every six-digit code.
    tx_code_failures = models.PositiveSmallIntegerField(default=0)
    # The OID4VCI access token the token endpoint gave for the pre-authorized code.
    access_token = models.CharField(max_length=64, null=True, blank=True, unique=True)
    token_issued_at = models.DateTimeField(null=True, blank=True)
    collected_at = models.DateTimeField(null=True, blank=True)
    protocol = models.CharField(max_length=10, choices=Protocol.choices, blank=True)
    holder = models.CharField(
        max_length=2000, blank=True, help_text=_("The DID (or did:jwk) the credential names.")
    )
    credential_format = models.CharField(max_length=20, blank=True)
    # Opened by the issuer's staff to hand the award to its recipient in person (at an event):
    # its page is the staff member's, reached from the awards list.
    handout = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["assertion", "collected_at"])]

    def __str__(self) -> str:
        return gettext("Wallet exchange %(id)s for %(award)s") % {
            "id": self.entity_id,
            "award": self.assertion,
        }

    @property
    def expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def collected(self) -> bool:
        return self.collected_at is not None


class WalletNonce(models.Model):
    """A c_nonce from the OID4VCI nonce endpoint; a key proof may name it once, while fresh."""

    value = models.CharField(max_length=64, unique=True, default=new_secret)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Nonce issued {self.created_at:%Y-%m-%d %H:%M}"


class IssuerWalletSettings(models.Model):
    """Whether an issuer lets its learners collect its awards into wallets (yes by default)."""

    issuer = models.OneToOneField(Issuer, on_delete=models.CASCADE, related_name="wallet_settings")
    offer_collection = models.BooleanField(
        default=True,
        help_text=_("Learners may add this issuer's awards to a credential wallet."),
    )

    def __str__(self) -> str:
        return gettext("Wallet settings of %(issuer)s") % {"issuer": self.issuer}
