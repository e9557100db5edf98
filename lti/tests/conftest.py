"""Fixtures of the LTI tests: a Laurel issuer with a badge, and a mock LMS registered with it."""

import pytest

from badges.tests.factories import make_badge, make_issuer

from .mock_platform import MockPlatform


@pytest.fixture
def issuer(db):
    return make_issuer()


@pytest.fixture
def badge(issuer):
    return make_badge(issuer, name="Cell Biology")


@pytest.fixture
def lms(live_server):
    platform = MockPlatform(live_server.url)
    yield platform
    platform.close()


@pytest.fixture
def registered(lms, issuer):
    """The mock LMS registered by an operator, as in the admin."""
    return lms.register_with_laurel(issuer=issuer, award_as=issuer.staff.get().user)
