"""The Elasticsearch index mapping: the analyzers and the fields each document is indexed with.

English stemming with accents folded for words, edge n-grams for as-you-type, plain lowercase
words for spelling suggestions; translations with their own language's analyser.
"""

from elasticsearch_dsl import (
    Date,
    Float,
    Integer,
    Keyword,
    Mapping,
    Text,
    analyzer,
    char_filter,
    normalizer,
    token_filter,
)

from ..text import BODY_FIELDS, KEYWORD_FIELDS, TRANSLATED_ANALYSERS, TRANSLATED_FIELDS

# Apostrophes split words ("d'urgence", "learner's"), as SQLite's and PostgreSQL's parsers do.
apostrophes = char_filter(
    "laurel_apostrophes", "mapping", mappings=["'=>\\u0020", "\u2019=>\\u0020"]
)
# Analysis: English stemming with accents folded for words, edge n-grams for as-you-type,
# plain lowercase words for spelling suggestions.
english = analyzer(
    "laurel_english",
    tokenizer="standard",
    char_filter=[apostrophes],
    filter=[
        token_filter("laurel_possessive", "stemmer", language="possessive_english"),
        "lowercase",
        "asciifolding",
        token_filter("laurel_stop", "stop", stopwords="_english_"),
        token_filter("laurel_stemmer", "stemmer", language="english"),
    ],
)
autocomplete = analyzer(
    "laurel_autocomplete",
    tokenizer="standard",
    char_filter=[apostrophes],
    filter=[
        "lowercase",
        "asciifolding",
        token_filter("laurel_edge", "edge_ngram", min_gram=1, max_gram=20),
    ],
)
autocomplete_search = analyzer(
    "laurel_autocomplete_search",
    tokenizer="standard",
    char_filter=[apostrophes],
    filter=["lowercase", "asciifolding"],
)
spelling = analyzer(
    "laurel_spelling", tokenizer="standard", char_filter=[apostrophes], filter=["lowercase"]
)
sortable = normalizer("laurel_sortable", filter=["lowercase", "asciifolding"])

# Keyword facets that are also searched as text keep their keyword form in `<field>.raw`.
TEXT_FACETS = ("issuer", "tags", "alignment_frameworks")


def index_mapping() -> Mapping:
    mapping = Mapping()
    mapping.meta("dynamic", False)  # other fields are kept in _source, not indexed
    mapping.field(
        "name",
        Text(
            analyzer=english,
            copy_to="spell",
            fields={
                "suggest": Text(analyzer=autocomplete, search_analyzer=autocomplete_search),
                "sort": Keyword(normalizer=sortable),
            },
        ),
    )
    for name in (*KEYWORD_FIELDS, *(f for f in BODY_FIELDS if f not in TRANSLATED_FIELDS)):
        raw = {"raw": Keyword()} if name in TEXT_FACETS else {}
        mapping.field(name, Text(analyzer=english, copy_to="spell", fields=raw))
    # Translations with the built-in analyser of their language (stemming, stop words).
    for code, language in TRANSLATED_ANALYSERS.items():
        mapping.field(f"translated_{code}", Text(analyzer=language, copy_to="spell"))
    mapping.field("spell", Text(analyzer=spelling))
    for name in ("doc_id", "level", "badge_type", "language", "issuer_id", "issuer_pk"):
        mapping.field(name, Keyword())
    mapping.field("pathway_ids", Keyword())
    mapping.field("digest", Keyword(index=False))
    mapping.field("earned_count", Integer())
    mapping.field("time_to_earn_hours", Float())
    mapping.field("cost", Float())
    mapping.field("created_at", Date())
    return mapping
