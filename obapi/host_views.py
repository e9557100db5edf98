"""The learner's pages for outside Open Badges 3.0 hosts: connect one, come back from its consent
page, send an award there, disconnect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from backpack.selectors import backpack_assertion_get

from . import consumer
from .models import HostConnection


def _page(request, **context):
    connections = HostConnection.objects.filter(user=request.user).prefetch_related(
        "deliveries__assertion__badge_class"
    )
    return render(request, "obapi/hosts.html", {"connections": connections, **context})


@login_required
@require_GET
def hosts(request):
    return _page(request)


@login_required
@require_POST
def host_connect(request):
    base_url = request.POST.get("base_url", "")
    try:
        _connection, url = consumer.host_connect_start(user=request.user, base_url=base_url)
    except ValidationError as exc:
        return _page(request, error=" ".join(exc.messages), base_url=base_url)
    return HttpResponseRedirect(url)


@login_required
@require_GET
def host_callback(request):
    if request.GET.get("error"):
        messages.error(
            request,
            _("The other site did not connect: %(error)s.") % {"error": request.GET["error"]},
        )
        return HttpResponseRedirect(reverse("obapi:hosts"))
    try:
        connection = consumer.host_connect_finish(
            user=request.user, state=request.GET.get("state", ""), code=request.GET.get("code", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Your backpack at %(host)s is connected.") % {"host": connection.name}
        )
    return HttpResponseRedirect(reverse("obapi:hosts"))


def _own(request, pk: int) -> HostConnection:
    connection = HostConnection.objects.filter(user=request.user, pk=pk).first()
    if connection is None:
        raise Http404(_("No such connection."))
    return connection


@login_required
@require_POST
def host_send(request, pk: int, entity_id: str):
    connection = _own(request, pk)
    assertion = backpack_assertion_get(user=request.user, entity_id=entity_id)
    if assertion is None:
        raise Http404(_("No such award in your backpack."))
    try:
        delivery = consumer.host_send(user=request.user, connection=connection, assertion=assertion)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if delivery.status_code in (200, 201):
            messages.success(
                request,
                _("Sent to %(host)s: %(detail)s")
                % {"host": connection.name, "detail": delivery.detail},
            )
        else:
            values = {
                "host": connection.name,
                "status": delivery.status_code,
                "detail": delivery.detail,
            }
            messages.error(
                request,
                (
                    _("%(host)s refused it (HTTP %(status)s): %(detail)s")
                    if delivery.status_code
                    else _("%(host)s refused it: %(detail)s")
                )
                % values,
            )
    return HttpResponseRedirect(reverse("backpack:badge", args=[entity_id]))


@login_required
@require_POST
def host_disconnect(request, pk: int):
    connection = _own(request, pk)
    consumer.host_disconnect(user=request.user, connection=connection)
    messages.success(request, _("%(host)s is disconnected.") % {"host": connection.name})
    return HttpResponseRedirect(reverse("obapi:hosts"))
