"""The search page stays cheap however many badges match: a fixed number of queries."""

import pytest

from badges.tests.factories import make_badge, make_issuer
from discovery.tests.conftest import reindex

pytestmark = pytest.mark.django_db


@pytest.fixture
def hundred_badges():
    issuers = [make_issuer(name=f"Issuer {n}") for n in range(5)]
    badges = [
        make_badge(
            issuers[n % 5],
            name=f"Badge {n:03}",
            description="A badge about python.",
            tags=["python", f"tag{n % 7}"],
            level="introductory",
        )
        for n in range(100)
    ]
    reindex()
    return badges


@pytest.mark.parametrize(
    "url",
    ["/discover/", "/discover/?q=python", "/discover/?q=python&tag=tag3", "/discover/?page=2"],
)
def test_the_search_page_over_a_hundred_badges_makes_at_most_ten_queries(
    client, hundred_badges, url, django_assert_max_num_queries
):
    client.get(url)  # menus and site root paths are cached after the first view
    with django_assert_max_num_queries(10) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('<article class="badge-card"') >= 10, len(queries)
