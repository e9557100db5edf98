"""Forms of the issuer workspace: they check shapes; badges.services holds the rules."""

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from badges.limits import COST_MAX, EXPIRES_AMOUNT_MAX, TIME_TO_EARN_MAX, validate_one_line
from badges.models import (
    EVIDENCE_TYPES,
    ApplicationState,
    BadgeType,
    Decision,
    DurationUnit,
    Level,
    RecipientType,
    ReviewEmails,
    Role,
    TimeUnit,
    Verification,
)
from web.forms import optional_datetime, unspelled_textarea

EMPTY = [("", "—")]
# The kinds of evidence, as the form names them (the same words as kind.capitalize()).
EVIDENCE_LABELS = {
    "text": gettext_lazy("Text"),
    "url": gettext_lazy("Url"),
    "file": gettext_lazy("File"),
}


class IssuerForm(forms.Form):
    name = forms.CharField(max_length=200, label=gettext_lazy("Name"))
    url = forms.URLField(label=gettext_lazy("Website"), max_length=500, assume_scheme="https")
    email = forms.ChoiceField(
        label=gettext_lazy("Contact email"),
        help_text=gettext_lazy("One of your verified email addresses."),
    )
    description = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label=gettext_lazy("Description")
    )
    image = forms.FileField(
        required=False,
        help_text=gettext_lazy("PNG or SVG, shown with the issuer's badges."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/svg+xml"}),
        label=gettext_lazy("Image"),
    )
    verification = forms.ChoiceField(
        choices=Verification.choices,
        widget=forms.RadioSelect,
        initial=Verification.HOSTED,
        help_text=gettext_lazy(
            "Signed badges carry a signature and stay checkable offline; the issuer "
            "then has a signing key, which you can rotate."
        ),
        label=gettext_lazy("Verification"),
    )

    def __init__(self, *args, emails: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].choices = [(e, e) for e in emails]


class StaffInviteForm(forms.Form):
    email = forms.EmailField(
        help_text=gettext_lazy(
            "They get an email with the invitation, and join only if they accept it."
        ),
        label=gettext_lazy("Email"),
    )
    role = forms.ChoiceField(choices=Role.choices, initial=Role.STAFF, label=gettext_lazy("Role"))


class BadgeClassForm(forms.Form):
    name = forms.CharField(
        max_length=200, validators=[validate_one_line], label=gettext_lazy("Name")
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), label=gettext_lazy("Description")
    )
    image = forms.FileField(
        required=False,
        help_text=gettext_lazy("PNG or SVG; or design one below."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/svg+xml"}),
        label=gettext_lazy("Image"),
    )
    criteria_url = forms.URLField(
        required=False, max_length=500, label=gettext_lazy("Criteria URL"), assume_scheme="https"
    )
    criteria_narrative = forms.CharField(
        required=False,
        label=gettext_lazy("Criteria (Markdown)"),
        widget=forms.Textarea(attrs={"rows": 6, "data-markdown-preview": "criteria-preview"}),
        help_text=gettext_lazy("What earners must do. Give a URL, a text, or both."),
    )
    tags = forms.CharField(
        required=False,
        help_text=gettext_lazy("Comma-separated, such as: python, data analysis"),
        widget=forms.TextInput(attrs={"list": "known-tags", "autocomplete": "off"}),
        label=gettext_lazy("Tags"),
    )
    expires_amount = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=EXPIRES_AMOUNT_MAX,
        label=gettext_lazy("Expires after"),
    )
    expires_unit = forms.ChoiceField(
        required=False, choices=EMPTY + DurationUnit.choices, label=gettext_lazy("Expires unit")
    )
    earner_description = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label=gettext_lazy("For earners")
    )
    consumer_description = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=gettext_lazy("For employers"),
    )
    time_to_earn_value = forms.IntegerField(
        required=False, min_value=1, max_value=TIME_TO_EARN_MAX, label=gettext_lazy("Time to earn")
    )
    time_to_earn_unit = forms.ChoiceField(
        required=False, choices=EMPTY + TimeUnit.choices, label=gettext_lazy("Time to earn unit")
    )
    level = forms.ChoiceField(
        required=False, choices=EMPTY + Level.choices, label=gettext_lazy("Level")
    )
    badge_type = forms.ChoiceField(
        required=False, choices=EMPTY + BadgeType.choices, label=gettext_lazy("Type")
    )
    cost_amount = forms.DecimalField(
        required=False,
        min_value=0,
        max_value=COST_MAX,
        max_digits=10,
        decimal_places=2,
        label=gettext_lazy("Cost"),
    )
    cost_currency = forms.CharField(required=False, max_length=3, label=gettext_lazy("Currency"))
    language = forms.CharField(max_length=16, initial="en", label=gettext_lazy("Language"))
    evidence_types = forms.MultipleChoiceField(
        required=False,
        choices=[(kind, EVIDENCE_LABELS.get(kind, kind.capitalize())) for kind in EVIDENCE_TYPES],
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("Evidence accepted"),
    )
    is_public = forms.BooleanField(
        required=False, initial=True, label=gettext_lazy("Listed in the public catalogue")
    )
    accepts_applications = forms.BooleanField(
        required=False,
        label=gettext_lazy("Learners may apply for this badge"),
        help_text=gettext_lazy(
            "An Apply button on the badge page; applications come to the Review tab. "
            "Learners reflect on each item of a list in the criteria (or on the criteria as a "
            "whole) and add evidence of the kinds ticked above (none ticked: any kind)."
        ),
    )
    approvals_required = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=10,
        initial=1,
        label=gettext_lazy("Approvals needed"),
        help_text=gettext_lazy(
            "How many reviewers must approve an application before the badge is awarded."
        ),
    )

    def to_service(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("image", None)
        data["tags"] = [tag.strip() for tag in data["tags"].split(",") if tag.strip()]
        data["approvals_required"] = data.get("approvals_required") or 1
        return data


class BadgeTranslationForm(forms.Form):
    """A badge class's text in another language; criteria left empty show the original's."""

    name = forms.CharField(
        max_length=200, validators=[validate_one_line], label=gettext_lazy("Name")
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), label=gettext_lazy("Description")
    )
    criteria_narrative = forms.CharField(
        required=False,
        label=gettext_lazy("Criteria (Markdown)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("Left empty, the criteria are shown in the badge's own language."),
    )


class AlignmentForm(forms.Form):
    targetName = forms.CharField(max_length=200, label=gettext_lazy("Name"), required=False)
    targetUrl = forms.URLField(required=False, label=gettext_lazy("URL"), assume_scheme="https")
    targetFramework = forms.CharField(
        required=False, max_length=200, label=gettext_lazy("Framework")
    )
    targetCode = forms.CharField(required=False, max_length=100, label=gettext_lazy("Code"))
    targetDescription = forms.CharField(
        required=False, max_length=500, label=gettext_lazy("Description")
    )


AlignmentFormSet = formset_factory(AlignmentForm, extra=1, max_num=20)


def filled_rows(formset) -> list[dict]:
    """The rows of a formset (alignments, evidence) that were filled in, without empty fields."""
    return [
        {key: value for key, value in form.cleaned_data.items() if value}
        for form in formset.forms
        if form.cleaned_data and any(form.cleaned_data.values())
    ]


class AwardForm(forms.Form):
    recipient_identity = forms.CharField(max_length=500, label=gettext_lazy("Recipient"))
    recipient_type = forms.ChoiceField(
        choices=RecipientType.choices,
        initial=RecipientType.EMAIL,
        label=gettext_lazy("Recipient is a"),
    )
    narrative = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=gettext_lazy("Narrative (Markdown)"),
    )
    issued_on = optional_datetime(gettext_lazy("Issued on"), gettext_lazy("Leave empty for now."))
    expires = optional_datetime(
        gettext_lazy("Expires on"), gettext_lazy("Leave empty to use the badge's own expiry.")
    )
    notify = forms.BooleanField(
        required=False, initial=True, label=gettext_lazy("Email the recipient")
    )

    def to_row(self, evidence: list[dict]) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "") and k != "notify"}
        if evidence:
            data["evidence"] = evidence
        return data


