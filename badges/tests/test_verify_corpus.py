"""Laurel's verifier agrees with the 1EdTech OB 2.0 validator on a corpus of good and bad badges.

The good badges and most bad ones are issued by Laurel's own services and served by a live
server; the rest are hand-made documents served by a small server on 127.0.0.1, reachable
under two names (127.0.0.1 and localhost) so that origin rules can be tested. All cases go to
one validator process. Where the validator is known to be wrong (see OPEN-BADGES.md: it ignores
HTTP status, does not check hosted revocation, misses one-entry revocation lists, and requires
an issuer email that the specification makes optional) the case records the validator's wrong
verdict and why, and the test asserts Laurel's correct one.

The agreement table is printed (run with -s to see it) and written to
var/verifier-agreement.md.
"""

import base64
import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from badges import artefacts
from badges.openbadges.signing import generate_private_key, public_key_pem, sign_jws
from badges.openbadges.verify import verify_badge
from badges.services.awards import assertion_award, assertion_revoke, assertion_revoke_batch
from badges.tests.factories import SVG_BADGE, make_badge, make_issuer, png_bytes
from badges.tests.ob2_validator import errors, require_validator, validate_many
from badges.tests.static_server import running_static_server

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CONTEXT = "https://w3id.org/openbadges/v2"
EMAIL = "ada@example.org"
SALT = "c0rpu5"
TABLE = Path(__file__).resolve().parents[2] / "var" / "verifier-agreement.md"


@dataclass
class Case:
    name: str
    laurel_input: dict  # url=, text= or image= for verify_badge
    validator_input: str | Path
    expected: bool  # Laurel's verdict, which is the correct one
    recipient: str | None = EMAIL
    validator_wrong: str = ""  # why the validator's verdict differs, when it does
    note: str = ""  # what else the table should say
    fails: str = ""  # for an invalid badge: the check of Laurel's report that must fail


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def hashed(email: str = EMAIL) -> dict:
    digest = hashlib.sha256((email + SALT).encode()).hexdigest()
    return {"type": "email", "hashed": True, "salt": SALT, "identity": f"sha256${digest}"}


class HandMade:
    """Hand-made badge documents on the static server; `origin` picks the name it is used by."""

    def __init__(self, server, key_pem: str):
        self.server = server
        self.key_pem = key_pem
        port = server.host_port.rpartition(":")[2]
        self.origins = {"ip": server.base_url, "name": f"http://localhost:{port}"}
        server.add("/badge.png", "image/png", png_bytes())

    def url(self, path: str, origin: str = "ip") -> str:
        return self.origins[origin] + path

    def issuer(self, path: str, origin: str = "ip", **extra) -> str:
        doc = {
            "@context": CONTEXT,
            "type": "Issuer",
            "id": self.url(path, origin),
            "name": "Hand-made Academy",
            "url": "https://academy.example.org",
            "email": "badges@academy.example.org",
            **extra,
        }
        doc = {key: value for key, value in doc.items() if value is not None}
        self.server.add_json(path, doc)
        return doc["id"]

    def badge_class(self, path: str, issuer_url: str, status: int = 200, **extra) -> str:
        doc = {
            "@context": CONTEXT,
            "type": "BadgeClass",
            "id": self.url(path),
            "name": "Hand-made Tester",
            "description": "Checks the verifier.",
            "image": self.url("/badge.png"),
            "criteria": {"narrative": "Be a test case."},
            "issuer": issuer_url,
            **extra,
        }
        doc = {key: value for key, value in doc.items() if value is not None}
        self.server.add_json(path, doc, status=status)
        return doc["id"]

    def assertion(self, path: str, badge_url: str, origin: str = "ip", **extra) -> dict:
        doc = {
            "@context": CONTEXT,
            "type": "Assertion",
            "id": self.url(path, origin),
            "recipient": hashed(),
            "badge": badge_url,
            "verification": {"type": "HostedBadge"},
            "issuedOn": iso(timezone.now() - timedelta(days=10)),
            **extra,
        }
        return {key: value for key, value in doc.items() if value is not None}

    def hosted(self, path: str, badge_url: str, origin: str = "ip", **extra) -> str:
        doc = self.assertion(path, badge_url, origin, **extra)
        self.server.add_json(path, doc)
        return doc["id"]

    def signed_issuer(self, path: str, *, owner: str | None = None, listed: bool = True) -> str:
        issuer_url = self.url(path)
        key_url = self.server.add_json(
            f"{path}/key",
            {
                "@context": CONTEXT,
                "type": "CryptographicKey",
                "id": self.url(f"{path}/key"),
                "owner": owner or issuer_url,
                "publicKeyPem": public_key_pem(self.key_pem),
            },
        )
        self.issuer(path, publicKey=key_url if listed else self.url("/other-key"))
        return key_url


