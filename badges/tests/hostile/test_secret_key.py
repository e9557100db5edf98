"""Production refuses to start with a SECRET_KEY anyone could know or guess."""

import pytest

from portal.tests.test_settings import run_settings

RANDOM_LOOKING = "k9Xq2-Vb7Tz_" * 5  # 60 characters


@pytest.mark.parametrize(
    "key, reason",
    [
        ("k9Xq2-Vb7Tz_" * 4, "48 characters long"),
        ("short", "5 characters long"),
        ("change-me-to-a-long-random-string", "example value"),
        ("laurel-tests-only-not-secret", "example value"),
        ("django-insecure-" + "a" * 50, "example value"),
        ("change-me-" + "z" * 50, "example value"),
    ],
)
def test_production_refuses_to_start_with_a_short_or_example_secret_key(key, reason):
    result = run_settings("portal.settings.production", SECRET_KEY=key)
    assert result.returncode != 0
    assert reason in result.stderr
    assert "secrets.token_urlsafe(50)" in result.stderr


def test_production_starts_with_a_long_random_secret_key():
    result = run_settings("portal.settings.production", SECRET_KEY=RANDOM_LOOKING)
    assert result.returncode == 0, result.stderr
