"""Project-level views: the health endpoint, the learner's dashboard and following pathways."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from backpack.selectors import backpack_items
from badges.models import EDITABLE_STATES, OPEN_STATES
from badges.selectors import application_list_for_user

from .health import run_checks
from .models import PathwayPage
from .selectors import followed_pathways
from .services import pathway_follow as follow
from .services import pathway_unfollow as unfollow

RECENT_BADGES = 4


@never_cache
@require_GET
def health(request):
    healthy, checks = run_checks()
    return JsonResponse(
        {"status": "ok" if healthy else "degraded", "checks": checks},
        status=200 if healthy else 503,
    )


@require_GET
def favicon(request):
    """The site's icon for clients that ask /favicon.ico (pages name it in their head)."""
    response = HttpResponseRedirect(static("favicon.svg"))
    response["Cache-Control"] = "public, max-age=86400"
    return response


@login_required
@require_GET
def dashboard(request):
    """What needs doing (awards to accept, applications to finish or waiting), the pathways
    followed with their next steps, and the newest badges."""
    items = backpack_items(user=request.user, include_hidden=False)
    applications = application_list_for_user(user=request.user).filter(
        state__in=[*EDITABLE_STATES, *OPEN_STATES]
    )
    return render(
        request,
        "portal/dashboard.html",
        {
            "to_accept": [item for item in items if item.pending],
            "to_finish": [a for a in applications if a.state in EDITABLE_STATES],
            "waiting": [a for a in applications if a.state in OPEN_STATES],
            "followed": followed_pathways(user=request.user),
            "recent": [item for item in items if not item.pending][:RECENT_BADGES],
            "badge_count": sum(1 for item in items if not item.pending),
        },
    )


@login_required
@require_POST
def pathway_follow(request, page_id: int):
    """Follow (or with action=unfollow, stop following) a pathway, then go back to it."""
    page = get_object_or_404(PathwayPage.objects.live().public(), pk=page_id)
    if request.POST.get("action") == "unfollow":
        unfollow(user=request.user, page=page)
        messages.success(request, _("You no longer follow %(pathway)s.") % {"pathway": page.title})
    else:
        try:
            follow(user=request.user, page=page)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("You follow %(pathway)s; it is on your dashboard.") % {"pathway": page.title},
            )
    return HttpResponseRedirect(page.url)
