"""The public catalogue's pages: search, badge, issuer and award pages, robots.txt.

The OB endpoints redirect people to the badge, issuer and award pages.
"""

import dataclasses
import math
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.html import escape
from django.utils.translation import get_language, gettext_lazy, ngettext, ngettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from rest_framework.exceptions import ValidationError

from accounts.selectors import public_profile
from badges.models import Assertion, Issuer
from badges.openbadges import ob2
from badges.selectors import (
    badge_class_in_language,
    badge_class_translation_languages,
    endorsements_shown,
    primary_language,
    social_card,
)
from search.types import SORTS, SearchQuery, SearchResults
from web.i18n import language_name

from . import selectors, structured_data
from .documents import own_language
from .facets import LEGENDS, facet_values, value_label
from .query import (
    FILTER_PARAMS,
    MAX_RESULT_WINDOW,
    error_messages,
    query_params,
    search_query_from,
)

SORT_LABELS = {
    "relevance": gettext_lazy("Best match"),
    "newest": gettext_lazy("Newest"),
    "most_earned": gettext_lazy("Most earned"),
}
assert set(SORT_LABELS) == set(SORTS)
# Facets with many values show this many until the person asks for more.
FACET_VALUES_SHOWN = 8
ISSUER_BADGES_PER_PAGE = 24
ISSUERS_PER_PAGE = 50
PARTIAL_HEADER = "X-Discovery-Partial"
# Where a result's snippet comes from, first highlighted field first.
SNIPPET_FIELDS = ("description", "criteria", "tags", "alignment_names", "alignment_codes")


@require_GET
def discover(request):
    # The page's script asks for the results region alone and swaps it in place.
    template = (
        "discovery/_results.html"
        if request.headers.get(PARTIAL_HEADER) == "results"
        else "discovery/discover.html"
    )
    try:
        query = search_query_from(request.GET)
    except ValidationError as exc:
        context = {
            "errors": error_messages(exc.detail),
            "text": request.GET.get("q", "")[:200].replace("\x00", ""),
        }
        response = render(request, template, context, status=400)
    else:
        results = selectors.badge_search(query=query)
        context = _results_context(query, results)
        if query.text and query.page == 1 and not query.filters:
            # Pathways that match stand above the badges, where a learner looking for a
            # route ("data analyst") sees them first.
            context["pathways"] = selectors.pathway_search(text=query.text)
        response = render(request, template, context)
    patch_vary_headers(response, [PARTIAL_HEADER])
    return response


def _url(query: SearchQuery, **changes) -> str:
    params = query_params(dataclasses.replace(query, **changes))
    return reverse("discovery:discover") + (f"?{params.urlencode()}" if params else "")


def _without(query: SearchQuery, facet: str, value: str) -> dict[str, tuple[str, ...]]:
    """The query's filters less one value."""
    filters = {
        name: tuple(v for v in values if (name, v) != (facet, value))
        for name, values in query.filters.items()
    }
    return {name: values for name, values in filters.items() if values}


def _results_context(query: SearchQuery, results: SearchResults) -> dict:
    last_page = max(1, math.ceil(min(results.total, MAX_RESULT_WINDOW) / query.page_size))
    facets = []
    for facet, param in FILTER_PARAMS.items():
        selected = query.filters.get(facet, ())
        counted = {fv.value: fv for fv in facet_values(results, facet)}
        options = [
            {
                "value": fv.value,
                "label": value_label(facet, fv.value, fv.label),
                "count": fv.count,
                "selected": fv.value in selected,
            }
            for fv in counted.values()
        ]
        # A chosen value stays on screen (count 0) even when the engine counted none.
        options += [
            {
                "value": value,
                "label": value_label(facet, value),
                "count": 0,
                "selected": True,
            }
            for value in selected
            if value not in counted
        ]
        if options:
            facets.append(
                {
                    "name": facet,
                    "param": param,
                    "legend": LEGENDS[facet],
                    "options": options,
                    "shown": FACET_VALUES_SHOWN,
                    "more": len(options) - FACET_VALUES_SHOWN,
                    "has_selected_hidden": any(o["selected"] for o in options[FACET_VALUES_SHOWN:]),
                }
            )
    active = [
        {
            "legend": LEGENDS[facet],
            "label": value_label(facet, value),
            "remove_url": _url(query, filters=_without(query, facet, value), page=1),
        }
        for facet, values in query.filters.items()
        for value in values
    ]
    context = {
        "query": query,
        "text": query.text,
        "results": results,
        "hits": _with_endorsers([_hit_view(hit) for hit in results.hits]),
        "facets": facets,
        "active_filters": active,
        "clear_url": _url(query, filters={}, page=1),
        "sorts": [
            {"value": sort, "label": SORT_LABELS[sort], "selected": sort == query.sort}
            for sort in SORTS
        ],
        "pages": page_links(query.page, last_page, lambda n: _url(query, page=n)),
        "last_page": last_page,
        "first_shown": (query.page - 1) * query.page_size + 1,
        "last_shown": (query.page - 1) * query.page_size + len(results.hits),
        "suggestion_url": (
            _url(query, text=results.suggestion, page=1) if results.suggestion else ""
        ),
    }
    if not results.hits:
        fresh = SearchQuery(index=query.index)
        context["popular_tags"] = [
            {"label": tag.value, "url": _url(fresh, filters={"tags": (tag.value,)})}
            for tag in selectors.popular_tags()
        ]
        if query.page > last_page and results.total:
            context["last_page_url"] = _url(query, page=last_page)
    return context


