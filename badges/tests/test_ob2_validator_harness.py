"""The offline 1EdTech OB 2.0 validator harness works, shown on hand-written static badges.

Nothing of Laurel is involved but signing.py: a tiny http.server on 127.0.0.1 serves an
issuer, badge classes, assertions, an image, a key and a revocation list, and the validator
fetches them over HTTP. The OB 2.0 context comes from the local copy, so these pass with no
network at all (this machine has none).
"""

import hashlib
import io
import json
import os
import struct
import subprocess
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from PIL import Image

from badges.openbadges.signing import generate_private_key, public_key_pem, sign_jws
from badges.tests.ob2_validator import SCRIPT, errors, require_validator, validate
from badges.tests.static_server import StaticBadgeServer, running_static_server

CONTEXT = "https://w3id.org/openbadges/v2"
EMAIL = "ada@example.org"
SALT = "5a1t"


@pytest.fixture
def badge_server() -> Iterator[StaticBadgeServer]:
    require_validator()
    with running_static_server() as server:
        yield server


def iso(moment: datetime) -> str:
    return moment.replace(microsecond=0).isoformat()


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), "#1f6f43").save(buffer, format="PNG")
    return buffer.getvalue()


def hashed_recipient(email: str = EMAIL) -> dict:
    digest = hashlib.sha256((email + SALT).encode()).hexdigest()
    return {"type": "email", "hashed": True, "salt": SALT, "identity": f"sha256${digest}"}


def publish_issuer(server: StaticBadgeServer, path: str = "/issuer", **extra: object) -> str:
    return server.add_json(
        path,
        {
            "@context": CONTEXT,
            "type": "Issuer",
            "id": server.url(path),
            "name": "Harness Academy",
            "url": "https://academy.example.org",
            "email": "badges@academy.example.org",
            **extra,
        },
    )


def publish_badge_class(server: StaticBadgeServer, issuer_url: str, path: str = "/badge") -> str:
    image_url = server.add("/badge.png", "image/png", png())
    return server.add_json(
        path,
        {
            "@context": CONTEXT,
            "type": "BadgeClass",
            "id": server.url(path),
            "name": "Harness Tester",
            "description": "Proves the validator harness runs offline.",
            "image": image_url,
            "criteria": {"narrative": "Run the harness test."},
            "issuer": issuer_url,
        },
    )


def publish_hosted_assertion(
    server: StaticBadgeServer, path: str = "/assertions/1", **extra: object
) -> str:
    badge_url = publish_badge_class(server, publish_issuer(server))
    return server.add_json(
        path,
        {
            "@context": CONTEXT,
            "type": "Assertion",
            "id": server.url(path),
            "recipient": hashed_recipient(),
            "badge": badge_url,
            "verification": {"type": "HostedBadge"},
            "issuedOn": iso(datetime.now(UTC) - timedelta(days=10)),
            **extra,
        },
    )


def test_a_static_hosted_assertion_is_valid_for_its_recipient(badge_server):
    report = validate(publish_hosted_assertion(badge_server), EMAIL)
    assert report["valid"] is True, errors(report)
    assert report["errorCount"] == 0
    # The validator fetched the badge objects from the test server...
    assert {"/assertions/1", "/badge", "/issuer", "/badge.png"} <= set(badge_server.requested)


def test_no_request_leaves_the_machine_the_context_comes_from_the_local_copy(badge_server):
    # Route every non-local request through the test server as a proxy: a fetch of
    # https://w3id.org/openbadges/v2 (or any other outside URL) would show up as a CONNECT
    # or an absolute URL there. The badge objects on 127.0.0.1 still go direct.
    url = publish_hosted_assertion(badge_server)
    env = {
        **os.environ,
        "HTTP_PROXY": badge_server.base_url,
        "HTTPS_PROXY": badge_server.base_url,
        "NO_PROXY": "127.0.0.1,localhost",
    }
    for name in ("http_proxy", "https_proxy", "no_proxy", "ALL_PROXY", "all_proxy"):
        env.pop(name, None)
    completed = subprocess.run(
        [str(require_validator()), str(SCRIPT), "--recipient-email", EMAIL, url],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env=env,
    )
    report = json.loads(completed.stdout)["report"]
    assert report["valid"] is True, errors(report)
    outbound = [path for path in badge_server.requested if not path.startswith("/")]
    assert outbound == []
    assert "/assertions/1" in badge_server.requested


def test_the_wrong_recipient_email_is_an_error(badge_server):
    report = validate(publish_hosted_assertion(badge_server), "someone.else@example.org")
    assert report["valid"] is False
    assert report["errorCount"] >= 1
    assert any("recipient" in message.lower() for message in errors(report)), errors(report)


def test_an_assertion_that_expired_is_invalid(badge_server):
    url = publish_hosted_assertion(badge_server, expires=iso(datetime.now(UTC) - timedelta(days=1)))
    report = validate(url, EMAIL)
    assert report["valid"] is False
    assert any("expire" in message.lower() for message in errors(report)), errors(report)


