"""The sign-in page: allauth's, except that ?idp=<slug> goes straight to that institution."""

import requests
from allauth.account.views import login as allauth_login
from allauth.socialaccount.helpers import render_authentication_error
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from django.shortcuts import render
from django.utils.translation import gettext as _

from .selectors import institution_by_slug


def login(request):
    slug = request.GET.get("idp")
    if not slug:
        return allauth_login(request)
    institution = institution_by_slug(slug)
    if institution is None:
        return render(request, "sso/unknown_institution.html", {"slug": slug}, status=404)
    # The person chose this institution by following the link; starting its flow on GET is
    # what the link is for (allauth's own provider pages ask for a POST first).
    provider = institution.app.get_provider(request)
    try:
        return provider.redirect_from_request(request)
    except (OAuth2Error, requests.RequestException) as error:  # discovery failed or was refused
        return render_authentication_error(
            request, provider, exception=error, extra_context={"laurel_reason": str(error)}
        )


def saml_finish_acs(request, organization_slug: str):
    """allauth's SAML assertion consumer, except that an answer that is not XML at all (which
    python3-saml lets through as a parser error) is refused with the error page, not a 500."""
    from allauth.socialaccount.providers.saml import views as saml_views
    from lxml.etree import LxmlError

    try:
        return saml_views.finish_acs(request, organization_slug=organization_slug)
    except (LxmlError, UnicodeError) as error:
        provider = saml_views.get_app_or_404(request, organization_slug).get_provider(request)
        return render_authentication_error(
            request,
            provider,
            exception=error,
            extra_context={"laurel_reason": _("The answer is not a SAML response.")},
        )
