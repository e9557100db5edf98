"""A paginator for long admin lists that never counts a whole table."""

import json
import math

from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

EXACT_UP_TO = 10_000
MAX_PAGES = 200


class BoundedCountPaginator(Paginator):
    """Counts at most EXACT_UP_TO + 1 rows; past that, PostgreSQL's planner estimate (SQLite,
    for development, counts all). Pages stop at MAX_PAGES: an offset deep into millions of
    rows is a scan, so operators narrow the list with the search or the filters instead."""

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        bounded = rows.order_by()[: EXACT_UP_TO + 1].count()
        if bounded <= EXACT_UP_TO:
            return bounded
        if connections[rows.db].vendor != "postgresql":
            return rows.count()
        return max(bounded, planner_rows(rows))

    @cached_property
    def num_pages(self) -> int:
        if self.count == 0 and not self.allow_empty_first_page:
            return 0
        hits = max(1, self.count - self.orphans)
        return min(math.ceil(hits / self.per_page), MAX_PAGES)


def planner_rows(queryset) -> int:
    """PostgreSQL's estimate of how many rows the query returns, without running it."""
    plan = json.loads(queryset.order_by().explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])
