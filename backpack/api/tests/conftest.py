"""Fixtures of the backpack API tests: the API tests' world of an issuer, a badge and an earner."""

from badges.api.tests.conftest import world  # noqa: F401  (the fixture)
