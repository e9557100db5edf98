"""The certificate layout form of the workspace: design, paper, colour and signatory."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Design, Orientation, Paper


class CertificateLayoutForm(forms.Form):
    design = forms.ChoiceField(choices=Design.choices, widget=forms.RadioSelect, label=_("Design"))
    paper = forms.ChoiceField(choices=Paper.choices, label=_("Paper"))
    orientation = forms.ChoiceField(choices=Orientation.choices, label=_("Orientation"))
    accent_colour = forms.RegexField(
        regex=r"^#[0-9a-fA-F]{6}$",
        label=_("Accent colour"),
        help_text=_("Frames, the title and the badge's name."),
        error_messages={"invalid": _("Give a colour as #rrggbb, such as #1f3a5f.")},
        widget=forms.TextInput(attrs={"type": "color"}),
    )
    signatory_name = forms.CharField(
        required=False,
        max_length=120,
        label=_("Signatory's name"),
        help_text=_("Printed under the signature line; the issuer's name when empty."),
    )
    signatory_title = forms.CharField(required=False, max_length=120, label=_("Signatory's title"))
    signature_image = forms.FileField(
        required=False,
        label=_("Signature image"),
        help_text=_(
            "A PNG or SVG of the signature, at most 2 MiB (a transparent background prints best)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/svg+xml"}),
    )
    remove_signature = forms.BooleanField(required=False, label=_("Remove the signature image"))

    def to_fields(self) -> dict:
        data = dict(self.cleaned_data)
        upload = data.pop("signature_image", None)
        if upload:
            data["signature_image"] = upload.read()
            data["signature_name"] = upload.name
        return data
