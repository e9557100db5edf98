"""Laurel's Open Badges verifier (1.0, 1.1 and 2.0, hosted and signed; 3.0): `verify_badge`.

It takes a badge as its URL, its JSON or JWS, or a baked image, fetches what the badge links
to (assertion, badge class, issuer, signing key, revocation list) through a safe fetcher, and
returns a report of readable checks. Every problem, however malformed the input, becomes a
failed check in the report; nothing is raised.

Open Badges 3.0 credentials (JSON with a VC context, a VC-JWT, or baked) are recognised here
and checked by verify_ob3, into the same report. 1.x and 2.0 documents are read by
verify_ob2 and their endorsements, signatures and revocation lists checked by verify_ob2_trust.
JSON-LD contexts are recognised by URL and never fetched.
"""

import contextlib
import json
import re
from collections.abc import Sequence
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from .baking import PNG_SIGNATURE, BakingError, extract
from .fetch import safe_get
from .images import ImageError, image_dimensions
from .pdf import PdfError, is_pdf
from .pdf import extract as extract_from_pdf
from .report import VerificationReport
from .signing import SigningError, read_jws
from .verify_base import Fetch, Stop, as_list, is_http_url, parse_json
from .verify_ob2 import Badge, declared_type, hosted_id_of, read_version, verification_of
from .verify_ob2_trust import Ob2Trust
from .verify_ob3 import is_credential, is_credential_jwt, verify_credential

JWS_SHAPE = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$")


def verify_badge(
    *,
    url: str | None = None,
    text: str | None = None,
    image: bytes | None = None,
    recipients: Sequence[tuple[str, str]] = (),
    fetch: Fetch = safe_get,
    now: datetime | None = None,
) -> VerificationReport:
    """Verify one badge given as exactly one of url, text (JSON, JWS or a URL) or image.

    recipients are the (type, identity) pairs of the person importing it, such as
    ("email", "ada@example.org"); the badge must be awarded to one of them. With none, the
    recipient is not checked (anyone may verify any badge).
    """
    verifier = _Verifier(fetch=fetch, recipients=recipients, now=now or timezone.now())
    with contextlib.suppress(Stop):  # raised once the check that ends it is recorded
        verifier.run(url=url, text=text, image=image)
    report = verifier.report
    report.valid = not report.errors
    return report


