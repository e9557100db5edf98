"""Signing keys of issuers (Open Badges 2.0 and 3.0) and their signed status lists."""

from django.db import models

from .base import EntityIdModel
from .issuers import Issuer


class KeyPair(EntityIdModel):
    """A key pair of an issuer: the private key encrypted with the signing secret. The newest
    active key signs; rotated keys stay published so what they signed still verifies."""

    public_key_pem = models.TextField()
    private_key_encrypted = models.TextField()
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]


class IssuerKey(KeyPair):
    """An Open Badges 2.0 RS256 key pair of an issuer."""

    issuer = models.ForeignKey(Issuer, on_delete=models.CASCADE, related_name="keys")

    def __str__(self) -> str:
        return f"key {self.entity_id} of {self.issuer}"


class KeyAlgorithm(models.TextChoices):
    ED25519 = "Ed25519", "Ed25519 (Data Integrity, eddsa-rdfc-2022)"
    ES256 = "ES256", "P-256 (VC-JWT, ES256)"


class CredentialKey(KeyPair):
    """An Open Badges 3.0 key of an issuer, listed in its DID document; the newest active key
    of each algorithm signs."""

    issuer = models.ForeignKey(Issuer, on_delete=models.CASCADE, related_name="credential_keys")
    algorithm = models.CharField(max_length=10, choices=KeyAlgorithm.choices)

    def __str__(self) -> str:
        return f"{self.algorithm} key {self.entity_id} of {self.issuer}"


class StatusList(models.Model):
    """An issuer's signed Bitstring Status List credential, as last published."""

    issuer = models.OneToOneField(Issuer, on_delete=models.CASCADE, related_name="status_list")
    document = models.JSONField()
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"status list of {self.issuer}"
