"""Rebuild the search index from the database without downtime, kind by kind."""

from django.core.management.base import BaseCommand

from search.management.kinds import add_kind_argument, per_kind
from search.services import index_rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the search index of each kind (badges, issuers, pathways) from the database. "
        "Searches keep working meanwhile: Elasticsearch fills a new index and swaps its alias; "
        "the database backend replaces documents in place. Writes made meanwhile are caught "
        "up and any drift is repaired before it returns."
    )

    def add_arguments(self, parser):
        add_kind_argument(parser)

    def handle(self, *args, kind=None, **options):
        def rebuild(each, progress):
            return index_rebuild(kind=each, progress=progress)

        for each, written in per_kind(self, kind, "rebuild", rebuild):
            self.stdout.write(f"{each}: {written} document(s) indexed")
