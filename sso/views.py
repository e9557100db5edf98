"""The sign-in page: allauth's, except that ?idp=<slug> goes straight to that institution."""

import requests
from allauth.account.views import login as allauth_login
from allauth.socialaccount.helpers import render_authentication_error
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from django.shortcuts import render

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
