"""Reads for certificates: a badge class's layout (or the defaults) and what a certificate says."""

import re
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils.html import strip_tags

from accounts.selectors import public_profile
from backpack.selectors import award_earner
from badges.models import Assertion, BadgeClass, Endorsement

from .models import CertificateLayout

CRITERIA_CHARS = 420


def layout_for(badge_class: BadgeClass) -> CertificateLayout:
    """The stored layout, or an unsaved one with the defaults when the issuer chose none."""
    found = CertificateLayout.objects.filter(badge_class=badge_class).first()
    return found or CertificateLayout(badge_class=badge_class)


@dataclass
class CertificateFacts:
    """Everything a certificate prints, read once so the PDF and its preview agree."""

    badge_name: str
    issuer_name: str
    earner_name: str  # empty when the learner chose not to be named publicly
    issued_on: datetime
    expires: datetime | None
    criteria: str
    description: str
    verify_url: str
    endorsers: list[str] = field(default_factory=list)
    award_id: str = ""


def plain_summary(markdown_html: str, text: str) -> str:
    plain = strip_tags(markdown_html) if markdown_html else text
    plain = re.sub(r"[#*_`>\[\]]", "", plain)
    plain = re.sub(r"\s+", " ", plain).strip()
    if len(plain) > CRITERIA_CHARS:
        plain = plain[:CRITERIA_CHARS].rsplit(" ", 1)[0] + " …"
    return plain


def verify_url(assertion: Assertion) -> str:
    """The public page of the award, which says whether it is valid, expired or revoked."""
    return settings.LAUREL_BASE_URL + reverse("discovery:award", args=[assertion.entity_id])


def certificate_facts(assertion: Assertion) -> CertificateFacts:
    badge = assertion.badge_class
    # The name the award's public page gives: only a learner who chose to be named is named.
    profile = public_profile(user=award_earner(assertion=assertion))
    endorsements = (
        Endorsement.objects.shown()
        .filter(Q(assertion=assertion) | Q(badge_class=badge))
        .select_related("endorser")
        .order_by("issued_on", "id")
    )
    return CertificateFacts(
        badge_name=badge.name,
        issuer_name=assertion.issuer.name,
        earner_name=profile.name if profile else "",
        issued_on=assertion.issued_on,
        expires=assertion.expires,
        criteria=plain_summary(badge.criteria_html, badge.criteria_narrative),
        description=plain_summary("", badge.description),
        verify_url=verify_url(assertion),
        endorsers=list(dict.fromkeys(e.endorser.name for e in endorsements)),
        award_id=assertion.entity_id,
    )


def certificate_offered(assertion: Assertion) -> bool:
    """A revoked award has no certificate: a printed one would outlive the revocation."""
    return not assertion.revoked


def revoked_award_of(*, user, entity_id: str) -> Assertion | None:
    """The user's own award that was revoked (the backpack no longer lists it), so their old
    certificate link says why there is none rather than "not found"."""
    assertion = Assertion.objects.filter(entity_id=entity_id, revoked=True).first()
    if assertion is None or award_earner(assertion=assertion) != user:
        return None
    return assertion
