"""Forms of the backpack pages: importing or verifying a badge, and a collection's details."""

from django import forms
from django.conf import settings

from badges.openbadges import pdf
from badges.openbadges.pdf import MAX_PDF_BYTES, is_pdf
from web.forms import unspelled_textarea

SOURCES = ("url", "text", "image")


class BadgeSourceForm(forms.Form):
    """One badge, given one way: its URL, its JSON or JWS pasted, or a baked image uploaded."""

    url = forms.URLField(
        required=False,
        max_length=1000,
        label="The badge's URL",
        help_text="The address of the award (its assertion), as the issuer sent it.",
        assume_scheme="https",
    )
    text = forms.CharField(
        required=False,
        widget=unspelled_textarea(5),
        label="Or paste its JSON or JWS",
    )
    image = forms.FileField(
        required=False,
        label="Or upload a baked badge image or a certificate PDF",
        help_text="A PNG or SVG with the award baked in, or a PDF certificate with its "
        "credential attached.",
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/png,image/svg+xml,application/pdf"}
        ),
    )

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if upload is None:
            return None
        if upload.size > MAX_PDF_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size / 1024 / 1024:.1f} MiB; a baked badge or a "
                f"certificate is at most {MAX_PDF_BYTES / 1024 / 1024:.0f} MiB."
            )
        head = upload.read(1024)
        upload.seek(0)
        if is_pdf(head):
            data = upload.read()
            try:
                # Checked here so a damaged or badge-less PDF is a form error beside the field.
                pdf.extract(data)
            except pdf.PdfError as exc:
                raise forms.ValidationError(str(exc)) from exc
            return data
        if upload.size > settings.LAUREL_FETCH_MAX_BYTES:
            raise forms.ValidationError(
                f"The image is {upload.size / 1024 / 1024:.1f} MiB; a baked badge is at most "
                f"{settings.LAUREL_FETCH_MAX_BYTES / 1024 / 1024:.0f} MiB."
            )
        return upload.read()

    def clean(self):
        data = super().clean()
        given = [name for name in SOURCES if data.get(name)]
        if len(given) != 1 and not self.errors:
            raise forms.ValidationError(
                "Give the badge one way: its URL, its JSON or JWS, or a baked image or "
                "certificate PDF."
            )
        return data

    def source(self) -> dict:
        """The keyword arguments for backpack_import / verify_badge."""
        return {name: self.cleaned_data[name] for name in SOURCES if self.cleaned_data.get(name)}


class CollectionForm(forms.Form):
    name = forms.CharField(max_length=200)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    published = forms.BooleanField(
        required=False,
        label="Public",
        help_text="Anyone with the link can see a public collection; hidden badges never show.",
    )


class ClaimForm(forms.Form):
    """A claim code, and which verified email gets the badge when the learner has several."""

    code = forms.CharField(
        max_length=64,
        label="Claim code",
        help_text="Letters and digits, as printed; dashes and spaces do not matter.",
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
    email = forms.ChoiceField(
        required=False, label="Award it to", help_text="One of your verified email addresses."
    )

    def __init__(self, *args, emails: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        if len(emails) > 1:
            self.fields["email"].choices = [(email, email) for email in emails]
        else:
            del self.fields["email"]


class ApplicationForm(forms.Form):
    """A learner's application: a reflection per criterion, and one new evidence item at a time.

    The badge's criteria become `reflection_<n>` fields; the evidence fields are named as
    badges.services names them, so its errors show beside them."""

    kind = forms.ChoiceField(
        required=False, widget=forms.RadioSelect, label="Kind of evidence to add"
    )
    description = forms.CharField(
        required=False, max_length=500, label="What it shows", help_text="Optional."
    )
    text = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Text of the evidence"
    )
    url = forms.URLField(required=False, max_length=1000, label="Link", assume_scheme="https")
    file = forms.FileField(required=False, label="File")

    KIND_LABELS = {"text": "A text", "url": "A link", "file": "A file"}

    def __init__(self, *args, criteria: list[str], kinds: list[str], max_mb: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria, self.kinds = criteria, kinds
        self.fields["kind"].choices = [(k, self.KIND_LABELS[k]) for k in kinds]
        self.fields["kind"].initial = kinds[0]
        self.fields[
            "file"
        ].help_text = f"An image, PDF, video or audio file of at most {max_mb} MB."
        self.fields["file"].widget.attrs["accept"] = "image/*,application/pdf,video/*,audio/*"
        for number, criterion in enumerate(criteria):
            self.fields[f"reflection_{number}"] = forms.CharField(
                required=False,
                max_length=20000,
                label=criterion,
                widget=forms.Textarea(attrs={"rows": 4}),
            )

    def reflection_fields(self):
        return [self[f"reflection_{n}"] for n in range(len(self.criteria))]

    def reflections(self) -> dict[str, str]:
        return {
            criterion: self.cleaned_data[f"reflection_{n}"]
            for n, criterion in enumerate(self.criteria)
        }

    def evidence(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("kind", "description", "text", "url")}
