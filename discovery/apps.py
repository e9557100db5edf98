"""App config for discovery: the public catalogue and its search pages."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscoveryConfig(AppConfig):
    name = "discovery"
    verbose_name = _("Discovery")

    def ready(self):
        from . import handlers  # noqa: F401  (registers the outbox handlers of index sync)
        from .documents import register_sources

        register_sources()
