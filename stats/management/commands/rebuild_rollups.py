"""Count every award afresh into the roll-up behind dashboards and list counts."""

from django.core.management.base import BaseCommand

from stats.services import rollup_rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the award roll-up (dashboards, badge class counts, public earned counts) from "
        "the awards. Safe to run at any time, as often as wanted: the result is the same."
    )

    def handle(self, *args, **options):
        rows = rollup_rebuild()
        self.stdout.write(f"Rebuilt the award roll-up: {rows} row(s).")
