"""Badge classes: the list with counts, one form to create and edit, publish, archive, delete."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from badges import artefacts
from badges import selectors as badge_selectors
from badges.markdown import MAX_MARKDOWN, render_markdown_preview
from badges.services.badge_classes import (
    badge_class_archive,
    badge_class_create,
    badge_class_delete,
    badge_class_publish,
    badge_class_update,
)
from web.confirm import confirm_page
from web.forms import add_service_errors

from .. import selectors
from ..forms import AlignmentFormSet, BadgeClassForm, filled_rows
from ..studio_forms import StudioForm
from ..studio_views import studio_context
from . import badge_or_404, issuer_view, upload


@issuer_view()
@require_GET
def badge_list(request, issuer, role):
    return render(
        request,
        "workspace/badges.html",
        {
            "issuer": issuer,
            "role": role,
            "section": "badges",
            "badges": selectors.badge_class_rows(issuer=issuer),
        },
    )


FORM_FIELDS = (
    "name", "description", "criteria_url", "criteria_narrative", "expires_amount",
    "expires_unit", "earner_description", "consumer_description", "time_to_earn_value",
    "time_to_earn_unit", "level", "badge_type", "cost_amount", "cost_currency", "language",
    "evidence_types", "is_public", "accepts_applications", "approvals_required",
)  # fmt: skip


def _initial(badge) -> dict:
    initial = {name: getattr(badge, name) for name in FORM_FIELDS}
    initial["tags"] = ", ".join(badge.tags)
    return initial


def _badge_form(request, issuer, role, badge=None):
    posted = request.method == "POST"
    form = BadgeClassForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        initial=_initial(badge) if badge else None,
    )
    alignments = AlignmentFormSet(
        request.POST if posted else None,
        prefix="alignment",
        initial=badge.alignments if badge else None,
    )
    # A new badge without an uploaded image gets the one designed in the studio fields.
    studio = StudioForm(request.POST, request.FILES) if posted and badge is None else None
    previewing = posted and request.POST.get("action") == "preview"  # the studio's button
    if posted and not previewing and form.is_valid() and alignments.is_valid():
        image, image_name = upload(form)
        fields = {**form.to_service(), "alignments": filled_rows(alignments)}
        if image is None and studio is not None and studio.is_valid():
            image, image_name, fields["design"] = studio.svg, "design.svg", studio.design
        publish = request.POST.get("publish") == "1"
        try:
            if badge is None:
                badge = badge_class_create(
                    issuer=issuer,
                    user=request.user,
                    image=image,
                    image_name=image_name,
                    draft=not publish,
                    **fields,
                )
            else:
                badge_class_update(
                    badge_class=badge,
                    user=request.user,
                    image=image,
                    image_name=image_name,
                    **fields,
                )
                if publish:
                    badge_class_publish(badge_class=badge, user=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if badge.draft:
                message = _("%(badge)s saved as a draft (not public yet).")
            else:
                message = _("%(badge)s published.")
            messages.success(request, message % {"badge": badge.name})
            return HttpResponseRedirect(
                reverse("workspace:badge-edit", args=[issuer.entity_id, badge.entity_id])
            )
    return render(
        request,
        "workspace/badge_form.html",
        {
            "issuer": issuer,
            "role": role,
            "section": "badges",
            "badge": badge,
            "form": form,
            "alignments": alignments,
            "known_tags": selectors.known_tags(),
            "translations": selectors.badge_translation_rows(badge_class=badge) if badge else [],
            **(studio_context(studio) if badge is None else {}),
            "studio_url": reverse("studio:studio", args=[issuer.entity_id, badge.entity_id])
            if badge
            else None,
        },
        status=400 if posted and not previewing else 200,
    )


@issuer_view("edit_badges")
@require_http_methods(["GET", "POST"])
def badge_new(request, issuer, role):
    return _badge_form(request, issuer, role)


@issuer_view("edit_badges")
@require_http_methods(["GET", "POST"])
def badge_edit(request, issuer, role, badge_id: str):
    return _badge_form(request, issuer, role, badge_or_404(issuer, badge_id))


BADGE_ACTIONS = {"publish", "archive", "unarchive"}


@issuer_view("edit_badges")
@require_POST
def badge_action(request, issuer, role, badge_id: str):
    badge = badge_or_404(issuer, badge_id)
    action = request.POST.get("action", "")
    if action not in BADGE_ACTIONS:
        return HttpResponse("Unknown action.", status=400, content_type="text/plain")
    back = reverse("workspace:badges", args=[issuer.entity_id])
    try:
        if action == "publish":
            badge_class_publish(badge_class=badge, user=request.user)
            messages.success(request, _("%(badge)s is published.") % {"badge": badge.name})
        elif action in ("archive", "unarchive"):
            badge_class_archive(badge_class=badge, user=request.user, archived=action == "archive")
            if action == "archive":
                message = _("%(badge)s is archived.")
            else:
                message = _("%(badge)s is unarchived.")
            messages.success(request, message % {"badge": badge.name})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return HttpResponseRedirect(back)


@issuer_view("edit_badges")
@require_http_methods(["GET", "POST"])
def badge_delete(request, issuer, role, badge_id: str):
    """A GET asks to confirm; the POST deletes (refused while the badge has live awards)."""
    badge = badge_or_404(issuer, badge_id)
    back = reverse("workspace:badges", args=[issuer.entity_id])
    if request.method == "POST":
        try:
            badge_class_delete(badge_class=badge, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("%(badge)s was deleted.") % {"badge": badge.name})
        return HttpResponseRedirect(back)
    awards = badge.assertions.count()
    live = badge_selectors.assertion_list(badge_class=badge).count()
    if live:
        question = ngettext(
            "%(badge)s has %(n)d live award, so it cannot be deleted: "
            "that would break them. Archive it instead: it stays verifiable but is no longer "
            "offered.",
            "%(badge)s has %(n)d live awards, so it cannot be deleted: "
            "that would break them. Archive it instead: it stays verifiable but is no longer "
            "offered.",
            live,
        ) % {"badge": badge.name, "n": live}
    else:
        question = (
            ngettext(
                "The badge class goes for good, with its claim codes and applications, and its "
                "%(n)d revoked or expired award. This cannot be undone.",
                "The badge class goes for good, with its claim codes and applications, and its "
                "%(n)d revoked or expired awards. This cannot be undone.",
                awards,
            )
            % {"n": awards}
            if awards
            else _(
                "The badge class goes for good, with its claim codes and applications. "
                "This cannot be undone."
            )
        )
    return confirm_page(
        request,
        frame="workspace/confirm.html",
        title=_("Delete %(badge)s?") % {"badge": badge.name},
        question=question,
        button=_("Delete %(badge)s") % {"badge": badge.name},
        cancel_url=back,
        context={"issuer": issuer, "role": role, "section": "badges", "badge": badge},
    )


@issuer_view()
@require_GET
def badge_image(request, issuer, role, badge_id: str):
    """A badge class's image for its staff, drafts too (the public image URL hides drafts)."""
    artefact = artefacts.image(
        f"badges/{badge_id}", badge_or_404(issuer, badge_id).image, as_png=True
    )
    response = HttpResponse(artefact.content, content_type=artefact.content_type)
    response["Cache-Control"] = "private, max-age=60"
    return response


@require_POST
def markdown_preview(request):
    """The criteria's Markdown as the badge page will show it (for the live preview)."""
    if not request.user.is_authenticated:
        return HttpResponse(status=401)
    text = request.POST.get("text", "")
    if len(text) > MAX_MARKDOWN:
        return HttpResponse(
            _("The text has %(n)s characters; keep it to %(max)s or fewer.")
            % {"n": f"{len(text):,}", "max": f"{MAX_MARKDOWN:,}"},
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    return HttpResponse(render_markdown_preview(text), content_type="text/html; charset=utf-8")
