"""Laurel's verifier: bad uploads and inputs give clear errors; 1.0, 1.1 and 2.0 badges are read.

Most tests hand the verifier a fake web (a dict of URL -> response) as its fetch function;
Laurel's own badges are verified through a live server and the real safe fetcher.
"""

import hashlib
import json
import struct
import zlib
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import PngImagePlugin

from badges import artefacts
from badges.openbadges.baking import bake_png
from badges.openbadges.fetch import FetchedResponse, FetchError
from badges.openbadges.signing import generate_private_key, public_key_pem, sign_jws
from badges.openbadges.verify import verify_badge
from badges.services.awards import assertion_award, assertion_revoke
from badges.tests.factories import make_badge, make_issuer, png_bytes

V2 = "https://w3id.org/openbadges/v2"
EMAIL = "ada@example.org"
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
ORIGIN = "https://badges.example.org"


class FakeWeb:
    """The fetch function over a dict of URL -> (status, content type, body); else 404."""

    def __init__(self):
        self.pages: dict[str, tuple[int, str, bytes]] = {}

    def json(self, path: str, document: dict, status: int = 200) -> str:
        url = path if path.startswith("http") else ORIGIN + path
        self.pages[url] = (status, "application/ld+json", json.dumps(document).encode())
        return url

    def __call__(self, url: str) -> FetchedResponse:
        status, content_type, body = self.pages.get(url, (404, "text/plain", b"Not found"))
        return FetchedResponse(url, status, content_type, body, {"content-type": content_type})


def sha256(identity: str, salt: str) -> str:
    return "sha256$" + hashlib.sha256((identity + salt).encode()).hexdigest()


@pytest.fixture
def web() -> FakeWeb:
    return FakeWeb()


def publish_v2(web: FakeWeb, **assertion) -> str:
    web.json(
        "/issuer",
        {"@context": V2, "type": "Issuer", "id": ORIGIN + "/issuer", "name": "Example",
         "url": "https://example.org", "email": "b@example.org"},
    )  # fmt: skip
    web.json(
        "/badge",
        {"@context": V2, "type": "BadgeClass", "id": ORIGIN + "/badge", "name": "Tester",
         "description": "Tests.", "image": ORIGIN + "/badge.png",
         "criteria": {"narrative": "Test."}, "issuer": ORIGIN + "/issuer"},
    )  # fmt: skip
    doc = {
        "@context": V2,
        "type": "Assertion",
        "id": ORIGIN + "/a/1",
        "recipient": {"type": "email", "hashed": True, "salt": "s", "identity": sha256(EMAIL, "s")},
        "badge": ORIGIN + "/badge",
        "verification": {"type": "HostedBadge"},
        "issuedOn": "2026-05-01T10:00:00Z",
        **assertion,
    }
    return web.json("/a/1", doc)


def error_names(report) -> list[str]:
    return [check.name for check in report.errors]


# Bad uploads and bad input --------------------------------------------------------------


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def with_chunk(png: bytes, chunk: bytes) -> bytes:
    return png[:-12] + chunk + png[-12:]  # before IEND


def huge_declared_png() -> bytes:
    # A 100000 x 100000 header over a tiny image: a decompression bomb for any decoder.
    png = png_bytes((1, 1))
    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 6, 0, 0, 0)
    baked = bake_png(png, "https://badges.example.org/a/1")
    return baked[:8] + png_chunk(b"IHDR", header) + baked[8 + 25 :]


def huge_ztxt_png() -> bytes:
    payload = zlib.compress(b"https://badges.example.org/a/1" + b" " * 20_000_000, 9)
    return with_chunk(png_bytes(), png_chunk(b"zTXt", b"openbadges\0\0" + payload))


def two_chunk_png() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_itxt("openbadges", "https://badges.example.org/a/1")
    info.add_itxt("openbadges", "https://evil.example.org/a/2")
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (8, 8)).save(out, format="PNG", pnginfo=info)
    return out.getvalue()


ENTITY_SVG = (
    b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org">'
    b'<openbadges:assertion verify="https://badges.example.org/a/1">&lol2;</openbadges:assertion>'
    b"</svg>"
)


