"""allauth adapters: sign-up can be closed by a setting (LAUREL_SIGNUP_OPEN); account emails
name the site as its editors do (Site settings), not by the request's host name."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings


def site_name(request) -> str:
    from portal.models import SiteSettings

    return SiteSettings.for_request(request).site_name if request else settings.WAGTAIL_SITE_NAME


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return settings.LAUREL_SIGNUP_OPEN

    def format_email_subject(self, subject: str) -> str:
        return f"[{site_name(self.request)}] {subject}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        super().send_mail(template_prefix, email, {"site_name": site_name(self.request), **context})


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        return settings.LAUREL_SIGNUP_OPEN
