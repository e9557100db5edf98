"""Signing keys of issuers (2.0 and 3.0), status list indexes and the signed status list."""

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from outbox.services import emit

from ..models import CredentialKey, Issuer, IssuerKey, KeyAlgorithm, StatusList
from ..openbadges import dataintegrity, did, ob3, signing, statuslist
from ..permissions import require
from .public_documents import documents_changed


def next_status_index(issuer: Issuer) -> int:
    """The first free bit of the issuer's status list, which its awards and the endorsements
    it gives share. The issuer row is locked so that concurrent awards of one issuer take
    turns instead of taking the same bit."""
    Issuer.objects.select_for_update().filter(pk=issuer.pk).first()
    highest = highest_status_index(issuer)
    return 0 if highest is None else highest + 1


def highest_status_index(issuer: Issuer) -> int | None:
    indexes = [
        issuer.assertions.aggregate(highest=Max("status_index"))["highest"],
        issuer.endorsements_given.aggregate(highest=Max("status_index"))["highest"],
    ]
    return max((index for index in indexes if index is not None), default=None)


def signing_secret() -> str:
    return settings.LAUREL_SIGNING_SECRET or settings.SECRET_KEY


def issuer_key_create(issuer: Issuer) -> IssuerKey:
    private_pem = signing.generate_private_key()
    return IssuerKey.objects.create(
        issuer=issuer,
        public_key_pem=signing.public_key_pem(private_pem),
        private_key_encrypted=signing.encrypt_private_key(private_pem, signing_secret()),
    )


@transaction.atomic
def issuer_key_rotate(*, issuer: Issuer, user) -> IssuerKey:
    """New keys (the 2.0 RSA key and the 3.0 keys) sign from now on; old keys stay published,
    in the key documents and the DID document, so earlier awards still verify."""
    require(user=user, issuer=issuer, right="manage_issuer")
    issuer.keys.filter(active=True).update(active=False)
    issuer.credential_keys.filter(active=True).update(active=False)
    key = issuer_key_create(issuer)
    credential_keys_create(issuer)
    documents_changed(issuer)
    emit("statuslist.changed", issuer_id=issuer.pk)
    return key


def credential_keys_create(issuer: Issuer) -> list[CredentialKey]:
    keys = []
    for algorithm in KeyAlgorithm.values:
        private_pem = signing.generate_credential_key(algorithm)
        keys.append(
            CredentialKey.objects.create(
                issuer=issuer,
                algorithm=algorithm,
                public_key_pem=signing.public_key_pem(private_pem),
                private_key_encrypted=signing.encrypt_private_key(private_pem, signing_secret()),
            )
        )
    return keys


@transaction.atomic
def credential_key_for(*, issuer: Issuer, algorithm: str) -> CredentialKey:
    """The issuer's active 3.0 key of an algorithm, made (with its sibling) when the issuer
    has none yet, as issuers created before Open Badges 3.0 have not."""
    key = issuer.credential_keys.filter(active=True, algorithm=algorithm).first()
    if key is None:
        Issuer.objects.select_for_update().filter(pk=issuer.pk).first()
        key = issuer.credential_keys.filter(active=True, algorithm=algorithm).first()
        if key is None:
            issuer.credential_keys.filter(active=True).update(active=False)
            key = next(k for k in credential_keys_create(issuer) if k.algorithm == algorithm)
            documents_changed(issuer)
    return key


def credential_private_key(key: CredentialKey) -> str:
    """The PEM of a 3.0 key, decrypted for signing."""
    return signing.decrypt_private_key(key.private_key_encrypted, signing_secret())


@transaction.atomic
def status_list_publish(*, issuer_id: int) -> StatusList | None:
    """Sign and store the issuer's status list with the bits of its revoked awards set.
    Delivered through the outbox after a revocation; safe to run again."""
    issuer = Issuer.objects.filter(pk=issuer_id).first()
    if issuer is None:
        return None
    revoked = [
        *issuer.assertions.filter(revoked=True, status_index__isnull=False).values_list(
            "status_index", flat=True
        ),
        *issuer.endorsements_given.filter(revoked=True, status_index__isnull=False).values_list(
            "status_index", flat=True
        ),
    ]
    highest = highest_status_index(issuer) or 0
    encoded = statuslist.encode(revoked, size=highest + 1)
    key = credential_key_for(issuer=issuer, algorithm=KeyAlgorithm.ED25519)
    now = timezone.now()
    document = dataintegrity.sign(
        ob3.status_list_document(issuer, encoded, now),
        signing.load_private_key(credential_private_key(key)),
        verification_method=did.method_id(did.issuer_did(issuer.entity_id), key.entity_id),
        created=now,
    )
    status_list, _created = StatusList.objects.update_or_create(
        issuer=issuer, defaults={"document": document}
    )
    return status_list
