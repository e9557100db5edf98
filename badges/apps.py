"""App config for badges: the issuing domain and Open Badges endpoints."""

from django.apps import AppConfig


class BadgesConfig(AppConfig):
    name = "badges"
    verbose_name = "Badges"

    def ready(self) -> None:
        from accounts import selectors as account_selectors

        from . import handlers, notifications, tasks  # noqa: F401  (outbox handlers; tasks queued by name)
        from .selectors import issuers_held_by

        # Accounts sits below badges and reads this through a hook (web/hooks.py).
        account_selectors.issuers_held_by.provide(issuers_held_by)
