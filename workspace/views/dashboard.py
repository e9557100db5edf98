"""The dashboard: awards over time, by badge class, claim rate and top badges, with CSV."""

import csv
import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import selectors
from . import issuer_view


def _period(request) -> str:
    return "week" if request.GET.get("period") == "week" else "month"


def _page(request, issuer, role, figures):
    chart_data = {
        "overTime": {
            "labels": [bucket.isoformat() for bucket, _ in figures.over_time],
            "counts": [n for _, n in figures.over_time],
        },
        "byBadge": {
            "labels": [name for name, _ in figures.by_badge[:12]],
            "counts": [n for _, n in figures.by_badge[:12]],
        },
    }
    return render(
        request,
        "workspace/dashboard.html",
        {
            "issuer": issuer,
            "role": role,
            "section": "dashboard",
            "figures": figures,
            "chart_data": chart_data,
            "expiring": selectors.expiring_soon(issuer=issuer) if issuer else [],
            "windows": selectors.EXPIRING_WINDOWS,
        },
    )


def _csv(figures, name: str) -> HttpResponse:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["figure", "key", "value"])
    for bucket, n in figures.over_time:
        writer.writerow([f"awards per {figures.period}", bucket.isoformat(), n])
    for badge, n in figures.by_badge:
        writer.writerow(["awards by badge class", badge, n])
    writer.writerow(["live awards", "", figures.total])
    writer.writerow(["accepted into a backpack", "", figures.accepted])
    writer.writerow(["claim rate", "", f"{figures.claim_rate:.4f}"])
    writer.writerow(["revoked awards", "", figures.revoked])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-dashboard.csv"'
    return response


@issuer_view()
@require_GET
def dashboard(request, issuer, role):
    figures = selectors.dashboard(issuer=issuer, period=_period(request))
    if request.GET.get("format") == "csv":
        return _csv(figures, issuer.entity_id)
    return _page(request, issuer, role, figures)


@login_required
@require_GET
def operator_dashboard(request):
    """The same figures across every issuer, for site operators."""
    if not request.user.is_superuser:
        raise PermissionDenied("Only site operators see every issuer's figures.")
    figures = selectors.dashboard(issuer=None, period=_period(request))
    if request.GET.get("format") == "csv":
        return _csv(figures, "all-issuers")
    return _page(request, None, None, figures)
