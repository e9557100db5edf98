"""Issuers: the list of mine, creating one, its settings, signing key and staff."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import User
from accounts.selectors import user_verified_emails
from badges.models import Role
from badges.services import issuers as issuer_services
from badges.services.issuers import (
    issuer_invitation_cancel,
    issuer_invite,
    issuer_staff_change,
    issuer_staff_remove,
    issuer_update,
)
from badges.services.keys import issuer_key_rotate
from wallets import selectors as wallet_selectors
from wallets.services import issuer_wallet_settings_save
from web.confirm import confirm_page
from web.forms import add_service_errors, call_service, render_form
from web.i18n import in_sentence

from .. import selectors
from ..forms import IssuerForm, StaffInviteForm
from . import issuer_view, upload


def _refusal(request, exc: ValidationError, form) -> HttpResponseRedirect | None:
    """A service's refusal shown on form (the page is answered again), or without a form as a
    message on the page reloaded (the redirect returned)."""
    if form is not None:
        add_service_errors(form, exc)
        return None
    messages.error(request, " ".join(exc.messages))
    return HttpResponseRedirect(request.path)


@login_required
@require_GET
def home(request):
    return render(
        request,
        "workspace/home.html",
        {
            "memberships": selectors.issuer_memberships(user=request.user),
            "invitations": selectors.invitations_waiting_for(user=request.user),
        },
    )


def _emails(user) -> list[str]:
    return list(user_verified_emails(user=user).values_list("email", flat=True))


@login_required
@require_http_methods(["GET", "POST"])
def issuer_create(request):
    emails = _emails(request.user)
    form = IssuerForm(
        request.POST if request.method == "POST" else None,
        request.FILES or None,
        emails=emails,
    )
    if request.method == "POST" and form.is_valid():
        image, image_name = upload(form)
        data = {k: v for k, v in form.cleaned_data.items() if k != "image"}
        issuer = call_service(
            form,
            lambda: issuer_services.issuer_create(
                user=request.user, image=image, image_name=image_name, **data
            ),
        )
        if issuer:
            messages.success(
                request,
                _("%(issuer)s is ready: add its first badge class.") % {"issuer": issuer.name},
            )
            return HttpResponseRedirect(reverse("workspace:badges", args=[issuer.entity_id]))
    return render_form(
        request, "workspace/issuer_form.html", {"form": form, "emails": emails, "creating": True}
    )


@issuer_view("manage_issuer")
@require_http_methods(["GET", "POST"])
def issuer_delete(request, issuer, role):
    """A GET asks to confirm; the POST deletes (refused once the issuer has awarded)."""
    back = reverse("workspace:settings", args=[issuer.entity_id])
    if request.method == "POST":
        name = issuer.name
        try:
            issuer_services.issuer_delete(issuer=issuer, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return HttpResponseRedirect(back)
        messages.success(request, _("%(issuer)s was deleted.") % {"issuer": name})
        return HttpResponseRedirect(reverse("workspace:home"))
    return confirm_page(
        request,
        frame="workspace/confirm.html",
        title=_("Delete %(issuer)s?") % {"issuer": issuer.name},
        question=_(
            "The issuer goes for good, with its badge classes, staff, keys and webhooks. "
            "This cannot be undone. An issuer that has awarded badges cannot be deleted."
        ),
        button=_("Delete %(issuer)s") % {"issuer": issuer.name},
        cancel_url=back,
        context={"issuer": issuer, "role": role, "section": "settings"},
    )


@issuer_view("manage_issuer")
@require_http_methods(["GET", "POST"])
def issuer_settings(request, issuer, role):
    emails = sorted({*_emails(request.user), issuer.email})
    initial = {
        "name": issuer.name,
        "url": issuer.url,
        "email": issuer.email,
        "description": issuer.description,
        "verification": issuer.verification,
    }
    posted = request.method == "POST" and request.POST.get("action") == "save"
    form = IssuerForm(
        request.POST if posted else None, request.FILES or None, emails=emails, initial=initial
    )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "rotate":
                key = issuer_key_rotate(issuer=issuer, user=request.user)
                messages.success(
                    request,
                    _("New signing key %(key)s; old keys stay valid.") % {"key": key.entity_id},
                )
                return HttpResponseRedirect(request.path)
            if action == "wallets":
                offered = request.POST.get("offer_collection") == "on"
                issuer_wallet_settings_save(issuer=issuer, offer_collection=offered)
                messages.success(
                    request,
                    _("Learners may add this issuer's awards to credential wallets.")
                    if offered
                    else _("Learners can no longer add this issuer's awards to wallets."),
                )
                return HttpResponseRedirect(request.path)
            if action != "save":
                return HttpResponse("Unknown action.", status=400, content_type="text/plain")
            if form.is_valid():
                image, image_name = upload(form)
                data = {k: v for k, v in form.cleaned_data.items() if k != "image"}
                if data["email"] == issuer.email:
                    data.pop("email")  # unchanged: need not be one of this user's emails
                issuer_update(
                    issuer=issuer, user=request.user, image=image, image_name=image_name, **data
                )
                messages.success(request, _("Issuer saved."))
                return HttpResponseRedirect(request.path)
        except ValidationError as exc:
            if refused := _refusal(request, exc, form if action == "save" else None):
                return refused
    return render_form(
        request,
        "workspace/issuer_form.html",
        {
            "form": form,
            "issuer": issuer,
            "role": role,
            "keys": issuer.keys.all(),
            "wallets_offered": wallet_selectors.collection_offered(issuer=issuer),
            "section": "settings",
        },
    )


STAFF_ACTIONS = {"invite", "role", "remove", "cancel"}


@issuer_view("manage_issuer")
@require_http_methods(["GET", "POST"])
def staff(request, issuer, role):
    invite = StaffInviteForm(request.POST if request.POST.get("action") == "invite" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in STAFF_ACTIONS:
            return HttpResponse("Unknown action.", status=400, content_type="text/plain")
        try:
            if action == "invite":
                if invite.is_valid():
                    invitation = issuer_invite(
                        issuer=issuer, user=request.user, **invite.cleaned_data
                    )
                    # The same answer whether or not the email has an account.
                    messages.success(
                        request,
                        _(
                            "%(email)s is invited: they join when they accept the "
                            "invitation sent to that address."
                        )
                        % {"email": invitation.email},
                    )
                    return HttpResponseRedirect(request.path)
            elif action == "cancel":
                invitation = issuer.invitations.filter(pk=request.POST.get("invitation")).first()
                if invitation is not None:
                    issuer_invitation_cancel(invitation=invitation, user=request.user)
                return HttpResponseRedirect(request.path)
            else:
                member = User.objects.filter(
                    entity_id=request.POST.get("member", ""), issuer_roles__issuer=issuer
                ).first()
                if member is None:
                    raise ValidationError(_("That person is not on the staff."))
                if action == "role":
                    issuer_staff_change(
                        issuer=issuer,
                        user=request.user,
                        member=member,
                        role=request.POST.get("role", ""),
                    )
                    messages.success(
                        request,
                        _("%(member)s is now %(role)s.")
                        % {"member": member, "role": in_sentence(Role(request.POST["role"]).label)},
                    )
                else:
                    issuer_staff_remove(issuer=issuer, user=request.user, member=member)
                    messages.success(request, _("%(member)s left the staff.") % {"member": member})
                    if member == request.user:
                        return HttpResponseRedirect(reverse("workspace:home"))
                return HttpResponseRedirect(request.path)
        except ValidationError as exc:
            if refused := _refusal(request, exc, invite if action == "invite" else None):
                return refused
    return render_form(
        request,
        "workspace/staff.html",
        {
            "issuer": issuer,
            "role": role,
            "section": "staff",
            "staff": selectors.staff_list(issuer=issuer),
            "invitations": selectors.invitation_list(issuer=issuer),
            "invite": invite,
            "roles": Role.choices,
        },
        form=invite,
    )
