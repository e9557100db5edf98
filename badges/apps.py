"""App config for badges: the issuing domain and Open Badges endpoints."""

from django.apps import AppConfig


class BadgesConfig(AppConfig):
    name = "badges"
    verbose_name = "Badges"

    def ready(self) -> None:
        from accounts.selectors import issuers_held_by_read_with

        from . import handlers, notifications, webhooks  # noqa: F401  (outbox handlers)
        from .selectors import issuers_held_by

        issuers_held_by_read_with(issuers_held_by)