def test_a_baked_png_is_unbaked_and_validated_from_a_file(badge_server, tmp_path):
    # Baked by hand as the spec says: one iTXt chunk, keyword `openbadges`, before IEND.
    url = publish_hosted_assertion(badge_server)
    data = png()
    itxt = b"openbadges\x00\x00\x00\x00\x00" + url.encode()
    chunk = struct.pack(">I", len(itxt)) + b"iTXt" + itxt
    chunk += struct.pack(">I", zlib.crc32(b"iTXt" + itxt) & 0xFFFFFFFF)
    baked = tmp_path / "baked.png"
    baked.write_bytes(data[:-12] + chunk + data[-12:])
    report = validate(baked, EMAIL)
    assert report["valid"] is True, errors(report)


@pytest.fixture(scope="module")
def issuer_key() -> str:
    return generate_private_key()


def publish_signed_issuer(server: StaticBadgeServer, private_pem: str, revoked: list[str]) -> str:
    issuer_url = server.url("/signed-issuer")
    key_url = server.add_json(
        "/keys/1",
        {
            "@context": CONTEXT,
            "id": server.url("/keys/1"),
            "type": "CryptographicKey",
            "owner": issuer_url,
            "publicKeyPem": public_key_pem(private_pem),
        },
    )
    revocation_url = server.add_json(
        "/revocations",
        {
            "@context": CONTEXT,
            "id": server.url("/revocations"),
            "type": "RevocationList",
            "issuer": issuer_url,
            "revokedAssertions": [
                {"id": assertion_id, "revocationReason": "Withdrawn"} for assertion_id in revoked
            ],
        },
    )
    publish_issuer(server, "/signed-issuer", publicKey=key_url, revocationList=revocation_url)
    return key_url


def signed_assertion(server: StaticBadgeServer, key_url: str, assertion_id: str) -> dict:
    return {
        "@context": CONTEXT,
        "type": "Assertion",
        "id": assertion_id,
        "recipient": hashed_recipient(),
        "badge": publish_badge_class(server, server.url("/signed-issuer"), "/signed-badge"),
        "verification": {"type": "SignedBadge", "creator": key_url},
        "issuedOn": iso(datetime.now(UTC) - timedelta(days=3)),
    }


def test_a_jws_signed_by_laurel_passes_the_validators_signature_check(badge_server, issuer_key):
    # The list must hold two or more entries: a one-entry list never matches (see
    # OPEN-BADGES.md), and this assertion is not among them anyway.
    revoked = [badge_server.url("/assertions/revoked-1"), badge_server.url("/assertions/revoked-2")]
    key_url = publish_signed_issuer(badge_server, issuer_key, revoked)
    assertion = signed_assertion(badge_server, key_url, badge_server.url("/assertions/signed"))
    report = validate(sign_jws(assertion, issuer_key), EMAIL)
    assert report["valid"] is True, errors(report)
    assert report["errorCount"] == 0
    assert {"/keys/1", "/revocations", "/signed-issuer"} <= set(badge_server.requested)


def test_a_jws_signed_with_another_key_than_the_published_one_is_an_error(badge_server, issuer_key):
    revoked = [badge_server.url("/assertions/revoked-1"), badge_server.url("/assertions/revoked-2")]
    key_url = publish_signed_issuer(badge_server, issuer_key, revoked)
    assertion = signed_assertion(badge_server, key_url, badge_server.url("/assertions/signed"))
    report = validate(sign_jws(assertion, generate_private_key()), EMAIL)
    assert report["valid"] is False
    assert any("signature" in message.lower() for message in errors(report)), errors(report)


def test_a_signed_assertion_named_in_the_revocation_list_is_an_error(badge_server, issuer_key):
    assertion_id = badge_server.url("/assertions/revoked-1")
    revoked = [assertion_id, badge_server.url("/assertions/revoked-2")]
    key_url = publish_signed_issuer(badge_server, issuer_key, revoked)
    report = validate(sign_jws(signed_assertion(badge_server, key_url, assertion_id), issuer_key))
    assert report["valid"] is False
    assert any("revoked" in message.lower() for message in errors(report)), errors(report)


def test_a_long_json_string_goes_through_stdin_and_is_validated(badge_server):
    publish_hosted_assertion(badge_server, narrative="Did the work. " * 1000)
    document = badge_server.routes["/assertions/1"].body.decode()
    assert len(document) > 8000  # past the helper's argv limit, so it is sent on stdin
    report = validate(document, EMAIL)
    assert report["valid"] is True, errors(report)


@pytest.mark.parametrize(
    "arguments", [[], ["--recipient-email"], ["/no/such/baked.png"], ["a", "b"]]
)
def test_the_script_exits_with_2_on_a_usage_error(arguments):
    completed = subprocess.run(
        [str(require_validator()), str(SCRIPT), *arguments],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 2, completed.stderr
    assert completed.stdout == ""
