"""The webhooks part of the REST API v2, mounted at /v2/ by the project's URL conf."""

from django.urls import path

from badges.api.views import endpoint

from . import views as w

app_name = "webhooks_api"

urlpatterns = [
    path(
        "issuers/<str:entity_id>/webhooks",
        endpoint("IssuerWebhooks", w.IssuerWebhookList, w.IssuerWebhookCreate).as_view(),
    ),
    path("webhooks/deliveries/<str:entity_id>/redeliver", w.WebhookRedeliver.as_view()),
    path(
        "webhooks/<str:entity_id>",
        endpoint("Webhook", w.WebhookDetail, w.WebhookUpdate, w.WebhookDelete).as_view(),
    ),
    path("webhooks/<str:entity_id>/deliveries", w.WebhookDeliveryList.as_view()),
    path("webhooks/<str:entity_id>/secret", w.WebhookSecretRotate.as_view()),
    path("webhooks/<str:entity_id>/ping", w.WebhookPing.as_view()),
]
