"""allauth adapters: sign-up can be closed by a setting (LAUREL_SIGNUP_OPEN), failed sign-ins
count per account at one address, account emails name the site as its editors do (Site
settings), and every link in them is on the public origin (LAUREL_BASE_URL), never the
request's Host."""

from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings

from web.links import public_host, rebased_url
from web.redirects import is_same_site_path
from web.site import site_name

from . import throttle


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return settings.LAUREL_SIGNUP_OPEN

    def is_safe_url(self, url) -> bool:
        """allauth's `next` (sign-in, sign-up, sign-out) follows the site's one rule."""
        return is_same_site_path(url)

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # allauth's per-"key" sign-in limit counts the email on any site domain (the Host
        # header): here the account at one client address, as /o/token counts it
        # (accounts/throttle.py), so guesses elsewhere never lock the owner out.
        login = credentials.get("email", credentials.get("username", "")).strip().lower()
        return f"{login}\n{throttle.client_address(request)}"

    def get_reset_password_from_key_url(self, key: str) -> str:
        return rebased_url(super().get_reset_password_from_key_url(key))

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return rebased_url(super().get_email_confirmation_url(request, emailconfirmation))

    def format_email_subject(self, subject: str) -> str:
        return f"[{site_name(self.request)}] {subject}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # allauth builds the site's name and the remaining links (sign-up and reset pages in
        # the "unknown account" and "already registered" emails) from the request.
        context = {
            **context,
            **{key: rebased_url(value) for key, value in context.items() if key.endswith("_url")},
            "current_site": SimpleNamespace(domain=public_host(), name=site_name(self.request)),
            "site_name": site_name(self.request),
        }
        super().send_mail(template_prefix, email, context)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        return settings.LAUREL_SIGNUP_OPEN

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ) -> None:
        """A refused sign-in (bad or unsigned assertion, wrong audience or nonce, replay) is the
        visitor's request that failed: the error page answers 400 and says why, never 200."""
        from allauth.core.exceptions import ImmediateHttpResponse
        from allauth.socialaccount.providers.base.constants import AuthError
        from django.shortcuts import render

        if error == AuthError.CANCELLED:
            return
        context = {
            **(extra_context or {}),
            "auth_error": {"provider": provider, "code": error, "exception": exception},
        }
        raise ImmediateHttpResponse(
            render(request, "socialaccount/authentication_error.html", context, status=400)
        )
