"""Forms of the backpack pages: importing or verifying a badge, and a collection's details."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from badges.openbadges import pdf
from badges.openbadges.pdf import MAX_PDF_BYTES, is_pdf
from web.forms import unspelled_textarea

SOURCES = ("url", "text", "image")


class BadgeSourceForm(forms.Form):
    """One badge, given one way: its URL, its JSON or JWS pasted, or a baked image uploaded."""

    url = forms.URLField(
        required=False,
        max_length=1000,
        label=gettext_lazy("The badge's URL"),
        help_text=gettext_lazy("The address of the award (its assertion), as the issuer sent it."),
        assume_scheme="https",
    )
    text = forms.CharField(
        required=False,
        widget=unspelled_textarea(5),
        label=gettext_lazy("Or paste its JSON or JWS"),
    )
    image = forms.FileField(
        required=False,
        label=gettext_lazy("Or upload a baked badge image or a certificate PDF"),
        help_text=gettext_lazy(
            "A PNG or SVG with the award baked in, or a PDF certificate with its "
            "credential attached."
        ),
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
                _(
                    "The file is %(size).1f MiB; a baked badge or a "
                    "certificate is at most %(max).0f MiB."
                )
                % {"size": upload.size / 1024 / 1024, "max": MAX_PDF_BYTES / 1024 / 1024}
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
                _("The image is %(size).1f MiB; a baked badge is at most %(max).0f MiB.")
                % {
                    "size": upload.size / 1024 / 1024,
                    "max": settings.LAUREL_FETCH_MAX_BYTES / 1024 / 1024,
                }
            )
        return upload.read()

    def clean(self):
        data = super().clean()
        given = [name for name in SOURCES if data.get(name)]
        if len(given) != 1 and not self.errors:
            raise forms.ValidationError(
                _(
                    "Give the badge one way: its URL, its JSON or JWS, or a baked image or "
                    "certificate PDF."
                )
            )
        return data

    def source(self) -> dict:
        """The keyword arguments for backpack_import / verify_badge."""
        return {name: self.cleaned_data[name] for name in SOURCES if self.cleaned_data.get(name)}


class CollectionForm(forms.Form):
    name = forms.CharField(max_length=200, label=gettext_lazy("Name"))
    description = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label=gettext_lazy("Description")
    )
    published = forms.BooleanField(
        required=False,
        label=gettext_lazy("Public"),
        help_text=gettext_lazy(
            "Anyone with the link can see a public collection; hidden badges never show."
        ),
    )


class ClaimForm(forms.Form):
    """A claim code, and which verified email gets the badge when the learner has several."""

    code = forms.CharField(
        max_length=64,
        label=gettext_lazy("Claim code"),
        help_text=gettext_lazy("Letters and digits, as printed; dashes and spaces do not matter."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
    email = forms.ChoiceField(
        required=False,
        label=gettext_lazy("Award it to"),
        help_text=gettext_lazy("One of your verified email addresses."),
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
        required=False, widget=forms.RadioSelect, label=gettext_lazy("Kind of evidence to add")
    )
    description = forms.CharField(
        required=False,
        max_length=500,
        label=gettext_lazy("What it shows"),
        help_text=gettext_lazy("Optional."),
    )
    text = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=gettext_lazy("Text of the evidence"),
    )
    url = forms.URLField(
        required=False, max_length=1000, label=gettext_lazy("Link"), assume_scheme="https"
    )
    file = forms.FileField(required=False, label=gettext_lazy("File"))

    KIND_LABELS = {
        "text": gettext_lazy("A text"),
        "url": gettext_lazy("A link"),
        "file": gettext_lazy("A file"),
    }

    def __init__(self, *args, criteria: list[str], kinds: list[str], max_mb: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria, self.kinds = criteria, kinds
        self.fields["kind"].choices = [(k, self.KIND_LABELS[k]) for k in kinds]
        self.fields["kind"].initial = kinds[0]
        self.fields["file"].help_text = _(
            "An image, PDF, video or audio file of at most %(max)d MB."
        ) % {"max": max_mb}
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
