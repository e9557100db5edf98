"""VC-JWT: an Open Badges 3.0 credential as a compact JWS, signed ES256, RS256 or EdDSA.

Laurel issues the OB 3.0 form (OB 3.0.3 §8.2, JWT Payload Format): the payload IS the
credential JSON (without its proof), with the registered claims `iss` (the issuer's id), `jti`
(the credential's id), `nbf` (validFrom), `exp` (validUntil, when there is one) and `sub` (the
subject's id, when it has one) added at its top level. Reading also accepts the VC Data
Model 1.1 form, the credential in a `vc` claim beside those claims; either way the claims
must agree with the credential (`claim_problems`).
"""

import json
from datetime import UTC, datetime
from typing import Any

from django.utils.translation import gettext as _
from jwcrypto import jwk, jws
from jwcrypto.common import JWException

from .did import PublicKey, public_jwk
from .signing import SigningError, read_jws

ALGORITHMS = ("ES256", "RS256", "EdDSA")
# RFC 7519 §4.1: what a JWT adds around the credential; none of them is a credential term.
REGISTERED_CLAIMS = ("iss", "sub", "aud", "exp", "nbf", "iat", "jti")
# A date and its Unix time differ by the fraction of a second the time drops.
TIME_TOLERANCE = 1
VC1_CONTEXT = "https://www.w3.org/2018/credentials/v1"