class _Verifier(Ob2Trust):
    """One badge's verification: recognises what was given and runs the checks it needs."""

    def __init__(self, *, fetch: Fetch, recipients: Sequence[tuple[str, str]], now: datetime):
        self.fetch = fetch
        self.recipients = recipients
        self.now = now
        self.report = VerificationReport()
        self.fetched: dict[str, dict | None] = {}
        self.token = ""  # the JWS of a signed badge

    # The steps -----------------------------------------------------------------------------

    def run(self, *, url: str | None, text: str | None, image: bytes | None) -> None:
        given = [value for value in (url, text, image) if value]
        if len(given) != 1:
            self.stop(
                "input",
                _(
                    "Give exactly one of: the badge's URL, its JSON or JWS text, or the baked "
                    "badge image."
                ),
            )
        if image:
            text = self.unbake(image)
        raw = (url or text or "").strip()
        self.report.original = raw
        if is_http_url(raw):
            self.report.source_url = raw
            badge = self.hosted(raw)
        elif raw.startswith("{") and is_credential(parse_json(raw)):
            self.credential(raw)
        elif raw.startswith("{"):
            badge = self.from_json(raw)
        elif JWS_SHAPE.match(raw) and is_credential_jwt(raw):
            self.credential(raw)
        elif JWS_SHAPE.match(raw):
            badge = self.from_jws(raw)
        else:
            self.stop(
                "input",
                _(
                    "This is not a badge: give an assertion URL (http or https), the assertion's "
                    "JSON, a JWS signature, or a baked PNG or SVG image."
                ),
            )
        self.verify_linked(badge)

    def credential(self, text: str) -> None:
        """An Open Badges 3.0 credential: checked by verify_ob3, and that is all."""
        verify_credential(
            self.report, text=text, fetch=self.fetch, recipients=self.recipients, now=self.now
        )
        raise Stop

    def unbake(self, image: bytes) -> str:
        if is_pdf(image):
            return self.from_pdf(image)
        try:
            if image.startswith(PNG_SIGNATURE):
                # Refused before any other use: the size in the header is what a bomb lies about.
                image_dimensions(image)
            payload = extract(image)
        except (BakingError, ImageError) as exc:
            self.stop("image", str(exc))
        self.check("image", True, _("The image holds a baked badge."))
        return payload

    def from_pdf(self, data: bytes) -> str:
        """A certificate PDF: the credential (or assertion URL) it carries as an attachment."""
        try:
            payload = extract_from_pdf(data)
        except PdfError as exc:
            self.stop("pdf", str(exc))
        self.check("pdf", True, _("The PDF carries a badge as an attached file."))
        return payload

    def hosted(self, url: str, *, follow_id: bool = True) -> Badge:
        """The assertion published at url (its hosted copy), or stops when it is gone."""
        self.report.verification_type = "hosted"
        doc = self.fetch_assertion(url)
        if is_credential(doc):
            self.credential(json.dumps(doc))
        if "Endorsement" in as_list(doc.get("type")):
            # Fetched by another URL (a .json variant) or not: its id is the hosted copy.
            self.endorsement(doc["id"] if is_http_url(doc.get("id")) else url)
        hosted_id = hosted_id_of(doc)
        if follow_id and hosted_id != url and is_http_url(hosted_id):
            # Fetched by another URL (a .json variant, a redirect): its id is the hosted copy.
            self.report.source_url = url = hosted_id
            doc = self.fetch_assertion(url)
        badge = self.read_assertion(doc)
        if badge.id != url:
            self.stop(
                "assertion id",
                _(
                    "The assertion at %(url)s gives the id %(id)s; a hosted badge must be "
                    "published at its own id, which must be its URL."
                )
                % {"url": url, "id": repr(badge.id)},
            )
        if badge.declared == "signed":
            self.check(
                "verification type",
                False,
                _(
                    "The assertion says it is a signed badge, but it was given as a URL, so its "
                    "hosted copy was verified; import the baked image or the JWS to check the "
                    "signature too."
                ),
                "warning",
            )
        return badge

    def from_json(self, raw: str) -> Badge:
        doc = parse_json(raw)
        if doc is None:
            self.stop("input", _("The text is not valid JSON; paste the assertion's whole JSON."))
        if read_version(doc) is None:
            self.read_assertion(doc)  # stops, saying why it is no badge
        if declared_type(verification_of(doc)) == "signed":
            self.stop(
                "verification type",
                _(
                    "This is the JSON of a signed badge, which cannot be checked without its "
                    "signature; paste the JWS (the signed text) or upload the baked image "
                    "instead."
                ),
            )
        hosted_id = hosted_id_of(doc)
        if not is_http_url(hosted_id):
            self.stop(
                "assertion id",
                _(
                    "The assertion's id %(id)s is not the URL where it is hosted, so the "
                    "issuer's copy cannot be checked."
                )
                % {"id": repr(hosted_id)},
            )
        # A pasted hosted badge is only as good as the issuer's copy, which is what is kept.
        self.report.source_url = hosted_id
        return self.hosted(hosted_id, follow_id=False)

    def from_jws(self, token: str) -> Badge:
        self.report.verification_type = "signed"
        try:
            _header, payload = read_jws(token)
        except SigningError as exc:
            self.stop("signature", _("The JWS cannot be read: %(error)s") % {"error": exc})
        badge = self.read_assertion(payload, revoked_possible=False)
        if badge.declared != "signed":
            self.stop(
                "verification type",
                _(
                    "The JWS holds an assertion that says it is hosted, not signed; a signed "
                    "badge's verification type must be SignedBadge."
                ),
            )
        self.token = token
        return badge

    def verify_linked(self, badge: Badge) -> None:
        badge_class = self.linked(badge.doc.get("badge"), "badge class")
        self.check_structure(badge_class, "badge class", badge.version)
        issuer_ref = badge_class.get("issuer")
        issuer = self.linked(issuer_ref, "issuer")
        issuer_id = issuer.get("id") or (issuer_ref if isinstance(issuer_ref, str) else "")
        self.check_structure(issuer, "issuer", badge.version)
        if self.report.verification_type == "hosted":
            self.check_origin(badge, issuer, issuer_id)
        else:
            self.check_signature(badge, issuer, issuer_id)
        self.check_recipient(badge.doc.get("recipient"), badge.version)
        self.check_dates(badge.doc, badge.version)
        if badge.declared == "signed":
            self.check_revocation_list(badge, issuer)
        for what, doc in (("award", badge.doc), ("badge class", badge_class), ("issuer", issuer)):
            for listed in as_list(doc.get("endorsement")):
                self.check_endorsement(listed, what, doc.get("id"))
