"""Data Integrity proofs: Laurel signs with `eddsa-rdfc-2022`; it verifies that (and its older
name `eddsa-2022`), `ecdsa-rdfc-2019` on P-256 and P-384, `ecdsa-sd-2023` derived proofs (in
ecdsa_sd), and the `Ed25519Signature2020` proof type that many wallets and issuers still use.
All of them hash the RDFC-1.0 canonical form of the proof options and of the document, and
carry the signature in `proofValue`.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import base58
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from django.utils.translation import gettext as _

from . import ecdsa_sd
from .did import decode_base58btc
from .jsonld import canonize

CRYPTOSUITE = "eddsa-rdfc-2022"
PROOF_TYPE = "DataIntegrityProof"
ED25519_2020 = "Ed25519Signature2020"


@dataclass(frozen=True)
class Suite:
    """How one kind of proof is checked: the key it needs and the hash of its canonical form."""

    name: str
    key: str  # "Ed25519", "ECDSA" (P-256 or P-384) or "ECDSA-SD" (derived, P-256)


P_CURVES = {
    "secp256r1": (hashes.SHA256(), hashlib.sha256),
    "secp384r1": (hashes.SHA384(), hashlib.sha384),
}
# (proof type, cryptosuite) -> suite; Ed25519Signature2020 names no cryptosuite.
SUITES = {
    (PROOF_TYPE, CRYPTOSUITE): Suite(CRYPTOSUITE, "Ed25519"),
    (PROOF_TYPE, "eddsa-2022"): Suite("eddsa-2022", "Ed25519"),
    (PROOF_TYPE, "ecdsa-rdfc-2019"): Suite("ecdsa-rdfc-2019", "ECDSA"),
    (PROOF_TYPE, "ecdsa-sd-2023"): Suite("ecdsa-sd-2023", "ECDSA-SD"),
    (ED25519_2020, None): Suite(ED25519_2020, "Ed25519"),
}


class ProofError(ValueError):
    """A proof Laurel cannot accept; the message says why."""


def _hash_data(document: dict, proof_options: dict, digest: Any = hashlib.sha256) -> bytes:
    unsigned = {key: value for key, value in document.items() if key != "proof"}
    config = {**proof_options, "@context": document.get("@context")}
    config.pop("proofValue", None)
    return digest(canonize(config).encode()).digest() + digest(canonize(unsigned).encode()).digest()


def suite_of(proof: dict) -> Suite:
    """The suite a proof names; ProofError for a kind Laurel does not check."""
    cryptosuite = proof.get("cryptosuite") if proof.get("type") == PROOF_TYPE else None
    suite = SUITES.get((proof.get("type"), cryptosuite))
    if suite is None:
        if cryptosuite:
            message = _(
                "The proof is a %(type)s with cryptosuite %(cryptosuite)s; Laurel checks "
                "DataIntegrityProof with eddsa-rdfc-2022, ecdsa-rdfc-2019 or ecdsa-sd-2023 "
                "(derived), and Ed25519Signature2020."
            )
        else:
            message = _(
                "The proof is a %(type)s; Laurel checks DataIntegrityProof with eddsa-rdfc-2022, "
                "ecdsa-rdfc-2019 or ecdsa-sd-2023 (derived), and Ed25519Signature2020."
            )
        raise ProofError(
            message % {"type": repr(proof.get("type")), "cryptosuite": repr(cryptosuite)}
        )
    return suite


def sign(
    document: dict,
    private_key: Ed25519PrivateKey,
    *,
    verification_method: str,
    created: datetime | str,
    proof_purpose: str = "assertionMethod",
) -> dict:
    """The document with a DataIntegrityProof added (any earlier proof is replaced)."""
    if isinstance(created, datetime):
        from .ob2 import iso

        created = iso(created)
    options = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": created,
        "verificationMethod": verification_method,
        "proofPurpose": proof_purpose,
    }
    signature = private_key.sign(_hash_data(document, options))
    proof = {**options, "proofValue": "z" + base58.b58encode(signature).decode()}
    unsigned = {key: value for key, value in document.items() if key != "proof"}
    return {**unsigned, "proof": proof}


def proofs(document: dict) -> list[Any]:
    proof = document.get("proof")
    if proof is None:
        return []
    return proof if isinstance(proof, list) else [proof]


def verify(document: dict, proof: dict, public_key: Any) -> None:
    """Returns when `proof` (one of the document's proofs) is valid for the key."""
    suite = suite_of(proof)
    if suite.key == "ECDSA-SD":
        try:
            ecdsa_sd.verify(document, proof, public_key)
        except ecdsa_sd.SelectiveDisclosureError as exc:
            raise ProofError(str(exc)) from exc
        return
    signature = decode_base58btc(proof.get("proofValue"), "proofValue", ProofError)
    try:
        if suite.key == "Ed25519":
            if not isinstance(public_key, Ed25519PublicKey):
                raise ProofError(
                    _("The key is not an Ed25519 key, which %(name)s needs.") % {"name": suite.name}
                )
            if len(signature) != 64:
                raise ProofError(_("The proofValue is not a 64-byte Ed25519 signature."))
            public_key.verify(signature, _hash_data(document, proof))
        else:
            der, algorithm, digest = _ecdsa(signature, public_key, suite)
            public_key.verify(der, _hash_data(document, proof, digest), algorithm)
    except InvalidSignature as exc:
        raise ProofError(
            _(
                "The signature does not match: the credential was changed after it was signed, "
                "or it was signed with another key."
            )
        ) from exc


def _ecdsa(signature: bytes, public_key: Any, suite: Suite) -> tuple[bytes, Any, Any]:
    """An ecdsa-rdfc-2019 proofValue (r and s, big-endian) as DER, with the curve's hash:
    SHA-256 on P-256, SHA-384 on P-384."""
    curve = getattr(getattr(public_key, "curve", None), "name", "")
    if not isinstance(public_key, ec.EllipticCurvePublicKey) or curve not in P_CURVES:
        raise ProofError(
            _("The key is not a P-256 or P-384 key, which %(name)s needs.") % {"name": suite.name}
        )
    size = public_key.curve.key_size // 8
    if len(signature) != 2 * size:
        raise ProofError(
            _("The proofValue is not a %(bytes)s-byte ECDSA signature.") % {"bytes": 2 * size}
        )
    r, s = int.from_bytes(signature[:size], "big"), int.from_bytes(signature[size:], "big")
    algorithm, digest = P_CURVES[curve]
    return encode_dss_signature(r, s), ec.ECDSA(algorithm), digest
