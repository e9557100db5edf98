"""Invitations to an issuer's staff, as their invitee sees them (accept or decline), and
leaving an issuer."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.selectors import user_has_verified_email
from badges.services.issuers import (
    issuer_invitation_accept,
    issuer_invitation_decline,
    issuer_staff_leave,
)

from .. import selectors
from . import issuer_view


@require_http_methods(["GET", "POST"])
def invitation(request, token: str):
    """The page the invitation email links to. Anyone with the link may decline; accepting
    needs the account that has verified the invited email."""
    found = selectors.invitation_by_token(token=token)
    if found is None:
        raise Http404(_("This invitation was accepted, declined or withdrawn."))
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "decline":
            issuer_invitation_decline(invitation=found)
            messages.success(
                request, _("You declined to join %(issuer)s.") % {"issuer": found.issuer.name}
            )
            return HttpResponseRedirect(
                reverse("workspace:home") if request.user.is_authenticated else "/"
            )
        if action != "accept":
            return HttpResponse("Unknown action.", status=400, content_type="text/plain")
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            staff = issuer_invitation_accept(invitation=found, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            status = 400
        else:
            role = staff.get_role_display().lower()
            messages.success(
                request,
                _("You joined %(issuer)s as %(role)s.")
                % {"issuer": staff.issuer.name, "role": role},
            )
            return HttpResponseRedirect(
                reverse("workspace:dashboard", args=[staff.issuer.entity_id])
            )
    may_accept = request.user.is_authenticated and user_has_verified_email(
        user=request.user, email=found.email
    )
    return render(
        request,
        "workspace/invitation.html",
        {"invitation": found, "may_accept": may_accept},
        status=status,
    )


@issuer_view()
@require_http_methods(["GET", "POST"])
def leave(request, issuer, role):
    """Leave the issuer's staff (any role); GET asks to confirm."""
    status = 200
    if request.method == "POST":
        try:
            issuer_staff_leave(issuer=issuer, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            status = 400
        else:
            messages.success(request, _("You left %(issuer)s.") % {"issuer": issuer.name})
            return HttpResponseRedirect(reverse("workspace:home"))
    return render(
        request,
        "workspace/leave.html",
        {"issuer": issuer, "role": role, "section": "leave"},
        status=status,
    )
