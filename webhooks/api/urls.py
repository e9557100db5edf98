"""The webhooks part of the REST API v2, mounted at /v2/ by the project's URL conf."""

from django.urls import path

from badges.api.views import endpoint_path

from . import views as w

urlpatterns = [
    endpoint_path(
        "issuers/<str:entity_id>/webhooks",
        "IssuerWebhooks",
        w.IssuerWebhookList,
        w.IssuerWebhookCreate,
    ),
    path("webhooks/deliveries/<str:entity_id>/redeliver", w.WebhookRedeliver.as_view()),
    endpoint_path(
        "webhooks/<str:entity_id>", "Webhook", w.WebhookDetail, w.WebhookUpdate, w.WebhookDelete
    ),
    path("webhooks/<str:entity_id>/deliveries", w.WebhookDeliveryList.as_view()),
    path("webhooks/<str:entity_id>/secret", w.WebhookSecretRotate.as_view()),
    path("webhooks/<str:entity_id>/ping", w.WebhookPing.as_view()),
]
