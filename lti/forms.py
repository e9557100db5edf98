"""Forms of the instructor's pages: a new award rule and the badges to deep-link."""

from django import forms

from .models import RuleKind


class RuleForm(forms.Form):
    badge_class = forms.ModelChoiceField(queryset=None, label="Badge")
    kind = forms.ChoiceField(choices=RuleKind.choices, label="Award when")
    threshold = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=100,
        label="Percentage to reach",
        help_text="For a score rule: the learner's score on the line item, in percent.",
    )
    lineitems = forms.MultipleChoiceField(
        required=False,
        label="Line items",
        help_text="One for a score rule (the course grade or an assignment); all that must be "
        "completed for a completion rule.",
    )

    def __init__(self, *args, badges, lineitems: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["badge_class"].queryset = badges
        self.fields["lineitems"].choices = lineitems


class PickForm(forms.Form):
    badges = forms.ModelMultipleChoiceField(
        queryset=None, widget=forms.CheckboxSelectMultiple, label="Badges this course awards"
    )

    def __init__(self, *args, badges, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["badges"].queryset = badges
