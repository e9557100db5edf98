"""Make a new LTI tool key; the old ones stay published so platforms' caches keep working."""

from django.core.management.base import BaseCommand

from lti.models import ToolKey
from lti.services.keys import tool_key_rotate


class Command(BaseCommand):
    help = "Make a new LTI tool signing key (older keys stay in the JWKS; --prune N keeps N)."

    def add_arguments(self, parser):
        parser.add_argument("--prune", type=int, default=0, help="Keep only the N newest keys.")

    def handle(self, *args, prune: int, **options):
        key = tool_key_rotate()
        if prune > 0:
            keep = ToolKey.objects.values_list("pk", flat=True)[:prune]
            ToolKey.objects.exclude(pk__in=list(keep)).delete()
        self.stdout.write(f"New LTI tool key {key.kid} signs from now on.")
