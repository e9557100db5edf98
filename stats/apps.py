"""App config for stats: the award roll-up behind dashboards and list counts."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _rebuild_if_empty(**_) -> None:
    """An install that had awards before the roll-up existed gets it filled by `migrate`."""
    from .services import rollup_rebuild_if_empty

    rollup_rebuild_if_empty()


class StatsConfig(AppConfig):
    name = "stats"
    verbose_name = "Statistics"

    def ready(self):
        from . import handlers  # noqa: F401  (connects the roll-up to the awards' writes)

        post_migrate.connect(_rebuild_if_empty, sender=self)