def ok_text(passed: bool) -> str:
    return "valid" if passed else "invalid"


def laurel_cases(base_url: str, client, tmp_path: Path) -> list[Case]:
    """Badges issued by Laurel and served by the live server."""

    def award(badge, **row):
        return assertion_award(
            badge_class=badge, user=None, recipient_identity=EMAIL, notify=False, **row
        )

    def url_of(assertion) -> str:
        return f"{base_url}/public/assertions/{assertion.entity_id}"

    def baked(assertion, suffix: str) -> tuple[bytes, Path]:
        content = client.get(f"/public/assertions/{assertion.entity_id}/baked").content
        path = tmp_path / f"{assertion.entity_id}.{suffix}"
        path.write_bytes(content)
        return content, path

    hosted_badge = make_badge(make_issuer())
    signed_issuer = make_issuer(verification="signed")
    signed_badge = make_badge(signed_issuer)
    svg_signed_badge = make_badge(signed_issuer, image=SVG_BADGE, image_name="b.svg")
    svg_hosted_badge = make_badge(make_issuer(), image=SVG_BADGE, image_name="b.svg")

    good = award(hosted_badge)
    signed = award(signed_badge)
    jws = artefacts.signature(signed)
    png_hosted, png_hosted_path = baked(award(hosted_badge), "png")
    svg_hosted, svg_hosted_path = baked(award(svg_hosted_badge), "svg")
    png_signed, png_signed_path = baked(award(signed_badge), "png")
    svg_signed, svg_signed_path = baked(award(svg_signed_badge), "svg")
    issued = timezone.now() - timedelta(days=30)
    expired = award(hosted_badge, issued_on=issued, expires=issued + timedelta(days=1))
    revoked_hosted = award(hosted_badge)
    assertion_revoke(assertion=revoked_hosted, user=None, reason="Awarded by mistake")

    one_issuer = make_issuer(verification="signed", name="One Revocation College")
    revoked_alone = award(make_badge(one_issuer))
    alone_jws = artefacts.signature(revoked_alone)  # signed while still valid, as it was handed out
    assertion_revoke(assertion=revoked_alone, user=None, reason="Withdrawn")

    several = [award(signed_badge) for _ in range(3)]
    several_jws = artefacts.signature(several[1])
    assertion_revoke_batch(assertions=several, user=None, reason="Withdrawn")

    header, payload, signature = jws.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["recipient"] = hashed("mallory@example.org")
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    tampered = f"{header}.{forged}.{signature}"

    pasted = client.get(f"/public/assertions/{good.entity_id}", HTTP_ACCEPT="application/ld+json")
    hosted_json = pasted.content.decode()
    missing = f"{base_url}/public/assertions/NoSuchAward123"

    return [
        Case("good hosted (Laurel)", {"url": url_of(good)}, url_of(good), True),
        Case("good signed JWS (Laurel)", {"text": jws}, jws, True),
        Case("pasted hosted JSON (Laurel)", {"text": hosted_json}, hosted_json, True),
        Case("baked PNG, hosted (Laurel)", {"image": png_hosted}, png_hosted_path, True),
        Case("baked SVG, hosted (Laurel)", {"image": svg_hosted}, svg_hosted_path, True),
        Case("baked PNG, signed (Laurel)", {"image": png_signed}, png_signed_path, True),
        Case("baked SVG, signed (Laurel)", {"image": svg_signed}, svg_signed_path, True),
        Case("no recipient to check (Laurel)", {"url": url_of(good)}, url_of(good), True, None),
        Case(
            "wrong recipient",
            {"url": url_of(good)},
            url_of(good),
            False,
            "someone.else@example.org",
            fails="recipient",
        ),
        Case("expired (Laurel)", {"url": url_of(expired)}, url_of(expired), False, fails="expiry"),
        Case(
            "revoked hosted: 410 Gone (Laurel)",
            {"url": url_of(revoked_hosted)},
            url_of(revoked_hosted),
            False,
            note="the validator only for the missing properties of the revocation notice: it "
            "ignores the 410 status and does not check hosted revocation",
            fails="revocation",
        ),
        Case(
            "revoked signed, list of one (Laurel)",
            {"text": alone_jws},
            alone_jws,
            False,
            validator_wrong="JSON-LD compaction turns a one-entry revocation list into an "
            "object, which it never matches",
            fails="revocation",
        ),
        Case(
            "revoked signed, list of three (Laurel)",
            {"text": several_jws},
            several_jws,
            False,
            fails="revocation",
        ),
        Case(
            "tampered JWS payload (Laurel)", {"text": tampered}, tampered, False, fails="signature"
        ),
        Case("assertion 404 (Laurel)", {"url": missing}, missing, False, fails="assertion"),
    ]


