"""/v2/assertions/changed reads only what changed: the same queries whatever the number of
awards, changed or not, and a range of the (updated_at, id) index."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from badges.models import Assertion
from badges.tests.scale import bulk_awards

from .conftest import client_for

pytestmark = pytest.mark.django_db
CHANGED = "/v2/assertions/changed"


def changed(client, since) -> tuple[int, list]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(CHANGED, {"since": since.isoformat()})
    assert response.status_code == 200
    return len(captured.captured_queries), response.json()["result"]


def test_changed_takes_the_same_queries_whatever_the_number_of_awards(world):
    client = client_for(world.owner)
    changed(client, timezone.now())  # the token's first use is recorded once
    bulk_awards(world.badge, 40, prefix="old")
    Assertion.objects.update(updated_at=timezone.now() - timedelta(days=30))
    since = timezone.now() - timedelta(days=1)
    few_queries, few = changed(client, since)
    bulk_awards(world.badge, 3, prefix="new")
    some_queries, some = changed(client, since)
    bulk_awards(world.badge, 30, prefix="newer")
    many_queries, many = changed(client, since)
    assert (len(few), len(some), len(many)) == (0, 3, 33)
    assert few_queries == some_queries == many_queries


def test_changed_reads_the_updated_at_index_on_postgresql(world):
    if connection.vendor != "postgresql":
        pytest.skip("the plan is PostgreSQL's")
    bulk_awards(world.badge, 2000, prefix="old")
    Assertion.objects.update(updated_at=timezone.now() - timedelta(days=30))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE badges_assertion")
    plan = (
        Assertion.objects.filter(updated_at__gt=timezone.now() - timedelta(days=1))
        .order_by("-id")[:100]
        .explain()
    )
    assert "assertion_updated_idx" in plan
