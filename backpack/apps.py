"""App config for backpack: the earner's awarded and imported badges."""

from django.apps import AppConfig


class BackpackConfig(AppConfig):
    name = "backpack"
    verbose_name = "Backpack"
