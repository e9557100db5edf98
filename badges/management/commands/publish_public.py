"""(Re)write every pre-rendered public document: `manage.py publish_public`."""

from django.core.management.base import BaseCommand, CommandError

from badges import publish


class Command(BaseCommand):
    help = (
        "Write the pre-rendered public documents of every issuer, badge class and award to "
        "LAUREL_PUBLISH_ROOT and remove those of deleted objects: for a first deploy, or a "
        "lost directory. Safe to run while the site serves."
    )

    def handle(self, *args, **options):
        base = publish.root()
        if base is None:
            raise CommandError(
                "LAUREL_PUBLISH_ROOT is not set: set it to the directory the front server "
                "serves the public documents from (see README, Performance)."
            )
        counts = publish.publish_everything()
        summary = ", ".join(f"{count} {kind}" for kind, count in counts.items())
        self.stdout.write(f"Published {summary} to {base}.")
