"""Writes of the portal: the pathway badge index, following pathways, completion awards."""

import logging

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from wagtail.models import Locale

from accounts.selectors import user_verified_emails
from badges.models import BadgeClass
from badges.openbadges.hashing import normalize_identity
from badges.selectors import assertion_list_for_recipient
from badges.services.awards import assertion_award
from outbox.services import emit

from . import pathways
from .models import PathwayPage
from .pathway_records import CompletionStatus, PathwayBadge, PathwayCompletion, PathwayFollow

logger = logging.getLogger(__name__)


@transaction.atomic
def pathway_badges_sync(*, page: PathwayPage) -> None:
    """Make the PathwayBadge rows name exactly the badge classes of the page's saved steps."""
    wanted = set(page.badge_class_ids())
    existing = set(PathwayBadge.objects.filter(page=page).values_list("badge_class_id", flat=True))
    PathwayBadge.objects.filter(page=page, badge_class_id__in=existing - wanted).delete()
    present = set(BadgeClass.objects.filter(pk__in=wanted - existing).values_list("pk", flat=True))
    PathwayBadge.objects.bulk_create(
        [PathwayBadge(page=page, badge_class_id=badge_id) for badge_id in present],
        ignore_conflicts=True,
    )


def _followable(page: PathwayPage) -> PathwayPage:
    if not page.live:
        raise ValidationError(_("This pathway is not published, so it cannot be followed."))
    return page


@transaction.atomic
def pathway_follow(*, user, page: PathwayPage) -> PathwayFollow:
    """Follow a live pathway; following it again changes nothing."""
    follow, _created = PathwayFollow.objects.get_or_create(user=user, page=_followable(page))
    return follow


@transaction.atomic
def pathway_unfollow(*, user, page: PathwayPage) -> None:
    PathwayFollow.objects.filter(user=user, page=page).delete()


# Completion ------------------------------------------------------------------------------------


def _recipient(email: str) -> tuple[str, list[str]]:
    """The completion key and every identity whose badges count for this email.

    A learner who verified this email in their account gets the badges of all their
    verified emails counted together; anyone else is just this one email.
    """
    address = (
        EmailAddress.objects.filter(email__iexact=email, verified=True)
        .select_related("user")
        .first()
    )
    if address is None:
        return f"email:{email}", [email]
    emails = list(user_verified_emails(user=address.user).values_list("email", flat=True))
    return f"user:{address.user_id}", emails


@transaction.atomic
def pathway_completions_award(
    *, email: str, badge_class_id: int | None = None
) -> list[PathwayCompletion]:
    """Give the completion badges of every pathway group this recipient has now completed.

    Looks at the live pathways that name `badge_class_id` (or all that name any badge the
    recipient holds). Each group's completion is recorded once per recipient, guarded by a
    unique constraint, so two awards processed at the same time never give it twice.
    Automatic completions award the badge to `email`; "review" ones notify the issuer.
    """
    email = normalize_identity(email, "email")
    recipient_key, identities = _recipient(email)
    held = set(
        assertion_list_for_recipient(identities=identities).values_list("badge_class_id", flat=True)
    )
    pages = PathwayPage.objects.live().filter(
        badge_links__badge_class_id__in=[badge_class_id] if badge_class_id else held
    )
    created: list[PathwayCompletion] = []
    for page in _one_version_each(pages.distinct().order_by("pk")):
        progress = pathways.evaluate(page.structure(), held)
        for group in progress.groups():
            badge_id = group.group.completion_badge_id
            if not group.satisfied or badge_id is None or badge_id in held:
                continue
            completion = _complete(page, group.group, recipient_key, email)
            if completion is not None:
                created.append(completion)
    return created


def _one_version_each(pages):
    """One page per pathway: its translations (wagtail-localize) share its structure and must
    not award its completion badges again. The default language's version comes first."""
    default = Locale.get_default().pk
    versions = sorted(pages, key=lambda page: (page.locale_id != default, page.pk))
    seen = set()
    for page in versions:
        if page.translation_key not in seen:
            seen.add(page.translation_key)
            yield page


def _complete(
    page: PathwayPage, group: pathways.Group, recipient_key: str, email: str
) -> PathwayCompletion | None:
    badge = BadgeClass.objects.select_related("issuer").get(pk=group.completion_badge_id)
    if badge.archived:
        logger.warning("Completion badge %s of pathway %s is archived", badge.pk, page.pk)
        return None
    review = group.completion == pathways.REVIEW
    try:
        with transaction.atomic():
            completion = PathwayCompletion.objects.create(
                page=page,
                group_key=group.key,
                recipient_key=recipient_key,
                recipient_email=email,
                badge_class=badge,
                status=CompletionStatus.REVIEW if review else CompletionStatus.AWARDED,
            )
    except IntegrityError:
        return None  # recorded already, by an earlier or a concurrent award
    if review:
        emit("pathway.completion_review", completion_id=completion.pk)
        return completion
    where = page.title if group.key == pathways.ROOT_KEY else f"{group.title} in {page.title}"
    completion.assertion = assertion_award(
        badge_class=badge,
        user=None,
        recipient_identity=email,
        recipient_type="email",
        narrative=f"Completed the earning pathway {where}.",
    )
    completion.save(update_fields=["assertion"])
    return completion
