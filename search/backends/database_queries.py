"""The SQL the database backend builds: match expressions, filters, facet counts, highlights.

Each works on PostgreSQL full-text search and on SQLite FTS5 alike.
"""

import html
import operator
from functools import reduce

from django.contrib.postgres.search import SearchHeadline
from django.contrib.postgres.search import SearchQuery as PgSearchQuery
from django.db import connection
from django.db.models import Case, Count, IntegerField, Q, QuerySet, When
from django.db.models.fields.json import KeyTextTransform

from ..models import SearchDocument, SearchFacetValue
from ..text import TRANSLATED_ANALYSERS
from ..types import COST_RANGES, TIME_TO_EARN_RANGES, FacetValue
from .base import FACET_SIZE, RANGE_LABELS

# PostgreSQL's text search configurations: English for the documents' own text, and each
# translation's language for its text.
PG_CONFIGS = tuple(dict.fromkeys(("english", *TRANSLATED_ANALYSERS.values())))
COLUMN_FACETS = ("issuer", "level", "badge_type")  # SearchDocument columns
# SearchFacetValue rows: facets with many values per document (a badge is in its own language
# and those of its translations).
LIST_FACETS = ("tags", "alignment_frameworks", "language")
RANGE_FACETS = ("time_to_earn", "cost")
# Kept like facet values but never shown: they let index sync find the documents that name
# an issuer or a pathway even after that row is gone from the database.
INTERNAL_KEYS = ("issuer_pk", "pathway_ids")
# Highlight markers no document text contains; swapped for <mark> after HTML-escaping.
START, STOP = "\x02", "\x03"
# FTS5 bm25 column weights, in the column order of migration 0002's search_fts.
BM25 = "bm25(search_fts, 4.0, 2.0, 1.0, 1.0)"

# A query word -> the longer known words it starts, which it also matches (search.text).
Prefixes = dict[str, list[str]]


def postgres() -> bool:
    return connection.vendor == "postgresql"


def range_q(facet: str, key: str) -> Q:
    if facet == "cost":
        return Q(cost__gt=0) if key == "paid" else Q(cost__isnull=True) | Q(cost=0)
    for range_key, _, lower, upper in TIME_TO_EARN_RANGES:
        if range_key == key:
            condition = Q(time_to_earn_hours__gte=lower)
            return condition & Q(time_to_earn_hours__lt=upper) if upper is not None else condition
    return Q(pk__in=[])  # an unknown range matches nothing, like an unknown keyword value


def range_keys(facet: str) -> list[str]:
    if facet == "cost":
        return [key for key, _ in COST_RANGES]
    return [key for key, _, _, _ in TIME_TO_EARN_RANGES]


def marked_html(text: str | None) -> str | None:
    if not text or START not in text:
        return None
    return html.escape(text).replace(START, "<mark>").replace(STOP, "</mark>")


def _grouping_branch(columns: list[str], grouped: str | None, flags: list[str]) -> str:
    """One grouping of the SQLite form of GROUPING SETS: the rows counted by one column (its
    GROUPING() flag 0, the others 1, as PostgreSQL reports them), or with grouped None the row
    of every document with the range sums."""
    name = connection.ops.quote_name
    select = [
        *(name(column) if column == grouped else "NULL" for column in columns),
        *("0" if column == grouped else "1" for column in columns),
        "COUNT(*)",
        *(("NULL" if grouped else f"SUM({flag})") for flag in flags),
    ]
    group_by = f" GROUP BY {name(grouped)}" if grouped else ""
    return f"SELECT {', '.join(select)} FROM documents{group_by}"


def fts_query(terms: list[str], joiner: str = " AND ", prefixes: Prefixes | None = None) -> str:
    parts = []
    for term in terms:
        either = [term, *(prefixes or {}).get(term, ())]
        quoted = " OR ".join(f'"{word}"' for word in either)
        parts.append(f"({quoted})" if len(either) > 1 else quoted)
    return joiner.join(parts)


def pg_search_query(terms: list[str], prefixes: Prefixes | None = None) -> PgSearchQuery:
    """Every term, each OR-ed with the longer words it starts when it has prefixes; read by
    each language's configuration in turn (the query in English, or in French, ...), as the
    translations it may match were indexed (migration 0008), so each reading drops its own
    language's stop words and stems its own way."""
    return reduce(operator.or_, (_pg_query(terms, prefixes or {}, config) for config in PG_CONFIGS))


def _pg_query(terms: list[str], prefixes: Prefixes, config: str) -> PgSearchQuery:
    plain = " ".join(term for term in terms if term not in prefixes)
    parts = [PgSearchQuery(plain, search_type="plain", config=config)] if plain else []
    for term in dict.fromkeys(term for term in terms if term in prefixes):
        either = [
            PgSearchQuery(word, search_type="plain", config=config)
            for word in [term, *prefixes[term]]
        ]
        parts.append(reduce(operator.or_, either))
    return reduce(operator.and_, parts)


