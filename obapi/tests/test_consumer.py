"""Laurel as the API's consumer: a learner connects a host by its base URL (discovery, dynamic
registration, PKCE, tokens kept encrypted) and sends an award there. The host is a live Laurel
over real HTTP, reached through the safe fetcher."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from oauth2_provider.models import AccessToken

from accounts.tests.factories import UserFactory
from backpack.models import ImportedBadge
from backpack.services import imported_badge_reverify
from badges.services.awards import assertion_award, assertion_revoke
from badges.tests.factories import make_badge, make_issuer
from obapi.models import HostConnection, HostDelivery

from .conftest import browser_of, consent

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def host(live_server, settings):
    # A loopback IP literal: the only plain-http redirect URI a host accepts (RFC 8252).
    base = live_server.url.replace("localhost", "127.0.0.1")
    settings.LAUREL_BASE_URL = base
    settings.LAUREL_FETCH_ALLOWED_HOSTS = [base.removeprefix("http://")]
    return base


def test_a_learner_connects_a_host_and_sends_an_award_there(live_server, host):
    ada = UserFactory(email="ada@example.org")
    award = assertion_award(
        badge_class=make_badge(make_issuer(), name="First Aid"),
        user=None,
        notify=False,
        recipient_identity="ada@example.org",
    )
    web = Client()
    web.force_login(ada)
    started = web.post("/accounts/backpacks/connect", {"base_url": host + "/"})
    assert started.status_code == 302, started.content.decode().split('role="alert">')[-1][:400]
    connection = HostConnection.objects.get(user=ada)
    assert connection.client_secret_encrypted.startswith("v1.")
    assert started["Location"].startswith(f"{host}/o/authorize/?")
    assert "code_challenge_method=S256" in started["Location"]

    # On the host, the learner allows Laurel; the host sends them back with a code.
    back = consent(browser_of(ada, live_server), started["Location"])
    assert back.status_code == 302
    finished = web.get(back.headers["Location"].removeprefix(host))
    assert finished["Location"] == "/accounts/backpacks/"
    connection.refresh_from_db()
    assert connection.status == "connected" and connection.access_token_encrypted.startswith("v1.")
    assert "Bearer" not in connection.access_token_encrypted

    page = web.get(f"/backpack/badges/{award.entity_id}/").content.decode()
    assert f"Send to my backpack at {connection.name}" in page
    sent = web.post(f"/accounts/backpacks/{connection.pk}/send/{award.entity_id}", follow=True)
    delivery = HostDelivery.objects.get()
    assert delivery.status_code == 201, delivery.detail
    assert f"Sent to {connection.name}" in sent.content.decode()

    # It arrived verified on the host; sending it again replaces it (200).
    arrived = ImportedBadge.objects.get(owner=ada)
    assert arrived.status == "valid" and arrived.spec_version.startswith("3")
    web.post(f"/accounts/backpacks/{connection.pk}/send/{award.entity_id}")
    assert HostDelivery.objects.first().status_code == 200

    # The host's access token is gone (expired): Laurel refreshes it once and sends again.
    AccessToken.objects.filter(application__client_id=connection.client_id).update(
        expires=timezone.now() - timedelta(minutes=1)
    )
    web.post(f"/accounts/backpacks/{connection.pk}/send/{award.entity_id}")
    refreshed = HostDelivery.objects.first()
    assert refreshed.status_code == 200, refreshed.detail

    # Revoked by its issuer: the host's copy shows revoked once verified again.
    assertion_revoke(assertion=award, user=None, reason="Awarded by mistake")
    assert (
        imported_badge_reverify(imported=ImportedBadge.objects.get(owner=ada)).status == "revoked"
    )


def test_a_host_that_is_not_an_open_badges_host_is_a_clear_form_error(host):
    ada = UserFactory()
    web = Client()
    web.force_login(ada)
    answer = web.post("/accounts/backpacks/connect", {"base_url": host + "/nothing-here"})
    assert answer.status_code == 200
    assert "has no Open Badges 3.0 service description" in answer.content.decode()
    assert not HostConnection.objects.exists()


def test_a_private_address_is_refused_by_the_safe_fetch_rules(db):
    web = Client()
    web.force_login(UserFactory())
    answer = web.post("/accounts/backpacks/connect", {"base_url": "http://10.1.2.3/"})
    assert answer.status_code == 200
    assert "could not reach that host" in answer.content.decode()
    assert not HostConnection.objects.exists()