@pytest.mark.parametrize(
    ("image", "message"),
    [
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "neither a PNG nor an SVG"),
        (b"just some text", "neither a PNG nor an SVG"),
        (two_chunk_png(), "more than one baked badge"),
        (huge_declared_png(), "more than 40 megapixels"),
        (huge_ztxt_png(), "larger than 1 MiB"),
        (ENTITY_SVG, "declares XML entities"),
        (png_bytes(), "holds no baked badge"),
    ],
    ids=["gif", "text", "two chunks", "huge declared size", "huge zTXt", "svg entities", "unbaked"],
)
def test_a_bad_upload_gives_a_report_with_a_clear_error_and_fetches_nothing(image, message, web):
    report = verify_badge(image=image, fetch=web)
    assert not report.valid
    assert error_names(report) == ["image"]
    assert message in report.errors[0].message


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "Give exactly one of"),
        ({"url": ORIGIN + "/a/1", "text": "{}"}, "Give exactly one of"),
        ({"text": "hello there"}, "This is not a badge"),
        ({"text": "{not json"}, "not valid JSON"),
        ({"text": '{"name": "no badge"}'}, "not an Open Badges assertion"),
        ({"text": "[1, 2]"}, "This is not a badge"),
        ({"text": "aaa.bbb.ccc"}, "The JWS cannot be read"),
        ({"url": "ftp://example.org/a"}, "This is not a badge"),
    ],
)
def test_input_that_is_no_badge_gives_a_clear_error(kwargs, message, web):
    report = verify_badge(**kwargs, fetch=web)
    assert not report.valid
    assert message in report.errors[0].message


@settings(max_examples=60, deadline=None)
@given(
    document=st.dictionaries(
        st.sampled_from(["@context", "type", "id", "recipient", "badge", "verification",
                         "verify", "issuedOn", "expires", "revoked", "uid"]),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=20)
            | st.sampled_from([V2, "https://w3id.org/openbadges/v1", ORIGIN + "/a/1",
                               {"type": "HostedBadge"}, {"type": "signed", "url": "x"}]),
            lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5),
                                                                        inner, max_size=3),
            max_leaves=8,
        ),
    )
)  # fmt: skip
def test_any_json_object_gives_a_report_never_an_exception(document):
    web = FakeWeb()
    publish_v2(web)
    report = verify_badge(text=json.dumps(document), fetch=web, now=NOW)
    assert report.valid in (True, False)
    json.dumps(report.as_dict())


def test_an_unreachable_server_is_a_clear_error_not_an_exception():
    def unreachable(url):
        raise FetchError(f"Laurel does not fetch {url}: it is a loopback address.")

    report = verify_badge(url="http://127.0.0.1/a/1", fetch=unreachable)
    assert not report.valid
    assert "could not be fetched: Laurel does not fetch" in report.errors[0].message


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1/a/1", "http://169.254.169.254/latest/meta-data/", "http://[::1]/a"]
)
def test_verifying_a_private_address_is_refused_by_the_real_fetcher(url, settings):
    settings.LAUREL_FETCH_ALLOWED_HOSTS = []
    report = verify_badge(url=url)
    assert not report.valid
    assert "Badges must be published at a public internet address" in report.errors[0].message


# Open Badges 2.0 rules ------------------------------------------------------------------


def test_a_good_hosted_badge_is_valid_and_its_report_holds_the_documents(web):
    url = publish_v2(web, expires="2027-05-01T00:00:00Z")
    report = verify_badge(url=url, recipients=[("email", "ADA@example.org ")], fetch=web, now=NOW)
    assert report.valid, report.errors
    assert (report.spec_version, report.verification_type) == ("2.0", "hosted")
    assert report.assertion_id == report.source_url == report.original == url
    assert report.recipient_matched == "ADA@example.org "
    assert report.badge_class["name"] == "Tester" and report.issuer["name"] == "Example"
    assert report.issued_on == datetime(2026, 5, 1, 10, tzinfo=UTC)
    assert report.expires == datetime(2027, 5, 1, tzinfo=UTC) and not report.expired
    data = report.as_dict()
    assert json.loads(json.dumps(data))["issued_on"] == "2026-05-01T10:00:00+00:00"


