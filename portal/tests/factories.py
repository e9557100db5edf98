"""Test data for the portal's pages: catalogues of many badges."""

from badges.services.badge_classes import badge_class_create
from portal.demo import svg_badge


def make_catalogue_badges(issuer, name: str, count: int = 100, user=None, **fields) -> list:
    """`count` badges named `name` and a three-digit number, each drawn with its number."""
    return [
        badge_class_create(
            issuer=issuer,
            user=user,
            image=svg_badge("#1f6f43", str(n)),
            image_name="badge.svg",
            name=f"{name} {n:03}",
            criteria_narrative="Do the thing.",
            **fields,
        )
        for n in range(count)
    ]
