"""The public discovery JSON API: badge search with facets, and as-you-type suggestions."""

import dataclasses
import math

from django.conf import settings
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle
from rest_framework.views import APIView, exception_handler

from badges.openbadges import ob2
from search.types import FACETS, Hit

from . import selectors
from .documents import own_language
from .facets import facet_values, value_label
from .query import (
    FILTER_PARAMS,
    MAX_RESULT_WINDOW,
    DiscoverySearchParams,
    error_messages,
    query_params,
    search_query_from,
)


class DiscoveryThrottle(UserRateThrottle):
    """Per signed-in user, else per IP address, at DISCOVERY_API_THROTTLE_RATE."""

    scope = "discovery"

    def get_rate(self) -> str:
        return settings.DISCOVERY_API_THROTTLE_RATE


def discovery_exception_handler(exc, context) -> Response | None:
    """Errors as {"detail": one readable sentence, "errors": one line per bad parameter}."""
    response = exception_handler(exc, context)
    if response is not None and isinstance(exc, ValidationError):
        detail = exc.detail
        lines = (
            error_messages(detail)
            if isinstance(detail, dict)
            else [str(message) for message in detail]
        )
        response.data = {"detail": " ".join(lines), "errors": lines}
    return response


class DiscoveryError(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong and how to put it right.")
    errors = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="One line per bad parameter."
    )


ERROR_RESPONSES = {
    400: OpenApiResponse(DiscoveryError, description="A parameter is wrong; `errors` says which."),
    429: OpenApiResponse(
        DiscoveryError, description="Too many requests: wait the seconds in `Retry-After`."
    ),
}


class PublicApi(APIView):
    # Public and read-only: no session, so no CSRF and no cookies needed across origins.
    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = (DiscoveryThrottle,)

    def get_exception_handler(self):
        return discovery_exception_handler


class DiscoveryFacetValue(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class DiscoveryHit(serializers.Serializer):
    id = serializers.CharField(help_text="The badge class's public id.")
    name = serializers.CharField()
    description = serializers.CharField()
    url = serializers.URLField(help_text="The badge's page.")
    json_url = serializers.URLField(help_text="The badge class as Open Badges 2.0 JSON-LD.")
    image_url = serializers.URLField()
    issuer = serializers.CharField()
    issuer_url = serializers.URLField(help_text="The issuer's page.")
    tags = serializers.ListField(child=serializers.CharField())
    alignment_frameworks = serializers.ListField(child=serializers.CharField())
    level = serializers.CharField(allow_blank=True)
    badge_type = serializers.CharField(allow_blank=True)
    time_to_earn_hours = serializers.FloatField(allow_null=True)
    cost = serializers.FloatField()
    language = serializers.CharField()
    earned_count = serializers.IntegerField()
    created_at = serializers.CharField()
    score = serializers.FloatField()
    highlights = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Field name -> snippets, matches wrapped in <mark>; the rest HTML-escaped.",
    )


class DiscoverySearchResults(serializers.Serializer):
    total = serializers.IntegerField()
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    num_pages = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    suggestion = serializers.CharField(
        allow_null=True, help_text="A corrected query when the words look misspelt."
    )
    results = DiscoveryHit(many=True)
    facets = serializers.DictField(child=DiscoveryFacetValue(many=True))


def _hit_data(hit: Hit) -> dict:
    fields = hit.fields
    entity_id = fields.get("entity_id", "")
    issuer_id = fields.get("issuer_id", "")
    base = settings.LAUREL_BASE_URL
    return {
        "id": entity_id,
        "name": fields.get("name", ""),
        "description": fields.get("description", ""),
        "url": base + reverse("discovery:badge", args=[entity_id]),
        "json_url": ob2.public_url("badges", entity_id),
        "image_url": ob2.public_url("badges", entity_id, "/image"),
        "issuer": fields.get("issuer", ""),
        "issuer_url": base + reverse("discovery:issuer", args=[issuer_id]) if issuer_id else "",
        "tags": fields.get("tags") or [],
        "alignment_frameworks": fields.get("alignment_frameworks") or [],
        "level": fields.get("level") or "",
        "badge_type": fields.get("badge_type") or "",
        "time_to_earn_hours": fields.get("time_to_earn_hours"),
        "cost": fields.get("cost") or 0,
        "language": own_language(fields),
        "earned_count": fields.get("earned_count") or 0,
        "created_at": fields.get("created_at") or "",
        "score": hit.score,
        "highlights": hit.highlights,
    }


@extend_schema(tags=["discovery"])
class SearchApi(PublicApi):
    @extend_schema(
        operation_id="discovery_search",
        summary="Search the public badge catalogue",
        description=(
            "Words in `q`; filters as repeated parameters (values of one filter are OR-ed, "
            "filters AND-ed): "
            + ", ".join(f"`{param}` ({facet})" for facet, param in FILTER_PARAMS.items())
            + ". Every response carries the counts of every facet. "
            f"Only the first {MAX_RESULT_WINDOW} results can be paged through."
        ),
        parameters=[DiscoverySearchParams],
        responses={200: DiscoverySearchResults, **ERROR_RESPONSES},
    )
    def get(self, request):
        query = search_query_from(request.query_params)
        results = selectors.badge_search(query=query)
        num_pages = math.ceil(min(results.total, MAX_RESULT_WINDOW) / query.page_size)
        base = request.build_absolute_uri(reverse("discovery:api-search"))

        def page_url(page: int) -> str | None:
            if not 1 <= page <= num_pages:
                return None
            params = query_params(dataclasses.replace(query, page=page))
            return f"{base}?{params.urlencode()}"

        data = {
            "total": results.total,
            "page": query.page,
            "page_size": query.page_size,
            "num_pages": num_pages,
            "next": page_url(query.page + 1),
            "previous": page_url(query.page - 1),
            "suggestion": results.suggestion,
            "results": [_hit_data(hit) for hit in results.hits],
            "facets": {
                facet: [
                    {
                        "value": fv.value,
                        "label": value_label(facet, fv.value, fv.label),
                        "count": fv.count,
                    }
                    for fv in facet_values(results, facet)
                ]
                for facet in FACETS
            },
        }
        return Response(DiscoverySearchResults(data).data)


class DiscoverySuggestParams(serializers.Serializer):
    q = serializers.CharField(max_length=100, help_text="The words typed so far.")
    limit = serializers.IntegerField(required=False, default=8, min_value=1, max_value=20)


class DiscoverySuggestion(serializers.Serializer):
    text = serializers.CharField()
    id = serializers.CharField()
    kind = serializers.CharField()


class DiscoverySuggestions(serializers.Serializer):
    suggestions = DiscoverySuggestion(many=True)


@extend_schema(tags=["discovery"])
class SuggestApi(PublicApi):
    @extend_schema(
        operation_id="discovery_suggest",
        summary="As-you-type completions for a badge search",
        parameters=[DiscoverySuggestParams],
        responses={200: DiscoverySuggestions, **ERROR_RESPONSES},
    )
    def get(self, request):
        params = DiscoverySuggestParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        suggestions = selectors.badge_suggestions(
            prefix=params.validated_data["q"], limit=params.validated_data["limit"]
        )
        return Response(
            DiscoverySuggestions(
                {"suggestions": [{"text": s.text, "id": s.id, "kind": s.kind} for s in suggestions]}
            ).data
        )
