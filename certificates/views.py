"""Certificate pages: the layout editor and its preview (workspace), and the PDF downloads of
an award for its learner (backpack) and its issuer's staff (workspace)."""

from csp.constants import NONE, SELF, UNSAFE_INLINE
from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_http_methods

from backpack.selectors import backpack_item_get
from badges.models import Assertion
from web.forms import add_service_errors, render_form
from workspace.views import badge_or_404, issuer_view

from . import render, selectors, services
from .forms import CertificateLayoutForm
from .models import CertificateLayout

REVOKED = gettext_lazy(
    "This award was revoked, so it has no certificate: a printed one would outlive the "
    "revocation. Its public page says it is revoked."
)


def _pdf(content: bytes, filename: str, *, download: bool = True) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _certificate(assertion: Assertion) -> HttpResponse:
    if not selectors.certificate_offered(assertion):
        return HttpResponse(str(REVOKED), status=410, content_type="text/plain")
    slug = "".join(c if c.isalnum() else "-" for c in assertion.badge_class.name.lower())
    return _pdf(render.certificate_pdf(assertion), f"{slug.strip('-')[:60]}-certificate.pdf")


@login_required
@require_GET
def learner_certificate(request, entity_id: str):
    item = backpack_item_get(user=request.user, entity_id=entity_id)
    if item is None and selectors.revoked_award_of(user=request.user, entity_id=entity_id):
        return HttpResponse(str(REVOKED), status=410, content_type="text/plain")
    if item is None:
        raise Http404(_("There is no such badge in your backpack."))
    if item.imported:
        raise Http404(_("Certificates are made for badges issued here; this one was imported."))
    return _certificate(item.obj)


@issuer_view("award")
@require_GET
def award_certificate(request, issuer, role, badge_id: str, award_id: str):
    badge = badge_or_404(issuer, badge_id)
    assertion = Assertion.objects.filter(badge_class=badge, entity_id=award_id).first()
    if assertion is None:
        raise Http404(_("This badge class has no such award."))
    return _certificate(assertion)


def _initial(layout: CertificateLayout) -> dict:
    return {name: getattr(layout, name) for name in services.FIELDS}


@issuer_view("edit_badges")
@require_http_methods(["GET", "POST"])
def layout_edit(request, issuer, role, badge_id: str):
    badge = badge_or_404(issuer, badge_id)
    layout = selectors.layout_for(badge)
    form = CertificateLayoutForm(
        request.POST or None, request.FILES or None, initial=_initial(layout)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.layout_save(badge_class=badge, **form.to_fields())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("The certificate layout of %(badge)s is saved.") % {"badge": badge.name},
            )
            return HttpResponseRedirect(
                reverse("certificates:layout", args=[issuer.entity_id, badge.entity_id])
            )
    return render_form(
        request,
        "certificates/layout.html",
        {"issuer": issuer, "role": role, "badge": badge, "layout": layout, "form": form},
    )


# Shown in the layout page's frame, nowhere else; the page is the certificate's own HTML, with
# its one inline stylesheet and data: images, and no script at all.
@csp_replace(
    {
        "frame-ancestors": [SELF],
        "style-src": [UNSAFE_INLINE],
        "img-src": ["data:"],
        "script-src": [NONE],
    }
)
@xframe_options_sameorigin
@issuer_view("edit_badges")
@require_GET
def layout_preview(request, issuer, role, badge_id: str):
    """A sample certificate in the saved layout, or in the one the form's Preview button
    sends (unsaved), so an issuer sees a change before saving it."""
    badge = badge_or_404(issuer, badge_id)
    layout = selectors.layout_for(badge)
    form = CertificateLayoutForm(request.GET or None, initial=_initial(layout))
    if request.GET and form.is_valid():
        for name in services.FIELDS:
            setattr(layout, name, form.cleaned_data[name])
    if request.GET.get("format") == "html":
        return HttpResponse(render.preview_html(badge, layout))
    return _pdf(render.preview_pdf(badge, layout), "certificate-preview.pdf", download=False)
