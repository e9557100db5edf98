"""App config of the REST API v2; its own app so it can keep idempotency records."""

from django.apps import AppConfig


class BadgesApiConfig(AppConfig):
    name = "badges.api"
    label = "badges_api"
    verbose_name = "REST API v2"
    default_auto_field = "django.db.models.BigAutoField"
