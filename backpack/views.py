"""Backpack pages: the learner's badges, import, collections, exports and applications (the
public share, embed and verify pages are in public_views). Every write goes through
backpack.services."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from badges import selectors as badge_selectors
from badges.models import EVIDENCE_TYPES
from badges.openbadges.report import VerificationReport
from badges.services import applications as application_services
from badges.services.applications import (
    application_create,
    application_evidence_add,
    application_evidence_remove,
    application_submit,
    application_update,
)
from web.confirm import confirm_page
from web.forms import add_service_errors, call_service, render_form
from web.redirects import safe_next
from web.site import site_name

from . import export, selectors, services
from .forms import ApplicationForm, BadgeSourceForm, CollectionForm
from .items import award_item
from .models import Acceptance
from .public_views import embed_code
from .sharing import badge_share_links, collection_share_links, collection_share_url

FILTERS = {
    "": gettext_lazy("Your badges"),
    "new": gettext_lazy("New awards to accept"),
    "hidden": gettext_lazy("Hidden badges"),
    "declined": gettext_lazy("Declined awards"),
}


@login_required
@require_GET
def backpack(request):
    show = request.GET.get("show", "")
    if show not in FILTERS:
        show = ""
    if show == "declined":
        items = [award_item(a) for a in selectors.declined_assertion_list(user=request.user)]
    else:
        items = selectors.backpack_items(user=request.user)
        if show == "new":
            items = [item for item in items if item.pending]
        else:
            items = [item for item in items if item.hidden == (show == "hidden")]
    return render(
        request,
        "backpack/backpack.html",
        {
            "items": items,
            "show": show,
            "filters": FILTERS,
            "heading": FILTERS[show],
            "pending_count": sum(
                1 for i in selectors.backpack_items(user=request.user) if i.pending
            ),
            "collections": selectors.collection_list(user=request.user),
        },
    )


def _bound(form_class, request):
    """The form bound to a POST (an empty one too, so it shows what is missing), else unbound."""
    if request.method == "POST":
        return form_class(request.POST, request.FILES)
    return form_class()


def _or_404(found, message: str):
    if found is None:
        raise Http404(message)
    return found


def _item_or_404(request, entity_id: str):
    item = selectors.backpack_item_get(user=request.user, entity_id=entity_id)
    return _or_404(item, _("There is no such badge in your backpack."))


@login_required
@require_GET
def badge_detail(request, entity_id: str):
    item = _item_or_404(request, entity_id)
    return render(
        request,
        "backpack/badge.html",
        {
            "item": item,
            "links": badge_share_links(item, site_name(request)),
            "embed_code": embed_code(item.absolute_share_url),
            "collections": selectors.collection_list(user=request.user),
            "report": VerificationReport.from_dict(item.obj.report) if item.imported else None,
        },
    )


BADGE_ACTIONS = {"accept", "decline", "hide", "show", "reverify", "collect"}


@login_required
@require_POST
def badge_action(request, entity_id: str):
    action = request.POST.get("action", "")
    user = request.user
    back = safe_next(request, reverse("backpack:badge", args=[entity_id]))
    if action not in BADGE_ACTIONS:
        return HttpResponse("Unknown action for this badge.", status=400, content_type="text/plain")
    try:
        if action in ("accept", "decline"):
            assertion = selectors.received_assertions(user=user).filter(entity_id=entity_id).first()
            if assertion is None:
                raise ValidationError(
                    _("Only awards made on this site can be accepted or declined.")
                )
            acceptance = Acceptance.ACCEPTED if action == "accept" else Acceptance.REJECTED
            services.backpack_acceptance_set(user=user, assertion=assertion, acceptance=acceptance)
            messages.success(
                request,
                _("Accepted: the badge is in your backpack.")
                if action == "accept"
                else _(
                    "Declined: the badge left your backpack. It stays valid; accept it again "
                    "from Declined awards."
                ),
            )
            if action == "decline":
                back = reverse("backpack:list")
        elif action in ("hide", "show"):
            services.backpack_hidden_set(user=user, entity_id=entity_id, hidden=action == "hide")
            messages.success(
                request,
                _("Hidden: it stays in your backpack, out of public collections.")
                if action == "hide"
                else _("The badge shows again."),
            )
        elif action == "reverify":
            item = _item_or_404(request, entity_id)
            if not item.imported:
                raise ValidationError(_("Badges awarded here are always checked as they are read."))
            imported = services.imported_badge_reverify(imported=item.obj)
            messages.info(
                request,
                _("Verified again: %(status)s.") % {"status": imported.get_status_display()},
            )
        else:
            collection = selectors.collection_get(
                user=user, entity_id=request.POST.get("collection", "")
            )
            if collection is None:
                raise ValidationError(_("Choose one of your collections."))
            services.collection_badge_add(collection=collection, user=user, entity_id=entity_id)
            messages.success(
                request, _("Added to %(collection)s.") % {"collection": collection.name}
            )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return HttpResponseRedirect(back)


@login_required
@require_http_methods(["GET", "POST"])
def badge_remove(request, entity_id: str):
    """A GET asks to confirm; the POST takes the badge out of the backpack."""
    item = _item_or_404(request, entity_id)
    if request.method == "POST":
        services.backpack_item_delete(user=request.user, entity_id=entity_id)
        messages.success(request, _("The badge was removed from your backpack."))
        return HttpResponseRedirect(reverse("backpack:list"))
    return confirm_page(
        request,
        frame="backpack/confirm.html",
        title=_("Remove %(badge)s from your backpack?") % {"badge": item.name},
        question=_(
            "It leaves your backpack and its collections. An award made on this site "
            "stays valid: accept it again from Declined awards. An imported badge is forgotten; "
            "import it again to get it back."
        ),
        button=_("Remove from backpack"),
        cancel_url=reverse("backpack:badge", args=[entity_id]),
    )


@login_required
@require_GET
def badge_download(request, entity_id: str):
    item = _item_or_404(request, entity_id)
    if request.GET.get("format") == "json":
        file = export.item_json(item)
    else:
        if item.status == "revoked":
            return HttpResponse(
                _("This badge was revoked; there is no image to share."),
                status=410,
                content_type="text/plain",
            )
        file = export.item_baked(item)
        if file is None:
            raise Http404(_("This imported badge came without an image."))
    return _attachment(file)


@login_required
@require_GET
def backpack_export(request):
    return _attachment(export.backpack_zip(user=request.user))


def _attachment(file) -> HttpResponse:
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def badge_import(request):
    form = _bound(BadgeSourceForm, request)
    if request.method == "POST" and form.is_valid():
        item = call_service(
            form, lambda: services.backpack_import(user=request.user, **form.source())
        )
        if item:
            messages.success(
                request, _("%(badge)s is in your backpack, verified.") % {"badge": item.name}
            )
            return HttpResponseRedirect(reverse("backpack:badge", args=[item.entity_id]))
    return render_form(request, "backpack/import.html", {"form": form})


# Collections -----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def collections(request):
    form = _bound(CollectionForm, request)
    if request.method == "POST" and form.is_valid():
        collection = call_service(
            form, lambda: services.collection_create(user=request.user, **form.cleaned_data)
        )
        if collection:
            messages.success(
                request,
                _("Collection %(collection)s made: add badges to it.")
                % {"collection": collection.name},
            )
            return HttpResponseRedirect(reverse("backpack:collection", args=[collection.entity_id]))
    return render_form(
        request,
        "backpack/collections.html",
        {"form": form, "collections": selectors.collection_list(user=request.user)},
    )


COLLECTION_ACTIONS = {"save", "add", "up", "down", "remove"}


@login_required
@require_http_methods(["GET", "POST"])
def collection_detail(request, entity_id: str):
    collection = selectors.collection_get(user=request.user, entity_id=entity_id)
    if collection is None:
        raise Http404(_("You have no such collection."))
    form = CollectionForm(
        request.POST if request.POST.get("action") == "save" else None,
        initial={
            "name": collection.name,
            "description": collection.description,
            "published": collection.published,
        },
    )
    if request.method == "POST":
        action, badge = request.POST.get("action", ""), request.POST.get("badge", "")
        if action not in COLLECTION_ACTIONS:
            return HttpResponse("Unknown collection action.", status=400, content_type="text/plain")
        user = request.user
        try:
            if action == "save":
                if form.is_valid():
                    services.collection_update(
                        collection=collection, user=user, **form.cleaned_data
                    )
                    messages.success(request, _("Collection saved."))
            elif action == "add":
                services.collection_badge_add(collection=collection, user=user, entity_id=badge)
            elif action in ("up", "down"):
                services.collection_badge_move(
                    collection=collection,
                    user=user,
                    entity_id=badge,
                    offset=-1 if action == "up" else 1,
                )
            else:
                services.collection_badge_remove(collection=collection, user=user, entity_id=badge)
        except ValidationError as exc:
            if action == "save":
                add_service_errors(form, exc)
            else:
                messages.error(request, " ".join(exc.messages))
        except PermissionDenied as exc:
            raise Http404(_("You have no such collection.")) from exc
        if not form.errors:
            return HttpResponseRedirect(reverse("backpack:collection", args=[entity_id]))
    items = selectors.collection_items(collection=collection)
    in_collection = {item.entity_id for item in items}
    share_url = collection_share_url(entity_id)
    return render_form(
        request,
        "backpack/collection.html",
        {
            "collection": collection,
            "form": form,
            "items": items,
            "addable": [
                i
                for i in selectors.backpack_items(user=request.user)
                if i.entity_id not in in_collection
            ],
            "share_url": share_url,
            "links": collection_share_links(share_url, collection.name, site_name(request)),
            "embed_code": embed_code(share_url),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def collection_delete(request, entity_id: str):
    """A GET asks to confirm; the POST deletes the collection (its badges stay)."""
    collection = selectors.collection_get(user=request.user, entity_id=entity_id)
    if collection is None:
        raise Http404(_("You have no such collection."))
    if request.method == "POST":
        services.collection_delete(collection=collection, user=request.user)
        messages.success(
            request, _("Collection %(collection)s deleted.") % {"collection": collection.name}
        )
        return HttpResponseRedirect(reverse("backpack:collections"))
    return confirm_page(
        request,
        frame="backpack/confirm.html",
        title=_("Delete the collection %(collection)s?") % {"collection": collection.name},
        question=_(
            "The collection and its share link go for good (anyone who has the link sees "
            "nothing there any more). The badges stay in your backpack."
        )
        if collection.published
        else _("The collection and its share link go for good. The badges stay in your backpack."),
        button=_("Delete the collection"),
        cancel_url=reverse("backpack:collection", args=[entity_id]),
    )


# Applications ------------------------------------------------------------------------------


def _own_application_or_404(request, entity_id: str):
    application = badge_selectors.application_get_for_user(user=request.user, entity_id=entity_id)
    return _or_404(application, _("You have no such application."))


@login_required
@require_GET
def applications(request):
    return render(
        request,
        "backpack/applications.html",
        {"applications": badge_selectors.application_list_for_user(user=request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def apply(request, badge_id: str):
    """Start an application from the badge page; an open one is continued instead."""
    badge = badge_selectors.badge_class_to_apply_for(entity_id=badge_id)
    if badge is None:
        raise Http404(_("No badge with this id."))
    existing = badge_selectors.application_open_for(user=request.user, badge_class=badge)
    if existing is not None:
        target = "backpack:application-edit" if existing.editable else "backpack:application"
        return HttpResponseRedirect(reverse(target, args=[existing.entity_id]))
    if not badge.accepts_applications or badge.archived:
        messages.error(request, _("%(badge)s does not take applications.") % {"badge": badge.name})
        return HttpResponseRedirect(reverse("discovery:badge", args=[badge.entity_id]))
    return _application_form(request, badge)


@login_required
@require_http_methods(["GET", "POST"])
def application_edit(request, entity_id: str):
    application = _own_application_or_404(request, entity_id)
    if not application.editable:
        return HttpResponseRedirect(reverse("backpack:application", args=[entity_id]))
    return _application_form(request, application.badge_class, application)


def _application_form(request, badge, application=None):
    criteria = badge_selectors.badge_criteria(badge)
    written = {r["criterion"]: r["text"] for r in (application.reflections if application else [])}
    posted = request.method == "POST"
    form = ApplicationForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        criteria=criteria,
        kinds=list(badge.evidence_types) or list(EVIDENCE_TYPES),
        max_mb=settings.LAUREL_APPLICATION_MAX_FILE_MB,
        initial={f"reflection_{n}": written.get(c, "") for n, c in enumerate(criteria)},
    )
    if posted and form.is_valid():
        action = request.POST.get("action", "save")
        started = application is None
        try:
            with transaction.atomic():  # a refused step leaves no new draft behind
                if application is None:
                    application = application_create(
                        badge_class=badge, user=request.user, reflections=form.reflections()
                    )
                else:
                    application_update(
                        application=application, user=request.user, reflections=form.reflections()
                    )
                if action == "add":
                    application_evidence_add(
                        application=application,
                        user=request.user,
                        file=form.cleaned_data["file"],
                        **form.evidence(),
                    )
                elif action.startswith("remove:"):
                    item = application.evidence.filter(entity_id=action.split(":", 1)[1]).first()
                    if item is not None:
                        application_evidence_remove(evidence=item, user=request.user)
                elif action == "submit":
                    application_submit(application=application, user=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
            if started:  # the new draft was rolled back with the refused step
                application = None
        else:
            if action == "submit":
                messages.success(
                    request,
                    _("Your application for %(badge)s is submitted.") % {"badge": badge.name},
                )
                return HttpResponseRedirect(
                    reverse("backpack:application", args=[application.entity_id])
                )
            messages.success(
                request, _("Evidence added.") if action == "add" else _("Draft saved.")
            )
            return HttpResponseRedirect(
                reverse("backpack:application-edit", args=[application.entity_id])
            )
    return render(
        request,
        "backpack/application_form.html",
        {
            "badge": badge,
            "application": application,
            "form": form,
            "evidence": application.evidence.all() if application else [],
        },
        status=400 if posted else 200,
    )


@login_required
@require_GET
def application_detail(request, entity_id: str):
    application = _own_application_or_404(request, entity_id)
    return render(
        request,
        "backpack/application.html",
        {
            "application": application,
            "badge": application.badge_class,
            "reflections": application.reflections,
            "evidence": application.evidence.all(),
            "events": application.events.select_related("actor"),
            "reviews": application.reviews.all(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_withdraw(request, entity_id: str):
    """A GET asks to confirm; the POST withdraws the application."""
    application = _own_application_or_404(request, entity_id)
    back = HttpResponseRedirect(reverse("backpack:application", args=[entity_id]))
    if request.method == "GET":
        if not application.undecided:
            messages.info(request, _("This application is decided; there is nothing to withdraw."))
            return back
        return confirm_page(
            request,
            frame="backpack/confirm.html",
            title=_("Withdraw your application for %(badge)s?")
            % {"badge": application.badge_class.name},
            question=_(
                "The reviewers stop reviewing it and it cannot be submitted again; "
                "you may start a new application later."
            ),
            button=_("Withdraw the application"),
            cancel_url=reverse("backpack:application", args=[entity_id]),
        )
    try:
        application_services.application_withdraw(application=application, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Your application is withdrawn."))
    return back
