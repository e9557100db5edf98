"""App config for webhooks: issuers' endpoints and the signed deliveries of outbox events."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self) -> None:
        # The outbox handlers, and the tasks that webhooks.delivery queues by name.
        from . import handlers, tasks  # noqa: F401