def _timestamp(value: Any) -> int | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return int((moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp())


def _issuer_id(credential: dict) -> Any:
    issuer = credential.get("issuer")
    return issuer.get("id") if isinstance(issuer, dict) else issuer


def _subject(credential: dict) -> Any:
    subject = credential.get("credentialSubject")
    return subject[0] if isinstance(subject, list) and subject else subject


def _date_names(credential: dict) -> tuple[str, str]:
    """The names of the credential's start and end dates: VC 2.0's, or VC 1.1's when it
    uses them (or names only the VC 1.1 context)."""
    contexts = credential.get("@context")
    first = contexts[0] if isinstance(contexts, list) and contexts else contexts
    if "issuanceDate" in credential or (first == VC1_CONTEXT and "validFrom" not in credential):
        return "issuanceDate", "expirationDate"
    return "validFrom", "validUntil"


def claims(credential: dict) -> dict:
    """The JWT payload of a credential: the credential without its proof, with iss, jti,
    nbf, exp (when it expires) and sub (when its subject has an id) at the top level."""
    unsigned = {key: value for key, value in credential.items() if key != "proof"}
    start, end = _date_names(unsigned)
    subject = _subject(unsigned)
    registered: dict[str, Any] = {
        "iss": _issuer_id(unsigned),
        "jti": unsigned.get("id"),
        "nbf": _timestamp(unsigned.get(start)),
        "exp": _timestamp(unsigned.get(end)),
        "sub": subject.get("id") if isinstance(subject, dict) else None,
    }
    return unsigned | {key: value for key, value in registered.items() if value is not None}


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
    """The credential a JWT carries: the payload without its registered claims (OB 3.0), or
    its `vc` claim (VC 1.1), completed from the claims as VC-JWT 1.1 decoding does. None
    when the payload holds neither."""
    if isinstance(payload.get("vc"), dict):
        return _completed(payload["vc"], payload)
    if "@context" not in payload:
        return None
    return {key: value for key, value in payload.items() if key not in REGISTERED_CLAIMS}


def _completed(credential: dict, payload: dict) -> dict:
    """A VC 1.1 `vc` claim may leave out what its claims say (VC-JWT 1.1, decoding): the
    issuer from iss, the id from jti, the dates from nbf and exp, the subject's id from sub."""
    credential = dict(credential)
    start, end = _date_names(credential)
    if "issuer" not in credential and isinstance(payload.get("iss"), str):
        credential["issuer"] = payload["iss"]
    if "id" not in credential and isinstance(payload.get("jti"), str):
        credential["id"] = payload["jti"]
    for claim, name in (("nbf", start), ("exp", end)):
        if name not in credential and _is_seconds(payload.get(claim)):
            credential[name] = _iso(payload[claim])
    subject = credential.get("credentialSubject")
    if isinstance(subject, dict) and "id" not in subject and isinstance(payload.get("sub"), str):
        credential["credentialSubject"] = {"id": payload["sub"], **subject}
    return credential


def _is_seconds(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _iso(seconds: float) -> str:
    try:
        return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (OverflowError, OSError, ValueError):
        return repr(seconds)


def claim_problems(payload: dict, credential: dict) -> list[str]:
    """How the JWT's registered claims (those present) disagree with the credential it
    carries: each such disagreement makes the credential invalid."""
    problems = []
    issuer = _issuer_id(credential)
    if "iss" in payload and payload["iss"] != issuer:
        problems.append(
            _(
                "The JWT's iss %(iss)s is not the credential's issuer %(issuer)s; a JWT must "
                "name the issuer of the credential it carries."
            )
            % {"iss": repr(payload["iss"]), "issuer": repr(issuer)}
        )
    if "jti" in payload and payload["jti"] != credential.get("id"):
        problems.append(
            _(
                "The JWT's jti %(jti)s is not the credential's id %(credential_id)s; a JWT must "
                "carry "
                "the id of its credential."
            )
            % {"jti": repr(payload["jti"]), "credential_id": repr(credential.get("id"))}
        )
    if "sub" in payload:
        subject = _subject(credential)
        subject_id = subject.get("id") if isinstance(subject, dict) else None
        if subject_id is None:
            problems.append(
                _("The JWT's sub %(sub)s names a subject, but the credential's subject has no id.")
                % {"sub": repr(payload["sub"])}
            )
        elif payload["sub"] != subject_id:
            problems.append(
                _("The JWT's sub %(sub)s is not the credential subject's id %(subject_id)s.")
                % {"sub": repr(payload["sub"]), "subject_id": repr(subject_id)}
            )
    start, end = _date_names(credential)
    for claim, name in (("nbf", start), ("exp", end)):
        if claim not in payload:
            continue
        value = payload[claim]
        if not _is_seconds(value):
            problems.append(
                _("The JWT's %(claim)s %(value)s is not a time in seconds.")
                % {"claim": claim, "value": repr(value)}
            )
        elif credential.get(name) in (None, ""):
            problems.append(
                _("The JWT's %(claim)s says %(value)s, but the credential has no %(name)s.")
                % {"claim": claim, "value": _iso(value), "name": name}
            )
        else:
            stamp = _timestamp(credential[name])
            if stamp is not None and abs(stamp - value) > TIME_TOLERANCE:
                problems.append(
                    _(
                        "The JWT's %(claim)s (%(value)s) is not the credential's %(name)s "
                        "(%(credential_value)s)."
                    )
                    % {
                        "claim": claim,
                        "value": _iso(value),
                        "name": name,
                        "credential_value": credential[name],
                    }
                )
    return problems


def verify(token: str, key: PublicKey) -> None:
    """Returns when the JWT's signature is valid for key under one of ALGORITHMS."""
    header, _payload = read_jws(token)
    algorithm = header.get("alg")
    if algorithm not in ALGORITHMS:
        raise SigningError(
            _("The JWT is signed with %(algorithm)s; Laurel accepts %(algorithms)s.")
            % {"algorithm": repr(algorithm), "algorithms": ", ".join(ALGORITHMS)}
        )
    try:
        verifier = jws.JWS()
        verifier.deserialize(token.strip())
        verifier.verify(jwk.JWK(**public_jwk(key)), alg=algorithm)
    except (JWException, ValueError, TypeError) as exc:
        raise SigningError(
            _(
                "The JWT's signature does not match its key: the credential was changed after it "
                "was signed, or another key signed it."
            )
        ) from exc
