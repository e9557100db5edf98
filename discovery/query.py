"""The query string of the search page and the search API, checked and turned into a SearchQuery.

Both read the same parameters, so a search URL of the page and of the API name one search:
`q`, `sort`, `page`, `page_size` and one parameter per facet, repeated for several values.
"""

from django.http import QueryDict
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from rest_framework import serializers

from search.types import BADGES, COST_RANGES, FACETS, SORTS, TIME_TO_EARN_RANGES, SearchQuery

# Facet name (in search documents) -> its short parameter name in URLs.
FILTER_PARAMS = {
    "issuer": "issuer",
    "tags": "tag",
    "alignment_frameworks": "framework",
    "level": "level",
    "badge_type": "type",
    "time_to_earn": "time",
    "cost": "cost",
    "language": "language",
}
assert set(FILTER_PARAMS) == set(FACETS), "every facet needs a URL parameter"

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 50
# Deeper pages than this are never useful to a person and costly for engines
# (Elasticsearch refuses past 10,000 hits by default): narrowing the search is the answer.
MAX_RESULT_WINDOW = 10_000
MAX_VALUES_PER_FILTER = 20


def _one_of_message(keys: tuple[str, ...]) -> str:
    # DRF fills in {input}; the keys are the parameter's machine values.
    return _('"{input}" is not one of: %(keys)s.') % {"keys": ", ".join(keys)}


def _one_of(keys: tuple[str, ...]) -> dict[str, str]:
    return {"invalid_choice": lazy(_one_of_message, str)(keys)}


def _value_list(
    help_text: str, *, choices: tuple[tuple[str, str], ...] = ()
) -> serializers.ListField:
    child = (
        serializers.ChoiceField(
            choices=choices, error_messages=_one_of(tuple(key for key, _label in choices))
        )
        if choices
        else serializers.CharField(max_length=200, trim_whitespace=True)
    )
    return serializers.ListField(
        child=child,
        required=False,
        max_length=MAX_VALUES_PER_FILTER,
        default=list,
        help_text=f"{help_text} Repeat for several values: a badge matching any of them counts.",
    )


class DiscoverySearchParams(serializers.Serializer):
    """The parameters of a badge search; unknown parameters are ignored."""

    q = serializers.CharField(
        required=False,
        default="",
        allow_blank=True,
        max_length=200,
        help_text=(
            "Words to find; the last one (and any that finds nothing as typed) also matches "
            "the words it starts, ranked below badges holding every word whole."
        ),
    )
    sort = serializers.ChoiceField(
        choices=[(sort, sort) for sort in SORTS],
        required=False,
        default="relevance",
        error_messages=_one_of(SORTS),
        help_text="Order of the results.",
    )
    page = serializers.IntegerField(required=False, default=1, min_value=1)
    page_size = serializers.IntegerField(
        required=False,
        default=DEFAULT_PAGE_SIZE,
        min_value=1,
        max_value=MAX_PAGE_SIZE,
        help_text="Results a page.",
    )
    issuer = _value_list("Issuer name.")
    tag = _value_list("Skill or topic tag.")
    framework = _value_list("Alignment framework, such as ESCO.")
    level = _value_list("Level: introductory, intermediate, advanced or expert.")
    type = _value_list("Badge type, such as skill or certificate.")
    time = _value_list(
        "Time to earn.",
        choices=tuple((key, label) for key, label, *_rest in TIME_TO_EARN_RANGES),
    )
    cost = _value_list("Cost.", choices=COST_RANGES)
    language = _value_list("Language code, such as en.")

    def validate(self, attrs: dict) -> dict:
        if attrs["page"] * attrs["page_size"] > MAX_RESULT_WINDOW:
            raise serializers.ValidationError(
                {
                    "page": _(
                        "Only the first %(most)d results can be paged through; "
                        "add words or filters to narrow the search."
                    )
                    % {"most": MAX_RESULT_WINDOW}
                }
            )
        return attrs


def error_messages(detail: dict) -> list[str]:
    """One readable line per bad parameter, from a ValidationError's detail."""
    lines = []
    for param, problems in detail.items():
        if isinstance(problems, dict):  # a list parameter: problems per position
            problems = [msg for msgs in problems.values() for msg in msgs]
        lines.extend(f"{param}: {problem}" for problem in problems)
    return lines


def search_query_from(params: QueryDict) -> SearchQuery:
    """The SearchQuery the parameters ask for, with every facet's counts.

    Raises serializers.ValidationError, whose detail names each bad parameter.
    """
    checked = DiscoverySearchParams(data=params)
    checked.is_valid(raise_exception=True)
    data = checked.validated_data
    filters = {
        facet: tuple(dict.fromkeys(data[param]))
        for facet, param in FILTER_PARAMS.items()
        if data[param]
    }
    return SearchQuery(
        index=BADGES,
        text=" ".join(data["q"].split()),
        filters=filters,
        facets=FACETS,
        sort=data["sort"],
        page=data["page"],
        page_size=data["page_size"],
    )


def query_params(query: SearchQuery) -> QueryDict:
    """The URL parameters of a query (the inverse of search_query_from), defaults left out."""
    params = QueryDict(mutable=True)
    if query.text:
        params["q"] = query.text
    for facet, values in query.filters.items():
        params.setlist(FILTER_PARAMS[facet], list(values))
    if query.sort != "relevance":
        params["sort"] = query.sort
    if query.page_size != DEFAULT_PAGE_SIZE:
        params["page_size"] = str(query.page_size)
    if query.page != 1:
        params["page"] = str(query.page)
    return params
