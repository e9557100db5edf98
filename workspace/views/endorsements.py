"""An issuer's endorsements: its owners endorse another issuer, badge class or award of this
site by its URL or id, and list or withdraw the endorsements given."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from badges import selectors
from badges.openbadges import ob2, ob3
from badges.services.endorsements import endorsement_answer, endorsement_create, endorsement_revoke
from web.forms import add_service_errors

from . import issuer_view


class EndorseForm(forms.Form):
    target = forms.CharField(
        label=gettext_lazy("What to endorse"),
        max_length=500,
        help_text=gettext_lazy(
            "The URL (page, Open Badges document or credential) or the id of an issuer, "
            "badge class or award on this site."
        ),
    )
    comment = forms.CharField(
        label=gettext_lazy("Your endorsement"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )


class RevokeForm(forms.Form):
    endorsement = forms.CharField(max_length=32, label=gettext_lazy("Endorsement"))
    reason = forms.CharField(label=gettext_lazy("Why it is withdrawn"), max_length=500)


@issuer_view("manage_issuer")
@require_http_methods(["GET", "POST"])
def endorsements(request, issuer, role):
    """The issuer's owners (and site operators) endorse for it; others on its staff get 403."""
    issuer_id = issuer.entity_id
    action = request.POST.get("action")
    form = EndorseForm(request.POST if action == "endorse" else None)
    revoke_form = RevokeForm(request.POST if action == "revoke" else None)
    if action == "endorse" and form.is_valid():
        target = selectors.endorsable_find(reference=form.cleaned_data["target"])
        if target is None:
            form.add_error(
                "target", _("Nothing on this site has that URL or id; paste the page's address.")
            )
        else:
            try:
                endorsement = endorsement_create(
                    endorser=issuer,
                    user=request.user,
                    target=target,
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                endorsed = ob3.endorsed_name(endorsement)
                messages.success(
                    request,
                    _("%(issuer)s now endorses %(endorsed)s.")
                    % {"issuer": issuer.name, "endorsed": endorsed},
                )
                return HttpResponseRedirect(reverse("workspace:endorsements", args=[issuer_id]))
    if action == "revoke" and revoke_form.is_valid():
        given = selectors.endorsement_list_given(endorser=issuer)
        endorsement = given.filter(entity_id=revoke_form.cleaned_data["endorsement"]).first()
        if endorsement is None:
            raise Http404(_("No such endorsement of this issuer."))
        endorsement_revoke(
            endorsement=endorsement, user=request.user, reason=revoke_form.cleaned_data["reason"]
        )
        messages.success(request, _("The endorsement was withdrawn."))
        return HttpResponseRedirect(reverse("workspace:endorsements", args=[issuer_id]))
    if action in ("accept", "hide"):
        received = selectors.endorsement_list_received(issuer=issuer)
        endorsement = received.filter(entity_id=request.POST.get("endorsement", "")).first()
        if endorsement is None:
            raise Http404(_("No such endorsement of this issuer."))
        try:
            endorsement_answer(
                endorsement=endorsement, user=request.user, accept=action == "accept"
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("Accepted: it is shown on what it endorses.")
                if action == "accept"
                else _("Hidden: it is listed nowhere now."),
            )
        return HttpResponseRedirect(reverse("workspace:endorsements", args=[issuer_id]))
    # Named without the recipient of an endorsed award: the page shows the public view.
    given = [
        (
            endorsement,
            ob2.public_url("endorsements", endorsement.entity_id),
            ob3.endorsed_name(endorsement),
        )
        for endorsement in selectors.endorsement_list_given(endorser=issuer)
    ]
    invalid = form.errors or revoke_form.errors
    return render(
        request,
        "workspace/endorsements.html",
        {
            "issuer": issuer,
            "role": role,
            "section": "endorsements",
            "form": form,
            "revoke_form": revoke_form,
            "given": given,
            "received": [
                (endorsement, ob3.endorsed_name(endorsement))
                for endorsement in selectors.endorsement_list_received(issuer=issuer)
            ],
        },
        status=400 if invalid else 200,
    )
