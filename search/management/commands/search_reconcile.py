"""Find documents missing from the search index, stale, or there when they should not be."""

from django.core.management.base import BaseCommand, CommandError

from search.management.kinds import add_kind_argument, per_kind
from search.services import index_reconcile


class Command(BaseCommand):
    help = (
        "Compare the search index with the database and repair the drift: add missing "
        "documents, refresh stale ones, delete those that should not be found. "
        "With --check, only report; the exit status is 1 when there is drift."
    )

    def add_arguments(self, parser):
        add_kind_argument(parser)
        parser.add_argument("--check", action="store_true", help="Report only; repair nothing.")

    def handle(self, *args, kind=None, check=False, **options):
        def reconcile(each, progress):
            return index_reconcile(kind=each, repair=not check, progress=progress)

        drift = 0
        for each, report in per_kind(self, kind, "reconcile", reconcile):
            drift += report.drift
            action = "repaired" if report.repaired else ("to repair" if report.drift else "")
            self.stdout.write(
                f"{each}: {report.missing} missing, {report.stale} stale, "
                f"{report.extra} extra {action}".rstrip()
            )
        if check and drift:
            raise CommandError(f"The index has drifted by {drift} document(s).", returncode=1)
