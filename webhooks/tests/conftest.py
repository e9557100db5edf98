"""Fixtures of the webhooks tests: the API's world (an issuer with staff, a badge, an award,
an endpoint and a delivery) comes from the badges API tests."""

from badges.api.tests.conftest import world  # noqa: F401  (a fixture)
