"""App config for badges: the issuing domain and Open Badges endpoints."""

from django.apps import AppConfig


class BadgesConfig(AppConfig):
    name = "badges"
    verbose_name = "Badges"

    def ready(self) -> None:
        from accounts import selectors as account_selectors
        from accounts import services as account_services

        from . import handlers, notifications, tasks  # noqa: F401  (outbox handlers; tasks queued by name)
        from .selectors import issuers_held_by, notifications_wanted
        from .services.public_documents import notifications_set

        # Accounts sits below badges and reads this through a hook (web/hooks.py).
        account_selectors.issuers_held_by.provide(issuers_held_by)
        account_selectors.badge_emails_wanted.provide(notifications_wanted)
        account_services.badge_emails_set.provide(notifications_set)
