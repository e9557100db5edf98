"""The Open Badges 3.0 API and Badge Connect (2.1): Laurel's backpack as a standard host."""

from django.apps import AppConfig


class ObapiConfig(AppConfig):
    name = "obapi"
    verbose_name = "Open Badges API"
    default_auto_field = "django.db.models.BigAutoField"
