"""App config for search: backends, index sync and rebuild commands."""

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"

    def ready(self):
        from . import handlers  # noqa: F401  (registers the outbox handlers of index sync)
