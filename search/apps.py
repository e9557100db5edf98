"""App config for search: backends, index sync and rebuild commands."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self):
        from . import handlers  # noqa: F401  (registers the outbox handlers of index sync)
