"""Award one badge from the shell: `manage.py award <badge class id> <recipient>`."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from badges.models import BadgeClass
from badges.openbadges.ob2 import public_url
from badges.services.awards import assertion_award


class Command(BaseCommand):
    help = "Award one badge class to one recipient (email by default) and print the award URL."

    def add_arguments(self, parser):
        parser.add_argument("badge_class", help="Entity id of the badge class.")
        parser.add_argument("recipient", help="Recipient email, URL, telephone or id.")
        parser.add_argument("--type", default="email", choices=["email", "url", "telephone", "id"])
        parser.add_argument("--narrative", default="")
        parser.add_argument("--evidence-url", default="")
        parser.add_argument("--no-notify", action="store_true", help="Send no email.")

    def handle(self, *args, **options):
        badge = BadgeClass.objects.filter(entity_id=options["badge_class"]).first()
        if badge is None:
            raise CommandError(f"No badge class with id {options['badge_class']!r}.")
        evidence = [{"url": options["evidence_url"]}] if options["evidence_url"] else []
        try:
            assertion = assertion_award(
                badge_class=badge,
                user=None,
                recipient_identity=options["recipient"],
                recipient_type=options["type"],
                narrative=options["narrative"],
                evidence=evidence,
                notify=not options["no_notify"],
            )
        except ValidationError as exc:
            raise CommandError(
                "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
            ) from exc
        self.stdout.write(public_url("assertions", assertion.entity_id))
