"""Webhooks: events reach a real HTTP server, signed, retried, logged, and never to private
addresses; one delivery per endpoint and outbox message."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from standardwebhooks import Webhook

from badges.models import new_webhook_secret
from badges.services.awards import assertion_award, assertion_revoke
from badges.services.badge_classes import badge_class_update
from badges.services.issuers import issuer_staff_add
from badges.tests.factories import make_badge, make_issuer
from outbox import delivery
from outbox.models import OutboxMessage
from outbox.services import emit
from webhooks import delivery as webhook_delivery
from webhooks.models import DeliveryStatus, WebhookDelivery
from webhooks.services import (
    webhook_endpoint_create,
    webhook_endpoint_update,
    webhook_ping,
    webhook_redeliver,
    webhook_secret_rotate,
)
from webhooks.tasks import webhooks_sweep
from webhooks.tests.webhook_receiver import webhook_receiver

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiver(settings):
    with webhook_receiver(settings, timeout=2.0) as server:
        settings.LAUREL_WEBHOOK_RETRY_SCHEDULE = [60, 300, 1800]
        yield server


@pytest.fixture
def issuer():
    return make_issuer(name="Harbour College")


@pytest.fixture
def endpoint(issuer, receiver):
    return webhook_endpoint_create(
        issuer=issuer, user=None, url=receiver.url(), description="Our CRM"
    )


def award(badge, commit, email="sailor@example.org"):
    with commit(execute=True):
        return assertion_award(badge_class=badge, user=None, recipient_identity=email, notify=False)


def verified(endpoint, request) -> dict:
    """The body, after the standardwebhooks library has checked its signature and timestamp."""
    return Webhook(endpoint.secret).verify(request.body, request.headers)


def time_passes():
    """The retry wait is over for every pending delivery."""
    WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING).update(
        next_attempt_at=timezone.now()
    )


def test_an_award_reaches_the_endpoint_signed_as_standard_webhooks_say(
    issuer, endpoint, receiver, django_capture_on_commit_callbacks
):
    badge = make_badge(issuer, name="Sea Survival")
    assertion = award(badge, django_capture_on_commit_callbacks)
    (request,) = receiver.wait(1)
    message = verified(endpoint, request)
    assert message["type"] == "assertion.awarded"
    assert message["data"]["assertion"]["id"] == assertion.entity_id
    assert message["data"]["assertion"]["url"].endswith(f"/public/assertions/{assertion.entity_id}")
    assert message["data"]["assertion"]["recipient"]["identity"] == "sailor@example.org"
    assert message["data"]["badgeclass"]["name"] == "Sea Survival"
    assert message["data"]["issuer"]["id"] == issuer.entity_id
    delivery = WebhookDelivery.objects.get()
    assert request.headers["webhook-id"] == delivery.message_id
    assert delivery.message_id.startswith("msg_")
    assert request.headers["content-type"] == "application/json"
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 1, 200)
    (logged,) = delivery.attempt_log.all()
    assert (logged.status_code, logged.response_excerpt) == (200, "thanks")


def test_a_tampered_body_or_another_secret_fails_verification(
    issuer, endpoint, receiver, django_capture_on_commit_callbacks
):
    from standardwebhooks import WebhookVerificationError

    award(make_badge(issuer), django_capture_on_commit_callbacks)
    (request,) = receiver.wait(1)
    with pytest.raises(WebhookVerificationError):
        Webhook(endpoint.secret).verify(request.body.replace(b"sailor", b"pirate"), request.headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(new_webhook_secret()).verify(request.body, request.headers)


def test_revocation_and_badge_class_changes_are_events_too(
    issuer, endpoint, receiver, django_capture_on_commit_callbacks
):
    badge = make_badge(issuer)
    assertion = award(badge, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        assertion_revoke(assertion=assertion, user=None, reason="Issued in error")
    with django_capture_on_commit_callbacks(execute=True):
        badge_class_update(badge_class=badge, user=None, name="Sea Survival II")
    messages = [verified(endpoint, request) for request in receiver.wait(3)]
    types = [message["type"] for message in messages]
    assert "assertion.revoked" in types and "badgeclass.updated" in types
    revoked = next(m for m in messages if m["type"] == "assertion.revoked")
    assert revoked["data"]["assertion"]["revoked"] is True
    assert revoked["data"]["assertion"]["revocationReason"] == "Issued in error"
    updated = [m for m in messages if m["type"] == "badgeclass.updated"]
    assert updated[-1]["data"]["badgeclass"]["name"] == "Sea Survival II"


def test_only_subscribed_active_endpoints_of_the_issuer_receive_an_event(
    issuer, endpoint, receiver, django_capture_on_commit_callbacks
):
    webhook_endpoint_update(endpoint=endpoint, user=None, events=["assertion.revoked"])
    webhook_endpoint_create(issuer=issuer, user=None, url=receiver.url("/off"), active=False)
    other = make_issuer(name="Elsewhere")
    webhook_endpoint_create(issuer=other, user=None, url=receiver.url("/other"))
    award(make_badge(issuer), django_capture_on_commit_callbacks)
    assert WebhookDelivery.objects.count() == 0
    assert receiver.received == []


def test_handling_an_outbox_message_twice_makes_one_delivery(
    issuer, endpoint, receiver, django_capture_on_commit_callbacks
):
    award(make_badge(issuer), django_capture_on_commit_callbacks)
    message = OutboxMessage.objects.get(topic="assertion.awarded")
    OutboxMessage.objects.filter(pk=message.pk).update(delivered_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        assert delivery.deliver(message.pk)
    assert WebhookDelivery.objects.count() == 1
    assert len(receiver.received) == 1


def test_an_endpoint_down_at_first_gets_the_message_later_exactly_once(
    issuer, endpoint, receiver, django_capture_on_commit_callbacks
):
    receiver.answers = [503, 500]
    award(make_badge(issuer), django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("pending", 1, 503)
    assert (delivery.next_attempt_at - timezone.now()).total_seconds() > 50  # the 1st wait: 60s
    assert webhooks_sweep() == 0  # not due yet
    for _ in range(2):
        time_passes()
        webhooks_sweep()
    for _ in range(3):  # nothing more is sent once delivered
        time_passes()
        webhooks_sweep()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("delivered", 3)
    assert [a.status_code for a in delivery.attempt_log.order_by("id")] == [503, 500, 200]
    assert "only 2xx counts" in delivery.attempt_log.order_by("id").first().error
    requests = receiver.received
    assert len(requests) == 3
    assert {request.headers["webhook-id"] for request in requests} == {delivery.message_id}
    assert len({request.body for request in requests}) == 1


def test_a_delivery_fails_after_the_last_retry(
    issuer, endpoint, receiver, django_capture_on_commit_callbacks
):
    receiver.answers = [500] * 10
    award(make_badge(issuer), django_capture_on_commit_callbacks)
    for _ in range(5):
        time_passes()
        webhooks_sweep()
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("failed", 4)  # the first and 3 retries
    assert len(receiver.received) == 4


def test_redeliver_sends_the_same_message_again(
    issuer, endpoint, receiver, django_capture_on_commit_callbacks
):
    award(make_badge(issuer), django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        webhook_redeliver(delivery=delivery, user=None)
    first, second = receiver.wait(2)
    assert first.headers["webhook-id"] == second.headers["webhook-id"] == delivery.message_id
    assert first.body == second.body
    delivery.refresh_from_db()
    assert delivery.status == "delivered" and delivery.attempt_log.count() == 2


def test_redeliver_is_refused_while_the_delivery_is_still_tried(
    issuer, endpoint, receiver, django_capture_on_commit_callbacks
):
    receiver.answers = [503]
    award(make_badge(issuer), django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError, match="still being tried"):
        webhook_redeliver(delivery=WebhookDelivery.objects.get(), user=None)


def test_a_ping_and_a_rotated_secret_both_sign_for_a_while(
    issuer, endpoint, receiver, django_capture_on_commit_callbacks
):
    old = endpoint.secret
    webhook_secret_rotate(endpoint=endpoint, user=None)
    endpoint.refresh_from_db()
    assert endpoint.secret != old and endpoint.secret.startswith("whsec_")
    with django_capture_on_commit_callbacks(execute=True):
        webhook_ping(endpoint=endpoint, user=None)
    (request,) = receiver.wait(1)
    assert len(request.headers["webhook-signature"].split()) == 2
    assert verified(endpoint, request)["type"] == "ping"
    assert Webhook(old).verify(request.body, request.headers)["type"] == "ping"


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("http://10.1.2.3/hooks", "a private address"),
        ("http://127.0.0.1:9/hooks", "a loopback address"),
        ("http://[::1]:9/hooks", "a loopback address"),
        ("http://169.254.169.254/latest", "a link-local address"),
        ("ftp://example.org/hooks", "not a valid URL"),
        ("hooks.example.org", "not a valid URL"),
        ("", "Enter a URL"),
    ],
)
def test_private_addresses_and_other_schemes_are_refused(issuer, url, says):
    with pytest.raises(ValidationError) as refused:
        webhook_endpoint_create(issuer=issuer, user=None, url=url)
    assert says in refused.value.message_dict["url"][0]


def test_an_address_that_turns_private_is_not_sent_to(
    issuer, endpoint, receiver, settings, django_capture_on_commit_callbacks
):
    settings.LAUREL_FETCH_ALLOWED_HOSTS = []
    award(make_badge(issuer), django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "pending"
    assert "a loopback address" in delivery.last_error
    assert receiver.received == []


def test_unknown_events_and_an_empty_choice_are_refused(issuer, endpoint):
    with pytest.raises(ValidationError) as refused:
        webhook_endpoint_update(endpoint=endpoint, user=None, events=["assertion.eaten"])
    assert "Unknown event assertion.eaten" in refused.value.message_dict["events"][0]
    with pytest.raises(ValidationError, match="at least one event"):
        webhook_endpoint_update(endpoint=endpoint, user=None, events=[])


def test_only_owners_manage_endpoints(issuer, endpoint):
    from accounts.tests.factories import UserFactory
    from badges.models import Role

    owner = issuer.staff.get().user
    editor = UserFactory()
    issuer_staff_add(issuer=issuer, user=owner, member=editor, role=Role.EDITOR)
    with pytest.raises(PermissionDenied):
        webhook_endpoint_update(endpoint=endpoint, user=editor, description="mine")
    with pytest.raises(PermissionDenied):
        webhook_endpoint_create(issuer=issuer, user=UserFactory(), url=endpoint.url)


def test_a_builder_registered_later_feeds_its_topic(
    issuer, endpoint, receiver, django_capture_on_commit_callbacks
):
    """How the application events plug in: one decorated builder per event."""

    saved = webhook_delivery._builders.get("application.submitted")

    @webhook_delivery.event_builder("application.submitted")
    def submitted(*, application_id):
        return webhook_delivery.Event(issuer.pk, {"application": {"id": str(application_id)}})

    try:
        with django_capture_on_commit_callbacks(execute=True):
            emit("application.submitted", application_id=42)
        (request,) = receiver.wait(1)
        assert json.loads(request.body)["data"] == {"application": {"id": "42"}}
        assert verified(endpoint, request)["type"] == "application.submitted"
    finally:
        webhook_delivery._builders.pop("application.submitted")
        if saved:
            webhook_delivery._builders["application.submitted"] = saved


def test_a_last_attempt_cut_off_with_its_worker_ends_as_failed(issuer, endpoint, settings):
    settings.LAUREL_WEBHOOK_RETRY_SCHEDULE = [60]
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, event="ping", payload={"type": "ping"}, attempts=2
    )
    webhooks_sweep()
    delivery.refresh_from_db()
    assert delivery.status == "failed" and "cut off" in delivery.last_error


def test_a_pending_delivery_of_a_disabled_endpoint_is_not_sent(
    issuer, endpoint, receiver, django_capture_on_commit_callbacks
):
    receiver.answers = [503]
    award(make_badge(issuer), django_capture_on_commit_callbacks)
    webhook_endpoint_update(endpoint=endpoint, user=None, active=False)
    time_passes()
    webhooks_sweep()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "failed" and "disabled" in delivery.last_error
    assert len(receiver.received) == 1


def test_operators_see_endpoints_and_deliveries_in_the_admin_but_not_the_secret(
    admin_client, issuer, endpoint, receiver, django_capture_on_commit_callbacks
):
    award(make_badge(issuer), django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    for url in (
        "/staff/webhooks/webhookendpoint/",
        f"/staff/webhooks/webhookendpoint/{endpoint.pk}/change/",
        "/staff/webhooks/webhookdelivery/",
        f"/staff/webhooks/webhookdelivery/{delivery.pk}/change/",
    ):
        page = admin_client.get(url)
        assert page.status_code == 200, url
        assert endpoint.secret not in page.content.decode()
    assert (
        "thanks"
        in admin_client.get(
            f"/staff/webhooks/webhookdelivery/{delivery.pk}/change/"
        ).content.decode()
    )
