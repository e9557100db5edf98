"""The webhooks API: owners register endpoints (the answer holds the secret), bad URLs get
field errors, the delivery log lists attempts, redelivery keeps the message id."""

import pytest
from standardwebhooks import Webhook

from badges.api.tests.conftest import client_for
from webhooks.models import WebhookDelivery
from webhooks.tests.webhook_receiver import webhook_receiver

pytestmark = pytest.mark.django_db


def test_an_owner_registers_an_endpoint_and_reads_its_delivery_log(
    world, settings, django_capture_on_commit_callbacks
):
    client = client_for(world.owner)
    with webhook_receiver(settings) as receiver:
        created = client.post(
            f"/v2/issuers/{world.issuer.entity_id}/webhooks",
            {"url": receiver.url(), "events": ["assertion.awarded"]},
            format="json",
        )
        assert created.status_code == 201, created.content
        (endpoint,) = created.json()["result"]
        assert endpoint["secret"].startswith("whsec_")
        assert endpoint["events"] == ["assertion.awarded"]
        with django_capture_on_commit_callbacks(execute=True):
            awarded = client.post(
                f"/v2/badgeclasses/{world.badge.entity_id}/assertions",
                {"recipient": {"identity": "new@example.org"}},
                format="json",
            )
        assert awarded.status_code == 201
        (request,) = receiver.wait(1)
        log = client.get(f"/v2/webhooks/{endpoint['entityId']}/deliveries").json()["result"]
        (delivery,) = log
        assert delivery["entityId"] == request.headers["webhook-id"]
        assert delivery["status"] == "delivered" and delivery["event"] == "assertion.awarded"
        assert delivery["attemptLog"][0]["statusCode"] == 200
        with django_capture_on_commit_callbacks(execute=True):
            again = client.post(f"/v2/webhooks/deliveries/{delivery['entityId']}/redeliver")
        assert again.status_code == 200
        assert receiver.wait(2)[1].headers["webhook-id"] == delivery["entityId"]


@pytest.mark.parametrize(
    ("body", "field", "says"),
    [
        ({"url": "http://10.0.0.7/hooks"}, "url", "a private address"),
        ({"url": "file:///etc/passwd"}, "url", "not a valid URL"),
        ({"url": "http://127.0.0.1:8000/h", "events": ["badge.eaten"]}, "events", "valid choice"),
        ({"url": "http://127.0.0.1:8000/h", "events": []}, "events", "at least one event"),
    ],
)
def test_bad_endpoints_get_field_errors(world, body, field, says):
    response = client_for(world.owner).post(
        f"/v2/issuers/{world.issuer.entity_id}/webhooks", body, format="json"
    )
    assert response.status_code == 400
    assert says in str(response.json()["fieldErrors"][field])


def test_a_delivery_still_being_tried_is_not_redelivered(world):
    WebhookDelivery.objects.filter(pk=world.delivery.pk).update(status="pending")
    response = client_for(world.owner).post(
        f"/v2/webhooks/deliveries/{world.delivery.message_id}/redeliver"
    )
    assert response.status_code == 400
    assert "still being tried" in response.json()["status"]["description"]


def test_an_owner_rotates_the_secret_and_pings(world, settings, django_capture_on_commit_callbacks):
    client = client_for(world.owner)
    with webhook_receiver(settings) as receiver:
        path = f"/v2/webhooks/{world.webhook.entity_id}"
        client.put(path, {"url": receiver.url()}, format="json")
        old = world.webhook.secret
        (rotated,) = client.post(f"{path}/secret").json()["result"]
        assert rotated["secret"] != old
        with django_capture_on_commit_callbacks(execute=True):
            pinged = client.post(f"{path}/ping")
        assert pinged.json()["result"][0]["event"] == "ping"
        (request,) = receiver.wait(1)
        assert Webhook(rotated["secret"]).verify(request.body, request.headers)["type"] == "ping"
        assert Webhook(old).verify(request.body, request.headers)["type"] == "ping"
