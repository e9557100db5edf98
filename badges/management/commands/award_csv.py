"""Award a badge to every row of a CSV file, all or nothing, with a per-row report."""

import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from badges.award_rows import rows_from_csv
from badges.models import BadgeClass
from badges.openbadges.ob2 import public_url
from badges.services.awards import BatchError, assertion_award_batch


def progress(done: int, total: int, out) -> None:
    width = 30
    filled = width * done // max(total, 1)
    out.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    out.flush()


class Command(BaseCommand):
    help = (
        "Award a badge class to each row of a CSV with a header row. Columns: "
        "recipient_identity (required; `email` is accepted too), recipient_type, narrative, "
        "evidence_url. Every row is valid and awarded, or nothing is."
    )

    def add_arguments(self, parser):
        parser.add_argument("badge_class", help="Entity id of the badge class.")
        parser.add_argument("csv_file", help="Path to the CSV file, or - for standard input.")
        parser.add_argument("--no-notify", action="store_true", help="Send no emails.")

    def handle(self, *args, badge_class: str, csv_file: str, **options):
        badge = BadgeClass.objects.filter(entity_id=badge_class).first()
        if badge is None:
            raise CommandError(f"No badge class with id {badge_class!r}.")
        rows = self.read(csv_file)
        try:
            awarded = assertion_award_batch(
                badge_class=badge,
                user=None,
                rows=rows,
                notify=not options["no_notify"],
                progress=lambda done, total: progress(done, total, self.stderr),
            )
        except BatchError as exc:
            self.stderr.write("")
            for number, errors in exc.rows.items():
                for field, messages in errors.items():
                    self.stdout.write(f"row {number + 1}: {field}: {' '.join(messages)}")
            raise CommandError(f"{len(exc.rows)} row(s) have errors; nothing was awarded.") from exc
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stderr.write("")
        for number, assertion in enumerate(awarded, start=2):
            self.stdout.write(
                f"row {number}: awarded {assertion.recipient_identity} "
                f"{public_url('assertions', assertion.entity_id)}"
            )
        self.stderr.write(self.style.SUCCESS(f"Awarded {len(awarded)} badge(s)."))

    def read(self, csv_file: str) -> list[dict]:
        try:
            if csv_file == "-":
                text = sys.stdin.read()
            else:
                with open(csv_file, newline="", encoding="utf-8-sig") as handle:
                    text = handle.read()
        except OSError as exc:
            raise CommandError(f"Cannot read {csv_file}: {exc.strerror}.") from exc
        try:
            return rows_from_csv(text)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