def hand_made_cases(made: HandMade) -> list[Case]:
    """Badges no Laurel service would issue, for the bad cases and the verification policies."""
    issuer = made.issuer("/issuer")
    badge = made.badge_class("/badge", issuer)
    future = iso(timezone.now() + timedelta(days=3))
    cases = []

    def hosted(name, path, fails, badge_url=badge, origin="ip", why="", note="", **extra):
        # fails: the check that must fail, "" for a good badge

        url = made.hosted(path, badge_url, origin, **extra)
        case = Case(name, {"url": url}, url, not fails, validator_wrong=why, note=note, fails=fails)
        cases.append(case)

    hosted("hand-made hosted, hashed recipient", "/a/good", "")
    hosted(
        "plain (unhashed) recipient",
        "/a/plain",
        "",
        recipient={"type": "email", "hashed": False, "identity": EMAIL},
    )
    hosted("issuedOn in the future", "/a/future", "issued on", issuedOn=future)
    hosted("assertion without issuedOn", "/a/no-issued-on", "assertion", issuedOn=None)
    hosted("assertion without recipient", "/a/no-recipient", "assertion", recipient=None)
    hosted("assertion of the wrong type", "/a/wrong-type", "assertion", type="Badge")
    no_description = made.badge_class("/badge/no-description", issuer, description=None)
    hosted("badge class without description", "/a/no-description", "badge class", no_description)
    no_criteria = made.badge_class("/badge/no-criteria", issuer, criteria=None)
    hosted("badge class without criteria", "/a/no-criteria", "badge class", no_criteria)
    no_name = made.badge_class("/badge/nameless-issuer", made.issuer("/issuer/no-name", name=None))
    hosted("issuer without name", "/a/nameless-issuer", "issuer", no_name)
    no_email = made.badge_class("/badge/no-email", made.issuer("/issuer/no-email", email=None))
    hosted(
        "issuer without email",
        "/a/no-email",
        "",
        no_email,
        note="email is optional in Open Badges 2.0; Laurel adds a warning",
    )
    # The issuer lives at localhost:PORT, the assertion at 127.0.0.1:PORT: different origins.
    far_issuer = made.issuer("/issuer/far", origin="name")
    far_badge = made.badge_class("/badge/far", far_issuer)
    hosted("assertion on another origin than its issuer", "/a/far", "hosted origin", far_badge)
    allowing = made.issuer(
        "/issuer/allowing",
        origin="name",
        verification={"type": "VerificationObject", "allowedOrigins": made.server.host_port},
    )
    hosted(
        "other origin, allowed by the issuer's allowedOrigins",
        "/a/allowed",
        "",
        made.badge_class("/badge/allowing", allowing),
        why="it takes only a domain name with a top-level domain in allowedOrigins, so the "
        "host:port of a test server (the form its own default rule compares) is refused",
    )
    prefixed = made.issuer(
        "/issuer/prefixed",
        verification={"type": "VerificationObject", "startsWith": made.url("/official/")},
    )
    hosted(
        "id outside the issuer's startsWith",
        "/a/not-official",
        "hosted origin",
        made.badge_class("/badge/prefixed", prefixed),
    )
    gone_badge = made.badge_class("/badge/gone", issuer, status=404)
    hosted(
        "badge class answers 404 (with a JSON body)",
        "/a/badge-404",
        "badge class",
        gone_badge,
        why="it never looks at the HTTP status, so a 404 page holding JSON passes",
    )
    hosted(
        "badge class missing (404, no body)",
        "/a/badge-missing",
        "badge class",
        made.url("/nothing"),
    )
    made.server.add("/badge/html", "text/html", b"<html><body>A badge</body></html>")
    hosted("badge class is an HTML page", "/a/badge-html", "badge class", made.url("/badge/html"))
    html_url = made.server.add("/a/html", "text/html", b"<html><body>Your badge!</body></html>")
    cases.append(
        Case("assertion is an HTML page", {"url": html_url}, html_url, False, fails="assertion")
    )
    revoked = made.assertion("/a/revoked-flag", badge, revoked=True, revocationReason="Cheated")
    revoked_url = made.server.add_json("/a/revoked-flag", revoked)
    cases.append(
        Case(
            "hosted with revoked: true (200)",
            {"url": revoked_url},
            revoked_url,
            False,
            validator_wrong="it does not check hosted revocation",
            fails="revocation",
        )
    )

    key_url = made.signed_issuer("/signer")
    signed_badge = made.badge_class("/badge/signed", made.url("/signer"))
    signed_doc = made.assertion(
        "/a/signed", signed_badge, verification={"type": "SignedBadge", "creator": key_url}
    )
    for name, token, fails in [
        ("hand-made signed", sign_jws(signed_doc, made.key_pem), ""),
        ("signed with another key", sign_jws(signed_doc, generate_private_key()), "signature"),
    ]:
        cases.append(Case(name, {"text": token}, token, not fails, fails=fails))

    def signed_by(slug: str, **issuer) -> str:
        """A badge of its own issuer at /<slug>, signed with the corpus key."""
        key = made.signed_issuer(f"/{slug}", **issuer)
        doc = made.assertion(
            f"/a/{slug}",
            made.badge_class(f"/badge/{slug}", made.url(f"/{slug}")),
            verification={"type": "SignedBadge", "creator": key},
        )
        return sign_jws(doc, made.key_pem)

    token = signed_by("stranger", owner=made.url("/someone-else"))
    cases.append(
        Case(
            "signing key owned by someone else",
            {"text": token},
            token,
            False,
            validator_wrong="it checks that the issuer lists the key but not the key's owner, "
            "which the specification's verification steps require",
            fails="signing key",
        )
    )
    token = signed_by("unlisted", listed=False)
    cases.append(
        Case(
            "signing key not listed by the issuer",
            {"text": token},
            token,
            False,
            fails="signing key",
        )
    )
    return cases


