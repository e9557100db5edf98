"""Claim codes of a badge class: make single- or multi-use codes, list them with their uses,
download them as CSV, print them with QR codes, and disable them."""

import csv
import io

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from badges import selectors
from badges.claim_qr import QR_FORMATS, claim_qr, claim_qr_inline, claim_url
from badges.services.claim_codes import claim_code_create, claim_code_disable
from web.forms import add_service_errors

from ..forms import MultiCodeForm, SingleCodesForm
from . import badge_or_404, issuer_view

SHOWN_CODES = 500
PRINTED_CODES = 200


def _codes_url(issuer, badge) -> str:
    return reverse("workspace:claim-codes", args=[issuer.entity_id, badge.entity_id])


def _claim_page_url() -> str:
    return settings.LAUREL_BASE_URL + reverse("backpack:claim")


def _show(request) -> str:
    show = request.GET.get("show", "")
    return show if show in selectors.CLAIM_CODE_FILTERS else ""


@issuer_view("award")
@require_http_methods(["GET", "POST"])
def claim_codes(request, issuer, role, badge_id: str):
    badge = badge_or_404(issuer, badge_id)
    mode = request.POST.get("mode", "")
    single = SingleCodesForm(request.POST if mode == "single" else None, prefix="single")
    multi = MultiCodeForm(request.POST if mode == "multi" else None, prefix="multi")
    status = 200
    if request.method == "POST":
        if mode == "disable":
            return _disable(request, issuer, badge)
        form = {"single": single, "multi": multi}.get(mode)
        if form is None:
            return HttpResponse("Unknown claim code action.", status=400, content_type="text/plain")
        status = 400
        if form.is_valid():
            try:
                made = claim_code_create(badge_class=badge, user=request.user, **form.to_fields())
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    ngettext("Made %(n)d claim code.", "Made %(n)d claim codes.", len(made))
                    % {"n": len(made)},
                )
                return HttpResponseRedirect(_codes_url(issuer, badge))
    show = _show(request)
    codes = selectors.claim_code_list(badge_class=badge, show=show)
    claims = selectors.claim_code_claims(badge_class=badge)[:50]
    return render(
        request,
        "workspace/claim_codes.html",
        {
            "issuer": issuer,
            "role": role,
            "section": "badges",
            "badge": badge,
            "single": single,
            "multi": multi,
            "mode": mode,
            "codes": codes[:SHOWN_CODES],
            "code_count": codes.count(),
            "shown_codes": SHOWN_CODES,
            "claims": claims,
            "show": show,
            "filters": selectors.CLAIM_CODE_FILTERS,
            "claim_page_url": _claim_page_url(),
        },
        status=status,
    )


def _disable(request, issuer, badge):
    chosen = list(
        selectors.claim_code_list(badge_class=badge)
        .filter(entity_id__in=request.POST.getlist("code")[:SHOWN_CODES])
        .select_related("badge_class__issuer")
    )
    if not chosen:
        messages.error(request, _("Tick at least one code first."))
    else:
        for code in chosen:
            claim_code_disable(claim_code=code, user=request.user)
        messages.success(
            request,
            ngettext("Disabled %(n)d code.", "Disabled %(n)d codes.", len(chosen))
            % {"n": len(chosen)},
        )
    return HttpResponseRedirect(request.get_full_path())


def _csv_cell(value) -> str:
    """Text a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@issuer_view("award")
@require_GET
def claim_codes_csv(request, issuer, role, badge_id: str):
    badge = badge_or_404(issuer, badge_id)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["code", "claim_url", "kind", "email", "uses", "use_limit", "remaining", "expires",
         "status", "note", "created"]
    )  # fmt: skip
    for code in selectors.claim_code_list(badge_class=badge, show=_show(request)).iterator():
        writer.writerow(
            [
                code.formatted,
                claim_url(code),
                "multi-use" if code.multi_use else "single-use",
                _csv_cell(code.email),
                code.uses,
                "" if code.max_uses is None else code.max_uses,
                "" if code.remaining is None else code.remaining,
                code.expires_at.isoformat() if code.expires_at else "",
                code.status,
                _csv_cell(code.note),
                code.created_at.isoformat(),
            ]
        )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="claim-codes-{badge.entity_id}.csv"'
    return response


@issuer_view("award")
@require_GET
def claim_codes_print(request, issuer, role, badge_id: str):
    """A sheet to print and cut: each code that can be claimed, with its QR code."""
    badge = badge_or_404(issuer, badge_id)
    codes = selectors.claim_code_list(badge_class=badge, show="active")
    if chosen := request.GET.getlist("code"):
        codes = codes.filter(entity_id__in=chosen[:PRINTED_CODES])
    codes = list(codes[:PRINTED_CODES])
    return render(
        request,
        "workspace/claim_codes_print.html",
        {
            "issuer": issuer,
            "role": role,
            "section": "badges",
            "badge": badge,
            "cards": [(code, mark_safe(claim_qr_inline(code))) for code in codes],
            "limit": PRINTED_CODES,
            "claim_page_url": _claim_page_url(),
        },
    )


@issuer_view("award")
@require_GET
def claim_code_qr(request, issuer, role, badge_id: str, code_id: str):
    badge = badge_or_404(issuer, badge_id)
    code = selectors.claim_code_get(badge_class=badge, entity_id=code_id)
    if code is None:
        raise Http404(_("This badge class has no such claim code."))
    kind = request.GET.get("format", "png")
    if kind not in QR_FORMATS:
        return HttpResponse(
            "Choose format=png or format=svg.", status=400, content_type="text/plain"
        )
    response = HttpResponse(claim_qr(code, kind), content_type=QR_FORMATS[kind])
    response["Content-Disposition"] = f'inline; filename="claim-code-{code.code}.{kind}"'
    response["Cache-Control"] = "private, no-store"
    return response
