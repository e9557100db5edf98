"""Facets as people read them: a legend for each facet and a label for each value."""

from django.utils.translation import gettext_lazy as _

from badges.models import BadgeType, Level
from search.types import COST_RANGES, TIME_TO_EARN_RANGES, FacetValue, SearchResults
from web.i18n import language_name

LEGENDS = {
    "issuer": _("Issuer"),
    "tags": _("Skill or topic"),
    "alignment_frameworks": _("Framework"),
    "level": _("Level"),
    "badge_type": _("Type"),
    "time_to_earn": _("Time to earn"),
    "cost": _("Cost"),
    "language": _("Language"),
}

_LABELS = {
    "level": dict(Level.choices),
    "badge_type": dict(BadgeType.choices),
    "time_to_earn": {key: label for key, label, *_rest in TIME_TO_EARN_RANGES},
    "cost": dict(COST_RANGES),
}


def value_label(facet: str, value: str, label: str = "") -> str:
    """The label a backend gave, else the project's name for the value, else the value."""
    if label:
        return label
    if facet == "language":
        return language_name(value)
    return _LABELS.get(facet, {}).get(value, value)


def facet_values(results: SearchResults, facet: str) -> list[FacetValue]:
    """The values of a facet a person can choose: counted, and not blank (a badge with no
    level has no level to filter by, though an engine may count the empty value)."""
    return [fv for fv in results.facets.get(facet, []) if fv.count and fv.value.strip()]