def grouped_counts(
    columns: list[str], ranges: list[str], documents: QuerySet
) -> tuple[dict[str, list[FacetValue]], int]:
    """The column facets, the range facets and the total in one query, instead of one query
    for each: one scan with GROUPING SETS on PostgreSQL, a UNION ALL of the groupings over
    one common table on SQLite (which has no GROUPING SETS)."""
    keys = [(facet, key) for facet in ranges for key in range_keys(facet)]
    flags = {
        f"range_{number}": Case(
            When(range_q(facet, key), then=1), default=0, output_field=IntegerField()
        )
        for number, (facet, key) in enumerate(keys)
    }
    sql, params = documents.annotate(**flags).values(*columns, *flags).query.sql_with_params()
    name = connection.ops.quote_name
    select = [
        *(name(column) for column in columns),
        *(f"GROUPING({name(column)})" for column in columns),
        "COUNT(*)",
        *(f"SUM({name(flag)})" for flag in flags),
    ]
    if postgres():
        sets = [*(f"({name(column)})" for column in columns), "()"]
        statement = (
            f"SELECT {', '.join(select)} FROM ({sql}) AS documents "
            f"GROUP BY GROUPING SETS ({', '.join(sets)})"
        )
    else:
        statement = f"WITH documents AS ({sql}) " + " UNION ALL ".join(
            _grouping_branch(columns, grouped, [name(flag) for flag in flags])
            for grouped in [*columns, None]
        )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        rows = cursor.fetchall()
    width = len(columns)
    values: dict[str, list[tuple[int, str]]] = {column: [] for column in columns}
    total, sums = 0, [0] * len(keys)
    for row in rows:
        grouped, count = row[width : 2 * width], row[2 * width]
        if all(grouped):  # the () set: every document
            total, sums = count, [int(value or 0) for value in row[2 * width + 1 :]]
            continue
        column = grouped.index(0)
        if row[column] != "":
            values[columns[column]].append((-count, row[column]))
    counted = {
        column: [FacetValue(value, -negative) for negative, value in sorted(found)[:FACET_SIZE]]
        for column, found in values.items()
    }
    by_key = dict(zip(keys, sums, strict=True))
    for facet in ranges:
        counted[facet] = [
            FacetValue(key, by_key[facet, key], RANGE_LABELS[facet][key])
            for key in range_keys(facet)
        ]
    return counted, total


def facet_counts(
    facets: list[str], documents: QuerySet, *, count_total: bool = False
) -> tuple[dict[str, list[FacetValue]], int | None]:
    """Counts of the facets over the documents, and their number when count_total (else
    None)."""
    counted: dict[str, list[FacetValue]] = {}
    ranges = [facet for facet in facets if facet in RANGE_FACETS]
    columns = [facet for facet in facets if facet in COLUMN_FACETS]
    total = None
    if columns or ranges:
        counted, total = grouped_counts(columns, ranges, documents)
        ranges, columns = [], []
    if ranges:
        counts = documents.aggregate(
            **{
                f"{facet}:{key}": Count("pk", filter=range_q(facet, key))
                for facet in ranges
                for key in range_keys(facet)
            }
        )
        for facet in ranges:
            counted[facet] = [
                FacetValue(key, counts[f"{facet}:{key}"], RANGE_LABELS[facet][key])
                for key in range_keys(facet)
            ]
    for facet in columns:
        rows = (
            documents.exclude(**{facet: ""})
            .values_list(facet)
            .annotate(count=Count("pk"))
            .order_by("-count", facet)[:FACET_SIZE]
        )
        counted[facet] = [FacetValue(value, count) for value, count in rows]
    keywords = [facet for facet in facets if facet in LIST_FACETS]
    if keywords:
        rows = (
            SearchFacetValue.objects.filter(facet__in=keywords, document__in=documents.values("pk"))
            .values_list("facet", "value")
            .annotate(count=Count("id"))
        )
        by_facet: dict[str, list[tuple[int, str]]] = {facet: [] for facet in keywords}
        for facet, value, count in rows:
            by_facet[facet].append((-count, value))
        for facet, values in by_facet.items():
            counted[facet] = [
                FacetValue(value, -negative) for negative, value in sorted(values)[:FACET_SIZE]
            ]
    if count_total and total is None:
        total = documents.count()
    return counted, total


def highlights_of(
    pks: list[int], terms: list[str], prefixes: Prefixes
) -> dict[int, dict[str, list[str]]]:
    if not pks:
        return {}
    if postgres():
        pg_query = pg_search_query(terms, prefixes)
        options = {"config": "english", "start_sel": START, "stop_sel": STOP}
        rows = SearchDocument.objects.filter(pk__in=pks).values_list(
            "pk",
            SearchHeadline("name", pg_query, highlight_all=True, **options),
            SearchHeadline(
                KeyTextTransform("description", "fields"),
                pg_query,
                max_words=30,
                min_words=12,
                max_fragments=2,
                fragment_delimiter=" … ",
                **options,
            ),
        )
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid, highlight(search_fts, 0, %s, %s), "
                "snippet(search_fts, 2, %s, %s, '…', 24) FROM search_fts "
                f"WHERE search_fts MATCH %s AND rowid IN ({', '.join(['%s'] * len(pks))})",
                [START, STOP, START, STOP, fts_query(terms, prefixes=prefixes), *pks],
            )
            rows = cursor.fetchall()
    found: dict[int, dict[str, list[str]]] = {}
    for pk, name, description in rows:
        marked = {"name": marked_html(name), "description": marked_html(description)}
        found[pk] = {field: [text] for field, text in marked.items() if text}
    return found
