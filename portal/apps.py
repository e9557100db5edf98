"""App config for the project package."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from backpack.selectors import award_earner
        from discovery import selectors as discovery_selectors
        from web.site import site_name_for_request

        from . import handlers  # noqa: F401  (connects signals, registers outbox handlers)
        from .models import SiteSettings
        from .selectors import pathways_for_badges

        # Apps below the pages, and siblings of each other, read these through hooks (web/hooks.py).
        site_name_for_request.provide(lambda request: SiteSettings.for_request(request).site_name)
        discovery_selectors.pathways_for_badges.provide(pathways_for_badges)
        discovery_selectors.award_earner.provide(award_earner)
