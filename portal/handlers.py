"""The portal's reactions: pathway saves to their badge rows, pathway changes to the outbox, awards
to pathway completion."""

from urllib.parse import urlencode

from allauth.account.signals import email_confirmed
from django.conf import settings
from django.core.mail import send_mail
from django.db.models.signals import post_delete, post_save
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from accounts.selectors import language_for_email
from badges.models import Assertion, RecipientType
from outbox.delivery import handles
from outbox.services import emit

from .fragments import catalogue_changed
from .menus import main_menu_changed
from .models import PathwayPage
from .pathway_records import PathwayCompletion
from .services import pathway_badges_sync, pathway_completions_award


def pathway_changed(sender, instance, **kwargs) -> None:
    """Published, unpublished or deleted: consumers (the search index) read the page again."""
    emit("pathway.changed", page_id=instance.pk)


def pathway_saved(sender, instance, raw=False, **kwargs) -> None:
    """Every save (drafts too) keeps the page's PathwayBadge rows in step with its steps."""
    if not raw:  # fixtures bring their own rows
        pathway_badges_sync(page=instance)


post_save.connect(pathway_saved, sender=PathwayPage, dispatch_uid="portal-pathway-saved")
page_published.connect(pathway_changed, sender=PathwayPage, dispatch_uid="portal-pathway-pub")
page_unpublished.connect(pathway_changed, sender=PathwayPage, dispatch_uid="portal-pathway-unpub")
post_delete.connect(pathway_changed, sender=PathwayPage, dispatch_uid="portal-pathway-delete")

# Any change to the page tree may change the main menu.
for signal, sender in (
    (page_published, None),
    (page_unpublished, None),
    (post_page_move, None),
    (post_delete, Page),
    (post_save, PageViewRestriction),
    (post_delete, PageViewRestriction),
):
    signal.connect(
        main_menu_changed, sender=sender, dispatch_uid=f"portal-menu-{id(signal)}-{sender}"
    )
    # Catalogue pages show other pages (pathway teasers): their cached bodies go too.
    signal.connect(
        catalogue_changed, sender=sender, dispatch_uid=f"portal-catalogue-{id(signal)}-{sender}"
    )


# Badge cards show badge classes and their issuers: a change to either drops cached catalogues.
handles("badgeclass.changed")(catalogue_changed)
handles("issuer.changed")(catalogue_changed)


@handles("assertion.awarded")
def award_pathway_completions(*, assertion_id: int, **payload) -> None:
    assertion = Assertion.objects.filter(pk=assertion_id, revoked=False).first()
    if assertion is None or assertion.recipient_type != RecipientType.EMAIL:
        return
    pathway_completions_award(
        email=assertion.recipient_identity, badge_class_id=assertion.badge_class_id
    )


def email_verified(sender, request, email_address, **kwargs) -> None:
    """A newly verified email brings its badges into the learner's pathways: check them."""
    emit("pathway.recheck", email=email_address.email)


email_confirmed.connect(email_verified, dispatch_uid="portal-email-verified")


@handles("pathway.recheck")
def recheck_pathway_completions(*, email: str) -> None:
    pathway_completions_award(email=email)


def completion_award_url(completion: PathwayCompletion) -> str:
    """The workspace's award form for this badge, filled in for this learner: one submit awards."""
    badge = completion.badge_class
    path = reverse("workspace:award", args=[badge.issuer.entity_id, badge.entity_id])
    query = urlencode(
        {
            "recipient": completion.recipient_email,
            "narrative": f"Completed the earning pathway {completion.page.title}.",
        }
    )
    return f"{settings.LAUREL_BASE_URL}{path}?{query}"


@handles("pathway.completion_review")
def notify_issuer_of_completion(*, completion_id: int) -> None:
    """Until applications and review exist, "review" means: tell the issuer by email."""
    completion = (
        PathwayCompletion.objects.select_related("page", "badge_class__issuer")
        .filter(pk=completion_id)
        .first()
    )
    if completion is None:
        return
    with translation.override(language_for_email(completion.badge_class.issuer.email)):
        _send_completion_review(completion)


def _send_completion_review(completion: PathwayCompletion) -> None:
    context = {
        "completion": completion,
        "badge": completion.badge_class,
        "issuer": completion.badge_class.issuer,
        "page_url": settings.LAUREL_BASE_URL + completion.page.url,
        "award_url": completion_award_url(completion),
    }
    send_mail(
        subject=_("Review: %(email)s completed %(pathway)s")
        % {"email": completion.recipient_email, "pathway": completion.page.title},
        message=render_to_string("portal/email/completion_review.txt", context),
        from_email=None,
        recipient_list=[completion.badge_class.issuer.email],
    )
