"""App config for workspace: the issuer's pages under /issue/ (build, award, follow)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    name = "workspace"
    verbose_name = _("Issuer workspace")
