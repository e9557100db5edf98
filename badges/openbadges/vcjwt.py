"""VC-JWT: an Open Badges 3.0 credential as a compact JWS (the credential in the `vc` claim,
with iss, jti, nbf, sub and exp from the credential), signed ES256, RS256 or EdDSA."""

import json
from datetime import datetime
from typing import Any

from jwcrypto import jwk, jws
from jwcrypto.common import JWException

from .did import PublicKey, public_jwk
from .signing import SigningError, read_jws

ALGORITHMS = ("ES256", "RS256", "EdDSA")


def _timestamp(value: Any) -> int | None:
    if not isinstance(value, str):
        return None
    try:
        return int(datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp())
    except ValueError:
        return None


def claims(credential: dict) -> dict:
    """The JWT claims of a credential (the credential without proof in `vc`)."""
    unsigned = {key: value for key, value in credential.items() if key != "proof"}
    issuer = unsigned.get("issuer")
    subject = unsigned.get("credentialSubject")
    payload: dict[str, Any] = {
        "vc": unsigned,
        "iss": issuer.get("id") if isinstance(issuer, dict) else issuer,
        "jti": unsigned.get("id"),
        "nbf": _timestamp(unsigned.get("validFrom") or unsigned.get("issuanceDate")),
    }
    if isinstance(subject, dict) and subject.get("id"):
        payload["sub"] = subject["id"]
    expires = _timestamp(unsigned.get("validUntil") or unsigned.get("expirationDate"))
    if expires is not None:
        payload["exp"] = expires
    return {key: value for key, value in payload.items() if value is not None}


def sign(credential: dict, private_pem: str, *, kid: str, algorithm: str = "ES256") -> str:
    """The compact JWS of the credential, its header naming the key by kid (a DID URL)."""
    key = jwk.JWK.from_pem(private_pem.encode())
    token = jws.JWS(json.dumps(claims(credential), separators=(",", ":")).encode())
    header = {"alg": algorithm, "typ": "JWT", "kid": kid}
    token.add_signature(key, alg=algorithm, protected=json.dumps(header))
    return token.serialize(compact=True)


def read(token: str) -> tuple[dict, dict]:
    """The header and payload of a JWT, not verified: to learn which key to check."""
    return read_jws(token)


def credential_of(payload: dict) -> dict | None:
    """The credential a JWT carries: its `vc` claim, or the payload itself (VC-JOSE)."""
    if isinstance(payload.get("vc"), dict):
        return payload["vc"]
    return payload if "@context" in payload else None


def verify(token: str, key: PublicKey) -> None:
    """Returns when the JWT's signature is valid for key under one of ALGORITHMS."""
    header, _payload = read_jws(token)
    algorithm = header.get("alg")
    if algorithm not in ALGORITHMS:
        raise SigningError(
            f"The JWT is signed with {algorithm!r}; Laurel accepts {', '.join(ALGORITHMS)}."
        )
    try:
        verifier = jws.JWS()
        verifier.deserialize(token.strip())
        verifier.verify(jwk.JWK(**public_jwk(key)), alg=algorithm)
    except (JWException, ValueError, TypeError) as exc:
        raise SigningError(
            "The JWT's signature does not match its key: the credential was changed after it "
            "was signed, or another key signed it."
        ) from exc
