"""Verifying `ecdsa-sd-2023` derived proofs: the selective-disclosure ECDSA cryptosuite of W3C
Data Integrity ECDSA (§3.6), with which a holder discloses part of a credential.

The issuer signs (P-256) the hash of the proof options, an ephemeral public key and the hash of
the statements it made mandatory; the ephemeral key signs each other statement on its own. A
derived proof carries those signatures for the statements disclosed, the map from canonical
blank node labels to the issuer's HMAC-derived ones, and which statements are mandatory.
"""

import base64
import hashlib
import re
from typing import Any

import cbor2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from .jsonld import canonize

DERIVED_HEADER = b"\xd9\x5d\x01"
BASE_HEADER = b"\xd9\x5d\x00"
P256_MULTIKEY = b"\x80\x24"
C14N_LABEL = re.compile(r"_:(c14n\d+)")


class SelectiveDisclosureError(ValueError):
    """A derived proof Laurel cannot accept; the message says why."""


def _derived_parts(proof_value: Any) -> tuple[bytes, bytes, list, dict, list]:
    """baseSignature, the ephemeral public key (Multikey bytes), the signatures of the
    non-mandatory statements, the label map and the mandatory statements' indexes."""
    if not isinstance(proof_value, str) or not proof_value.startswith("u"):
        raise SelectiveDisclosureError("The proofValue is not a base64url (u...) value.")
    text = proof_value[1:]
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except ValueError as exc:
        raise SelectiveDisclosureError("The proofValue is not valid base64url.") from exc
    if raw.startswith(BASE_HEADER):
        raise SelectiveDisclosureError(
            "This is an ecdsa-sd-2023 base proof, which only its holder uses; a verifier "
            "needs the derived proof the holder makes from it."
        )
    if not raw.startswith(DERIVED_HEADER):
        raise SelectiveDisclosureError("The proofValue is not an ecdsa-sd-2023 derived proof.")
    try:
        parts = cbor2.loads(raw[len(DERIVED_HEADER) :])
    except (cbor2.CBORDecodeError, ValueError, RecursionError) as exc:
        raise SelectiveDisclosureError("The derived proof's CBOR cannot be read.") from exc
    if not (isinstance(parts, list) and len(parts) == 5):
        raise SelectiveDisclosureError("The derived proof does not hold its five parts.")
    base_signature, public_key, signatures, label_map, mandatory = parts
    if not (
        isinstance(base_signature, bytes)
        and isinstance(public_key, bytes)
        and isinstance(signatures, list)
        and all(isinstance(signature, bytes) for signature in signatures)
        and isinstance(label_map, dict)
        and all(isinstance(k, int) and isinstance(v, bytes) for k, v in label_map.items())
        and isinstance(mandatory, list)
        and all(isinstance(index, int) for index in mandatory)
    ):
        raise SelectiveDisclosureError("The derived proof's parts are not of the right kinds.")
    return base_signature, public_key, signatures, label_map, mandatory


def _relabelled_statements(document: dict, label_map: dict) -> list[str]:
    """The document's canonical N-Quads with the issuer's blank node labels, sorted."""
    labels = {
        f"c14n{index}": "u" + base64.urlsafe_b64encode(value).rstrip(b"=").decode()
        for index, value in label_map.items()
    }

    def relabel(match: re.Match) -> str:
        label = labels.get(match.group(1))
        if label is None:
            raise SelectiveDisclosureError(
                f"The derived proof's label map has no label for _:{match.group(1)}."
            )
        return f"_:{label}"

    lines = canonize(document).splitlines(keepends=True)
    return sorted(C14N_LABEL.sub(relabel, line) for line in lines)


def _ecdsa_ok(key: ec.EllipticCurvePublicKey, signature: bytes, data: bytes) -> bool:
    if len(signature) != 64:
        return False
    der = encode_dss_signature(
        int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
    )
    try:
        key.verify(der, data, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return False
    return True


def verify(document: dict, proof: dict, issuer_key: Any) -> None:
    """Returns when the derived proof holds for the issuer's P-256 key; SelectiveDisclosureError
    saying what does not, otherwise."""
    curve = getattr(getattr(issuer_key, "curve", None), "name", "")
    if not isinstance(issuer_key, ec.EllipticCurvePublicKey) or curve != "secp256r1":
        raise SelectiveDisclosureError("The key is not a P-256 key, which ecdsa-sd-2023 needs.")
    base_signature, public_key, signatures, label_map, mandatory = _derived_parts(
        proof.get("proofValue")
    )
    if not public_key.startswith(P256_MULTIKEY) or len(public_key) != 35:
        raise SelectiveDisclosureError("The derived proof's ephemeral key is not a P-256 key.")
    try:
        ephemeral = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), public_key[2:])
    except ValueError as exc:
        raise SelectiveDisclosureError("The derived proof's ephemeral key is not valid.") from exc
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    options["@context"] = document.get("@context")
    proof_hash = hashlib.sha256(canonize(options).encode()).digest()
    unsigned = {key: value for key, value in document.items() if key != "proof"}
    statements = _relabelled_statements(unsigned, label_map)
    wanted = set(mandatory)
    mandatory_hash = hashlib.sha256(
        "".join(s for i, s in enumerate(statements) if i in wanted).encode()
    ).digest()
    others = [s for i, s in enumerate(statements) if i not in wanted]
    changed = SelectiveDisclosureError(
        "The signature does not match: the credential was changed after it was signed, or "
        "it was signed with another key."
    )
    if not _ecdsa_ok(issuer_key, base_signature, proof_hash + public_key + mandatory_hash):
        raise changed
    if len(signatures) != len(others):
        raise SelectiveDisclosureError(
            f"The derived proof signs {len(signatures)} disclosed statements, but the "
            f"credential has {len(others)}."
        )
    for signature, statement in zip(signatures, others, strict=True):
        if not _ecdsa_ok(ephemeral, signature, statement.encode()):
            raise changed
