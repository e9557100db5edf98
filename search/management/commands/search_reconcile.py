"""Find documents missing from the search index, stale, or there when they should not be."""

from django.core.management.base import BaseCommand, CommandError
from elasticsearch import exceptions as es_exceptions

from search.management.progress import ProgressBar
from search.services import index_reconcile, index_size
from search.types import KINDS


def engine_errors() -> tuple[type[Exception], ...]:
    """Failures of the search engine that a command reports instead of a traceback."""
    return (es_exceptions.ApiError, es_exceptions.TransportError)


class Command(BaseCommand):
    help = (
        "Compare the search index with the database and repair the drift: add missing "
        "documents, refresh stale ones, delete those that should not be found. "
        "With --check, only report; the exit status is 1 when there is drift."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--kind", choices=KINDS, action="append", help="Only this kind (repeatable)."
        )
        parser.add_argument("--check", action="store_true", help="Report only; repair nothing.")

    def handle(self, *args, kind=None, check=False, **options):
        drift = 0
        for each in kind or KINDS:
            bar = ProgressBar(each, index_size(kind=each), out=self.stderr)
            try:
                report = index_reconcile(kind=each, repair=not check, progress=bar.advance)
            except engine_errors() as exc:
                bar.close()
                raise CommandError(f"Could not reconcile {each}: {exc}") from exc
            bar.close()
            drift += report.drift
            action = "repaired" if report.repaired else ("to repair" if report.drift else "")
            self.stdout.write(
                f"{each}: {report.missing} missing, {report.stale} stale, "
                f"{report.extra} extra {action}".rstrip()
            )
        if check and drift:
            raise CommandError(f"The index has drifted by {drift} document(s).", returncode=1)
