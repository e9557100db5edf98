"""The Elasticsearch 8 backend (elasticsearch-dsl), for discovery at scale.

Each kind lives in a versioned index (`<prefix>-<kind>-v<timestamp>`) behind an alias
(`<prefix>-<kind>`); a rebuild fills a new index and swaps the alias atomically. Every
document is also kept by the database backend, which answers reads while Elasticsearch is
unreachable. Writes to an unreachable Elasticsearch raise, so the outbox retries them.
"""

import functools
import logging
import time
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime

from elasticsearch import Elasticsearch, helpers
from elasticsearch import exceptions as es_exceptions
from elasticsearch_dsl import (
    A,
    Index,
    Q,
    Search,
)

from ..text import (
    BODY_FIELDS,
    EARNED_BOOST,
    KEYWORD_FIELDS,
    MIN_CORRECTED_LENGTH,
    TRANSLATED_FIELDS,
    digest,
    words,
)
from ..types import (
    TIME_TO_EARN_RANGES,
    Document,
    FacetValue,
    Health,
    Hit,
    SearchQuery,
    SearchResults,
    Suggestion,
)
from .base import (
    FACET_SIZE,
    RANGE_LABELS,
    BaseSearchBackend,
    ChangedSince,
    RebuildTarget,
    Store,
    check_query,
    chunked,
)
from .database import DatabaseBackend, DatabaseRebuild
from .database_queries import Prefixes
from .elasticsearch_mapping import TEXT_FACETS, index_mapping

logger = logging.getLogger(__name__)

# Failures that mean "Elasticsearch cannot answer now", as opposed to a bad request.
UNREACHABLE = (es_exceptions.ConnectionError, es_exceptions.ConnectionTimeout)
# After a failed read, reads go straight to the database for this long, so a dead cluster
# does not cost every search a connection attempt.
RETRY_AFTER_SECONDS = 15.0
_down_until: dict[str, float] = {}

KEYWORD_FACETS = ("issuer", "tags", "alignment_frameworks", "level", "badge_type", "language")
# A translated name weighs like a keyword: it names the badge, in another language.
SEARCH_FIELDS = [
    "name^4",
    *(f"{f}^2" for f in (*KEYWORD_FIELDS, *TRANSLATED_FIELDS)),
    *(f for f in BODY_FIELDS if f not in TRANSLATED_FIELDS),
]
SCORE = {"_score": {"order": "desc"}}
# The term suggester behind "did you mean": only words missing from the index get options.
SPELLING = {
    "field": "spell",
    "suggest_mode": "missing",
    "sort": "score",
    "string_distance": "damerau_levenshtein",
    "max_edits": 2,
    "prefix_length": 1,
    "min_word_length": MIN_CORRECTED_LENGTH,
}
HIGHLIGHT = {"name": 0, "description": 2}  # field -> number of fragments (0: whole field)
# Added to the score of a document holding every word as typed, so it ranks above every
# document found only through a prefix. Text scores stay far below it, and at this size a
# 32-bit score still tells apart scores a thousandth apart.
WHOLE_WORDS = 10_000.0


@functools.cache
def _client(url: str, timeout: float) -> Elasticsearch:
    """One client (and so one connection pool) per cluster, shared by every request."""
    return Elasticsearch(url, request_timeout=timeout, max_retries=1)


def _facet_field(facet: str) -> str:
    return f"{facet}.raw" if facet in TEXT_FACETS else facet


def _range_query(facet: str, key: str) -> Q:
    if facet == "cost":
        if key == "paid":
            return Q("range", cost={"gt": 0})
        return Q("bool", should=[Q("term", cost=0), ~Q("exists", field="cost")])
    for range_key, _, lower, upper in TIME_TO_EARN_RANGES:
        if range_key == key:
            bounds = {"gte": lower, **({"lt": upper} if upper is not None else {})}
            return Q("range", time_to_earn_hours=bounds)
    return Q("match_none")