def page_links(current: int, last_page: int, url_for: Callable[[int], str]) -> dict:
    """Previous, next and numbered links (first, last, two either side) for paged pages."""
    around = range(max(1, current - 2), min(last_page, current + 2) + 1)
    links, previous = [], 0
    for number in sorted({1, last_page, *around}):
        if number - previous > 1:
            links.append({"gap": True})
        links.append({"number": number, "url": url_for(number), "current": number == current})
        previous = number
    return {
        "links": links if last_page > 1 else [],
        "previous": url_for(current - 1) if 1 < current <= last_page else "",
        "next": url_for(current + 1) if current < last_page else "",
    }


def _paged(request, items, per_page: int):
    """A page of items (a bad page number shows the nearest page) and its links."""
    page = Paginator(items, per_page).get_page(request.GET.get("page"))

    def url_for(number: int) -> str:
        params = request.GET.copy()
        params["page"] = str(number)
        return f"{request.path}?{params.urlencode()}"

    return page, page_links(page.number, page.paginator.num_pages, url_for)


def _hit_view(hit) -> dict:
    """What a result shows: highlighted name and snippet when the engine marked matches, in
    the reader's language when the badge has a version in it."""
    fields = hit.fields
    highlights = hit.highlights
    snippet_source = next((highlights[f] for f in SNIPPET_FIELDS if highlights.get(f)), None)
    language = get_language()
    translated_name = (fields.get("names") or {}).get(language)
    if translated_name and primary_language(own_language(fields)) != language:
        # The version's text is "name\ndescription\ncriteria" (discovery.documents).
        parts = (fields.get(f"translated_{language}") or "").split("\n")
        name, text_lang = translated_name, ""
        name_html = escape(translated_name)
        snippet_html = escape(_shorten(parts[1] if len(parts) > 1 else ""))
    else:
        name, text_lang = fields.get("name", ""), _lang_if_other(own_language(fields))
        name_html = (highlights.get("name") or [escape(name)])[0]
        snippet_html = (
            " … ".join(snippet_source[:2])
            if snippet_source
            else escape(_shorten(fields.get("description", "")))
        )
    return {
        "id": hit.id,
        "entity_id": fields.get("entity_id", ""),
        "name": name,
        "name_html": name_html,
        "snippet_html": snippet_html,
        "lang": text_lang,
        "issuer": fields.get("issuer", ""),
        "issuer_id": fields.get("issuer_id", ""),
        "level": value_label("level", fields.get("level") or ""),
        "badge_type": value_label("badge_type", fields.get("badge_type") or ""),
        "earned_count": fields.get("earned_count") or 0,
        "tags": fields.get("tags") or [],
    }


def _with_endorsers(hits: list[dict]) -> list[dict]:
    endorsers = selectors.endorsers_by_badge(
        badge_ids=[int(hit["id"]) for hit in hits if str(hit["id"]).isdigit()]
    )
    for hit in hits:
        hit["endorsed_by"] = endorsers.get(int(hit["id"]), []) if str(hit["id"]).isdigit() else []
    return hits


def _shorten(text: str, limit: int = 220) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


def badge(request, entity_id: str):
    badge = selectors.badge_page_badge(entity_id=entity_id)
    if badge is None:
        raise Http404(_("No badge with this id."))
    badge = badge_class_in_language(badge, get_language())
    earned_count = selectors.badge_earned_count(badge=badge)
    listed = badge.is_public and not badge.archived
    context = {
        "badge": badge,
        "card": social_card(kind="badges", entity_id=entity_id),
        "json_url": ob2.public_url("badges", entity_id),
        "facts": _badge_facts(badge, earned_count),
        "pathways": selectors.pathways_including(badge=badge),
        "endorsements": endorsements_shown(badge_class=badge),
        "related": selectors.related_badges(badge=badge),
        "listed": listed,
        "json_ld": structured_data.credential(badge) if listed else "",
        # The badge's text may be in another language than the page (no version in this one).
        "text_lang": _lang_if_other(badge.text_language),
        "criteria_lang": _lang_if_other(badge.criteria_language),
    }
    return render(request, "discovery/badge.html", context)


