"""App config for the project package."""

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self) -> None:
        from . import handlers  # noqa: F401  (connects signals, registers outbox handlers)
