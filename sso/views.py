"""The sign-in page: allauth's, except that ?idp=<slug> goes straight to that institution."""

from allauth.account.views import login as allauth_login
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
    return institution.app.get_provider(request).redirect_from_request(request)
