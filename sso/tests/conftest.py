"""Fixtures of the sign-in tests: the test OpenID Provider, on a free loopback port."""

import pytest

from sso.tests.oidc_op import ADA, SLUG, running_op


@pytest.fixture
def op(live_server, settings):
    settings.LAUREL_BASE_URL = live_server.url
    client = {
        "client_id": "laurel",
        "client_secret": "a-long-test-secret-for-laurel",
        "redirect_uris": [f"{live_server.url}/accounts/oidc/{SLUG}/login/callback/"],
    }
    with running_op(
        clients=[client], accounts={"ada": ADA, "bob": {"email": "bob@x.example"}}
    ) as issuer:
        yield issuer
