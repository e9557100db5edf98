"""Human pages for issuers, badge classes and awards; the OB endpoints redirect people here."""

from django.shortcuts import get_object_or_404, render

from badges.models import Assertion, BadgeClass, Issuer
from badges.openbadges import ob2
from badges.selectors import badge_class_list


def issuer(request, entity_id: str):
    issuer = get_object_or_404(Issuer, entity_id=entity_id)
    return render(
        request,
        "discovery/issuer.html",
        {"issuer": issuer, "badges": badge_class_list(issuer=issuer)},
    )


def badge(request, entity_id: str):
    badge = get_object_or_404(BadgeClass.objects.select_related("issuer"), entity_id=entity_id)
    return render(
        request,
        "discovery/badge.html",
        {"badge": badge, "json_url": ob2.public_url("badges", entity_id)},
    )


def award(request, entity_id: str):
    assertion = get_object_or_404(
        Assertion.objects.select_related("badge_class__issuer"), entity_id=entity_id
    )
    return render(
        request,
        "discovery/award.html",
        {
            "assertion": assertion,
            "badge": assertion.badge_class,
            "json_url": ob2.public_url("assertions", entity_id),
        },
        status=410 if assertion.revoked else 200,
    )
