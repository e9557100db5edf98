"""Draw the PNG of every stored SVG image that has none yet: `manage.py draw_svg_images`.

In the backpack app because it draws imported badges too; badges does not import the backpack."""

from django.core.management.base import BaseCommand

from backpack.models import ImportedBadge
from badges.models import BadgeClass, Issuer
from badges.services.images import image_drawing_make


class Command(BaseCommand):
    help = (
        "Draw, within the drawing budget, the PNG version of every SVG image of issuers, "
        "badge classes and imported badges that has none yet (images uploaded before PNG "
        "drawings were kept at upload). Public pages never draw an SVG on a request: such an "
        "image's PNG and social card answer 404 until this has run. Safe to run again."
    )

    def handle(self, *args, **options):
        counts = {"drawn": 0, "kept": 0, "refused": 0}
        for model in (Issuer, BadgeClass, ImportedBadge):
            for obj in model.objects.filter(image__endswith=".svg").only("pk", "image"):
                outcome = image_drawing_make(image_field=obj.image)
                if outcome in counts:
                    counts[outcome] += 1
                else:
                    counts["refused"] += 1
                    self.stderr.write(f"{model.__name__} {obj.pk} ({obj.image.name}): {outcome}")
        self.stdout.write(
            f"Drew {counts['drawn']} SVG images; {counts['kept']} had a drawing; "
            f"{counts['refused']} refused."
        )