def test_a_badge_for_another_recipient_is_invalid_and_says_so(web):
    report = verify_badge(
        url=publish_v2(web), recipients=[("email", "bob@example.org")], fetch=web, now=NOW
    )
    assert error_names(report) == ["recipient"]
    assert "awarded to someone else" in report.errors[0].message
    assert report.recipient_matched is None


def test_md5_and_plain_recipients_match(web):
    md5 = "md5$" + hashlib.md5((EMAIL + "pepper").encode()).hexdigest()
    for recipient in (
        {"type": "email", "hashed": True, "salt": "pepper", "identity": md5},
        {"type": "email", "hashed": False, "identity": EMAIL},
    ):
        report = verify_badge(
            url=publish_v2(web, recipient=recipient), recipients=[("email", EMAIL)], fetch=web
        )
        assert report.valid, report.errors
        assert report.recipient_matched == EMAIL


def test_issued_on_a_little_ahead_is_allowed_but_an_hour_ahead_is_not(web):
    url = publish_v2(web, issuedOn="2026-06-01T12:02:00Z")
    assert verify_badge(url=url, fetch=web, now=NOW).valid
    url = publish_v2(web, issuedOn="2026-06-01T13:00:00Z")
    assert error_names(verify_badge(url=url, fetch=web, now=NOW)) == ["issued on"]


def test_an_expired_badge_is_invalid_and_marked_expired(web):
    report = verify_badge(url=publish_v2(web, expires="2026-05-02T00:00:00Z"), fetch=web, now=NOW)
    assert report.expired and error_names(report) == ["expiry"]


def test_a_hosted_badge_answering_410_or_saying_revoked_is_revoked_with_its_reason(web):
    url = web.json("/a/1", {"@context": V2, "id": ORIGIN + "/a/1", "revoked": True,
                            "revocationReason": "Cheated"}, status=410)  # fmt: skip
    report = verify_badge(url=url, fetch=web)
    assert report.revoked and report.revocation_reason == "Cheated"
    assert (
        error_names(report) == ["revocation"] and "410 Gone): Cheated" in report.errors[0].message
    )
    url = publish_v2(web, revoked=True, revocationReason="Withdrawn")
    report = verify_badge(url=url, fetch=web)
    assert (report.revoked, report.revocation_reason) == (True, "Withdrawn")


def test_a_url_that_is_not_the_assertions_id_leads_to_its_hosted_copy(web):
    url = publish_v2(web)
    web.pages[ORIGIN + "/a/1.json"] = web.pages[url]
    report = verify_badge(url=ORIGIN + "/a/1.json", fetch=web, now=NOW)
    assert report.valid, report.errors
    assert report.source_url == url and report.original == ORIGIN + "/a/1.json"


def test_a_pasted_hosted_json_is_checked_against_the_issuers_copy(web):
    url = publish_v2(web)
    pasted = web.pages[url][2].decode()
    assert verify_badge(text=pasted, fetch=web, now=NOW).valid
    web.pages[url] = (404, "text/html", b"<h1>gone</h1>")
    report = verify_badge(text=pasted, fetch=web, now=NOW)
    assert "does not exist (HTTP 404 Not Found)" in report.errors[0].message


def test_a_non_json_answer_is_an_error_and_a_json_one_with_the_wrong_type_a_warning(web):
    url = publish_v2(web)
    web.pages[ORIGIN + "/badge"] = (200, "text/html", b"<html></html>")
    report = verify_badge(url=url, fetch=web, now=NOW)
    assert "is not JSON (it was sent as text/html)" in report.errors[0].message
    url = publish_v2(web)
    status, _type, body = web.pages[ORIGIN + "/badge"]
    web.pages[ORIGIN + "/badge"] = (status, "text/plain", body)
    report = verify_badge(url=url, fetch=web, now=NOW)
    assert report.valid and "text/plain" in report.warnings[0].message


