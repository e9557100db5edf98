"""Test data for the issuing domain, made through the services so the rules apply."""

import io

from PIL import Image

from accounts.tests.factories import UserFactory
from badges.selectors import badge_criteria
from badges.services.applications import (
    application_create,
    application_evidence_add,
    application_submit,
)
from badges.services.badge_classes import badge_class_create
from badges.services.issuers import issuer_create


def png_bytes(size: tuple[int, int] = (120, 120), color: str = "#1f6f43") -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", size, color).save(out, format="PNG")
    return out.getvalue()


SVG_BADGE = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" viewBox="0 0 100 100">'
    b'<circle cx="50" cy="50" r="40" fill="#1f6f43"/></svg>'
)


def make_issuer(owner=None, **fields):
    owner = owner or UserFactory()
    values = {
        "name": "Open University of Testing",
        "url": "https://testing.example.org",
        "email": owner.email,
        "description": "Issues badges for tests.",
        **fields,
    }
    return issuer_create(user=owner, **values)


def make_badge(
    issuer, image: bytes | None = None, image_name: str = "badge.png", user=None, **fields
):
    values = {
        "name": "Python Programming",
        "description": "Writes and tests Python programs.",
        "criteria_narrative": "Pass the **final project**.",
        **fields,
    }
    return badge_class_create(
        issuer=issuer, user=user, image=image or png_bytes(), image_name=image_name, **values
    )


PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
CRITERIA = "Show that you can:\n\n- Tie a bowline\n- Read a chart\n"


def make_applying_badge(issuer, **fields):
    """A published badge class that takes applications, with two criteria to reflect on."""
    values = {"accepts_applications": True, "criteria_narrative": CRITERIA, **fields}
    return make_badge(issuer, **values)


def make_application(badge, learner=None, *, submit: bool = True):
    """A learner's application with a reflection on every criterion, submitted unless told."""
    learner = learner or UserFactory()
    application = application_create(
        badge_class=badge,
        user=learner,
        reflections={
            criterion: f"My work on {criterion.lower()}." for criterion in badge_criteria(badge)
        },
    )
    application_evidence_add(
        application=application, user=learner, kind="url", url="https://portfolio.example/me"
    )
    if submit:
        application_submit(application=application, user=learner)
        application.refresh_from_db()
    return application
