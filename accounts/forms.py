"""Forms of the account pages beyond allauth's: the profile, deleting one's account, and a
sign-up that takes the same time whether or not the email has an account."""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .photos import MAX_PHOTO_BYTES


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        max_length=100,
        required=False,
        label=_("Display name"),
        help_text=_("How your public badge and collection pages name you, such as Ada Lovelace."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    photo = forms.FileField(
        required=False,
        label=_("Photo"),
        help_text=_("A PNG, JPEG, WebP or GIF image of at most 2 MB; it is cropped to a square."),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/webp,image/gif"}),
    )
    photo_remove = forms.BooleanField(required=False, label=_("Remove my photo"))
    show_name_publicly = forms.BooleanField(
        required=False,
        label=_("Show my name and photo on the badges and collections I share"),
        help_text=_(
            "Your share pages, public collections and the public pages of your awards. "
            "Your name is never added to the Open Badges data of a badge."
        ),
    )

    badge_emails = forms.BooleanField(
        required=False,
        label=_("Email me about my badges"),
        help_text=_(
            "Award emails and reminders before a badge expires, at each of your verified "
            "addresses. Every such email also has a link that stops them in one click."
        ),
    )

    language = forms.ChoiceField(
        required=False,
        label=_("Language"),
        help_text=_(
            "The language of these pages once you sign in, and of the emails we send you. "
            "“Follow my browser” uses your browser's language."
        ),
        choices=[("", _("Follow my browser")), *settings.LANGUAGES],
    )

    def clean_photo(self) -> bytes | None:
        upload = self.cleaned_data.get("photo")
        if upload is None:
            return None
        if upload.size > MAX_PHOTO_BYTES:
            raise forms.ValidationError(
                gettext("The photo is %(size).1f MB; upload one of at most %(most)d MB.")
                % {"size": upload.size / 1024 / 1024, "most": MAX_PHOTO_BYTES // 1024 // 1024}
            )
        return upload.read()


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Type your password to confirm."),
    )


class SignupForm(AllauthSignupForm):
    def try_save(self, request):
        if self.account_already_exists:
            # A new account costs a password hash, and allauth skips it for an email that has
            # an account (it only sends its owner an email): hashing here too keeps the answer's
            # timing from telling which emails have accounts.
            make_password(self.cleaned_data.get("password1") or "")
        return super().try_save(request)
