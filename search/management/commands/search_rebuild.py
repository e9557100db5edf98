"""Rebuild the search index from the database without downtime, kind by kind."""

from django.core.management.base import BaseCommand, CommandError

from search.management.progress import ProgressBar
from search.services import index_rebuild, index_size
from search.types import KINDS

from .search_reconcile import engine_errors


class Command(BaseCommand):
    help = (
        "Rebuild the search index of each kind (badges, issuers, pathways) from the database. "
        "Searches keep working meanwhile: Elasticsearch fills a new index and swaps its alias; "
        "the database backend replaces documents in place. Writes made meanwhile are caught "
        "up and any drift is repaired before it returns."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--kind", choices=KINDS, action="append", help="Only this kind (repeatable)."
        )

    def handle(self, *args, kind=None, **options):
        for each in kind or KINDS:
            bar = ProgressBar(each, index_size(kind=each), out=self.stderr)
            try:
                written = index_rebuild(kind=each, progress=bar.advance)
            except engine_errors() as exc:
                bar.close()
                raise CommandError(f"Could not rebuild {each}: {exc}") from exc
            bar.close()
            self.stdout.write(f"{each}: {written} document(s) indexed")