# Signed badges and revocation lists -------------------------------------------------------


@pytest.fixture(scope="module")
def key_pem() -> str:
    return generate_private_key()


def signed_v2(web: FakeWeb, key_pem: str, revoked: object) -> str:
    publish_v2(web)
    issuer = json.loads(web.pages[ORIGIN + "/issuer"][2])
    issuer.update(publicKey=ORIGIN + "/key", revocationList=ORIGIN + "/revocations")
    web.json("/issuer", issuer)
    web.json(
        "/key",
        {
            "@context": V2,
            "type": "CryptographicKey",
            "id": ORIGIN + "/key",
            "owner": ORIGIN + "/issuer",
            "publicKeyPem": public_key_pem(key_pem),
        },
    )
    web.json(
        "/revocations", {"@context": V2, "type": "RevocationList", "revokedAssertions": revoked}
    )
    assertion = json.loads(web.pages[ORIGIN + "/a/1"][2])
    assertion["verification"] = {"type": "SignedBadge", "creator": ORIGIN + "/key"}
    return sign_jws(assertion, key_pem)


@pytest.mark.parametrize(
    "revoked",
    [
        [{"id": ORIGIN + "/a/1", "revocationReason": "Withdrawn"}],
        {"id": ORIGIN + "/a/1", "revocationReason": "Withdrawn"},
        [{"id": ORIGIN + "/a/0"}, {"id": ORIGIN + "/a/1", "revocationReason": "Withdrawn"}],
        [ORIGIN + "/a/2", ORIGIN + "/a/1"],
    ],
    ids=["list of one", "a single object", "list of two", "plain ids"],
)
def test_a_signed_badge_on_its_issuers_revocation_list_is_revoked(web, key_pem, revoked):
    report = verify_badge(text=signed_v2(web, key_pem, revoked), fetch=web, now=NOW)
    assert report.revoked and error_names(report) == ["revocation"]
    assert report.verification_type == "signed"


def test_a_signed_badge_not_on_the_list_is_valid_and_a_missing_list_is_an_error(web, key_pem):
    token = signed_v2(web, key_pem, [{"id": ORIGIN + "/a/0"}])
    report = verify_badge(text=token, fetch=web, now=NOW)
    assert report.valid, report.errors
    assert report.original == token and report.assertion_id == ORIGIN + "/a/1"
    del web.pages[ORIGIN + "/revocations"]
    assert (
        "revocation list is unavailable" in verify_badge(text=token, fetch=web).errors[-1].message
    )


def test_the_json_of_a_signed_badge_without_its_signature_is_refused(web, key_pem):
    signed_v2(web, key_pem, [])
    assertion = json.loads(web.pages[ORIGIN + "/a/1"][2])
    assertion["verification"] = {"type": "SignedBadge", "creator": ORIGIN + "/key"}
    report = verify_badge(text=json.dumps(assertion), fetch=web)
    assert "paste the JWS" in report.errors[0].message


# Open Badges 1.0 and 1.1 ------------------------------------------------------------------


def publish_v1(web: FakeWeb, context: bool, **assertion) -> str:
    extra = {"@context": "https://w3id.org/openbadges/v1"} if context else {}
    web.json("/v1/issuer", {**extra, "name": "Old Academy", "url": ORIGIN})
    web.json(
        "/v1/badge",
        {
            **extra,
            "name": "Old",
            "description": "Old.",
            "image": ORIGIN + "/i.png",
            "criteria": ORIGIN + "/criteria",
            "issuer": ORIGIN + "/v1/issuer",
        },
    )
    doc = {
        **extra,
        "uid": "abc123",
        "recipient": {"type": "email", "hashed": True, "salt": "s", "identity": sha256(EMAIL, "s")},
        "badge": ORIGIN + "/v1/badge",
        "verify": {"type": "hosted", "url": ORIGIN + "/v1/a"},
        "issuedOn": 1767225600,  # 2026-01-01, as a Unix time
        **({"id": ORIGIN + "/v1/a", "type": "Assertion"} if context else {}),
        **assertion,
    }
    return web.json("/v1/a", doc)


