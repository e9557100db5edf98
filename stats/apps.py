"""App config for stats: the award roll-up behind dashboards and list counts."""

from django.apps import AppConfig
from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _rebuild_if_empty(*, using: str = DEFAULT_DB_ALIAS, **_) -> None:
    """An install that had awards before the roll-up existed gets it filled by `migrate`."""
    from badges.models import Assertion

    from .models import AwardRollup
    from .services import rollup_rebuild_if_empty

    # `migrate` of another app alone, or to an earlier state, may leave a table unmade.
    needed = {AwardRollup._meta.db_table, Assertion._meta.db_table}
    if using == DEFAULT_DB_ALIAS and needed <= set(connection.introspection.table_names()):
        rollup_rebuild_if_empty()


class StatsConfig(AppConfig):
    name = "stats"
    verbose_name = _("Statistics")

    def ready(self):
        from . import handlers  # noqa: F401  (connects the roll-up to the awards' writes)

        post_migrate.connect(_rebuild_if_empty, sender=self)
