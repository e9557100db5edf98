"""Signing keys encrypted at rest and the RS256 compact JWS of signed OB 2.0 assertions."""

import base64
import json

import pytest
from cryptography.hazmat.primitives import serialization

from badges.openbadges.signing import (
    SigningError,
    decrypt_private_key,
    encrypt_private_key,
    generate_private_key,
    public_key_pem,
    sign_jws,
    verify_jws,
)

PAYLOAD = {
    "@context": "https://w3id.org/openbadges/v2",
    "id": "https://laurel.example/public/assertions/a1",
    "type": "Assertion",
    "issuedOn": "2024-05-01T12:00:00+00:00",
}


@pytest.fixture(scope="module")
def private_pem() -> str:
    return generate_private_key()


@pytest.fixture(scope="module")
def other_private_pem() -> str:
    return generate_private_key()


def part(token: str, index: int) -> dict:
    segment = token.split(".")[index]
    return json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))


def test_a_generated_key_is_unencrypted_pkcs8_rsa_2048(private_pem):
    assert private_pem.startswith("-----BEGIN PRIVATE KEY-----\n")
    key = serialization.load_pem_private_key(private_pem.encode(), password=None)
    assert key.key_size == 2048
    assert public_key_pem(private_pem).startswith("-----BEGIN PUBLIC KEY-----\n")


def test_a_signed_payload_verifies_with_the_public_key_and_comes_back_unchanged(private_pem):
    token = sign_jws(PAYLOAD, private_pem)
    assert verify_jws(token, public_key_pem(private_pem)) == PAYLOAD
    assert part(token, 0) == {"alg": "RS256"}


def test_the_header_carries_the_kid_when_one_is_given(private_pem):
    token = sign_jws(PAYLOAD, private_pem, kid="https://laurel.example/public/keys/k1")
    assert part(token, 0) == {"alg": "RS256", "kid": "https://laurel.example/public/keys/k1"}


def test_the_payload_is_serialised_canonically_so_signing_twice_gives_the_same_token(private_pem):
    reordered = dict(reversed(list(PAYLOAD.items())))
    token = sign_jws(PAYLOAD, private_pem)
    assert sign_jws(reordered, private_pem) == token  # PKCS#1 v1.5 is deterministic
    body = token.split(".")[1]
    raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)).decode()
    assert raw == json.dumps(PAYLOAD, sort_keys=True, separators=(",", ":"))
    assert "=" not in token


def test_a_tampered_payload_is_rejected(private_pem):
    header, _, signature = sign_jws(PAYLOAD, private_pem).split(".")
    forged = base64.urlsafe_b64encode(json.dumps({**PAYLOAD, "id": "x"}).encode()).rstrip(b"=")
    with pytest.raises(SigningError, match="signature does not match"):
        verify_jws(f"{header}.{forged.decode()}.{signature}", public_key_pem(private_pem))


def test_a_signature_checked_against_another_key_is_rejected(private_pem, other_private_pem):
    with pytest.raises(SigningError, match="signature does not match"):
        verify_jws(sign_jws(PAYLOAD, private_pem), public_key_pem(other_private_pem))


def test_a_token_that_claims_another_algorithm_is_rejected(private_pem):
    _, body, signature = sign_jws(PAYLOAD, private_pem).split(".")
    header = base64.urlsafe_b64encode(b'{"alg":"none"}').rstrip(b"=").decode()
    with pytest.raises(SigningError, match="Only RS256"):
        verify_jws(f"{header}.{body}.{signature}", public_key_pem(private_pem))


@pytest.mark.parametrize("token", ["", "a.b", "not base64!.x.y", "e30.e30"])
def test_something_that_is_not_a_compact_jws_is_rejected(private_pem, token):
    with pytest.raises(SigningError):
        verify_jws(token, public_key_pem(private_pem))


def test_an_encrypted_key_decrypts_to_the_same_pem_and_does_not_contain_it(private_pem):
    token = encrypt_private_key(private_pem, "secret-one")
    version, nonce, _ = token.split(".")
    assert version == "v1"
    assert len(base64.urlsafe_b64decode(nonce + "=" * (-len(nonce) % 4))) == 12
    assert "PRIVATE KEY" not in token
    assert decrypt_private_key(token, "secret-one") == private_pem


def test_encrypting_twice_uses_a_fresh_nonce(private_pem):
    assert encrypt_private_key(private_pem, "s") != encrypt_private_key(private_pem, "s")


def test_decrypting_with_the_wrong_secret_says_to_restore_the_old_secret(private_pem):
    token = encrypt_private_key(private_pem, "the-old-secret")
    with pytest.raises(SigningError) as excinfo:
        decrypt_private_key(token, "a-new-secret")
    message = str(excinfo.value)
    assert "encrypted with a different secret" in message
    assert "SECRET_KEY or LAUREL_SIGNING_SECRET" in message


@pytest.mark.parametrize("token", ["", "v2.AAAA.AAAA", "v1.only-two", "v1.!!!.???"])
def test_a_malformed_encrypted_key_is_a_signing_error(token):
    with pytest.raises(SigningError, match="not an encrypted signing key"):
        decrypt_private_key(token, "secret")


def test_a_tampered_ciphertext_is_rejected(private_pem):
    version, nonce, ciphertext = encrypt_private_key(private_pem, "s").split(".")
    flipped = ("A" if ciphertext[0] != "A" else "B") + ciphertext[1:]
    with pytest.raises(SigningError):
        decrypt_private_key(f"{version}.{nonce}.{flipped}", "s")
