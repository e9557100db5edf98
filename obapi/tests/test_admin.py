"""Operators list the registered clients in the Django admin and disable them there."""

import pytest

from accounts.tests.factories import UserFactory
from obapi.models import RegisteredClient

from .conftest import OB3
from .flows import bearer, registered, tokens

pytestmark = pytest.mark.django_db

READ = OB3 + "credential.readonly"


def test_an_operator_lists_clients_and_disables_one_whose_tokens_then_stop(client):
    registration = registered(client, [READ])
    token = tokens(client, UserFactory(), registration, [READ])
    operator = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(operator)
    listing = client.get("/staff/obapi/registeredclient/")
    assert listing.status_code == 200 and "Example LMS" in listing.content.decode()
    stored = RegisteredClient.objects.get()
    done = client.post(
        "/staff/obapi/registeredclient/",
        {"action": "disable", "_selected_action": [stored.pk]},
        follow=True,
    )
    assert "1 client(s) disabled." in done.content.decode()
    stored.refresh_from_db()
    assert stored.disabled
    client.logout()
    assert client.get("/ims/ob/v3p0/credentials", **bearer(token)).status_code == 401
