"""The badge studio's form: the design's choices as fields, checked by badges.studio."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from badges.studio import (
    BORDERS,
    DEFAULT_DESIGN,
    ICONS,
    MAX_TEXT,
    PALETTE,
    SHAPES,
    TEXT_MODES,
    clean_design,
    graphic_data_uri,
    icon_label,
    render_design,
)
from web.forms import add_service_errors

PALETTE_LIST = "studio-palette"  # the <datalist> of swatches the colour inputs offer


def _colour(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.TextInput(attrs={"type": "color", "list": PALETTE_LIST}),
    )


def _radios(label: str, choices: dict) -> forms.CharField:
    # A CharField, not a ChoiceField: badges.studio checks the value and words the message.
    return forms.CharField(label=label, widget=forms.RadioSelect(choices=list(choices.items())))


class StudioForm(forms.Form):
    """Bound to a POST it gives `design` (the cleaned choices) and `svg` (the drawn badge).

    Its fields carry the prefix "studio", so it can sit inside another form (the badge class
    form) without its names clashing with that form's fields.
    """

    prefix = "studio"

    shape = _radios(gettext_lazy("Shape"), SHAPES)
    background = _colour(gettext_lazy("Background colour"))
    gradient = forms.BooleanField(label=gettext_lazy("Fade into a second colour"), required=False)
    background2 = _colour(gettext_lazy("Second colour"))
    border = _radios(gettext_lazy("Width"), {name: label for name, (label, _) in BORDERS.items()})
    border_colour = _colour(gettext_lazy("Border colour"))
    icon = forms.CharField(
        label=gettext_lazy("Icon"),
        required=False,
        widget=forms.Select(
            choices=[("", gettext_lazy("No icon"))] + [(name, icon_label(name)) for name in ICONS]
        ),
    )
    icon_colour = _colour(gettext_lazy("Icon colour"))
    text = forms.CharField(
        label=gettext_lazy("Text on the badge"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": MAX_TEXT}),
    )
    text_mode = _radios(gettext_lazy("Place the text"), TEXT_MODES)
    text_colour = _colour(gettext_lazy("Text colour"))
    ribbon_colour = _colour(gettext_lazy("Ribbon colour"))
    graphic = forms.FileField(
        label=gettext_lazy("Your own graphic"),
        required=False,
        help_text=gettext_lazy("A PNG or SVG shown in place of the icon."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/svg+xml"}),
    )
    kept_graphic = forms.CharField(required=False, widget=forms.HiddenInput)
    remove_graphic = forms.BooleanField(label=gettext_lazy("Remove the graphic"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].help_text = _(
            "Up to %(max)d characters, for example a short name or a year."
        ) % {"max": MAX_TEXT}

    @classmethod
    def for_design(cls, design: dict) -> "StudioForm":
        """An unbound form showing a design (a kept one, or one just previewed)."""
        design = {**DEFAULT_DESIGN, **design}
        return cls(initial={**design, "kept_graphic": design["graphic"]})

    def clean(self):
        data = super().clean()
        choices = {name: data.get(name, "") for name in DEFAULT_DESIGN if name in self.fields}
        choices["graphic"] = "" if data.get("remove_graphic") else data.get("kept_graphic", "")
        upload = data.get("graphic")
        try:
            self.design = clean_design(choices)
            if upload:
                self.design["graphic"] = graphic_data_uri(upload.read(), upload.name)
            self.svg = render_design(self.design)
        except ValidationError as exc:
            add_service_errors(self, exc)
        return data

    def has_graphic(self) -> bool:
        return bool(self["kept_graphic"].value())

    def palette(self) -> dict[str, str]:
        return PALETTE
