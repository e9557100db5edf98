"""App config for workspace: the issuer's pages under /issue/ (build, award, follow)."""

from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "workspace"
    verbose_name = "Issuer workspace"