@pytest.mark.parametrize(("context", "version"), [(False, "1.0"), (True, "1.1")])
def test_hosted_open_badges_1_0_and_1_1_badges_are_verified(web, context, version):
    report = verify_badge(
        url=publish_v1(web, context), recipients=[("email", EMAIL)], fetch=web, now=NOW
    )
    assert report.valid, report.errors
    assert (report.spec_version, report.verification_type) == (version, "hosted")
    assert report.issued_on == datetime(2026, 1, 1, tzinfo=UTC)
    assert report.assertion_id == ORIGIN + "/v1/a"
    assert "id" not in report.assertion or context  # kept as published


def test_a_1_0_badge_with_a_date_only_expiry_in_the_past_is_expired(web):
    report = verify_badge(url=publish_v1(web, False, expires="2026-02-01"), fetch=web, now=NOW)
    assert report.expired and report.expires == datetime(2026, 2, 1, tzinfo=UTC)


def test_a_signed_1_0_badge_is_checked_with_its_pem_key_and_uid_revocation_list(web, key_pem):
    publish_v1(web, False)
    web.pages[ORIGIN + "/v1/key.pem"] = (200, "text/plain", public_key_pem(key_pem).encode())
    issuer = json.loads(web.pages[ORIGIN + "/v1/issuer"][2])
    web.json("/v1/issuer", {**issuer, "revocationList": ORIGIN + "/v1/revoked"})
    web.json("/v1/revoked", {"other-uid": "Mistake"})
    assertion = json.loads(web.pages[ORIGIN + "/v1/a"][2])
    assertion["verify"] = {"type": "signed", "url": ORIGIN + "/v1/key.pem"}
    token = sign_jws(assertion, key_pem)
    report = verify_badge(text=token, fetch=web, now=NOW)
    assert report.valid, report.errors
    assert (report.spec_version, report.verification_type) == ("1.0", "signed")
    web.json("/v1/revoked", {"abc123": "Mistake"})
    report = verify_badge(text=token, fetch=web, now=NOW)
    assert (report.revoked, report.revocation_reason) == (True, "Mistake")


# Laurel's own badges, through a live server -----------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_laurel_verifies_the_badges_it_issues_hosted_signed_and_baked(
    live_server, settings, client
):
    settings.LAUREL_BASE_URL = live_server.url
    settings.LAUREL_FETCH_ALLOWED_HOSTS = [live_server.url.removeprefix("http://")]
    mine = [("email", EMAIL)]

    def award(badge):
        return assertion_award(badge_class=badge, user=None, recipient_identity=EMAIL, notify=False)

    hosted = award(make_badge(make_issuer()))
    signed = award(make_badge(make_issuer(verification="signed")))
    url = f"{live_server.url}/public/assertions/{hosted.entity_id}"
    for report, kind in [
        (verify_badge(url=url, recipients=mine), "hosted"),
        (verify_badge(text=artefacts.signature(signed), recipients=mine), "signed"),
        (
            verify_badge(
                image=client.get(f"/public/assertions/{hosted.entity_id}/baked").content,
                recipients=mine,
            ),
            "hosted",
        ),
        (
            verify_badge(
                image=client.get(f"/public/assertions/{signed.entity_id}/baked").content,
                recipients=mine,
            ),
            "signed",
        ),
    ]:
        assert report.valid, report.errors
        assert (report.verification_type, report.recipient_matched) == (kind, EMAIL)
        assert (
            report.issuer["id"]
            == f"{live_server.url}/public/issuers/"
            + (hosted if kind == "hosted" else signed).issuer.entity_id
        )

    assertion_revoke(assertion=hosted, user=None, reason="Mistake")
    report = verify_badge(url=url)
    assert (report.valid, report.revoked, report.revocation_reason) == (False, True, "Mistake")

    settings.LAUREL_FETCH_ALLOWED_HOSTS = []
    refused = verify_badge(url=url)
    assert "Badges must be published at a public internet address" in refused.errors[0].message