def _lang_if_other(language: str) -> str:
    """A language for a `lang` attribute, when it is not the page's."""
    return "" if not language or primary_language(language) == get_language() else language


def _badge_facts(badge, earned_count: int) -> list[tuple[str, str]]:
    """The facts a learner weighs before starting, in reading order; unknown ones left out."""
    facts = []
    if badge.level:
        facts.append((_("Level"), badge.get_level_display()))
    if badge.badge_type:
        facts.append((_("Type"), badge.get_badge_type_display()))
    if badge.time_to_earn_value:
        facts.append(
            (_("Time to earn"), _amount(badge.time_to_earn_value, badge.time_to_earn_unit))
        )
    cost = f"{badge.cost_amount} {badge.cost_currency}".strip() if badge.cost_amount else _("Free")
    facts.append((_("Cost"), cost))
    languages = [badge.language, *badge_class_translation_languages(badge_class=badge)]
    if len(languages) == 1:
        facts.append((_("Language"), language_name(badge.language)))
    else:
        facts.append((_("Languages"), ", ".join(language_name(code) for code in languages)))
    if badge.expires_amount:
        facts.append((_("Valid for"), _amount(badge.expires_amount, badge.expires_unit)))
    facts.append(
        (
            _("Earned"),
            ngettext("%(n)s time", "%(n)s times", earned_count) % {"n": earned_count},
        )
    )
    return facts


# A time unit's amount as people read it ("1 hour", "3 weeks").
UNIT_AMOUNTS = {
    "hours": ngettext_lazy("%(n)s hour", "%(n)s hours", "n"),
    "days": ngettext_lazy("%(n)s day", "%(n)s days", "n"),
    "weeks": ngettext_lazy("%(n)s week", "%(n)s weeks", "n"),
    "months": ngettext_lazy("%(n)s month", "%(n)s months", "n"),
    "years": ngettext_lazy("%(n)s year", "%(n)s years", "n"),
}


def _amount(value: int, unit: str) -> str:
    if unit in UNIT_AMOUNTS:
        return UNIT_AMOUNTS[unit] % {"n": value}
    return f"{value} {unit.removesuffix('s') if value == 1 else unit}"


def issuer_directory(request):
    issuers, pages = _paged(request, selectors.issuer_directory(), ISSUERS_PER_PAGE)
    return render(request, "discovery/issuer_directory.html", {"issuers": issuers, "pages": pages})


def issuer(request, entity_id: str):
    issuer = get_object_or_404(Issuer, entity_id=entity_id)
    badges, pages = _paged(
        request, selectors.issuer_badge_list(issuer=issuer), ISSUER_BADGES_PER_PAGE
    )
    return render(
        request,
        "discovery/issuer.html",
        {
            "issuer": issuer,
            "badges": badges,
            "pages": pages,
            "card": social_card(kind="issuers", entity_id=entity_id),
            "json_url": ob2.public_url("issuers", entity_id),
            "endorsements": endorsements_shown(issuer=issuer),
        },
    )


def award(request, entity_id: str):
    assertion = get_object_or_404(
        Assertion.objects.select_related("badge_class__issuer"), entity_id=entity_id
    )
    status = "revoked" if assertion.revoked else "expired" if assertion.is_expired else "valid"
    backpack = reverse("backpack:list") + "?show=new"
    return render(
        request,
        "discovery/award.html",
        {
            "assertion": assertion,
            "badge": assertion.badge_class,
            "status": status,
            "earner": public_profile(user=selectors.award_earner(assertion=assertion)),
            # Listed here, not embedded in the award's 3.0 credential (badges/openbadges/ob3.py).
            "endorsements": endorsements_shown(assertion=assertion),
            "json_url": ob2.public_url("assertions", entity_id),
            "signup_url": reverse("account_signup") + "?" + urlencode({"next": backpack}),
            "login_url": reverse("account_login") + "?" + urlencode({"next": backpack}),
            "verify_url": reverse("backpack:verify")
            + "?"
            + urlencode({"url": ob2.public_url("assertions", entity_id)})
            + "#report",
        },
        status=410 if assertion.revoked else 200,
    )


# Private areas crawlers have no business in; everything else is public and in the sitemap.
ROBOTS_DISALLOW = ("/admin/", "/staff/", "/accounts/")


@require_GET
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW)]
    lines.append(f"Sitemap: {settings.LAUREL_BASE_URL}{reverse('discovery:sitemap')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