class ElasticsearchBackend(BaseSearchBackend):
    name = "elasticsearch"

    def __init__(self, *, alias, params):
        super().__init__(alias=alias, params=params)
        self.url = params["URL"]
        self.prefix = params.get("INDEX_PREFIX", "laurel")
        self.client = _client(self.url, float(params.get("TIMEOUT", 5.0)))
        # How index writes wait for searchability: "wait_for" (the next periodic refresh),
        # "true" (refresh at once; tests, where every write is read back straight away) or
        # "false" (do not wait).
        self.refresh = str(params.get("REFRESH", "wait_for"))
        self.fallback = DatabaseBackend(alias=alias, params={})

    # Names -----------------------------------------------------------------------------------

    def alias_name(self, kind: str) -> str:
        return f"{self.prefix}-{kind}"

    def _new_index(self, kind: str) -> str:
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")
        name = f"{self.alias_name(kind)}-v{stamp}"
        index = Index(name, using=self.client)
        index.settings(number_of_shards=1, number_of_replicas=0)
        index.mapping(index_mapping())
        index.create()
        return name

    def _live_indices(self, kind: str) -> list[str]:
        try:
            return list(self.client.indices.get_alias(name=self.alias_name(kind)))
        except es_exceptions.NotFoundError:
            return []

    def _ensure_index(self, kind: str) -> str:
        """The alias to write to, made with a first index when the kind has none yet."""
        alias = self.alias_name(kind)
        if not self._live_indices(kind):
            name = self._new_index(kind)
            self.client.indices.put_alias(index=name, name=alias)
        return alias

    # Writes --------------------------------------------------------------------------------

    @staticmethod
    def _source(document: Document) -> dict:
        return {**document.fields, "doc_id": document.id, "digest": digest(document)}

    def _bulk(self, actions: Iterable[dict], *, refresh: bool | str = False) -> int:
        written, errors = helpers.bulk(
            self.client, actions, refresh=refresh, raise_on_error=False, chunk_size=500
        )
        real = [e for e in errors if next(iter(e.values())).get("status") != 404]
        if real:
            raise RuntimeError(f"Elasticsearch refused {len(real)} document(s): {real[0]}")
        return written

    def _es_index(self, kind: str, documents: Iterable[Document], *, target: str | None = None):
        index = target or self._ensure_index(kind)
        actions = (
            {"_index": index, "_id": document.id, "_source": self._source(document)}
            for document in documents
        )
        return self._bulk(actions, refresh=False if target else self.refresh)

    def _es_delete(self, kind: str, ids: Iterable[str]) -> int:
        actions = [
            {"_op_type": "delete", "_index": self.alias_name(kind), "_id": doc_id} for doc_id in ids
        ]
        if not actions or not self._live_indices(kind):
            return 0
        return self._bulk(actions, refresh=self.refresh)

    def index(self, kind: str, documents: Iterable[Document]) -> int:
        written = 0
        for chunk in chunked(documents):
            self.fallback.index(kind, chunk)
            written += self._es_index(kind, chunk)
        return written

    def delete(self, kind: str, ids: Iterable[str]) -> int:
        ids = list(ids)
        self.fallback.delete(kind, ids)
        return self._es_delete(kind, ids)

    def rebuild_target(self, kind: str) -> "ElasticsearchRebuild":
        return ElasticsearchRebuild(self, kind)

    def _swap(self, kind: str, new_index: str) -> None:
        alias = self.alias_name(kind)
        old = self._live_indices(kind)
        actions = [{"remove": {"index": name, "alias": alias}} for name in old]
        actions.append({"add": {"index": new_index, "alias": alias}})
        self.client.indices.update_aliases(actions=actions)
        stale = [
            name
            for name in self.client.indices.get(index=f"{alias}-v*", expand_wildcards="open")
            if name != new_index
        ]
        if stale:
            self.client.indices.delete(index=",".join(stale), ignore_unavailable=True)

    def drop(self, kind: str) -> None:
        """Delete every index of the kind (tests and tear-downs)."""
        self.client.indices.delete(
            index=f"{self.alias_name(kind)}-v*", ignore_unavailable=True, allow_no_indices=True
        )

    def _es_digests(self, kind: str) -> dict[str, str]:
        if not self._live_indices(kind):
            return {}
        hits = helpers.scan(
            self.client,
            index=self.alias_name(kind),
            query={"query": {"match_all": {}}, "_source": ["digest"]},
            size=2000,
        )
        return {hit["_id"]: hit["_source"].get("digest", "") for hit in hits}

    def stores(self, kind: str) -> list[Store]:
        """Both copies are checked: Elasticsearch's and the database's fallback."""
        elasticsearch = Store(
            digests=lambda: self._es_digests(kind),
            index=lambda documents: self._es_index(kind, documents),
            delete=lambda ids: self._es_delete(kind, ids),
        )
        return [elasticsearch, *self.fallback.stores(kind)]

    # Reads ---------------------------------------------------------------------------------

    def _reachable(self) -> bool:
        return _down_until.get(self.url, 0.0) <= time.monotonic()

    def _read(self, method: str, *args, **kwargs):
        """Answer from Elasticsearch, or from the database while it cannot be reached."""
        if self._reachable():
            try:
                return getattr(self, f"_es_{method}")(*args, **kwargs)
            except UNREACHABLE as exc:
                _down_until[self.url] = time.monotonic() + RETRY_AFTER_SECONDS
                logger.warning(
                    "Elasticsearch at %s is unreachable (%s); %s answered from the database",
                    self.url,
                    type(exc).__name__,
                    method,
                )
        else:
            logger.warning(
                "Elasticsearch at %s is down; %s answered from the database", self.url, method
            )
        return getattr(self.fallback, method)(*args, **kwargs)

    def search(self, query: SearchQuery) -> SearchResults:
        check_query(query)
        return self._read("search", query)

    def suggest(self, prefix: str, *, kind: str = "badges", limit: int = 8) -> list[Suggestion]:
        return self._read("suggest", prefix, kind=kind, limit=limit)

    def more_like_this(self, kind: str, id: str, *, limit: int = 4) -> list[str]:
        return self._read("more_like_this", kind, id, limit=limit)

    def _text_query(
        self,
        terms: list[str],
        fuzzy: frozenset[str] = frozenset(),
        prefixes: Prefixes | None = None,
    ) -> Q:
        # Every word must match some field, as the database backends do. A misspelt word
        # (one that finds nothing as typed) may also match known words a few edits away,
        # compared unstemmed so "archive" never reaches "arrives" through their stems. A word
        # with prefixes also matches the longer known words it starts, weighted by field.
        if not terms:
            return Q("match_all")
        clauses = []
        for term in terms:
            either = [Q("multi_match", query=term, fields=SEARCH_FIELDS, zero_terms_query="all")]
            if term in fuzzy:
                either.append(
                    Q("match", spell={"query": term, "fuzziness": "AUTO", "prefix_length": 1})
                )
            if prefixes and term in prefixes:
                either.append(
                    Q("multi_match", query=" ".join(prefixes[term]), fields=SEARCH_FIELDS)
                )
            clauses.append(
                either[0] if len(either) == 1 else Q("bool", should=either, minimum_should_match=1)
            )
        return Q("bool", must=clauses)

    @staticmethod
    def _filter_query(filters: dict, *, skip: str | None = None) -> list[Q]:
        clauses = []
        for facet, values in filters.items():
            if facet == skip or not values:
                continue
            if facet in RANGE_LABELS:
                clauses.append(
                    Q(
                        "bool",
                        should=[_range_query(facet, key) for key in values],
                        minimum_should_match=1,
                    )
                )
            else:
                clauses.append(Q("terms", **{_facet_field(facet): list(values)}))
        return clauses

    def expansions(self, kind: str, terms: list[str]) -> Prefixes:
        """The longer known words the query's prefix words start (DatabaseBackend.query_words):
        the vocabulary is the database copy's, whether a word finds anything is asked here."""
        finds = functools.partial(self._finds, kind)
        return self.fallback.query_words(kind, terms, finds=finds).prefixes

    def build_search(
        self,
        query: SearchQuery,
        terms: list[str],
        fuzzy: frozenset[str] = frozenset(),
        prefixes: Prefixes | None = None,
    ) -> Search:
        """The request for a query, also used by scripts/bench_search.py to time the engine."""

        def popular(text_query: Q) -> Q:
            # score x (1 + EARNED_BOOST x log10(1 + earned_count)), as the database ranks
            return Q(
                "function_score",
                query=text_query,
                functions=[
                    {"weight": 1},
                    {
                        "field_value_factor": {
                            "field": "earned_count",
                            "modifier": "log1p",
                            "missing": 0,
                        },
                        "weight": EARNED_BOOST,
                    },
                ],
                score_mode="sum",
                boost_mode="multiply",
            )

        scored = popular(self._text_query(terms, fuzzy, prefixes))
        if prefixes:
            # A document holding every word as typed ranks above the rest, and by those words
            # alone: a rarer longer word ("databases" for "data") must not lift one above a
            # name that holds the word itself. The others rank by the words they start.
            typed = self._text_query(terms, fuzzy)
            whole = Q(
                "bool",
                must=[
                    popular(typed),
                    Q("constant_score", filter=typed, boost=WHOLE_WORDS, _name="whole"),
                ],
            )
            scored = Q("dis_max", queries=[whole, scored], tie_breaker=0)
        search = Search(using=self.client, index=self.alias_name(query.index)).query(scored)
        filters = self._filter_query(query.filters)
        if filters:
            search = search.post_filter(Q("bool", filter=filters))
        for facet in query.facets:
            others = self._filter_query(query.filters, skip=facet)
            bucket = A("filter", Q("bool", filter=others) if others else Q("match_all"))
            if facet in RANGE_LABELS:
                keys = RANGE_LABELS[facet]
                inner = A("filters", filters={key: _range_query(facet, key) for key in keys})
            else:
                inner = A(
                    "terms",
                    field=_facet_field(facet),
                    size=FACET_SIZE,
                    order=[{"_count": "desc"}, {"_key": "asc"}],
                )
            bucket.bucket("values", inner)
            search.aggs.bucket(facet, bucket)
        order = {
            "relevance": ["_score", "doc_id"],
            "newest": [{"created_at": {"order": "desc", "missing": "_last"}}, "doc_id"],
            "most_earned": [{"earned_count": {"order": "desc"}}, "_score", "doc_id"],
        }[query.sort]
        search = search.sort(
            *[{"_score": {"order": "desc"}} if o == "_score" else o for o in order]
        )
        if terms:
            search = search.highlight_options(
                pre_tags=["<mark>"], post_tags=["</mark>"], encoder="html"
            )
            for field, fragments in HIGHLIGHT.items():
                search = search.highlight(field, number_of_fragments=fragments, fragment_size=160)
        start = (query.page - 1) * query.page_size
        search = search.extra(track_total_hits=True, track_scores=True)
        return search[start : start + query.page_size]

    def _es_search(self, query: SearchQuery) -> SearchResults:
        terms = words(query.text)
        prefixes = self.expansions(query.index, terms)
        # A word that starts known words is being typed, not misspelt.
        checked = [
            term for term in terms if len(term) >= MIN_CORRECTED_LENGTH and term not in prefixes
        ]
        search = self.build_search(query, terms, prefixes=prefixes)
        if checked:
            search = search.suggest("spelling", " ".join(checked), term=SPELLING)
        try:
            response = search.execute()
        except es_exceptions.NotFoundError:
            return SearchResults(hits=[], total=0)
        fixes = self._fixes(query.index, response) if checked else {}
        if fixes:
            response = self.build_search(query, terms, frozenset(fixes), prefixes).execute()
        results = self._results(query, response)
        corrected = [fixes.get(term, term) for term in terms]
        if corrected == terms:
            return results
        count = Search(using=self.client, index=self.alias_name(query.index)).query(
            self._text_query(corrected)
        )
        filters = self._filter_query(query.filters)
        if filters:
            count = count.filter(Q("bool", filter=filters))
        return replace(results, suggestion=" ".join(corrected)) if count.count() else results

    @staticmethod
    def _results(query: SearchQuery, response) -> SearchResults:
        hits = [
            Hit(
                id=hit.meta.id,
                score=float(hit.meta.score or 0.0)
                - (WHOLE_WORDS if "whole" in getattr(hit.meta, "matched_queries", ()) else 0.0),
                fields={k: v for k, v in hit.to_dict().items() if k not in ("doc_id", "digest")},
                highlights=(
                    {f: list(v) for f, v in hit.meta.highlight.to_dict().items()}
                    if "highlight" in hit.meta
                    else {}
                ),
            )
            for hit in response
        ]
        facets = {}
        for facet in query.facets:
            buckets = response.aggregations[facet]["values"]["buckets"]
            if facet in RANGE_LABELS:
                facets[facet] = [
                    FacetValue(key, buckets[key]["doc_count"], label)
                    for key, label in RANGE_LABELS[facet].items()
                ]
            else:
                facets[facet] = [FacetValue(str(b["key"]), b["doc_count"]) for b in buckets]
        return SearchResults(hits=hits, total=response.hits.total.value, facets=facets)

    def _fixes(self, kind: str, response) -> dict[str, str]:
        """Misspelt word -> the term suggester's best option, as the database backend
        decides: a word is misspelt when the index lacks it and it finds nothing as typed
        ("testing" is not indexed, but finds "tests" by its stem)."""
        return {
            entry.text: entry.options[0].text
            for entry in response.suggest.spelling
            if entry.options and not self._finds(kind, entry.text)
        }

    def _finds(self, kind: str, word: str) -> bool:
        """Whether a word finds anything as typed (by its stem), without fuzziness."""
        exact = Q("multi_match", query=word, fields=SEARCH_FIELDS)
        return Search(using=self.client, index=self.alias_name(kind)).query(exact).count() > 0

    def _es_suggest(self, prefix: str, *, kind: str, limit: int) -> list[Suggestion]:
        terms = words(prefix)
        if not terms:
            return []
        for fuzziness in (0, "AUTO"):
            search = (
                Search(using=self.client, index=self.alias_name(kind))
                .query(
                    Q(
                        "match",
                        **{
                            "name.suggest": {
                                "query": " ".join(terms),
                                "operator": "and",
                                "fuzziness": fuzziness,
                                "prefix_length": 1,
                            }
                        },
                    )
                )
                .sort({"earned_count": {"order": "desc"}}, "name.sort", "doc_id")
                .source(["name"])
            )
            try:
                response = search[:limit].execute()
            except es_exceptions.NotFoundError:
                return []
            if len(response):
                return [Suggestion(text=hit.name, id=hit.meta.id, kind=kind) for hit in response]
        return []

    def _es_more_like_this(self, kind: str, id: str, *, limit: int) -> list[str]:
        search = (
            Search(using=self.client, index=self.alias_name(kind))
            .query(
                Q(
                    "more_like_this",
                    fields=["name", *KEYWORD_FIELDS, "description"],
                    like=[{"_index": self.alias_name(kind), "_id": id}],
                    min_term_freq=1,
                    min_doc_freq=1,
                    max_query_terms=25,
                    minimum_should_match="1",
                )
            )
            .source(False)
        )
        try:
            return [hit.meta.id for hit in search[:limit].execute()]
        except es_exceptions.NotFoundError:
            return []

    def health(self) -> Health:
        try:
            status = self.client.cluster.health(timeout="2s")["status"]
        except (es_exceptions.ApiError, es_exceptions.TransportError) as exc:
            return Health(
                ok=False,
                detail=f"{type(exc).__name__}: {exc}; public search answers from the database",
            )
        return Health(ok=status in ("green", "yellow"), detail=f"cluster {status}")


