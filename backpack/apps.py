"""App config for backpack: the earner's awarded and imported badges."""

from django.apps import AppConfig


class BackpackConfig(AppConfig):
    name = "backpack"
    verbose_name = "Backpack"

    def ready(self):
        from badges.svg_images import svg_image_model_register

        from .models import ImportedBadge

        svg_image_model_register(ImportedBadge)  # draw_svg_images draws imported badges too
