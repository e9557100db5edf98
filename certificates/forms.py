"""The certificate layout form of the workspace: design, paper, colour and signatory."""

from django import forms

from .models import Design, Orientation, Paper


class CertificateLayoutForm(forms.Form):
    design = forms.ChoiceField(choices=Design.choices, widget=forms.RadioSelect)
    paper = forms.ChoiceField(choices=Paper.choices)
    orientation = forms.ChoiceField(choices=Orientation.choices)
    accent_colour = forms.RegexField(
        regex=r"^#[0-9a-fA-F]{6}$",
        label="Accent colour",
        help_text="Frames, the title and the badge's name.",
        error_messages={"invalid": "Give a colour as #rrggbb, such as #1f3a5f."},
        widget=forms.TextInput(attrs={"type": "color"}),
    )
    signatory_name = forms.CharField(
        required=False,
        max_length=120,
        label="Signatory's name",
        help_text="Printed under the signature line; the issuer's name when empty.",
    )
    signatory_title = forms.CharField(required=False, max_length=120, label="Signatory's title")
    signature_image = forms.FileField(
        required=False,
        label="Signature image",
        help_text="A PNG or SVG of the signature, at most 2 MiB (a transparent background "
        "prints best).",
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/svg+xml"}),
    )
    remove_signature = forms.BooleanField(required=False, label="Remove the signature image")

    def to_fields(self) -> dict:
        data = dict(self.cleaned_data)
        upload = data.pop("signature_image", None)
        if upload:
            data["signature_image"] = upload.read()
            data["signature_name"] = upload.name
        return data
