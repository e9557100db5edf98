"""The dashboard and badge class list read the award roll-up: their queries do not grow with
the number of awards, and an award expiring today leaves the live figures when it expires."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from badges.services.awards import assertion_award_batch, assertion_revoke_batch
from workspace import selectors


def award(staffed, n, *, start=0):
    now = timezone.now()
    rows = [
        {
            "recipient_identity": f"sailor{start + i}@example.org",
            "issued_on": now - timedelta(days=3 * i),
            "expires": now + timedelta(days=i % 100 + 1),
        }
        for i in range(n)
    ]
    awards = assertion_award_batch(
        badge_class=staffed.badge, user=staffed.owner, rows=rows, notify=False
    )
    assertion_revoke_batch(assertions=awards[:1], user=staffed.owner, reason="Mistake")


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "page",
    ["dashboard", "dashboard-week", "dashboard-csv", "badges", "operator"],
)
def test_the_figures_pages_make_as_many_queries_for_50_awards_as_for_5(client, staffed, page):
    issuer = staffed.issuer.entity_id
    url = {
        "dashboard": reverse("workspace:dashboard", args=[issuer]),
        "dashboard-week": reverse("workspace:dashboard", args=[issuer]) + "?period=week",
        "dashboard-csv": reverse("workspace:dashboard", args=[issuer]) + "?format=csv",
        "badges": reverse("workspace:badges", args=[issuer]),
        "operator": reverse("workspace:operator-dashboard"),
    }[page]
    client.force_login(staffed.operator if page == "operator" else staffed.owner)
    award(staffed, 5)
    queries(client, url)  # the first request also reads the session and warms caches
    few = queries(client, url)
    award(staffed, 45, start=5)
    assert queries(client, url) == few


def test_an_award_expiring_later_today_is_live_until_its_time(staffed, monkeypatch):
    now = timezone.now().replace(hour=9, minute=0)
    monkeypatch.setattr(timezone, "now", lambda: now)
    assertion_award_batch(
        badge_class=staffed.badge,
        user=staffed.owner,
        rows=[{"recipient_identity": "late@example.org", "expires": now + timedelta(hours=5)}],
        notify=False,
    )
    rows = {b.pk: b.pending_count for b in selectors.badge_class_rows(issuer=staffed.issuer)}
    assert selectors.dashboard(issuer=staffed.issuer).total == 2
    assert rows[staffed.badge.pk] == 2

    now += timedelta(hours=6)
    rows = {b.pk: b for b in selectors.badge_class_rows(issuer=staffed.issuer)}
    assert selectors.dashboard(issuer=staffed.issuer).total == 1
    assert (rows[staffed.badge.pk].pending_count, rows[staffed.badge.pk].awarded_count) == (1, 2)
