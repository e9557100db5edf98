"""The Open Badges 3.0 API and Badge Connect (2.1): Laurel's backpack as a standard host."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObapiConfig(AppConfig):
    name = "obapi"
    verbose_name = _("Open Badges API")
    default_auto_field = "django.db.models.BigAutoField"
