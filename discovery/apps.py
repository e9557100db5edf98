"""App config for discovery: the public catalogue and its search pages."""

from django.apps import AppConfig


class DiscoveryConfig(AppConfig):
    name = "discovery"
    verbose_name = "Discovery"
