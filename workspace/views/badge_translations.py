"""A badge class in another language: its name, description and criteria, added or removed."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from badges import selectors as badge_selectors
from badges.services.badge_translations import (
    badge_class_translation_delete,
    badge_class_translation_save,
)
from web.forms import add_service_errors
from web.i18n import language_name

from ..forms import BadgeTranslationForm
from . import badge_or_404, issuer_view


@issuer_view("edit_badges")
@require_http_methods(["GET", "POST"])
def badge_translation(request, issuer, role, badge_id: str, language: str):
    badge = badge_or_404(issuer, badge_id)
    languages = dict(badge_selectors.translation_languages(badge))
    if language not in languages:
        raise Http404(_("This badge cannot be translated into that language."))
    translation = badge_selectors.badge_class_translation(badge_class=badge, language=language)
    back = reverse("workspace:badge-edit", args=[issuer.entity_id, badge.entity_id])
    names = {"badge": badge.name, "language": language_name(language, in_sentence=True)}
    if request.method == "POST" and request.POST.get("action") == "delete":
        if badge_class_translation_delete(badge_class=badge, user=request.user, language=language):
            messages.success(
                request, _("%(badge)s: the version in %(language)s was removed.") % names
            )
        return HttpResponseRedirect(back)
    initial = (
        {
            "name": translation.name,
            "description": translation.description,
            "criteria_narrative": translation.criteria_narrative,
        }
        if translation
        else None
    )
    form = BadgeTranslationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            badge_class_translation_save(
                badge_class=badge, user=request.user, language=language, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("%(badge)s: the version in %(language)s was saved.") % names
            )
            return HttpResponseRedirect(back)
    return render(
        request,
        "workspace/badge_translation.html",
        {
            "issuer": issuer,
            "role": role,
            "section": "badges",
            "badge": badge,
            "form": form,
            "language": language,
            "language_name": names["language"],
            "translation": translation,
            "outdated": translation is not None and translation.updated_at < badge.updated_at,
        },
        status=400 if request.method == "POST" else 200,
    )
