"""Search parameters: one reading of the URL for the page and the API, and back again."""

import pytest
from django.http import QueryDict
from rest_framework.exceptions import ValidationError

from discovery.query import error_messages, query_params, search_query_from
from search.types import FACETS


def test_parameters_become_a_query_with_every_facet_counted():
    query = search_query_from(
        QueryDict("q=+data++science+&tag=python&tag=sql&tag=python&time=1-10h&sort=newest&page=2")
    )

    assert query.text == "data science"
    assert query.filters == {"tags": ("python", "sql"), "time_to_earn": ("1-10h",)}
    assert query.facets == FACETS
    assert (query.sort, query.page, query.page_size) == ("newest", 2, 20)


def test_a_query_turns_back_into_the_same_url_parameters():
    url = "q=data&issuer=Harbour+Training&framework=ESCO&type=skill&sort=most_earned&page=3"

    assert query_params(search_query_from(QueryDict(url))).urlencode() == (
        "q=data&issuer=Harbour+Training&framework=ESCO&type=skill&sort=most_earned&page=3"
    )


def test_defaults_are_left_out_of_urls():
    assert query_params(search_query_from(QueryDict("q=&sort=relevance&page=1"))) == {}


def test_every_bad_parameter_is_named_in_one_readable_line():
    with pytest.raises(ValidationError) as raised:
        search_query_from(QueryDict("page=x&sort=best&cost=free&cost=cheap&tag=" + "t" * 201))

    assert sorted(error_messages(raised.value.detail)) == [
        'cost: "cheap" is not one of: free, paid.',
        "page: A valid integer is required.",
        'sort: "best" is not one of: relevance, newest, most_earned.',
        "tag: Ensure this field has no more than 200 characters.",
    ]


def test_too_many_values_for_one_filter_are_refused():
    with pytest.raises(ValidationError):
        search_query_from(QueryDict("&".join(f"tag=t{n}" for n in range(21))))