def test_laurel_agrees_with_the_validator_on_the_corpus(live_server, settings, client, tmp_path):
    require_validator()
    settings.LAUREL_BASE_URL = live_server.url
    with running_static_server() as server:
        port = server.host_port.rpartition(":")[2]
        settings.LAUREL_FETCH_ALLOWED_HOSTS = [
            live_server.url.removeprefix("http://"),
            server.host_port,
            f"localhost:{port}",
        ]
        cases = laurel_cases(live_server.url, client, tmp_path)
        cases += hand_made_cases(HandMade(server, generate_private_key()))
        assert len({case.name for case in cases}) == len(cases) >= 20
        validator = validate_many([(case.validator_input, case.recipient) for case in cases])
        laurel = [
            verify_badge(**case.laurel_input, recipients=[("email", case.recipient)])
            if case.recipient
            else verify_badge(**case.laurel_input)
            for case in cases
        ]

    rows = ["| case | validator | Laurel | agree |", "|---|---|---|---|"]
    problems = []
    for case, theirs, ours in zip(cases, validator, laurel, strict=True):
        agree = "yes" if theirs["valid"] == ours.valid else f"no: {case.validator_wrong}"
        agree += f" ({case.note})" if case.note else ""
        rows.append(
            f"| {case.name} | {ok_text(theirs['valid'])} | {ok_text(ours.valid)} | {agree} |"
        )
        if ours.valid != case.expected:
            problems.append(f"Laurel says {ok_text(ours.valid)} for {case.name}: {ours.errors}")
        elif case.fails not in {check.name for check in ours.errors} | {""}:
            problems.append(f"Laurel's {case.fails!r} check passes for {case.name}: {ours.errors}")
        # The validator must be right wherever no quirk of it is named, and wrong where one is.
        if (theirs["valid"] != ours.valid) != bool(case.validator_wrong):
            problems.append(
                f"validator says {ok_text(theirs['valid'])} for {case.name}: {errors(theirs)}"
            )
    table = "\n".join(rows)
    print("\n" + table)
    TABLE.parent.mkdir(exist_ok=True)
    TABLE.write_text(table + "\n")
    assert problems == [], "\n".join(problems)
