"""Account forms: sign-up that takes the same time whether or not the email has an account."""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django.contrib.auth.hashers import make_password


class SignupForm(AllauthSignupForm):
    def try_save(self, request):
        if self.account_already_exists:
            # A new account costs a password hash, and allauth skips it for an email that has
            # an account (it only sends its owner an email): hashing here too keeps the answer's
            # timing from telling which emails have accounts.
            make_password(self.cleaned_data.get("password1") or "")
        return super().try_save(request)
