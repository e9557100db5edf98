"""The learner's "apps with access" page: what each app may do, and withdrawing it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import selectors, services


@login_required
@require_GET
def apps_with_access(request):
    apps = selectors.apps_with_access(user=request.user)
    return render(request, "obapi/apps.html", {"apps": apps})


@login_required
@require_POST
def app_withdraw(request, client_id: str):
    application = selectors.apps_with_access(user=request.user).filter(client_id=client_id).first()
    if application is None:
        raise Http404(_("This app has no access to your account."))
    services.access_withdraw(user=request.user, application=application)
    messages.success(
        request, _("%(app)s no longer has access to your account.") % {"app": application.name}
    )
    return HttpResponseRedirect(reverse("obapi:apps"))
