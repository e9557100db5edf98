"""Recipient identities: normalising, salting and hashing them as Open Badges 2.0 does."""

import hashlib
import hmac
import re
import secrets


def normalize_identity(identity: str, identity_type: str) -> str:
    """One spelling per identity, so the same person always hashes the same way."""
    identity = identity.strip()
    if identity_type == "email":
        return identity.lower()
    if identity_type == "telephone":
        return ("+" if identity.startswith("+") else "") + re.sub(r"[^0-9]", "", identity)
    return identity


def make_salt() -> str:
    return secrets.token_hex(16)


def hash_identity(identity: str, salt: str) -> str:
    return "sha256$" + hashlib.sha256((identity + salt).encode()).hexdigest()


def identity_matches(recorded: str, candidate: str, salt: str | None, identity_type: str) -> bool:
    """Whether a candidate identity is the recorded one, hashed (sha256$/md5$) or plain."""
    candidate = normalize_identity(candidate, identity_type)
    algorithm, sep, digest = recorded.partition("$")
    if sep and algorithm in ("sha256", "md5"):
        computed = hashlib.new(algorithm, (candidate + (salt or "")).encode()).hexdigest()
        return hmac.compare_digest(computed, digest.lower())
    return hmac.compare_digest(normalize_identity(recorded, identity_type), candidate)
