"""Reads of the portal: badge cards for catalogues, pathways of badges, a learner's progress."""

import json
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet, TextField
from django.db.models.functions import Cast
from wagtail.models import Page

from accounts.selectors import user_verified_emails
from badges.models import BadgeClass
from badges.selectors import assertion_list_for_recipient
from search.text import MIN_PREFIX_LENGTH, word_pattern, words

from . import pathways
from .pathway_records import PathwayBadge, PathwayFollow

BADGE_ORDERS = {"newest": ["-created_at", "-id"], "most_earned": ["-awards_count", "name"]}


def badge_cards(
    *,
    issuer_id: int | None = None,
    tags: Iterable[str] = (),
    level: str = "",
    badge_type: str = "",
    order: str = "newest",
    limit: int = 12,
) -> QuerySet[BadgeClass]:
    """Offered (not archived) badge classes matching a catalogue rule, with their issuer.

    "most_earned" counts awards that are not revoked. Tags match any of those given,
    ignoring case.
    """
    badges = BadgeClass.objects.filter(archived=False, draft=False).select_related("issuer")
    if issuer_id is not None:
        badges = badges.filter(issuer_id=issuer_id)
    if level:
        badges = badges.filter(level=level)
    if badge_type:
        badges = badges.filter(badge_type=badge_type)
    tag_match = Q()
    for tag in tags:
        tag_match |= _tag_lookup(tag)
    badges = badges.filter(tag_match)
    if order == "most_earned":
        badges = badges.annotate(
            awards_count=Count("assertions", filter=Q(assertions__revoked=False))
        )
    return badges.order_by(*BADGE_ORDERS.get(order, ["name"]))[: max(0, limit)]


def _as_stored_in_json(text: str) -> str:
    # Tags are a JSON list; a tag is matched as it is written inside the stored JSON, which
    # works (ignoring case) on SQLite and PostgreSQL alike. PostgreSQL's jsonb prints
    # non-ASCII characters as they are, Django's SQLite storage escapes them.
    return json.dumps(text, ensure_ascii=connection.vendor != "postgresql")


def _tag_lookup(tag: str) -> Q:
    return Q(tags__icontains=_as_stored_in_json(tag.strip()))


def _word_lookup(word: str, *, whole: bool) -> Q:
    """The word in the name or in a tag (the tags as the text `tags_text`)."""
    in_tags = word_pattern(_as_stored_in_json(word)[1:-1], whole=whole)
    return Q(name__iregex=word_pattern(word, whole=whole)) | Q(tags_text__iregex=in_tags)


def badge_class_search(*, badges: QuerySet[BadgeClass], text: str) -> QuerySet[BadgeClass]:
    """The badges whose name or tags hold every word of the text, read as public search
    reads it (search.text): the last word, and any other that finds nothing as typed, also
    match as the start of a longer word. Badges holding every word whole come first, then
    by name. A text without words leaves the badges as they are."""
    terms = words(text)
    if not terms:
        return badges
    badges = badges.annotate(tags_text=Cast("tags", TextField()))
    matched, whole = Q(), Q()
    for position, term in enumerate(terms):
        exact = _word_lookup(term, whole=True)
        whole &= exact
        last = position == len(terms) - 1
        if len(term) >= MIN_PREFIX_LENGTH and (last or not badges.filter(exact).exists()):
            exact = _word_lookup(term, whole=False)
        matched &= exact
    return (
        badges.filter(matched)
        .annotate(whole=ExpressionWrapper(whole, output_field=BooleanField()))
        .order_by("-whole", "name", "pk")
    )


def pathways_for_badges(badge_ids: list[int]) -> dict[int, list[dict]]:
    """Badge class id -> the live, public pathways that name it, as {"title", "url"}, by title."""
    links = (
        PathwayBadge.objects.filter(
            badge_class_id__in=badge_ids, page__in=Page.objects.live().public()
        )
        .select_related("page")
        .order_by("page__title", "page_id")
    )
    found: dict[int, list[dict]] = {badge_id: [] for badge_id in badge_ids}
    for link in links:
        found[link.badge_class_id].append({"title": link.page.title, "url": link.page.url})
    return found


# A learner's progress ------------------------------------------------------------------------


def held_badge_ids(*, user) -> set[int]:
    """Badge classes awarded (live) to any of the user's verified emails; none for visitors."""
    if user is None or not user.is_authenticated:
        return set()
    emails = user_verified_emails(user=user).values_list("email", flat=True)
    return set(
        assertion_list_for_recipient(identities=list(emails)).values_list(
            "badge_class_id", flat=True
        )
    )


@dataclass
class PathwayView:
    page: Page  # a PathwayPage: the pages' module reads this one, so it is not named here
    progress: pathways.GroupProgress
    held_count: int
    total_count: int
    signed_in: bool
    following: bool

    @property
    def next_steps(self) -> list[pathways.StepProgress]:
        return self.progress.next_steps()


def pathway_views(*, pages: Iterable[Page], user) -> list[PathwayView]:
    """Each pathway's progress for the user (or a visitor), badges loaded in one query."""
    pages = list(pages)
    held = held_badge_ids(user=user)
    trees = [page.structure() for page in pages]
    wanted = {badge_id for tree in trees for badge_id in pathways.badge_ids(tree)}
    badges = BadgeClass.objects.select_related("issuer").in_bulk(wanted)
    signed_in = bool(user and user.is_authenticated)
    following = (
        set(
            PathwayFollow.objects.filter(user=user, page__in=pages).values_list(
                "page_id", flat=True
            )
        )
        if signed_in
        else set()
    )
    views = []
    for page, tree in zip(pages, trees, strict=True):
        progress = pathways.evaluate(tree, held)
        labels = _code_labels(tree, badges)
        for group in progress.groups():
            group.completion_badge = badges.get(group.group.completion_badge_id)
            group.waiting_labels = [labels.get(code, code) for code in group.waiting_for]
        step_ids = set()
        for step in progress.steps():
            step.badge = badges.get(step.step.badge_id)
            step.waiting_labels = [labels.get(code, code) for code in step.waiting_for]
            if step.step.badge_id is not None:
                step_ids.add(step.step.badge_id)
        views.append(
            PathwayView(
                page=page,
                progress=progress,
                held_count=len(step_ids & held),
                total_count=len(step_ids),
                signed_in=signed_in,
                following=page.pk in following,
            )
        )
    return views


def _code_labels(tree: pathways.Group, badges: dict[int, BadgeClass]) -> dict[str, str]:
    """What learners read for a prerequisite code: the badge's name or the group's title."""
    labels = {}
    for item in pathways.walk(tree):
        if isinstance(item, pathways.BadgeStep) and item.code and item.badge_id in badges:
            labels[item.code] = badges[item.badge_id].name
        elif isinstance(item, pathways.Group) and item.code:
            labels[item.code] = item.label
    return labels


def pathway_view(*, page: Page, user) -> PathwayView:
    return pathway_views(pages=[page], user=user)[0]


def followed_pathways(*, user) -> list[PathwayView]:
    """The live pathways a learner follows, newest follow first, with their progress."""
    follows = PathwayFollow.objects.filter(user=user, page__live=True).select_related("page")
    return pathway_views(pages=[follow.page for follow in follows], user=user)
