"""Issuer signing keys (RS256) encrypted at rest, and compact JWS for signed OB 2.0 awards."""

import base64
import json
import os

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KDF_INFO = b"laurel signing keys v1"


class SigningError(ValueError):
    pass


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def generate_private_key() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def public_key_pem(private_pem: str) -> str:
    key = serialization.load_pem_private_key(private_pem.encode(), password=None)
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def _aead(secret: str) -> AESGCM:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=KDF_INFO).derive(
        secret.encode()
    )
    return AESGCM(key)


def encrypt_private_key(private_pem: str, secret: str) -> str:
    nonce = os.urandom(12)
    return f"v1.{_b64(nonce)}.{_b64(_aead(secret).encrypt(nonce, private_pem.encode(), None))}"


def decrypt_private_key(token: str, secret: str) -> str:
    try:
        version, nonce, ciphertext = token.split(".")
        if version != "v1":
            raise ValueError(version)
        return _aead(secret).decrypt(_unb64(nonce), _unb64(ciphertext), None).decode()
    except InvalidTag as exc:
        raise SigningError(
            "This signing key was encrypted with a different secret; restore the old "
            "SECRET_KEY or LAUREL_SIGNING_SECRET, or rotate the issuer's key."
        ) from exc
    except ValueError as exc:
        raise SigningError("This is not an encrypted signing key Laurel can read.") from exc


def sign_jws(payload: dict, private_pem: str, kid: str | None = None) -> str:
    header = {"alg": "RS256", **({"kid": kid} if kid else {})}
    body = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
    signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(body)}".encode()
    key = serialization.load_pem_private_key(private_pem.encode(), password=None)
    signature = key.sign(signing_input, padding.PKCS1v15(), hashes.SHA256())
    return f"{signing_input.decode()}.{_b64(signature)}"


def verify_jws(token: str, public_pem: str) -> dict:
    try:
        header, body, signature = token.split(".")
        if json.loads(_unb64(header)).get("alg") != "RS256":
            raise SigningError("Only RS256 signatures are accepted.")
        key = serialization.load_pem_public_key(public_pem.encode())
        key.verify(
            _unb64(signature), f"{header}.{body}".encode(), padding.PKCS1v15(), hashes.SHA256()
        )
        return json.loads(_unb64(body))
    except InvalidSignature as exc:
        raise SigningError("The signature does not match this key or the content changed.") from exc
    except (ValueError, TypeError) as exc:
        raise SigningError("This is not a compact JWS.") from exc