class ElasticsearchRebuild(RebuildTarget):
    """A new versioned index, filled with refreshes off, then swapped in behind the alias; the
    database's fallback copy is rebuilt alongside."""

    def __init__(self, backend: ElasticsearchBackend, kind: str):
        self.backend, self.kind = backend, kind
        self.fallback = DatabaseRebuild(backend.fallback, kind)
        self.started = self.fallback.started
        self.new_index = backend._new_index(kind)
        # Bulk loading goes faster without refreshes; the index is not searched yet.
        backend.client.indices.put_settings(
            index=self.new_index, settings={"refresh_interval": "-1"}
        )

    def write(self, documents: list[Document]) -> int:
        self.fallback.write(documents)
        return self.backend._es_index(self.kind, documents, target=self.new_index)

    def finish(self, changed_since: ChangedSince | None) -> None:
        self.fallback.finish(None)
        if changed_since is not None:
            # Writes made meanwhile went to the old index; copy them over before the swap.
            self.backend._es_index(self.kind, changed_since(self.started), target=self.new_index)
        indices = self.backend.client.indices
        indices.put_settings(index=self.new_index, settings={"refresh_interval": None})
        indices.refresh(index=self.new_index)

    def discard(self) -> None:
        self.backend.client.indices.delete(index=self.new_index, ignore_unavailable=True)

    def go_live(self, changed_since: ChangedSince | None) -> None:
        self.backend._swap(self.kind, self.new_index)
        self.fallback.go_live(None)
        if changed_since is not None:
            # And the writes made between the copy and the swap, which went to the old index.
            self.backend._es_index(self.kind, changed_since(self.started))