class EvidenceForm(forms.Form):
    url = forms.URLField(required=False, label=gettext_lazy("Evidence URL"), assume_scheme="https")
    narrative = forms.CharField(
        required=False, max_length=2000, label=gettext_lazy("What it shows")
    )


EvidenceFormSet = formset_factory(EvidenceForm, extra=1, max_num=20)


class PasteForm(forms.Form):
    recipients = forms.CharField(
        widget=unspelled_textarea(8),
        help_text=gettext_lazy("One per line (commas and spaces separate too)."),
        label=gettext_lazy("Recipients"),
    )
    recipient_type = forms.ChoiceField(
        choices=RecipientType.choices,
        initial=RecipientType.EMAIL,
        label=gettext_lazy("Recipient type"),
    )
    narrative = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label=gettext_lazy("Narrative")
    )
    notify = forms.BooleanField(
        required=False, initial=True, label=gettext_lazy("Email the recipients")
    )


class CsvForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy(
            "A header row with email (or recipient_identity), and optionally "
            "recipient_type, narrative, evidence_url."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    notify = forms.BooleanField(
        required=False, initial=True, label=gettext_lazy("Email the recipients")
    )

    MAX_BYTES = 10 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MiB; split it."))
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError(
                _("The file is not UTF-8 text; save it as CSV UTF-8 and upload it again.")
            ) from exc


class RevokeForm(forms.Form):
    reason = forms.CharField(
        max_length=500,
        help_text=gettext_lazy("Shown to anyone who checks the badge."),
        label=gettext_lazy("Reason"),
    )


class SingleCodesForm(forms.Form):
    """Single-use claim codes: a number of them, or one for each email listed."""

    count = forms.IntegerField(
        required=False, min_value=1, initial=10, label=gettext_lazy("How many codes"),
        help_text=gettext_lazy("Ignored when you list emails below."),
    )  # fmt: skip
    emails = forms.CharField(
        required=False,
        widget=unspelled_textarea(4),
        label=gettext_lazy("Or one code for each of these emails"),
        help_text=gettext_lazy(
            "One per line: only the learner with that verified email may claim it."
        ),
    )
    expires_at = optional_datetime(
        gettext_lazy("Expires on"),
        gettext_lazy("Leave empty to keep the codes until they are used."),
    )
    note = forms.CharField(
        required=False,
        max_length=200,
        help_text=gettext_lazy("For you: where the codes are handed out."),
        label=gettext_lazy("Note"),
    )

    def to_fields(self) -> dict:
        data = self.cleaned_data
        emails = [line.strip() for line in data["emails"].replace(",", "\n").splitlines()]
        return {
            "count": data["count"] or 1,
            "emails": [email for email in emails if email],
            "expires_at": data["expires_at"],
            "note": data["note"],
        }


class MultiCodeForm(forms.Form):
    """One code many learners may claim: a use limit, an expiry, or both."""

    max_uses = forms.IntegerField(
        required=False,
        min_value=1,
        label=gettext_lazy("Use limit"),
        help_text=gettext_lazy("Leave empty for no limit."),
    )
    expires_at = optional_datetime(gettext_lazy("Expires on"))
    note = forms.CharField(
        required=False,
        max_length=200,
        help_text=gettext_lazy("For you: such as the event it is for."),
        label=gettext_lazy("Note"),
    )

    def to_fields(self) -> dict:
        return {"multi_use": True, **self.cleaned_data}


class ReviewFilterForm(forms.Form):
    badge = forms.ChoiceField(required=False, label=gettext_lazy("Badge"))
    state = forms.ChoiceField(
        required=False,
        choices=[("", gettext_lazy("Waiting for review")), *ApplicationState.choices],
        label=gettext_lazy("State"),
    )
    mine = forms.BooleanField(required=False, label=gettext_lazy("Assigned to me"))
    older_than_days = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=3650,
        label=gettext_lazy("Submitted more than (days) ago"),
    )

    def __init__(self, *args, badges, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["badge"].choices = [
            ("", _("Any badge")),
            *((b.entity_id, b.name) for b in badges),
        ]


class ReviewForm(forms.Form):
    """Met or not and a comment for each criterion, the comment to the learner, the decision."""

    comment = forms.CharField(
        required=False,
        max_length=10000,
        label=gettext_lazy("Comment to the learner"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Needed when you return or reject the application."),
    )
    decision = forms.ChoiceField(
        choices=Decision.choices, widget=forms.RadioSelect, label=gettext_lazy("Decision")
    )

    def __init__(self, *args, criteria: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for number, criterion in enumerate(criteria):
            self.fields[f"met_{number}"] = forms.ChoiceField(
                choices=[("yes", _("Met")), ("no", _("Not met"))],
                widget=forms.RadioSelect,
                label=criterion,
            )
            self.fields[f"note_{number}"] = forms.CharField(
                required=False,
                max_length=5000,
                label=_("Comment on: %(criterion)s") % {"criterion": criterion},
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self):
        return [
            (criterion, self[f"met_{n}"], self[f"note_{n}"])
            for n, criterion in enumerate(self.criteria)
        ]

    def to_service(self) -> dict:
        data = self.cleaned_data
        return {
            "decision": data["decision"],
            "comment": data["comment"],
            "criteria": [
                {"criterion": c, "met": data[f"met_{n}"] == "yes", "comment": data[f"note_{n}"]}
                for n, c in enumerate(self.criteria)
            ],
        }


class AssignForm(forms.Form):
    reviewer = forms.ChoiceField(label=gettext_lazy("Assign to"))

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].choices = [(m.user.entity_id, m.user.email) for m in staff]


class ReviewEmailsForm(forms.Form):
    emails = forms.ChoiceField(
        choices=ReviewEmails.choices, label=gettext_lazy("Email me about new applications")
    )
