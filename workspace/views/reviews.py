"""The review queue: applications for the issuer's badges, taken or assigned, and decided."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from badges import selectors
from badges.models import OPEN_STATES, ApplicationState
from badges.services.applications import (
    application_assign,
    application_take,
    review_submit,
    reviewer_preference_set,
)
from web.forms import add_service_errors

from .. import selectors as workspace_selectors
from ..forms import AssignForm, ReviewEmailsForm, ReviewFilterForm, ReviewForm
from . import issuer_view


@issuer_view("award")
@require_http_methods(["GET", "POST"])
def review_queue(request, issuer, role):
    """The queue, filtered; a POST sets how the reviewer hears of new applications."""
    if request.method == "POST":
        emails = ReviewEmailsForm(request.POST)
        if not emails.is_valid():
            return HttpResponse(
                _("Choose each, daily or off."), status=400, content_type="text/plain"
            )
        reviewer_preference_set(user=request.user, emails=emails.cleaned_data["emails"])
        messages.success(request, _("Your email choice for new applications is saved."))
        return HttpResponseRedirect(reverse("workspace:review-queue", args=[issuer.entity_id]))
    badges = selectors.badge_class_list(issuer=issuer).filter(accepts_applications=True)
    filters = ReviewFilterForm(request.GET or None, badges=badges)
    options = filters.cleaned_data if filters.is_valid() else {}
    applications = selectors.review_queue(
        issuer=issuer,
        user=request.user,
        badge_id=options.get("badge", ""),
        state=options.get("state", ""),
        mine=options.get("mine", False),
        older_than_days=options.get("older_than_days"),
    )
    counts = selectors.review_state_counts(issuer=issuer)
    return render(
        request,
        "workspace/review_queue.html",
        {
            "issuer": issuer,
            "role": role,
            "section": "review",
            "filters": filters,
            "applications": applications[:200],
            "counts": [(ApplicationState(state).label, state, n) for state, n in counts.items()],
            "emails": ReviewEmailsForm(
                initial={"emails": selectors.reviewer_emails_setting(user=request.user)}
            ),
        },
        status=200 if filters.is_valid() or not request.GET else 400,
    )


def _application_or_404(issuer, application_id: str):
    application = selectors.review_application_get(issuer=issuer, entity_id=application_id)
    if application is None:
        raise Http404(_("This issuer has no such application."))
    return application


@issuer_view("award")
@require_http_methods(["GET", "POST"])
def review_detail(request, issuer, role, application_id: str):
    """One application: evidence, reflections, history, and the review form."""
    application = _application_or_404(issuer, application_id)
    criteria = [r["criterion"] for r in application.reflections]
    form = ReviewForm(request.POST or None, criteria=criteria)
    if request.method == "POST" and form.is_valid():
        try:
            review_submit(application=application, user=request.user, **form.to_service())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            application.refresh_from_db()
            messages.success(
                request,
                _("Review saved: the application is %(state)s.")
                % {"state": application.get_state_display()},
            )
            return HttpResponseRedirect(
                reverse("workspace:review", args=[issuer.entity_id, application.entity_id])
            )
    return render(
        request,
        "workspace/review.html",
        {
            "issuer": issuer,
            "role": role,
            "section": "review",
            "application": application,
            "reflections": application.reflections,
            "evidence": application.evidence.all(),
            "events": application.events.select_related("actor"),
            "reviews": application.reviews.select_related("reviewer"),
            "form": form,
            "assign": AssignForm(staff=workspace_selectors.staff_list(issuer=issuer)),
            "open": application.state in OPEN_STATES,
        },
        status=400 if request.method == "POST" else 200,
    )


@issuer_view("award")
@require_POST
def review_action(request, issuer, role, application_id: str):
    """Take the application for review, or (owners) assign it to a reviewer."""
    application = _application_or_404(issuer, application_id)
    back = reverse("workspace:review", args=[issuer.entity_id, application.entity_id])
    action = request.POST.get("action")
    try:
        if action == "take":
            application_take(application=application, user=request.user)
            messages.success(request, _("You hold this application for review."))
        elif action == "assign":
            form = AssignForm(request.POST, staff=workspace_selectors.staff_list(issuer=issuer))
            reviewer = (
                get_user_model().objects.filter(entity_id=form.cleaned_data["reviewer"]).first()
                if form.is_valid()
                else None
            )
            application_assign(application=application, user=request.user, reviewer=reviewer)
            messages.success(request, _("Assigned to %(email)s.") % {"email": reviewer.email})
        else:
            return HttpResponse("Unknown action.", status=400, content_type="text/plain")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return HttpResponseRedirect(back)
