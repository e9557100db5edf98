"""The embedded default backend: SQLite FTS5 on SQLite, weighted full-text search on PostgreSQL.

Documents live in search.models. PostgreSQL ranks a weighted tsvector (name A, tags and
alignments B, the rest C) and finds misspellings with pg_trgm; SQLite ranks with FTS5's
bm25 over the same column groups. Facets are grouped counts over SearchFacetValue rows.
"""

import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from django.contrib.postgres.search import SearchQuery as PgSearchQuery
from django.contrib.postgres.search import (
    SearchRank,
    TrigramSimilarity,
)
from django.db import DatabaseError, connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    ExpressionWrapper,
    F,
    FloatField,
    Q,
    QuerySet,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Length, Lower
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from ..models import SearchDocument, SearchFacetValue, SearchTerm
from ..text import (
    BODY_FIELDS,
    KEYWORD_FIELDS,
    MAX_PREFIX_EXPANSIONS,
    MIN_CORRECTED_LENGTH,
    MIN_PREFIX_LENGTH,
    STOPWORDS,
    best_correction,
    digest,
    field_text,
    popularity,
    vocabulary,
    word_pattern,
    words,
)
from ..types import (
    Document,
    FacetValue,
    Health,
    Hit,
    SearchQuery,
    SearchResults,
    Suggestion,
)
from .base import (
    BaseSearchBackend,
    ChangedSince,
    RebuildTarget,
    Store,
    check_query,
    chunked,
)
from .database_queries import (
    BM25,
    COLUMN_FACETS,
    INTERNAL_KEYS,
    LIST_FACETS,
    RANGE_FACETS,
    Prefixes,
    facet_counts,
    fts_query,
    highlights_of,
    pg_search_query,
    postgres,
    range_q,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class QueryWords:
    """What the vocabulary says of a query's words: which are known, and which also match
    as prefixes (DatabaseBackend.query_words)."""

    known: frozenset[str]
    prefixes: Prefixes


class DatabaseBackend(BaseSearchBackend):
    name = "database"

    # Writes --------------------------------------------------------------------------------

    def index(self, kind: str, documents: Iterable[Document]) -> int:
        written = 0
        for chunk in chunked(documents):
            written += self._write(kind, chunk, add_terms=True)
        return written

    @transaction.atomic
    def _write(self, kind: str, documents: list[Document], *, add_terms: bool) -> int:
        latest = {document.id: document for document in documents}  # last one wins
        now = timezone.now()
        rows = [self._row(kind, document, now) for document in latest.values()]
        update = [f.name for f in SearchDocument._meta.concrete_fields]
        update = [name for name in update if name not in ("id", "kind", "doc_id", "vector")]
        SearchDocument.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["kind", "doc_id"], update_fields=update
        )
        pks = dict(
            SearchDocument.objects.filter(kind=kind, doc_id__in=latest).values_list("doc_id", "pk")
        )
        SearchFacetValue.objects.filter(document_id__in=pks.values()).delete()
        SearchFacetValue.objects.bulk_create(
            SearchFacetValue(document_id=pks[doc_id], facet=facet, value=value[:200])
            for doc_id, document in latest.items()
            for facet, value in self._facet_values(document)
        )
        if not postgres():  # PostgreSQL's tsvector is kept by a trigger (migration 0005)
            with connection.cursor() as cursor:
                self._fts_delete(cursor, list(pks.values()))
                cursor.executemany(
                    "INSERT INTO search_fts (rowid, name, keywords, description, extra) "
                    "VALUES (%s, %s, %s, %s, %s)",
                    [
                        (pks[row.doc_id], row.name, row.keywords, row.description, row.extra)
                        for row in rows
                    ],
                )
        if add_terms:
            terms = set().union(*(vocabulary(document) for document in latest.values()))
            SearchTerm.objects.bulk_create(
                [SearchTerm(kind=kind, term=term) for term in terms], ignore_conflicts=True
            )
        return len(rows)

    @staticmethod
    def _row(kind: str, document: Document, now: datetime) -> SearchDocument:
        fields = document.fields
        created = fields.get("created_at")
        cost = fields.get("cost")
        hours = fields.get("time_to_earn_hours")
        earned = int(fields.get("earned_count") or 0)
        return SearchDocument(
            kind=kind,
            doc_id=document.id,
            fields=fields,
            name=str(fields.get("name") or ""),
            keywords=field_text(fields, KEYWORD_FIELDS),
            description=str(fields.get("description") or ""),
            extra=field_text(fields, tuple(f for f in BODY_FIELDS if f != "description")),
            digest=digest(document),
            popularity=popularity(earned),
            earned_count=earned,
            created_at=parse_datetime(created) if isinstance(created, str) else None,
            time_to_earn_hours=float(hours) if hours is not None else None,
            cost=float(cost) if cost is not None else None,
            **{facet: str(fields.get(facet) or "") for facet in COLUMN_FACETS},
            indexed_at=now,
        )

    @staticmethod
    def _facet_values(document: Document) -> Iterable[tuple[str, str]]:
        for facet in LIST_FACETS + INTERNAL_KEYS:
            value = document.fields.get(facet)
            values = value if isinstance(value, list | tuple) else [value]
            for item in dict.fromkeys(str(v) for v in values if v not in (None, "")):
                yield facet, item

    @staticmethod
    def _fts_delete(cursor, pks: list[int]) -> None:
        for chunk in chunked(pks):
            cursor.execute(
                f"DELETE FROM search_fts WHERE rowid IN ({', '.join(['%s'] * len(chunk))})",
                chunk,
            )

    @transaction.atomic
    def delete(self, kind: str, ids: Iterable[str]) -> int:
        deleted = 0
        for chunk in chunked(ids):
            documents = SearchDocument.objects.filter(kind=kind, doc_id__in=chunk)
            if not postgres():
                with connection.cursor() as cursor:
                    self._fts_delete(cursor, list(documents.values_list("pk", flat=True)))
            deleted += documents.delete()[1].get(SearchDocument._meta.label, 0)
        return deleted

    def rebuild_target(self, kind: str) -> "DatabaseRebuild":
        return DatabaseRebuild(self, kind)

    @staticmethod
    def vacuum() -> None:
        """After a bulk load, let PostgreSQL answer facet counts from the covering index
        alone (index-only scans need the visibility map that VACUUM writes)."""
        if not postgres() or connection.in_atomic_block:
            return
        with connection.cursor() as cursor:
            for table in ("search_searchdocument", "search_searchfacetvalue"):
                cursor.execute(f"VACUUM (ANALYZE) {table}")

    def digests(self, kind: str) -> dict[str, str]:
        return dict(SearchDocument.objects.filter(kind=kind).values_list("doc_id", "digest"))

    def stores(self, kind: str) -> list[Store]:
        return [
            Store(
                digests=lambda: self.digests(kind),
                index=lambda documents: self.index(kind, documents),
                delete=lambda ids: self.delete(kind, ids),
            )
        ]

    # Reads ---------------------------------------------------------------------------------

    def _matching(
        self,
        kind: str,
        terms: list[str],
        *,
        any_term: bool = False,
        prefixes: Prefixes | None = None,
    ) -> QuerySet:
        """Documents holding every term (or any, for "more like this"), with a `score`.

        A term with prefixes also matches the longer words it starts; the documents then
        carry `whole`, true for those that hold every term as typed, which rank first.
        """
        documents = SearchDocument.objects.filter(kind=kind)
        if not terms:
            return documents.annotate(score=F("popularity"))
        if postgres():
            if any_term:
                pg_query = PgSearchQuery(" | ".join(terms), search_type="raw", config="english")
            else:
                pg_query = pg_search_query(terms, prefixes)
            documents = documents.filter(vector=pg_query).annotate(
                score=SearchRank(F("vector"), pg_query) * F("popularity")
            )
            if prefixes:
                typed = pg_search_query(terms)
                # Rank the documents that hold every word as typed by those words alone: a
                # rarer longer word ("databases" for "data") must not lift one above a name
                # that holds the word itself.
                documents = documents.annotate(
                    whole=ExpressionWrapper(Q(vector=typed), output_field=BooleanField()),
                    score=Case(
                        When(whole=True, then=SearchRank(F("vector"), typed)),
                        default=SearchRank(F("vector"), pg_query),
                        output_field=FloatField(),
                    )
                    * F("popularity"),
                )
            return documents
        match = RawSQL(
            "search_fts MATCH %s",
            [fts_query(terms, " OR " if any_term else " AND ", prefixes)],
            output_field=BooleanField(),
        )
        documents = (
            documents.filter(fts__isnull=False)
            .filter(match)
            .annotate(score=RawSQL(f"-{BM25}", [], output_field=FloatField()) * F("popularity"))
        )
        if prefixes:
            # As above: the documents holding every word as typed rank by those words alone.
            typed = RawSQL(
                f"(SELECT -{BM25} FROM search_fts WHERE search_fts MATCH %s "
                "AND search_fts.rowid = search_searchdocument.id)",
                [fts_query(terms)],
                output_field=FloatField(),
            )
            documents = documents.annotate(typed=typed).annotate(
                whole=ExpressionWrapper(Q(typed__isnull=False), output_field=BooleanField()),
                score=Coalesce(F("typed"), RawSQL(f"-{BM25}", [], output_field=FloatField()))
                * F("popularity"),
            )
        return documents

    @staticmethod
    def _filtered(documents: QuerySet, filters: dict, *, skip: str | None = None) -> QuerySet:
        for facet, values in filters.items():
            if facet == skip or not values:
                continue
            if facet in RANGE_FACETS:
                condition = Q(pk__in=[])
                for key in values:
                    condition |= range_q(facet, key)
                documents = documents.filter(condition)
            elif facet in COLUMN_FACETS:
                documents = documents.filter(**{f"{facet}__in": list(values)})
            else:
                documents = documents.filter(
                    pk__in=SearchFacetValue.objects.filter(
                        facet=facet, value__in=list(values)
                    ).values("document_id")
                )
        return documents

    def search(self, query: SearchQuery) -> SearchResults:
        check_query(query)
        terms = words(query.text)
        read = self.query_words(query.index, terms)
        prefixes = read.prefixes
        results = self._search(query, terms, prefixes)
        corrected = self._corrected(query.index, terms, read=read)
        if corrected is None:
            return results
        suggestion = " ".join(corrected)
        if results.total == 0:
            # Nothing matched as typed: answer for the correction, and say so.
            # The expanded words were left as typed; a corrected last word may start others.
            if corrected[-1] != terms[-1]:
                prefixes = {**prefixes, **self.query_words(query.index, corrected[-1:]).prefixes}
            instead = self._search(query, corrected, prefixes)
            return replace(instead, suggestion=suggestion) if instead.total else results
        matching = self._filtered(self._matching(query.index, corrected), query.filters)
        return replace(results, suggestion=suggestion) if matching.exists() else results

    def query_words(
        self, kind: str, terms: list[str], *, finds: Callable[[str], bool] | None = None
    ) -> QueryWords:
        """Which terms the vocabulary knows, and the known longer words that the last term,
        and any other term that finds nothing as typed, start (search.text's limits).

        finds tells whether a word finds documents as typed; by default this backend's answer.
        The Elasticsearch backend passes its own, and shares this vocabulary.
        """
        if not terms:
            return QueryWords(known=frozenset(), prefixes={})
        last = terms[-1]
        starts = last if len(last) >= MIN_PREFIX_LENGTH else None
        # One read for the common case: the terms themselves, then the words the last starts.
        found = self._vocabulary_read(kind, terms, starts, len(set(terms)) + MAX_PREFIX_EXPANSIONS)
        known = frozenset(term for term in found if term in terms)
        prefixes: Prefixes = {}
        longer = [term for term in found if starts and term.startswith(starts) and term != last]
        if longer:
            prefixes[last] = longer[:MAX_PREFIX_EXPANSIONS]
        if finds is None:

            def finds(word: str) -> bool:
                return self._matching(kind, [word]).exists()

        for word in terms[:-1]:
            # An unknown earlier word is rare (a typo, a word cut short): a read of its own.
            if len(word) < MIN_PREFIX_LENGTH or word in known or word in prefixes:
                continue
            longer = self._vocabulary_read(kind, [], word, MAX_PREFIX_EXPANSIONS)
            if longer and not finds(word):
                prefixes[word] = longer
        return QueryWords(known=known, prefixes=prefixes)

    @staticmethod
    def _vocabulary_read(kind: str, exact: list[str], starts: str | None, limit: int) -> list[str]:
        """Known words: those of exact first, then the most frequent that start with `starts`.

        Written as SQL because it runs on every search, and building it with the ORM took
        several times as long as the read itself. Stopwords never match on any engine, so
        they are never returned.
        """
        alternatives, params, order = [], [], "frequency DESC, term"
        if exact:
            listed = ", ".join(["%s"] * len(exact))
            alternatives.append(f"term IN ({listed})")
            order = f"CASE WHEN term IN ({listed}) THEN 0 ELSE 1 END, {order}"
            params.extend(exact)
        if starts:
            alternatives.append("term LIKE %s ESCAPE '!'")
            params.append(re.sub(r"([!%_])", r"!\1", starts) + "%")
        if not alternatives:
            return []
        stopwords = sorted(STOPWORDS)
        sql = (
            f"SELECT term FROM {SearchTerm._meta.db_table} WHERE kind = %s "
            f"AND ({' OR '.join(alternatives)}) "
            f"AND term NOT IN ({', '.join(['%s'] * len(stopwords))}) "
            f"ORDER BY {order} LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [kind, *params, *stopwords, *exact, limit])
            return [row[0] for row in cursor.fetchall()]

    def _search(self, query: SearchQuery, terms: list[str], prefixes: Prefixes) -> SearchResults:
        matching = self._matching(query.index, terms, prefixes=prefixes)
        documents = self._filtered(matching, query.filters)
        # Documents holding every word as typed rank above those found through a prefix.
        ranked = (F("whole").desc(), "-score") if prefixes else ("-score",)
        order = {
            "relevance": (*ranked, "doc_id"),
            "newest": (F("created_at").desc(nulls_last=True), "doc_id"),
            "most_earned": ("-earned_count", *ranked, "doc_id"),
        }[query.sort]
        start = (query.page - 1) * query.page_size
        page = list(
            documents.order_by(*order).values_list("pk", "doc_id", "fields", "score")[
                start : start + query.page_size
            ]
        )
        highlights = highlights_of([row[0] for row in page], terms, prefixes) if terms else {}
        hits = [
            Hit(id=doc_id, score=float(score), fields=fields, highlights=highlights.get(pk, {}))
            for pk, doc_id, fields, score in page
        ]
        # Facets whose own filter is not in use are all counted over the same documents,
        # so each such group costs one grouped query instead of one query per facet.
        groups: dict[str | None, list[str]] = {}
        for facet in query.facets:
            groups.setdefault(facet if query.filters.get(facet) else None, []).append(facet)
        counted: dict[str, list[FacetValue]] = {}
        total = None
        for skip, facets in groups.items():
            # The group with no filter left out counts the very documents of the results.
            group_counts, group_total = facet_counts(
                facets,
                self._filtered(matching, query.filters, skip=skip),
                count_total=skip is None,
            )
            counted.update(group_counts)
            if skip is None:
                total = group_total
        facets = {facet: counted[facet] for facet in query.facets}
        total = documents.count() if total is None else total
        return SearchResults(hits=hits, total=total, facets=facets)

    # Spelling ------------------------------------------------------------------------------

    def _candidates(self, kind: str, word: str, *, prefix: bool) -> list[tuple[str, int]]:
        terms = SearchTerm.objects.filter(kind=kind)
        if postgres():
            # `%` (similar enough by pg_trgm) and a shared start both use the trigram index.
            similar = RawSQL("search_searchterm.term %% %s", [word], output_field=BooleanField())
            terms = (
                terms.filter(Q(similar) | Q(term__startswith=word[:2]))
                .annotate(similarity=TrigramSimilarity("term", word))
                .order_by("-similarity")
            )
        else:
            length = Length("term")
            terms = terms.annotate(length=length).filter(length__gte=len(word) - 2)
            if not prefix:
                terms = terms.filter(length__lte=len(word) + 2)
        return list(terms.values_list("term", "frequency")[:500])

    def _known(self, kind: str, word: str, *, prefix: bool = False) -> bool:
        lookup = {"term__startswith": word} if prefix else {"term": word}
        return SearchTerm.objects.filter(kind=kind, **lookup).exists()

    def _corrected(
        self,
        kind: str,
        terms: list[str],
        *,
        prefix_last: bool = False,
        read: QueryWords | None = None,
    ):
        """The terms with misspelt words replaced by the closest known ones, or None.

        A word is misspelt when the vocabulary lacks it and it finds nothing as typed
        ("testing" is not in the vocabulary, but finds "tests" by its stem). With read (the
        query's words already looked up), words that match as prefixes are being typed, not
        misspelt, and the vocabulary is not asked again.
        """
        corrected = list(terms)
        for position, word in enumerate(terms):
            prefix = prefix_last and position == len(terms) - 1
            if len(word) < MIN_CORRECTED_LENGTH:
                continue
            if read is not None:
                if word in read.known or word in read.prefixes:
                    continue
            elif self._known(kind, word, prefix=prefix):
                continue
            if not prefix and self._matching(kind, [word]).exists():
                continue
            candidates = self._candidates(kind, word, prefix=prefix)
            corrected[position] = best_correction(word, candidates, prefix=prefix) or word
        return corrected if corrected != terms else None

    # Suggestions and related ---------------------------------------------------------------

    def suggest(self, prefix: str, *, kind: str = "badges", limit: int = 8) -> list[Suggestion]:
        terms = words(prefix)
        if not terms:
            return []
        found = self._completions(kind, terms, limit)
        if not found:
            corrected = self._corrected(kind, terms, prefix_last=True)
            if corrected is not None:
                found = self._completions(kind, corrected, limit)
        return [Suggestion(text=name, id=doc_id, kind=kind) for doc_id, name in found]

    @staticmethod
    def _completions(kind: str, terms: list[str], limit: int) -> list[tuple[str, str]]:
        documents = SearchDocument.objects.filter(kind=kind)
        for term in terms:  # a word of the name starts with the term
            documents = documents.filter(name__iregex=word_pattern(term, whole=False))
        return list(
            documents.order_by("-earned_count", Lower("name"), "doc_id").values_list(
                "doc_id", "name"
            )[:limit]
        )

    def more_like_this(self, kind: str, id: str, *, limit: int = 4) -> list[str]:
        document = SearchDocument.objects.filter(kind=kind, doc_id=id).first()
        if document is None:
            return []
        fields = document.fields
        terms = list(dict.fromkeys(words(field_text(fields, ("name", *KEYWORD_FIELDS)))))[:25]
        if not terms:
            return []
        related = (
            self._matching(kind, terms, any_term=True)
            .exclude(doc_id=id)
            .order_by("-score", "doc_id")
            .values_list("doc_id", flat=True)[:limit]
        )
        return list(related)

    def health(self) -> Health:
        try:
            count = SearchDocument.objects.count()
        except DatabaseError as exc:
            return Health(ok=False, detail=str(exc))
        engine = "PostgreSQL full-text" if postgres() else "SQLite FTS5"
        return Health(ok=True, detail=f"{engine}, {count} documents")


class DatabaseRebuild(RebuildTarget):
    """Documents are replaced in place chunk by chunk, and only the ones this rebuild did not
    write are swept at the end, so searches never see an empty index."""

    def __init__(self, backend: DatabaseBackend, kind: str):
        self.backend, self.kind = backend, kind
        self.started = timezone.now()
        self.terms: Counter[str] = Counter()

    def write(self, documents: list[Document]) -> int:
        for document in documents:
            self.terms.update(vocabulary(document))
        return self.backend._write(self.kind, documents, add_terms=False)

    def finish(self, changed_since: ChangedSince | None) -> None:
        self._sweep()
        if changed_since is not None:
            self.backend.index(self.kind, changed_since(self.started))

    @transaction.atomic
    def _sweep(self) -> None:
        """Delete the documents this rebuild did not write, and replace the vocabulary."""
        leftovers = SearchDocument.objects.filter(kind=self.kind, indexed_at__lt=self.started)
        if not postgres():
            with connection.cursor() as cursor:
                self.backend._fts_delete(cursor, list(leftovers.values_list("pk", flat=True)))
        leftovers.delete()
        SearchTerm.objects.filter(kind=self.kind).delete()
        # A writer committing while this runs may add one of these terms between the delete
        # and the insert (it adds new words with ignore_conflicts); the count here wins.
        SearchTerm.objects.bulk_create(
            (
                SearchTerm(kind=self.kind, term=term, frequency=count)
                for term, count in self.terms.items()
            ),
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["kind", "term"],
            update_fields=["frequency"],
        )

    def go_live(self, changed_since: ChangedSince | None) -> None:
        self.backend.vacuum()
