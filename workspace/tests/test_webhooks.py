"""The Webhooks pages: owners add an endpoint, see and rotate its secret, send a test message
to a real server, read the delivery log and redeliver; other issuers' staff see nothing."""

import pytest
from django.urls import reverse
from standardwebhooks import Webhook

from webhooks.models import WebhookDelivery, WebhookEndpoint
from webhooks.services import webhook_endpoint_create
from webhooks.tests.webhook_receiver import webhook_receiver

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiver(settings):
    with webhook_receiver(settings, timeout=2.0) as server:
        yield server


def test_an_owner_adds_an_endpoint_tests_it_and_redelivers_from_the_log(
    client, staffed, receiver, django_capture_on_commit_callbacks
):
    client.force_login(staffed.owner)
    issuer_id = staffed.issuer.entity_id
    page = client.get(reverse("workspace:dashboard", args=[issuer_id]))
    assert reverse("workspace:webhooks", args=[issuer_id]).encode() in page.content
    response = client.post(
        reverse("workspace:webhooks", args=[issuer_id]),
        {"url": receiver.url(), "description": "CRM", "events": ["assertion.awarded"],
         "active": "on"},
    )  # fmt: skip
    endpoint = WebhookEndpoint.objects.get()
    here = reverse("workspace:webhook", args=[issuer_id, endpoint.entity_id])
    assert response.status_code == 302 and response["Location"] == here
    assert endpoint.events == ["assertion.awarded"]
    page = client.get(here)
    assert endpoint.secret.encode() in page.content
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(here, {"action": "ping"}).status_code == 302
    (request,) = receiver.wait(1)
    assert Webhook(endpoint.secret).verify(request.body, request.headers)["type"] == "ping"
    delivery = WebhookDelivery.objects.get()
    log = client.get(here).content.decode()
    assert delivery.message_id in log and "HTTP 200" in log and "thanks" in log
    with django_capture_on_commit_callbacks(execute=True):
        client.post(here, {"action": "redeliver", "delivery": delivery.message_id})
    first, second = receiver.wait(2)
    assert first.headers["webhook-id"] == second.headers["webhook-id"] == delivery.message_id
    old = endpoint.secret
    client.post(here, {"action": "rotate"})
    endpoint.refresh_from_db()
    assert endpoint.secret != old
    delete = reverse(
        "workspace:webhook-delete", args=[staffed.issuer.entity_id, endpoint.entity_id]
    )
    assert f'href="{delete}"' in client.get(here).content.decode()
    assert "Delete this webhook endpoint?" in client.get(delete).content.decode()
    assert WebhookEndpoint.objects.exists()  # asking deletes nothing
    client.post(delete)
    assert not WebhookEndpoint.objects.exists()


def test_a_private_address_is_refused_beside_the_url_field(client, staffed):
    client.force_login(staffed.owner)
    response = client.post(
        reverse("workspace:webhooks", args=[staffed.issuer.entity_id]),
        {"url": "http://192.168.1.20/hooks", "events": ["assertion.awarded"]},
    )
    assert response.status_code == 400
    assert "a private address" in response.content.decode()
    assert "must be at a public internet address" in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_staff_of_another_issuer_see_nothing_of_its_webhooks(client, staffed):
    endpoint = webhook_endpoint_create(
        issuer=staffed.issuer, user=staffed.owner, url="http://127.0.0.1:8000/hooks"
    )
    client.force_login(staffed.outsider)
    own = staffed.outsider.issuer_roles.get().issuer
    for url in (
        reverse("workspace:webhook", args=[staffed.issuer.entity_id, endpoint.entity_id]),
        reverse("workspace:webhook", args=[own.entity_id, endpoint.entity_id]),
        reverse("workspace:webhooks", args=[staffed.issuer.entity_id]),
        reverse("workspace:webhook-delete", args=[staffed.issuer.entity_id, endpoint.entity_id]),
    ):
        assert client.get(url).status_code == 404
        assert client.post(url, {"action": "delete"}).status_code == 404
    assert WebhookEndpoint.objects.filter(pk=endpoint.pk).exists()
