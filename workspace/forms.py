"""Forms of the issuer workspace: they check shapes; badges.services holds the rules."""

from django import forms
from django.forms import formset_factory

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


class IssuerForm(forms.Form):
    name = forms.CharField(max_length=200)
    url = forms.URLField(label="Website", max_length=500, assume_scheme="https")
    email = forms.ChoiceField(
        label="Contact email", help_text="One of your verified email addresses."
    )
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    image = forms.FileField(
        required=False,
        help_text="PNG or SVG, shown with the issuer's badges.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/svg+xml"}),
    )
    verification = forms.ChoiceField(
        choices=Verification.choices,
        widget=forms.RadioSelect,
        initial=Verification.HOSTED,
        help_text="Signed badges carry a signature and stay checkable offline; the issuer "
        "then has a signing key, which you can rotate.",
    )

    def __init__(self, *args, emails: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].choices = [(e, e) for e in emails]


class StaffInviteForm(forms.Form):
    email = forms.EmailField(
        help_text="They get an email with the invitation, and join only if they accept it."
    )
    role = forms.ChoiceField(choices=Role.choices, initial=Role.STAFF)


class BadgeClassForm(forms.Form):
    name = forms.CharField(max_length=200, validators=[validate_one_line])
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    image = forms.FileField(
        required=False,
        help_text="PNG or SVG; or design one below.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/svg+xml"}),
    )
    criteria_url = forms.URLField(
        required=False, max_length=500, label="Criteria URL", assume_scheme="https"
    )
    criteria_narrative = forms.CharField(
        required=False,
        label="Criteria (Markdown)",
        widget=forms.Textarea(attrs={"rows": 6, "data-markdown-preview": "criteria-preview"}),
        help_text="What earners must do. Give a URL, a text, or both.",
    )
    tags = forms.CharField(
        required=False,
        help_text="Comma-separated, such as: python, data analysis",
        widget=forms.TextInput(attrs={"list": "known-tags", "autocomplete": "off"}),
    )
    expires_amount = forms.IntegerField(
        required=False, min_value=1, max_value=EXPIRES_AMOUNT_MAX, label="Expires after"
    )
    expires_unit = forms.ChoiceField(required=False, choices=EMPTY + DurationUnit.choices)
    earner_description = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label="For earners"
    )
    consumer_description = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label="For employers"
    )
    time_to_earn_value = forms.IntegerField(
        required=False, min_value=1, max_value=TIME_TO_EARN_MAX, label="Time to earn"
    )
    time_to_earn_unit = forms.ChoiceField(required=False, choices=EMPTY + TimeUnit.choices)
    level = forms.ChoiceField(required=False, choices=EMPTY + Level.choices)
    badge_type = forms.ChoiceField(required=False, choices=EMPTY + BadgeType.choices, label="Type")
    cost_amount = forms.DecimalField(
        required=False,
        min_value=0,
        max_value=COST_MAX,
        max_digits=10,
        decimal_places=2,
        label="Cost",
    )
    cost_currency = forms.CharField(required=False, max_length=3, label="Currency")
    language = forms.CharField(max_length=16, initial="en")
    evidence_types = forms.MultipleChoiceField(
        required=False,
        choices=[(kind, kind.capitalize()) for kind in EVIDENCE_TYPES],
        widget=forms.CheckboxSelectMultiple,
        label="Evidence accepted",
    )
    is_public = forms.BooleanField(
        required=False, initial=True, label="Listed in the public catalogue"
    )
    accepts_applications = forms.BooleanField(
        required=False,
        label="Learners may apply for this badge",
        help_text="An Apply button on the badge page; applications come to the Review tab. "
        "Learners reflect on each item of a list in the criteria (or on the criteria as a "
        "whole) and add evidence of the kinds ticked above (none ticked: any kind).",
    )
    approvals_required = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=10,
        initial=1,
        label="Approvals needed",
        help_text="How many reviewers must approve an application before the badge is awarded.",
    )

    def to_service(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("image", None)
        data["tags"] = [tag.strip() for tag in data["tags"].split(",") if tag.strip()]
        data["approvals_required"] = data.get("approvals_required") or 1
        return data


class AlignmentForm(forms.Form):
    targetName = forms.CharField(max_length=200, label="Name", required=False)
    targetUrl = forms.URLField(required=False, label="URL", assume_scheme="https")
    targetFramework = forms.CharField(required=False, max_length=200, label="Framework")
    targetCode = forms.CharField(required=False, max_length=100, label="Code")
    targetDescription = forms.CharField(required=False, max_length=500, label="Description")


AlignmentFormSet = formset_factory(AlignmentForm, extra=1, max_num=20)


def filled_rows(formset) -> list[dict]:
    """The rows of a formset (alignments, evidence) that were filled in, without empty fields."""
    return [
        {key: value for key, value in form.cleaned_data.items() if value}
        for form in formset.forms
        if form.cleaned_data and any(form.cleaned_data.values())
    ]


class AwardForm(forms.Form):
    recipient_identity = forms.CharField(max_length=500, label="Recipient")
    recipient_type = forms.ChoiceField(
        choices=RecipientType.choices, initial=RecipientType.EMAIL, label="Recipient is a"
    )
    narrative = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Narrative (Markdown)"
    )
    issued_on = optional_datetime("Issued on", "Leave empty for now.")
    expires = optional_datetime("Expires on", "Leave empty to use the badge's own expiry.")
    notify = forms.BooleanField(required=False, initial=True, label="Email the recipient")

    def to_row(self, evidence: list[dict]) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "") and k != "notify"}
        if evidence:
            data["evidence"] = evidence
        return data


