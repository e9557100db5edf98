"""Recipient identities: normalising, salting and hashing them as Open Badges 2.0 does."""

import hashlib
import hmac
import re
import secrets

HASH_ALGORITHMS = ("sha256", "md5")  # the two the Open Badges 2.0 IdentityHash allows
TELEPHONE_SEPARATORS = re.compile(r"[\s\-().]")


def normalize_identity(identity: str, identity_type: str) -> str:
    """One spelling per identity, so the same person always hashes the same way.

    email: trimmed and lowercased; telephone: spaces, dashes, dots and parentheses removed
    (a leading + stays); url, id and anything else: trimmed.
    """
    identity = identity.strip()
    if identity_type == "email":
        return identity.lower()
    if identity_type == "telephone":
        return TELEPHONE_SEPARATORS.sub("", identity)
    return identity


def make_salt() -> str:
    """A fresh random salt (32 hex characters) for one award's hashed identity."""
    return secrets.token_hex(16)


def hash_identity(identity: str, salt: str) -> str:
    """The IdentityHash of an already normalised identity: "sha256$" + hex digest."""
    return "sha256$" + hashlib.sha256((identity + salt).encode("utf-8")).hexdigest()


def identity_matches(
    hashed_or_plain: str, candidate: str, salt: str | None, identity_type: str
) -> bool:
    """Whether candidate is the recorded identity, which is hashed (sha256$/md5$) or plain."""
    candidate = normalize_identity(candidate, identity_type)
    algorithm, separator, digest = hashed_or_plain.partition("$")
    if separator and algorithm.lower() in HASH_ALGORITHMS:
        computed = hashlib.new(algorithm.lower(), (candidate + (salt or "")).encode("utf-8"))
        return _same(computed.hexdigest(), digest.strip().lower())
    return _same(normalize_identity(hashed_or_plain, identity_type), candidate)


def _same(first: str, second: str) -> bool:
    # Compared as bytes in constant time: compare_digest refuses str with non-ASCII characters.
    return hmac.compare_digest(first.encode("utf-8"), second.encode("utf-8"))
