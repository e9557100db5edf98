"""Badge studio pages: design a badge class's image from choices, with a live preview."""

import base64

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from badges.models import ROLE_RIGHTS, BadgeClass
from badges.permissions import require, user_role
from badges.services.badge_classes import badge_class_update
from badges.studio import MAX_TEXT, clean_design, render_design
from web.forms import add_service_errors

from .studio_forms import StudioForm


def studio_context(form: StudioForm | None = None) -> dict:
    """The context of templates/workspace/_studio_fields.html: the form (by default a fresh one
    with the default design) and the badge drawn from it, as an <img> source that also works
    without JavaScript. A form whose choices were refused shows the default badge."""
    form = form or StudioForm.for_design({})
    svg = getattr(form, "svg", None)
    if svg is None:
        try:
            svg = render_design({} if form.is_bound else form.initial)
        except ValidationError:
            svg = render_design({})
    preview = "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
    return {"studio_form": form, "studio_preview": preview}


def _badge_to_design(request, issuer_id: str, badge_id: str) -> BadgeClass:
    """The badge class, for someone who may edit its issuer's badges.

    Someone with no role at the issuer learns nothing (404); a member without the right is told
    what is missing (403).
    """
    badge = (
        BadgeClass.objects.select_related("issuer")
        .filter(entity_id=badge_id, issuer__entity_id=issuer_id)
        .first()
    )
    if badge is None or not (
        request.user.is_superuser or user_role(user=request.user, issuer=badge.issuer)
    ):
        raise Http404(_("There is no such badge class at an issuer you belong to."))
    require(user=request.user, issuer=badge.issuer, right="edit_badges")
    return badge


def _first_design(badge: BadgeClass) -> dict:
    """The kept design, or for a badge never designed (or whose design no longer cleans, say
    after an icon left the set), the defaults with its name as the text when it fits."""
    try:
        return clean_design(badge.design) if badge.design else _named(badge)
    except ValidationError:
        return _named(badge)


def _named(badge: BadgeClass) -> dict:
    return {"text": badge.name} if len(badge.name) <= MAX_TEXT else {}


@login_required
@require_http_methods(["GET", "POST"])
def studio(request, issuer_id: str, badge_id: str):
    badge = _badge_to_design(request, issuer_id, badge_id)
    if request.method == "GET":
        return _page(request, badge, StudioForm.for_design(_first_design(badge)))

    form = StudioForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, badge, form, status=400)
    if request.POST.get("action") == "preview":
        # Shown again from the cleaned design, so an uploaded graphic is kept for the save.
        return _page(request, badge, StudioForm.for_design(form.design))
    try:
        badge_class_update(
            badge_class=badge,
            user=request.user,
            image=form.svg,
            image_name="design.svg",
            design=form.design,
        )
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _page(request, badge, form, status=400)
    messages.success(request, _("The new image of %(badge)s is saved.") % {"badge": badge.name})
    return HttpResponseRedirect(
        reverse("studio:studio", args=[badge.issuer.entity_id, badge.entity_id])
    )


def _page(request, badge: BadgeClass, form: StudioForm, status: int = 200):
    context = {"badge": badge, **studio_context(form)}
    return render(request, "workspace/studio.html", context, status=status)


@login_required
@require_POST
def studio_preview(request):
    """The badge drawn from the posted choices, as SVG; the reason as plain text when refused."""
    if not _may_design_somewhere(request.user):
        return HttpResponse(
            _("You need a role that may edit badge classes at an issuer to use the studio."),
            status=403,
            content_type="text/plain",
        )
    form = StudioForm(request.POST, request.FILES)
    if not form.is_valid():
        problems = [
            f"{form[name].label if name in form.fields else _('Design')}: {' '.join(errors)}"
            for name, errors in form.errors.items()
        ]
        return HttpResponse("\n".join(problems), status=400, content_type="text/plain")
    response = HttpResponse(form.svg, content_type="image/svg+xml")
    response["Cache-Control"] = "no-store"
    return response


def _may_design_somewhere(user) -> bool:
    designers = [role for role, rights in ROLE_RIGHTS.items() if "edit_badges" in rights]
    return user.is_superuser or user.issuer_roles.filter(role__in=designers).exists()
