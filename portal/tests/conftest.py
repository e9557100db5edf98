"""Fixtures for portal tests: an issuer with badges, and the page tree under the home page."""

import pytest

from badges.tests.factories import make_badge, make_issuer
from portal.demo import add_page
from portal.models import CatalogueIndexPage, HomePage, PathwayIndexPage, PathwayPage


@pytest.fixture
def issuer(db):
    return make_issuer()


@pytest.fixture
def badges(issuer):
    """Five badge classes of one issuer, Badge 0 to Badge 4."""
    return [make_badge(issuer, name=f"Badge {n}") for n in range(5)]


@pytest.fixture
def home(db):
    return HomePage.objects.get()


@pytest.fixture
def pathway_index(home):
    return add_page(home, PathwayIndexPage(title="Pathways", slug="pathways"))


@pytest.fixture
def catalogue_index(home):
    return add_page(home, CatalogueIndexPage(title="Catalogues", slug="catalogues"))


@pytest.fixture
def make_pathway(pathway_index):
    def make(steps, title="Data pathway", **fields):
        slug = title.lower().replace(" ", "-")
        return add_page(pathway_index, PathwayPage(title=title, slug=slug, steps=steps, **fields))

    return make
