"""App config for the outbox: effects outside the database, recorded with the write."""

from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "outbox"
    verbose_name = "Outbox"
