"""The catalogue's search documents, built from the database (the source of truth), by kind.

What the public may find: badge classes that are public and not archived, every issuer with
a public badge, and live public pathway pages. Document ids are primary keys as strings.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import datetime
from functools import partial

from django.apps import apps
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.html import strip_tags

from badges.models import BadgeClass, Issuer, TimeUnit
from badges.openbadges.ob2 import iso, public_url
from badges.selectors import primary_language
from search.sources import register_source
from search.types import BADGES, ISSUERS, KINDS, PATHWAYS, Document
from stats.selectors import earned_counts

# Effort in hours of one unit of "time to earn": a day's study is taken as 8 hours, a week's
# as 40, a month's as 160, so ranges can compare badges measured in different units.
HOURS_PER_UNIT = {TimeUnit.HOURS: 1, TimeUnit.DAYS: 8, TimeUnit.WEEKS: 40, TimeUnit.MONTHS: 160}
ITERATOR_CHUNK = 2000


def _pathway_page_model():
    """PathwayPage, or None while the portal app has no such model (search must not break)."""
    try:
        return apps.get_model("portal", "PathwayPage")
    except LookupError:
        return None


def public_pathways() -> QuerySet | None:
    model = _pathway_page_model()
    return model.objects.live().public() if model is not None else None


def indexable(kind: str) -> QuerySet:
    """The rows of a kind the public may find."""
    if kind == BADGES:
        return BadgeClass.objects.listed()
    if kind == ISSUERS:
        return Issuer.objects.filter(pk__in=indexable(BADGES).values("issuer_id"))
    if kind == PATHWAYS:
        pages = public_pathways()
        return pages if pages is not None else BadgeClass.objects.none()
    raise ValueError(f"Unknown kind {kind!r}.")


def documents(kind: str, *, ids: Iterable[int] | None = None) -> Iterator[Document]:
    """Documents of the indexable rows (only those with these primary keys, when given)."""
    rows = indexable(kind)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    builder = {BADGES: _badge_documents, ISSUERS: _issuer_documents, PATHWAYS: _pathway_documents}
    return builder[kind](rows)


def changed_since(kind: str):
    """For rebuild's catch-up: documents of rows saved at or after a moment."""

    def changed(moment: datetime) -> Iterator[Document]:
        rows = indexable(kind)
        field = "last_published_at" if kind == PATHWAYS else "updated_at"
        changed_ids = rows.filter(**{f"{field}__gte": moment}).values_list("pk", flat=True)
        return documents(kind, ids=list(changed_ids))

    return changed


def register_sources() -> None:
    """Tell the search layer where each kind's documents come from."""
    for kind in KINDS:
        register_source(
            kind,
            documents=partial(_documents_of, kind),
            count=partial(_count, kind),
            changed_since=changed_since(kind),
        )


def _documents_of(kind: str, ids: Iterable[int] | None) -> Iterator[Document]:
    return documents(kind, ids=ids)


def _count(kind: str) -> int:
    return indexable(kind).count()


def _chunks(rows: QuerySet) -> Iterator[list]:
    chunk: list = []
    for row in rows.iterator(chunk_size=ITERATOR_CHUNK):
        chunk.append(row)
        if len(chunk) == ITERATOR_CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _badge_documents(badges: QuerySet) -> Iterator[Document]:
    badges = badges.select_related("issuer").prefetch_related("translations").order_by("pk")
    for chunk in _chunks(badges):
        ids = [badge.pk for badge in chunk]
        pathways = _pathways_of(ids)
        # From the award roll-up: a row per badge class, not a count of its awards (seconds
        # for a badge with a million, on every award's index update).
        earned = earned_counts(badge_ids=ids)
        for badge in chunk:
            yield badge_document(
                badge, earned_count=earned.get(badge.pk, 0), pathways=pathways[badge.pk]
            )


