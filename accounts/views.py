"""Account pages beyond allauth's: the profile (display name, photo), its photo, and deleting
one's account."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.i18n import set_language

from web.forms import add_service_errors, render_form
from web.security import file_response

from .forms import DeleteAccountForm, ProfileForm
from .selectors import badge_emails_wanted, issuers_held_by, user_with_public_photo
from .services import badge_emails_set, user_delete, user_language_set, user_profile_update


@login_required
@require_http_methods(["GET", "POST"])
def account_profile(request):
    user = request.user
    form = ProfileForm(
        request.POST or None,
        request.FILES or None,
        initial={
            "display_name": user.display_name,
            "show_name_publicly": user.show_name_publicly,
            "badge_emails": badge_emails_wanted(user=user),
            "language": user.language,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            user_profile_update(
                user=user,
                display_name=form.cleaned_data["display_name"],
                show_name_publicly=form.cleaned_data["show_name_publicly"],
                photo=form.cleaned_data["photo"],
                photo_remove=form.cleaned_data["photo_remove"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            badge_emails_set(user=user, wanted=form.cleaned_data["badge_emails"])
            user_language_set(user=user, language=form.cleaned_data["language"])
            messages.success(request, _("Your profile is saved."))
            return HttpResponseRedirect(reverse("account-profile"))
    return render_form(
        request,
        "account/profile.html",
        {"form": form, "profile_user": user},
    )


@require_GET
def account_photo(request, entity_id: str):
    """A learner's photo: public while they show their name publicly, else to themselves only."""
    user = user_with_public_photo(entity_id=entity_id)
    if user is None and request.user.is_authenticated and request.user.entity_id == entity_id:
        user = request.user if request.user.photo else None
    if user is None:
        raise Http404(_("No photo to show."))
    with user.photo.open("rb") as photo:
        response = file_response(photo.read(), content_type="image/png", filename="photo.png")
    response["Cache-Control"] = "no-cache"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user_delete(user=request.user, password=form.cleaned_data["password"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            logout(request)
            messages.success(request, _("Your account and your backpack were deleted."))
            return HttpResponseRedirect("/")
    return render_form(
        request,
        "account/delete.html",
        {"form": form, "held": issuers_held_by(user=request.user)},
    )


@require_POST
def language_switch(request):
    """The header's language switcher: Django's set_language (the cookie, and the page the
    form came from at its address in the new language), remembered for a signed-in user."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        user_language_set(user=request.user, language=language)
    return response
