"""The assertion admin at scale: a fixed number of queries, no count of the whole table,
search through indexes, and no dropdown of every user."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import UserFactory
from badges.models import Assertion
from badges.services.awards import assertion_award
from badges.tests.factories import make_badge, make_issuer
from badges.tests.scale import bulk_awards
from web import counting

pytestmark = pytest.mark.django_db
LIST = "/staff/badges/assertion/"


def queries_of(client, address: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(address).status_code == 200
    return [q["sql"] for q in captured.captured_queries]


@pytest.fixture
def operator(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_the_list_takes_the_same_queries_and_never_counts_the_whole_table(operator):
    badge = make_badge(make_issuer())
    bulk_awards(badge, 3)
    operator.get(LIST)
    few = queries_of(operator, LIST)
    bulk_awards(badge, 150, prefix="more")
    many = queries_of(operator, LIST)
    assert len(few) == len(many)
    counts = [sql for sql in many if "COUNT(" in sql.upper() and "badges_assertion" in sql]
    assert counts and all("LIMIT" in sql.upper() for sql in counts)
    # The badge class comes in the list's own query, not one query a row.
    assert sum('FROM "badges_badgeclass"' in sql for sql in many) <= 1


def test_search_finds_an_award_by_its_id_or_the_start_of_the_recipient(operator):
    badge = make_badge(make_issuer())
    bulk_awards(badge, 5)
    award = assertion_award(badge_class=badge, user=None, recipient_identity="ada@lovelace.org")
    by_id = operator.get(LIST, {"q": award.entity_id}).content.decode()
    by_part = operator.get(LIST, {"q": "ADA@LOVE"}).content.decode()
    assert "ada@lovelace.org" in by_id and "r0001@example.org" not in by_id
    assert "ada@lovelace.org" in by_part and "r0001@example.org" not in by_part


def test_the_change_page_does_not_list_every_user(operator):
    award = assertion_award(
        badge_class=make_badge(make_issuer()), user=None, recipient_identity="a@b.org"
    )
    page = f"{LIST}{award.pk}/change/"
    operator.get(page)
    few = queries_of(operator, page)
    UserFactory.create_batch(30)
    many = queries_of(operator, page)
    html = operator.get(page).content.decode()
    assert len(few) == len(many)
    assert '<select name="created_by"' not in html and '<select name="renews"' not in html


def test_the_paginator_counts_exactly_only_up_to_its_bound(monkeypatch):
    badge = make_badge(make_issuer())
    bulk_awards(badge, 12)
    monkeypatch.setattr(counting, "EXACT_UP_TO", 20)
    assert counting.BoundedCountPaginator(Assertion.objects.order_by("-pk"), 5).count == 12
    monkeypatch.setattr(counting, "EXACT_UP_TO", 5)
    monkeypatch.setattr(counting, "MAX_PAGES", 2)
    paginator = counting.BoundedCountPaginator(Assertion.objects.order_by("-pk"), 5)
    if connection.vendor == "postgresql":
        assert paginator.count >= 6  # the planner's estimate, at least what was seen
    else:
        assert paginator.count == 12
    assert paginator.num_pages == 2
