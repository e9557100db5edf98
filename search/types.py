"""The values that cross the search interface: documents in, queries in, results and health out.

Backends take and return only these, so callers (discovery pages, the discovery API, the
portal's rule-based badge lists) never know which engine answered.
"""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

# The kinds of thing the public can find. Each is one logical index ("badges", ...);
# a backend maps it to its own storage (a table partition, a versioned Elasticsearch index).
BADGES = "badges"
ISSUERS = "issuers"
PATHWAYS = "pathways"
KINDS = (BADGES, ISSUERS, PATHWAYS)

# Facets a badge search can ask for. Keyword facets count values of a field of the same
# name in the document; "time_to_earn" and "cost" count documents in the named ranges below.
FACETS = (
    "issuer",
    "tags",
    "alignment_frameworks",
    "level",
    "badge_type",
    "time_to_earn",
    "cost",
    "language",
)
# (key, label, lower bound inclusive in hours, upper bound exclusive or None)
TIME_TO_EARN_RANGES = (
    ("under-1h", _("Under an hour"), 0, 1),
    ("1-10h", _("1 to 10 hours"), 1, 10),
    ("10-40h", _("10 to 40 hours"), 10, 40),
    ("40h-plus", _("40 hours or more"), 40, None),
)
# (key, label): free means cost 0 or no cost given; paid means cost > 0.
COST_RANGES = (("free", _("Free")), ("paid", _("Paid")))

SORTS = ("relevance", "newest", "most_earned")


@dataclass(frozen=True)
class Document:
    """One thing to find: an id unique within its kind, and the fields to search and return.

    A badge document's fields (all optional except name): name, description, criteria,
    tags (list), alignment_names, alignment_frameworks, alignment_codes (lists), issuer
    (issuer name), issuer_id (entity id), level, badge_type, time_to_earn_hours (float),
    cost (float, 0 when free), language (the language of its text, or a list: its own first,
    then its translations'), earned_count (int), pathways (list of titles),
    created_at (ISO 8601), url, image_url, entity_id.
    """

    id: str
    fields: dict[str, Any]

    def text(self) -> str:
        """All text of the document, for engines that search one blob."""
        parts: list[str] = []
        for value in self.fields.values():
            if isinstance(value, str):
                parts.append(value)
            elif isinstance(value, list | tuple):
                parts.extend(str(item) for item in value)
        return "\n".join(parts)


@dataclass(frozen=True)
class SearchQuery:
    """What to look for.

    filters: facet name -> values; values of one facet are OR-ed, facets AND-ed.
    facets: the facet names whose counts the results should carry.
    """

    index: str
    text: str = ""
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    facets: tuple[str, ...] = ()
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20


@dataclass(frozen=True)
class Hit:
    """One match. highlights: field name -> snippets with matches wrapped in <mark></mark>
    (the rest of the snippet HTML-escaped, so a template may print them as safe)."""

    id: str
    score: float
    fields: dict[str, Any] = field(default_factory=dict)
    highlights: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class FacetValue:
    value: str
    count: int
    label: str = ""


@dataclass(frozen=True)
class SearchResults:
    hits: list[Hit]
    total: int
    # facet name -> values with counts, most frequent first (ranges in their fixed order)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    # a corrected query when the text looks misspelt and the correction finds more
    suggestion: str | None = None


@dataclass(frozen=True)
class Suggestion:
    """An as-you-type completion: the text to show and the document it leads to."""

    text: str
    id: str
    kind: str = BADGES


@dataclass(frozen=True)
class ReconcileReport:
    missing: int = 0
    stale: int = 0
    extra: int = 0
    repaired: bool = False
    # Ids of the documents that drifted (missing, stale or extra) in any store.
    ids: frozenset[str] = field(default_factory=frozenset, compare=False, repr=False)

    @property
    def drift(self) -> int:
        return self.missing + self.stale + self.extra


@dataclass(frozen=True)
class Health:
    ok: bool
    detail: str = ""
