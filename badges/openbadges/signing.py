"""Issuer signing keys encrypted at rest (RSA for OB 2.0; Ed25519 and P-256 for OB 3.0), and
compact JWS for signed OB 2.0 awards."""

import base64
import binascii
import json
import os

from cryptography.exceptions import InvalidSignature, InvalidTag, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.utils.translation import gettext as _

# Changing the info string (or the token version) makes every stored key unreadable.
KDF_INFO = b"laurel signing keys v1"
TOKEN_VERSION = "v1"


class SigningError(ValueError):
    """A key or signature Laurel cannot use; the message says why and what to do."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    # validate=True: stray characters must fail, not be skipped into a different value.
    return base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)


def _canonical(document: dict) -> bytes:
    return json.dumps(document, sort_keys=True, separators=(",", ":")).encode()


def generate_private_key() -> str:
    """A new RSA 2048 private key as unencrypted PKCS#8 PEM."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


CREDENTIAL_ALGORITHMS = ("Ed25519", "ES256")


def generate_credential_key(algorithm: str) -> str:
    """A new OB 3.0 private key as unencrypted PKCS#8 PEM: Ed25519 (Data Integrity proofs)
    or ES256, a P-256 key (VC-JWT)."""
    if algorithm == "Ed25519":
        key = ed25519.Ed25519PrivateKey.generate()
    elif algorithm == "ES256":
        key = ec.generate_private_key(ec.SECP256R1())
    else:
        raise SigningError(
            _("Choose a key algorithm of %(algorithms)s.")
            % {"algorithms": ", ".join(CREDENTIAL_ALGORITHMS)}
        )
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def load_private_key(private_pem: str):
    """Any private key Laurel makes (RSA, Ed25519, P-256) from unencrypted PEM."""
    try:
        key = serialization.load_pem_private_key(private_pem.encode(), password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise SigningError(_("This is not an unencrypted PEM private key.")) from exc
    if not isinstance(
        key, rsa.RSAPrivateKey | ed25519.Ed25519PrivateKey | ec.EllipticCurvePrivateKey
    ):
        raise SigningError(_("Laurel uses RSA, Ed25519 and P-256 keys only."))
    return key


def _private_key(private_pem: str) -> rsa.RSAPrivateKey:
    key = load_private_key(private_pem)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise SigningError(_("Laurel signs with RSA keys only (RS256)."))
    return key


def public_key_pem(private_pem: str) -> str:
    """The SubjectPublicKeyInfo PEM of a private key, as published in a CryptographicKey."""
    return (
        load_private_key(private_pem)
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def _aead(secret: str) -> AESGCM:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=KDF_INFO).derive(
        secret.encode()
    )
    return AESGCM(key)


def encrypt_private_key(private_pem: str, secret: str) -> str:
    """`v1.<nonce>.<ciphertext>` (base64url): AES-GCM under a key derived from secret."""
    nonce = os.urandom(12)
    ciphertext = _aead(secret).encrypt(nonce, private_pem.encode(), None)
    return f"{TOKEN_VERSION}.{_b64(nonce)}.{_b64(ciphertext)}"


def decrypt_private_key(token: str, secret: str) -> str:
    """The PEM that encrypt_private_key sealed; SigningError for a wrong secret or bad token."""
    try:
        version, nonce, ciphertext = token.split(".")
        if version != TOKEN_VERSION:
            raise ValueError(f"unknown token version {version!r}")
        return _aead(secret).decrypt(_unb64(nonce), _unb64(ciphertext), None).decode()
    except InvalidTag as exc:
        raise SigningError(
            _(
                "This signing key was encrypted with a different secret; restore the old "
                "SECRET_KEY or LAUREL_SIGNING_SECRET, or rotate the issuer's key."
            )
        ) from exc
    except (ValueError, binascii.Error) as exc:
        raise SigningError(_("This is not an encrypted signing key Laurel can read.")) from exc


def sign_jws(payload: dict, private_pem: str, kid: str | None = None) -> str:
    """Compact JWS, RS256, over the payload serialised canonically (sorted keys, no spaces)."""
    header = {"alg": "RS256", **({"kid": kid} if kid else {})}
    signing_input = f"{_b64(_canonical(header))}.{_b64(_canonical(payload))}".encode()
    signature = _private_key(private_pem).sign(signing_input, padding.PKCS1v15(), hashes.SHA256())
    return f"{signing_input.decode()}.{_b64(signature)}"


def verify_jws(token: str, public_pem: str) -> dict:
    """The payload of an RS256 compact JWS signed by public_pem's key, else SigningError."""
    try:
        header_part, body_part, signature_part = token.strip().split(".")
        header = json.loads(_unb64(header_part))
        signature = _unb64(signature_part)
    except (ValueError, binascii.Error) as exc:
        raise SigningError(_("This is not a compact JWS.")) from exc
    # Only RS256: honouring the header's alg would let a token choose "none" or HMAC.
    if not isinstance(header, dict) or header.get("alg") != "RS256":
        raise SigningError(_("Only RS256 signatures are accepted."))
    try:
        key = serialization.load_pem_public_key(public_pem.encode())
    except (ValueError, UnsupportedAlgorithm) as exc:
        raise SigningError(_("This is not a PEM public key.")) from exc
    if not isinstance(key, rsa.RSAPublicKey):
        raise SigningError(_("Only RSA public keys can check an RS256 signature."))
    try:
        key.verify(
            signature, f"{header_part}.{body_part}".encode(), padding.PKCS1v15(), hashes.SHA256()
        )
    except InvalidSignature as exc:
        raise SigningError(
            _("The signature does not match this key or the content changed.")
        ) from exc
    try:
        payload = json.loads(_unb64(body_part))
    except (ValueError, binascii.Error) as exc:
        raise SigningError(_("The signed payload is not JSON.")) from exc
    if not isinstance(payload, dict):
        raise SigningError(_("The signed payload is not a JSON object."))
    return payload


def read_jws(token: str) -> tuple[dict, dict]:
    """The header and payload of a compact JWS, not verified: to learn which key to check."""
    try:
        header_part, body_part, _signature = token.strip().split(".")
        header, payload = json.loads(_unb64(header_part)), json.loads(_unb64(body_part))
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise SigningError(_("This is not a compact JWS with a JSON payload.")) from exc
    if not isinstance(header, dict) or not isinstance(payload, dict):
        raise SigningError(_("This JWS does not hold a JSON object."))
    return header, payload
