"""Test data for the issuing domain, made through the services so the rules apply."""

import io

from PIL import Image

from accounts.tests.factories import UserFactory
from badges import services


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
    return services.issuer_create(user=owner, **values)


def make_badge(issuer, image: bytes | None = None, image_name: str = "badge.png", **fields):
    values = {
        "name": "Python Programming",
        "description": "Writes and tests Python programs.",
        "criteria_narrative": "Pass the **final project**.",
        **fields,
    }
    return services.badge_class_create(
        issuer=issuer, user=None, image=image or png_bytes(), image_name=image_name, **values
    )
