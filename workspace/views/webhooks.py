"""An issuer's webhooks: its owners register endpoints, pick events, see and rotate the
signing secret, send a test message, and read the delivery log with a Redeliver button."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from web.confirm import confirm_page
from web.forms import add_service_errors, call_service, render_form
from webhooks.models import WEBHOOK_EVENTS
from webhooks.selectors import (
    webhook_delivery_get,
    webhook_delivery_list,
    webhook_endpoint_get,
    webhook_endpoint_list,
)
from webhooks.services import (
    webhook_endpoint_create,
    webhook_endpoint_delete,
    webhook_endpoint_update,
    webhook_ping,
    webhook_redeliver,
    webhook_secret_rotate,
)

from . import issuer_view

DELIVERIES_SHOWN = 50


class EndpointForm(forms.Form):
    url = forms.CharField(
        label=gettext_lazy("URL"),
        max_length=500,
        help_text=gettext_lazy(
            "Where Laurel POSTs each event: a public https:// address of yours."
        ),
    )
    description = forms.CharField(label=gettext_lazy("Description"), max_length=200, required=False)
    events = forms.MultipleChoiceField(
        label=gettext_lazy("Events"),
        choices=[(event, event) for event in WEBHOOK_EVENTS],
        widget=forms.CheckboxSelectMultiple,
        initial=list(WEBHOOK_EVENTS),
    )
    active = forms.BooleanField(
        label=gettext_lazy("Active (send events to it)"), required=False, initial=True
    )


def _endpoint_or_404(issuer, endpoint_id: str):
    endpoint = webhook_endpoint_get(issuer=issuer, entity_id=endpoint_id)
    if endpoint is None:
        raise Http404(_("This issuer has no such webhook endpoint."))
    return endpoint


@issuer_view("manage_issuer")
@require_http_methods(["GET", "POST"])
def webhooks(request, issuer, role):
    form = EndpointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        endpoint = call_service(
            form,
            lambda: webhook_endpoint_create(issuer=issuer, user=request.user, **form.cleaned_data),
        )
        if endpoint:
            messages.success(request, _("The endpoint is registered. Its signing secret is below."))
            return HttpResponseRedirect(
                reverse("workspace:webhook", args=[issuer.entity_id, endpoint.entity_id])
            )
    return render_form(
        request,
        "workspace/webhooks.html",
        {
            "issuer": issuer,
            "role": role,
            "section": "webhooks",
            "form": form,
            "endpoints": webhook_endpoint_list(issuer=issuer),
        },
    )


@issuer_view("manage_issuer")
@require_http_methods(["GET", "POST"])
def webhook_delete(request, issuer, role, endpoint_id: str):
    """A GET asks to confirm; the POST deletes the endpoint and its delivery log."""
    endpoint = _endpoint_or_404(issuer, endpoint_id)
    if request.method == "POST":
        webhook_endpoint_delete(endpoint=endpoint, user=request.user)
        messages.success(request, _("The endpoint %(url)s is deleted.") % {"url": endpoint.url})
        return HttpResponseRedirect(reverse("workspace:webhooks", args=[issuer.entity_id]))
    return confirm_page(
        request,
        frame="workspace/confirm.html",
        title=_("Delete this webhook endpoint?"),
        question=_(
            "%(url)s gets no more events, and its delivery log goes with it. "
            "To pause it instead, untick Active and save."
        )
        % {"url": endpoint.url},
        button=_("Delete the endpoint"),
        cancel_url=reverse("workspace:webhook", args=[issuer.entity_id, endpoint.entity_id]),
        context={"issuer": issuer, "role": role, "section": "webhooks"},
    )


@issuer_view("manage_issuer")
@require_http_methods(["GET", "POST"])
def webhook(request, issuer, role, endpoint_id: str):
    endpoint = _endpoint_or_404(issuer, endpoint_id)
    here = reverse("workspace:webhook", args=[issuer.entity_id, endpoint.entity_id])
    action = request.POST.get("action")
    initial = {name: getattr(endpoint, name) for name in ("url", "description", "events", "active")}
    form = EndpointForm(request.POST if action == "save" else None, initial=initial)
    if action == "save" and form.is_valid():
        try:
            webhook_endpoint_update(endpoint=endpoint, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The endpoint is saved."))
            return HttpResponseRedirect(here)
    elif action == "rotate":
        webhook_secret_rotate(endpoint=endpoint, user=request.user)
        messages.success(
            request, _("A new secret signs from now on; the old one signs too for a day.")
        )
        return HttpResponseRedirect(here)
    elif action == "ping":
        webhook_ping(endpoint=endpoint, user=request.user)
        messages.success(request, _("A test message (event ping) is on its way; see the log."))
        return HttpResponseRedirect(here)
    elif action == "redeliver":
        delivery = webhook_delivery_get(
            endpoint=endpoint, message_id=request.POST.get("delivery", "")
        )
        if delivery is None:
            raise Http404(_("This endpoint has no such delivery."))
        try:
            webhook_redeliver(delivery=delivery, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("%(id)s is sent again, with the same id.") % {"id": delivery.message_id},
            )
        return HttpResponseRedirect(here)
    return render_form(
        request,
        "workspace/webhook.html",
        {
            "issuer": issuer,
            "role": role,
            "section": "webhooks",
            "endpoint": endpoint,
            "form": form,
            "deliveries": webhook_delivery_list(endpoint=endpoint)[:DELIVERIES_SHOWN],
        },
    )
