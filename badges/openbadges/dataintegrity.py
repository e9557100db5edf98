"""Data Integrity proofs with the `eddsa-rdfc-2022` cryptosuite (and its older name
`eddsa-2022`): RDFC-1.0 canonical form, SHA-256, Ed25519, base58btc `proofValue`.
"""

import hashlib
from datetime import datetime
from typing import Any

import base58
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from .did import decode_base58btc
from .jsonld import canonize

CRYPTOSUITE = "eddsa-rdfc-2022"
CRYPTOSUITES = (CRYPTOSUITE, "eddsa-2022")
PROOF_TYPE = "DataIntegrityProof"


class ProofError(ValueError):
    """A proof Laurel cannot accept; the message says why."""


def _hash_data(document: dict, proof_options: dict) -> bytes:
    unsigned = {key: value for key, value in document.items() if key != "proof"}
    config = {**proof_options, "@context": document.get("@context")}
    config.pop("proofValue", None)
    return (
        hashlib.sha256(canonize(config).encode()).digest()
        + hashlib.sha256(canonize(unsigned).encode()).digest()
    )


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


def verify(document: dict, proof: dict, public_key: Ed25519PublicKey) -> None:
    """Returns when `proof` (one of the document's proofs) is valid for the key."""
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") not in CRYPTOSUITES:
        raise ProofError(
            f"The proof is a {proof.get('type')!r} with cryptosuite "
            f"{proof.get('cryptosuite')!r}; Laurel checks DataIntegrityProof with "
            f"{CRYPTOSUITE}."
        )
    signature = decode_base58btc(proof.get("proofValue"), "proofValue", ProofError)
    if len(signature) != 64:
        raise ProofError("The proofValue is not a 64-byte Ed25519 signature.")
    try:
        public_key.verify(signature, _hash_data(document, proof))
    except InvalidSignature as exc:
        raise ProofError(
            "The signature does not match: the credential was changed after it was signed, "
            "or it was signed with another key."
        ) from exc
