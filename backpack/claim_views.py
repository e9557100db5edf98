"""The learner's claim page: enter a claim code (or arrive from its QR code) and get the badge."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.selectors import user_verified_emails
from badges.models import format_claim_code
from badges.services.claim_codes import ClaimThrottled, normalize_claim_code
from web.forms import add_service_errors

from . import selectors, services
from .forms import ClaimForm


@login_required
@require_http_methods(["GET", "POST"])
def claim(request, code: str = ""):
    """GET shows the form (the code filled in from a QR link); POST claims the badge."""
    emails = list(user_verified_emails(user=request.user).values_list("email", flat=True))
    initial = {"code": format_claim_code(normalize_claim_code(code))}
    form = ClaimForm(request.POST or None, initial=initial, emails=emails)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                assertion = services.backpack_claim(
                    user=request.user,
                    code=form.cleaned_data["code"],
                    email=form.cleaned_data.get("email", ""),
                    address=request.META.get("REMOTE_ADDR", ""),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 429 if isinstance(exc, ClaimThrottled) else 400
            else:
                return HttpResponseRedirect(reverse("backpack:claimed", args=[assertion.entity_id]))
    return render(
        request, "backpack/claim.html", {"form": form, "has_email": bool(emails)}, status=status
    )


@login_required
@require_GET
def claimed(request, entity_id: str):
    """The badge just claimed, with the way to it in the backpack."""
    item = selectors.backpack_item_get(user=request.user, entity_id=entity_id)
    if item is None:
        raise Http404(_("There is no such badge in your backpack."))
    return render(request, "backpack/claimed.html", {"item": item})
