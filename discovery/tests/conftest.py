"""A small fixed catalogue for the discovery tests, indexed through the search layer."""

import io
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.tests.factories import UserFactory
from badges.models import BadgeClass, Issuer
from badges.services.awards import assertion_award
from badges.services.badge_classes import badge_class_archive
from badges.tests.factories import make_badge, make_issuer
from search.tests.conftest import backend  # noqa: F401  (the fixture: each search backend flavour)


def reindex() -> None:
    """Index the database as it is now, as an operator's rebuild would."""
    call_command("search_rebuild", stdout=io.StringIO(), stderr=io.StringIO())


@dataclass
class Catalogue:
    northfield: Issuer
    harbour: Issuer
    empty_issuer: Issuer
    python: BadgeClass
    testing: BadgeClass
    data: BadgeClass
    welding: BadgeClass
    archived: BadgeClass
    private: BadgeClass


def _award(badge: BadgeClass, count: int) -> None:
    for n in range(count):
        assertion_award(
            badge_class=badge,
            user=None,
            notify=False,
            recipient_identity=f"learner{n}@example.org",
            recipient_type="email",
        )


def build_catalogue() -> Catalogue:
    northfield = make_issuer(
        owner=UserFactory(), name="Northfield University", url="https://northfield.example.org"
    )
    harbour = make_issuer(
        owner=UserFactory(), name="Harbour Training", url="https://harbour.example.org"
    )
    empty_issuer = make_issuer(owner=UserFactory(), name="Quiet Institute")
    python = make_badge(
        northfield,
        name="Python Programming",
        description="Writes, tests and documents small Python programs.",
        criteria_narrative="Pass the **final project**.\n\n<script>alert('x')</script>",
        tags=["python", "programming"],
        level="introductory",
        badge_type="skill",
        time_to_earn_value=10,
        time_to_earn_unit="hours",
        language="en",
        alignments=[
            {
                "targetName": "Programming computer systems",
                "targetUrl": "https://esco.example.org/skill/s1-2",
                "targetFramework": "ESCO",
                "targetCode": "S1.2",
            }
        ],
    )
    testing = make_badge(
        northfield,
        name="Advanced Python Testing",
        description="Designs test suites with fixtures, mocks and property-based tests.",
        tags=["python", "testing"],
        level="advanced",
        badge_type="competency",
        time_to_earn_value=40,
        time_to_earn_unit="hours",
        cost_amount="50.00",
        cost_currency="EUR",
        alignments=[{"targetName": "Testing", "targetFramework": "SFIA"}],
    )
    data = make_badge(
        harbour,
        name="Data Analysis with Python",
        description="Cleans, explores and charts data sets with pandas.",
        tags=["python", "data"],
        level="intermediate",
        badge_type="skill",
        time_to_earn_value=20,
        time_to_earn_unit="hours",
        language="fr",
    )
    welding = make_badge(
        harbour,
        name="Welding Safety",
        description="Works safely in a welding workshop.",
        tags=["safety"],
        badge_type="participation",
        time_to_earn_value=2,
        time_to_earn_unit="hours",
    )
    archived = make_badge(
        northfield, name="Python Legacy Migration", description="Python 2 to 3.", tags=["python"]
    )
    badge_class_archive(badge_class=archived, user=None)
    private = make_badge(
        harbour,
        name="Internal Python Onboarding",
        description="Python onboarding for Harbour staff.",
        tags=["python"],
        is_public=False,
    )
    _award(python, 3)
    _award(testing, 1)
    # Published a day apart, oldest first, so "newest" has one right order.
    now = timezone.now()
    for age, badge in enumerate(reversed([python, testing, data, welding, archived, private])):
        badge.created_at = now - timedelta(days=age)
        BadgeClass.objects.filter(pk=badge.pk).update(created_at=badge.created_at)
    return Catalogue(
        northfield, harbour, empty_issuer, python, testing, data, welding, archived, private
    )


@pytest.fixture
def catalogue(db) -> Catalogue:
    catalogue = build_catalogue()
    reindex()
    return catalogue
