"""Rotate issuers' signing keys: `manage.py rotate_issuer_keys --issuer ID` or `--all`."""

from django.core.management.base import BaseCommand, CommandError

from badges.models import Issuer
from badges.services.keys import issuer_key_rotate


class Command(BaseCommand):
    help = (
        "Give one issuer (--issuer ID) or every issuer (--all) new signing keys: a new Open "
        "Badges 2.0 key and new 3.0 credential keys sign from now on. Old keys stay published, "
        "so what they signed still verifies."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--issuer", metavar="ENTITY_ID", help="Entity id of the issuer.")
        which.add_argument("--all", action="store_true", help="Every issuer.")

    def handle(self, *args, **options):
        if options["issuer"]:
            issuer = Issuer.objects.filter(entity_id=options["issuer"]).first()
            if issuer is None:
                raise CommandError(f"No issuer with id {options['issuer']!r}.")
            issuers = [issuer]
        elif options["all"]:
            issuers = list(Issuer.objects.order_by("pk"))
        else:
            raise CommandError("Say whose keys to rotate: --issuer <entity id> or --all.")
        for issuer in issuers:
            # The site itself acts (user=None), as the issuer's owners do from the workspace.
            key = issuer_key_rotate(issuer=issuer, user=None)
            credential_keys = ", ".join(
                f"{k.algorithm} {k.entity_id}"
                for k in issuer.credential_keys.filter(active=True).order_by("algorithm")
            )
            self.stdout.write(
                f"{issuer.entity_id} ({issuer.name}): new 2.0 key {key.entity_id}; "
                f"new 3.0 keys {credential_keys}."
            )
