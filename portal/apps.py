"""App config for the project package."""

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self) -> None:
        from web.site import site_name_read_with

        from . import handlers  # noqa: F401  (connects signals, registers outbox handlers)
        from .models import SiteSettings

        site_name_read_with(lambda request: SiteSettings.for_request(request).site_name)
