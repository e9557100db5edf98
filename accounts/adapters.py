"""allauth adapters: sign-up can be closed by a setting (LAUREL_SIGNUP_OPEN)."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings

from .redirects import is_same_site_path


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return settings.LAUREL_SIGNUP_OPEN

    def is_safe_url(self, url) -> bool:
        """allauth's `next` (sign-in, sign-up, sign-out) follows the site's one rule."""
        return is_same_site_path(url)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        return settings.LAUREL_SIGNUP_OPEN
