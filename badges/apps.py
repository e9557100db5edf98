"""App config for badges: the issuing domain and Open Badges endpoints."""

from django.apps import AppConfig


class BadgesConfig(AppConfig):
    name = "badges"
    verbose_name = "Badges"

    def ready(self) -> None:
        from . import handlers, notifications, tasks  # noqa: F401  (outbox handlers; tasks queued by name)
