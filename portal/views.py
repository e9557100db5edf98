"""Project-level views: the health endpoint, the learner's dashboard and following pathways."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from .health import run_checks
from .models import PathwayPage
from .selectors import followed_pathways
from .services import pathway_follow as follow
from .services import pathway_unfollow as unfollow


@never_cache
@require_GET
def health(request):
    healthy, checks = run_checks()
    return JsonResponse(
        {"status": "ok" if healthy else "degraded", "checks": checks},
        status=200 if healthy else 503,
    )


@login_required
@require_GET
def dashboard(request):
    return render(
        request, "portal/dashboard.html", {"followed": followed_pathways(user=request.user)}
    )


@login_required
@require_POST
def pathway_follow(request, page_id: int):
    """Follow (or with action=unfollow, stop following) a pathway, then go back to it."""
    page = get_object_or_404(PathwayPage.objects.live().public(), pk=page_id)
    if request.POST.get("action") == "unfollow":
        unfollow(user=request.user, page=page)
        messages.success(request, f"You no longer follow {page.title}.")
    else:
        try:
            follow(user=request.user, page=page)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"You follow {page.title}; it is on your dashboard.")
    return HttpResponseRedirect(page.url)
