"""App config for sso: connects the sign-in checks and role rules to allauth's signals, and
provides the issuers' sign-in requirement to the workspace (badges.permissions)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SsoConfig(AppConfig):
    name = "sso"
    verbose_name = _("Institutional sign-in")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from badges.permissions import institutions_required as hook

        from . import receivers  # noqa: F401
        from .selectors import institutions_required

        hook.provide(institutions_required)
