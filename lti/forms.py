"""Forms of the instructor's pages: a new award rule and the badges to deep-link."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import RuleKind


class RuleForm(forms.Form):
    badge_class = forms.ModelChoiceField(queryset=None, label=_("Badge"))
    kind = forms.ChoiceField(choices=RuleKind.choices, label=_("Award when"))
    threshold = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=100,
        label=_("Percentage to reach"),
        help_text=_("For a score rule: the learner's score on the line item, in percent."),
    )
    lineitems = forms.MultipleChoiceField(
        required=False,
        label=_("Line items"),
        help_text=_(
            "One for a score rule (the course grade or an assignment); all that must be "
            "completed for a completion rule."
        ),
    )

    def __init__(self, *args, badges, lineitems: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["badge_class"].queryset = badges
        self.fields["lineitems"].choices = lineitems


class PickForm(forms.Form):
    badges = forms.ModelMultipleChoiceField(
        queryset=None, widget=forms.CheckboxSelectMultiple, label=_("Badges this course awards")
    )

    def __init__(self, *args, badges, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["badges"].queryset = badges
