"""Fixtures of the search tests: each backend flavour, and a small fixed catalogue.

The flavours are SQLite FTS5 and PostgreSQL full-text (the database backend on whichever
database this run uses; the other one skips) and Elasticsearch (marker `elasticsearch`).
"""

import uuid
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from badges.models import BadgeClass
from badges.services.awards import assertion_award
from badges.services.badge_classes import badge_class_archive
from badges.tests.factories import make_badge, make_issuer
from search import get_backend
from search.services import index_rebuild
from search.types import BADGES, ISSUERS

DATABASE_FLAVOURS = {"sqlite": "sqlite", "postgres": "postgresql"}


def configure(settings, flavour: str) -> None:
    """Point LAUREL_SEARCH at one flavour; skip a database flavour this run is not on."""
    if flavour in DATABASE_FLAVOURS:
        if connection.vendor != DATABASE_FLAVOURS[flavour]:
            pytest.skip(
                f"the {flavour} flavour runs when the test database is {flavour} "
                "(SQLite: DATABASE_URL unset; PostgreSQL: DATABASE_URL names it)"
            )
        settings.LAUREL_SEARCH = {
            "default": {"BACKEND": "search.backends.database.DatabaseBackend"}
        }
    else:
        prefix = settings.LAUREL_SEARCH["default"].get("INDEX_PREFIX", "laurel-test")
        settings.LAUREL_SEARCH = {
            "default": {
                "BACKEND": "search.backends.elasticsearch.ElasticsearchBackend",
                "URL": settings.ELASTICSEARCH_URL,
                # Each test its own indices, so runs sharing the cluster never collide.
                "INDEX_PREFIX": f"{prefix}-{uuid.uuid4().hex[:8]}",
                "REFRESH": "true",
            }
        }


def drop_indices(backend) -> None:
    if backend.name == "elasticsearch":
        for kind in (BADGES, ISSUERS, "pathways"):
            backend.drop(kind)


FLAVOURS = [
    pytest.param("sqlite", id="sqlite-fts5"),
    pytest.param("postgres", id="postgres"),
    pytest.param("elasticsearch", id="elasticsearch", marks=pytest.mark.elasticsearch),
]


@pytest.fixture(params=FLAVOURS)
def backend(request, settings, db):
    configure(settings, request.param)
    engine = get_backend()
    yield engine
    drop_indices(engine)


@dataclass
class Catalogue:
    """The fixed catalogue: badge primary keys (as document ids) by a short name."""

    ids: dict[str, str]

    def __getitem__(self, key: str) -> str:
        return self.ids[key]

    def names(self, *keys: str) -> list[str]:
        return [self.ids[key] for key in keys]


A = "Open University of Testing"
B = "Coastal Health Institute"
# key, issuer, fields, awards
CORPUS = [
    ("python", A, {
        "name": "Python Programming",
        "description": "Write, test and debug Python programs.",
        "tags": ["programming", "python"],
        "alignments": [{"targetName": "Software development", "targetFramework": "ESCO",
                        "targetCode": "S1.2"}],
        "level": "intermediate", "badge_type": "skill",
        "time_to_earn_value": 10, "time_to_earn_unit": "hours",
    }, 3),
    ("pandas", A, {
        "name": "Data Analysis with Pandas",
        "description": "Clean & explore tabular data using Python libraries.",
        "tags": ["data", "python"],
        "alignments": [{"targetName": "Data analysis", "targetFramework": "ESCO"}],
        "level": "advanced", "badge_type": "skill",
        "time_to_earn_value": 2, "time_to_earn_unit": "days",
        "cost_amount": "49.00", "cost_currency": "EUR",
    }, 1),
    ("stewardship", A, {
        "name": "Research Data Stewardship",
        "description": "Care for research data across its life cycle.",
        "tags": ["data", "ethics"],
        "alignments": [{"targetName": "Open science", "targetFramework": "OpenAIRE"}],
        "level": "intermediate", "badge_type": "competency",
        "time_to_earn_value": 1, "time_to_earn_unit": "weeks",
    }, 0),
    ("first_aid", B, {
        "name": "First Aid at Work",
        "description": "Help people in a medical emergency until help arrives.",
        "tags": ["health", "safety"],
        "alignments": [{"targetName": "Emergency care", "targetFramework": "NHS"}],
        "level": "introductory", "badge_type": "certificate",
        "time_to_earn_value": 6, "time_to_earn_unit": "hours",
        "cost_amount": "120.00", "cost_currency": "GBP",
    }, 5),
    ("secours", B, {
        "name": "Premiers secours",
        "description": "Porter secours en cas d'urgence.",
        "tags": ["health"],
        "level": "introductory", "badge_type": "certificate",
        "time_to_earn_value": 8, "time_to_earn_unit": "hours", "language": "fr",
    }, 0),
    ("teaching", A, {
        "name": "Teaching with Python",
        "description": "Use programming exercises in the classroom.",
        "tags": ["teaching"],
        "level": "expert", "badge_type": "achievement",
        "time_to_earn_value": 2, "time_to_earn_unit": "weeks",
    }, 0),
    ("ethics", A, {
        "name": "Ethics of Care",
        "description": "Practise the ethics of care in nursing.",
        "tags": ["care"],
        "alignments": [{"targetName": "Compassionate care", "targetFramework": "NHS"}],
        "level": "intermediate", "badge_type": "competency",
        "cost_amount": "15.00", "cost_currency": "GBP",
    }, 0),
    ("safeguarding", B, {
        "name": "Safeguarding Adults",
        "description": "Protect adults at risk, within professional ethics and the law.",
        "tags": ["care"],
        "level": "introductory", "badge_type": "participation",
    }, 0),
]  # fmt: skip
HIDDEN = [
    ("archived", {"name": "Python Archive", "description": "An old Python course."}),
    ("private", {"name": "Python Secret", "description": "An internal Python course.",
                 "is_public": False}),
]  # fmt: skip


def make_catalogue() -> Catalogue:
    """The fixed catalogue in the database; creation dates one day apart, in CORPUS order."""
    issuers = {A: make_issuer(name=A), B: make_issuer(name=B)}
    ids: dict[str, str] = {}
    start = timezone.now() - timedelta(days=30)
    for number, (key, issuer, fields, awards) in enumerate(CORPUS):
        badge = make_badge(issuers[issuer], criteria_narrative="Complete the assessment.", **fields)
        BadgeClass.objects.filter(pk=badge.pk).update(created_at=start + timedelta(days=number))
        for award in range(awards):
            assertion_award(
                badge_class=badge,
                user=None,
                recipient_identity=f"{key}{award}@example.org",
                notify=False,
            )
        ids[key] = str(badge.pk)
    for key, fields in HIDDEN:
        badge = make_badge(issuers[A], criteria_narrative="Complete the assessment.", **fields)
        ids[key] = str(badge.pk)
    archived = BadgeClass.objects.get(pk=ids["archived"])
    badge_class_archive(badge_class=archived, user=None)
    return Catalogue(ids)


@pytest.fixture
def catalogue(backend) -> Catalogue:
    """The catalogue, indexed through the rebuild path from the database."""
    made = make_catalogue()
    index_rebuild(kind=BADGES)
    return made