class EvidenceForm(forms.Form):
    url = forms.URLField(required=False, label="Evidence URL", assume_scheme="https")
    narrative = forms.CharField(required=False, max_length=2000, label="What it shows")


EvidenceFormSet = formset_factory(EvidenceForm, extra=1, max_num=20)


class PasteForm(forms.Form):
    recipients = forms.CharField(
        widget=unspelled_textarea(8),
        help_text="One per line (commas and spaces separate too).",
    )
    recipient_type = forms.ChoiceField(choices=RecipientType.choices, initial=RecipientType.EMAIL)
    narrative = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    notify = forms.BooleanField(required=False, initial=True, label="Email the recipients")


class CsvForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="A header row with email (or recipient_identity), and optionally "
        "recipient_type, narrative, evidence_url.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    notify = forms.BooleanField(required=False, initial=True, label="Email the recipients")

    MAX_BYTES = 10 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError("The file is larger than 10 MiB; split it.")
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError(
                "The file is not UTF-8 text; save it as CSV UTF-8 and upload it again."
            ) from exc


class RevokeForm(forms.Form):
    reason = forms.CharField(max_length=500, help_text="Shown to anyone who checks the badge.")


class SingleCodesForm(forms.Form):
    """Single-use claim codes: a number of them, or one for each email listed."""

    count = forms.IntegerField(
        required=False, min_value=1, initial=10, label="How many codes",
        help_text="Ignored when you list emails below.",
    )  # fmt: skip
    emails = forms.CharField(
        required=False,
        widget=unspelled_textarea(4),
        label="Or one code for each of these emails",
        help_text="One per line: only the learner with that verified email may claim it.",
    )
    expires_at = optional_datetime(
        "Expires on", "Leave empty to keep the codes until they are used."
    )
    note = forms.CharField(
        required=False, max_length=200, help_text="For you: where the codes are handed out."
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
        required=False, min_value=1, label="Use limit", help_text="Leave empty for no limit."
    )
    expires_at = optional_datetime("Expires on")
    note = forms.CharField(
        required=False, max_length=200, help_text="For you: such as the event it is for."
    )

    def to_fields(self) -> dict:
        return {"multi_use": True, **self.cleaned_data}


class ReviewFilterForm(forms.Form):
    badge = forms.ChoiceField(required=False, label="Badge")
    state = forms.ChoiceField(
        required=False, choices=[("", "Waiting for review"), *ApplicationState.choices]
    )
    mine = forms.BooleanField(required=False, label="Assigned to me")
    older_than_days = forms.IntegerField(
        required=False, min_value=1, max_value=3650, label="Submitted more than (days) ago"
    )

    def __init__(self, *args, badges, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["badge"].choices = [("", "Any badge"), *((b.entity_id, b.name) for b in badges)]


class ReviewForm(forms.Form):
    """Met or not and a comment for each criterion, the comment to the learner, the decision."""

    comment = forms.CharField(
        required=False,
        max_length=10000,
        label="Comment to the learner",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Needed when you return or reject the application.",
    )
    decision = forms.ChoiceField(choices=Decision.choices, widget=forms.RadioSelect)

    def __init__(self, *args, criteria: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for number, criterion in enumerate(criteria):
            self.fields[f"met_{number}"] = forms.ChoiceField(
                choices=[("yes", "Met"), ("no", "Not met")],
                widget=forms.RadioSelect,
                label=criterion,
            )
            self.fields[f"note_{number}"] = forms.CharField(
                required=False,
                max_length=5000,
                label=f"Comment on: {criterion}",
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
    reviewer = forms.ChoiceField(label="Assign to")

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].choices = [(m.user.entity_id, m.user.email) for m in staff]


class ReviewEmailsForm(forms.Form):
    emails = forms.ChoiceField(
        choices=ReviewEmails.choices, label="Email me about new applications"
    )