def badge_document(badge: BadgeClass, *, earned_count: int, pathways: list[tuple]) -> Document:
    alignments = [a for a in badge.alignments or [] if isinstance(a, dict)]
    fields = {
        "name": badge.name,
        "description": badge.description,
        "criteria": "\n".join(p for p in (badge.criteria_narrative, badge.criteria_url) if p),
        "tags": list(badge.tags or []),
        "alignment_names": [a["targetName"] for a in alignments if a.get("targetName")],
        "alignment_frameworks": sorted(
            {a["targetFramework"] for a in alignments if a.get("targetFramework")}
        ),
        "alignment_codes": [a["targetCode"] for a in alignments if a.get("targetCode")],
        "issuer": badge.issuer.name,
        "issuer_id": badge.issuer.entity_id,
        "issuer_pk": str(badge.issuer_id),
        "level": badge.level,
        "badge_type": badge.badge_type,
        "time_to_earn_hours": (
            float(badge.time_to_earn_value * HOURS_PER_UNIT[badge.time_to_earn_unit])
            if badge.time_to_earn_value and badge.time_to_earn_unit in HOURS_PER_UNIT
            else None
        ),
        "cost": float(badge.cost_amount) if badge.cost_amount else 0.0,
        "cost_currency": badge.cost_currency if badge.cost_amount else "",
        **_translated(badge),
        "earned_count": earned_count,
        "pathways": [title for _, title in pathways],
        "pathway_ids": [str(page_id) for page_id, _ in pathways],
        "created_at": iso(badge.created_at),
        "url": reverse("discovery:badge", args=[badge.entity_id]),
        "image_url": public_url("badges", badge.entity_id, "/image"),
        "entity_id": badge.entity_id,
    }
    return Document(id=str(badge.pk), fields=fields)


def own_language(fields: dict) -> str:
    """The language a document's own text is in: its `language`, the first when it lists the
    languages of its translations too."""
    language = fields.get("language") or ""
    return language[0] if isinstance(language, list) and language else str(language or "")


def _translated(badge: BadgeClass) -> dict:
    """The badge's languages (its own first, for the language facet), its text in the others,
    searchable per language ("translated_fr"), and each version's name (`names`, by
    language) for results shown in that language."""
    fields: dict = {"language": [badge.language]}
    names = {}
    for translation in badge.translations.all():
        code = primary_language(translation.language)
        fields[f"translated_{code}"] = "\n".join(
            part
            for part in (translation.name, translation.description, translation.criteria_narrative)
            if part
        )
        names[code] = translation.name
        fields["language"].append(translation.language)
    if names:
        fields["names"] = names
    return fields


def _pathways_of(badge_ids: list[int]) -> dict[int, list[tuple[int, str]]]:
    """Badge id -> (page id, title) of the live public pathways naming it, by title."""
    found: dict[int, list[tuple[int, str]]] = defaultdict(list)
    pages = public_pathways()
    if pages is None:
        return found
    links = (
        apps.get_model("portal", "PathwayBadge")
        .objects.filter(badge_class_id__in=badge_ids, page__in=pages)
        .order_by("page__title", "page_id")
        .values_list("badge_class_id", "page_id", "page__title")
    )
    for badge_id, page_id, title in links:
        found[badge_id].append((page_id, title))
    return found


def _issuer_documents(issuers: QuerySet) -> Iterator[Document]:
    issuers = issuers.annotate(
        badge_count=Count(
            "badge_classes",
            filter=Q(badge_classes__in=BadgeClass.objects.listed()),
            distinct=True,
        )
    ).order_by("pk")
    for issuer in issuers.iterator(chunk_size=ITERATOR_CHUNK):
        fields = {
            "name": issuer.name,
            "description": issuer.description,
            "badge_count": issuer.badge_count,
            "created_at": iso(issuer.created_at),
            "url": reverse("discovery:issuer", args=[issuer.entity_id]),
            "image_url": public_url("issuers", issuer.entity_id, "/image") if issuer.image else "",
            "entity_id": issuer.entity_id,
        }
        yield Document(id=str(issuer.pk), fields=fields)


def _pathway_documents(pages: QuerySet) -> Iterator[Document]:
    for page in pages.select_related("locale").order_by("pk").iterator(chunk_size=ITERATOR_CHUNK):
        badge_names = list(
            BadgeClass.objects.listed()
            .filter(pk__in=page.badge_class_ids())
            .order_by("name")
            .values_list("name", flat=True)
        )
        published = page.first_published_at or page.latest_revision_created_at
        fields = {
            "name": page.title,
            "description": strip_tags(page.intro or "").strip(),
            "badges": badge_names,
            "created_at": iso(published) if published else None,
            "url": page.url or "",
            # A translated pathway (wagtail-localize) is found in its own language.
            "language": page.locale.language_code,
        }
        yield Document(id=str(page.pk), fields=fields)
