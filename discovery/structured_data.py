"""schema.org JSON-LD for badge pages, a pure function of the badge and LAUREL_BASE_URL."""

import json
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from badges.models import BadgeClass
from badges.openbadges import ob2

_ISO_UNITS = {"hours": "PT{}H", "days": "P{}D", "weeks": "P{}W", "months": "P{}M", "years": "P{}Y"}
# Characters that could end the <script> element or start markup, as JSON escapes.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _duration(value: int | None, unit: str) -> str | None:
    return _ISO_UNITS[unit].format(value) if value and unit in _ISO_UNITS else None


def credential_data(badge: BadgeClass) -> dict[str, Any]:
    """The badge as a schema.org EducationalOccupationalCredential."""
    base = settings.LAUREL_BASE_URL
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "EducationalOccupationalCredential",
        "@id": ob2.public_url("badges", badge.entity_id),
        "name": badge.name,
        "description": badge.description,
        "url": base + reverse("discovery:badge", args=[badge.entity_id]),
        "image": ob2.public_url("badges", badge.entity_id, "/image?type=png"),
        "credentialCategory": badge.get_badge_type_display() if badge.badge_type else "badge",
        "inLanguage": getattr(badge, "text_language", badge.language),
        "recognizedBy": {
            "@type": "Organization",
            "name": badge.issuer.name,
            "url": base + reverse("discovery:issuer", args=[badge.issuer.entity_id]),
            "sameAs": badge.issuer.url,
        },
    }
    if badge.level:
        data["educationalLevel"] = badge.get_level_display()
    if badge.tags:
        data["keywords"] = ", ".join(badge.tags)
    if badge.alignments:
        data["competencyRequired"] = [
            {
                "@type": "DefinedTerm",
                "name": alignment.get("targetName", ""),
                **({"termCode": alignment["targetCode"]} if alignment.get("targetCode") else {}),
                **({"url": alignment["targetUrl"]} if alignment.get("targetUrl") else {}),
                **(
                    {"inDefinedTermSet": alignment["targetFramework"]}
                    if alignment.get("targetFramework")
                    else {}
                ),
            }
            for alignment in badge.alignments
        ]
    time_required = _duration(badge.time_to_earn_value, badge.time_to_earn_unit)
    if time_required:
        data["timeRequired"] = time_required
    valid_for = _duration(badge.expires_amount, badge.expires_unit)
    if valid_for:
        data["validFor"] = valid_for
    data["offers"] = {
        "@type": "Offer",
        "price": str(badge.cost_amount or 0),
        **({"priceCurrency": badge.cost_currency} if badge.cost_currency else {}),
        "category": "Paid" if badge.cost_amount else "Free",
    }
    return data


def credential(badge: BadgeClass) -> SafeString:
    """The JSON-LD, safe to print inside <script type="application/ld+json">."""
    return mark_safe(json.dumps(credential_data(badge)).translate(_SCRIPT_ESCAPES))
