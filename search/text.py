"""Text rules every backend shares: which fields weigh what, query words, spelling corrections.

Keeping them in one place is what makes the backends agree on a query's meaning.
"""

import hashlib
import json
import math
import re
from collections.abc import Iterable

from .types import Document

# Ranking weights by field group: name (A) > tags and alignments (B) > the rest (C).
NAME_FIELDS = ("name",)
KEYWORD_FIELDS = ("tags", "alignment_names", "alignment_codes", "alignment_frameworks")
# A document's text in other languages than its own (a badge class's translations): one field
# per language the engines analyse, "translated_fr" holding the French name, description and
# criteria, read with that language's analyser where the engine has one (Elasticsearch).
TRANSLATED_ANALYSERS = {
    "en": "english",
    "fr": "french",
    "de": "german",
    "es": "spanish",
    "nl": "dutch",
}
TRANSLATED_FIELDS = tuple(f"translated_{code}" for code in TRANSLATED_ANALYSERS)
BODY_FIELDS = ("description", "criteria", "issuer", "pathways", "badges", *TRANSLATED_FIELDS)
TEXT_FIELDS = NAME_FIELDS + KEYWORD_FIELDS + BODY_FIELDS

# A match's score is multiplied by this much per power of ten of awards: a badge earned
# 999 times ranks 1.75x a never-earned badge with the same text score.
EARNED_BOOST = 0.25

# Words too common to search by; the same list as Elasticsearch's and PostgreSQL's English.
STOPWORDS = frozenset(
    "a an and are as at be but by for if in into is it no not of on or such that the their "  # noqa: SIM905
    "then there these they this to was will with".split()
)
# Spelling corrections are offered only for words at least this long (Elasticsearch's
# term suggester default), with one edit up to this length and two beyond.
MIN_CORRECTED_LENGTH = 4
ONE_EDIT_UP_TO = 5
# The last word of a query (and any word that finds nothing as typed) also matches the known
# words it starts, so a search sent mid-word ("hydrog") finds what the suggestions offer. Only
# words this long expand (one letter starts too many words to mean anything), and only into
# this many known words, the most frequent first, so a short start cannot make a query huge.
MIN_PREFIX_LENGTH = 2
MAX_PREFIX_EXPANSIONS = 30

_WORD = re.compile(r"\w+", re.UNICODE)


def popularity(earned_count: int) -> float:
    return 1.0 + EARNED_BOOST * math.log10(1 + max(earned_count, 0))


def words(text: str) -> list[str]:
    """The searchable words of a query, lowercased, stopwords dropped, order kept."""
    return [w for w in (m.lower() for m in _WORD.findall(text or "")) if w not in STOPWORDS]


def word_pattern(word: str, *, whole: bool) -> str:
    """A regular expression for the word in a text (whole, or starting a longer word), read
    alike by Python (SQLite's REGEXP) and PostgreSQL: \\W, not \\m, which Python lacks."""
    return rf"(^|\W){re.escape(word)}" + (r"(\W|$)" if whole else "")


def field_text(fields: dict, names: Iterable[str]) -> str:
    parts: list[str] = []
    for name in names:
        value = fields.get(name)
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, list | tuple):
            parts.extend(str(item) for item in value)
    return "\n".join(part for part in parts if part)


def vocabulary(document: Document) -> set[str]:
    """The words a reader may misspell: every word of the searchable text."""
    return {
        word
        for word in (w.lower() for w in _WORD.findall(field_text(document.fields, TEXT_FIELDS)))
        if len(word) >= 2 and not word.isdigit() and len(word) <= 100
    }


def digest(document: Document) -> str:
    """A fingerprint of a document's fields, to tell a stale indexed copy from a fresh one."""
    encoded = json.dumps(document.fields, sort_keys=True, default=str).encode()
    return hashlib.sha1(encoded, usedforsecurity=False).hexdigest()


def max_edits(word: str) -> int:
    return 1 if len(word) <= ONE_EDIT_UP_TO else 2


def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions, transpositions."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def best_correction(
    word: str, candidates: Iterable[tuple[str, int]], *, prefix: bool = False
) -> str | None:
    """The closest known word within the allowed edits (most frequent on a tie), or None.

    candidates: (term, frequency). With prefix=True a term also matches when its start is
    close to the word, for as-you-type input.
    """
    best: tuple[int, int, str] | None = None
    limit = max_edits(word)
    for term, frequency in candidates:
        if abs(len(term) - len(word)) > limit and not prefix:
            continue
        distance = edit_distance(word, term)
        if prefix:
            distance = min(distance, edit_distance(word, term[: len(word)]))
        if distance == 0 or distance > limit:
            continue
        key = (distance, -frequency, term)
        if best is None or key < best:
            best = key
    return best[2] if best else None
