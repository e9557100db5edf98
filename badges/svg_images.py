"""Which models' stored SVG images `draw_svg_images` draws: badges' own and other apps'.

Apps above badges (the backpack's imported badges) register their model in AppConfig.ready(),
so the one command operators know still draws every image without badges importing them.
"""

from django.db import models

from .models import BadgeClass, Issuer

_REGISTERED: list[type[models.Model]] = []


def svg_image_model_register(model: type[models.Model]) -> None:
    """Let draw_svg_images draw this model's `image` field too."""
    if model not in _REGISTERED:
        _REGISTERED.append(model)


def svg_image_models() -> list[type[models.Model]]:
    return [Issuer, BadgeClass, *_REGISTERED]
