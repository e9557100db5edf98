"""App config for backpack: the earner's awarded and imported badges."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackpackConfig(AppConfig):
    name = "backpack"
    verbose_name = _("Backpack")
