"""Reads of the issuing domain."""

import copy
import re
from collections.abc import Iterable
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.selectors import user_verified_emails

from .models import (
    OPEN_STATES,
    UNDECIDED_STATES,
    Application,
    ApplicationEvidence,
    ApplicationState,
    Assertion,
    BadgeClass,
    BadgeClassTranslation,
    ClaimCode,
    ClaimCodeClaim,
    Endorsement,
    Issuer,
    IssuerStaff,
    NotificationOptOut,
    RecipientType,
    ReviewEmails,
    ReviewerPreference,
    Role,
)
from .openbadges import ob2
from .openbadges.hashing import normalize_identity
from .permissions import user_can


def badge_class_list(*, issuer: Issuer, include_archived: bool = False) -> QuerySet[BadgeClass]:
    badges = BadgeClass.objects.filter(issuer=issuer).select_related("issuer")
    return badges if include_archived else badges.filter(archived=False)


def assertion_list(
    *,
    badge_class: BadgeClass | None = None,
    issuer: Issuer | None = None,
    include_revoked: bool = False,
    include_expired: bool = False,
) -> QuerySet[Assertion]:
    assertions = Assertion.objects.select_related("badge_class", "issuer")
    if badge_class is not None:
        assertions = assertions.filter(badge_class=badge_class)
    if issuer is not None:
        assertions = assertions.filter(issuer=issuer)
    if not include_revoked:
        assertions = assertions.filter(revoked=False)
    if not include_expired:
        assertions = assertions.filter(Q(expires__isnull=True) | Q(expires__gt=timezone.now()))
    return assertions


def assertion_list_for_recipient(
    *,
    identities: Iterable[str],
    recipient_type: str = RecipientType.EMAIL,
    include_expired: bool = False,
) -> QuerySet[Assertion]:
    """Unrevoked awards made to any of these identities (say, a learner's verified emails),
    unexpired too unless `include_expired`.

    Awards keep the normalised identity and hash it only in the published document (with
    the award's salt), so matching the normalised spelling finds hashed awards too.
    """
    normalised = {normalize_identity(identity, recipient_type) for identity in identities}
    return assertion_list(include_expired=include_expired).filter(
        recipient_type=recipient_type, recipient_identity__in=normalised
    )


def email_opted_out(*, email: str) -> bool:
    return NotificationOptOut.objects.filter(email=email.strip().lower()).exists()


def notifications_wanted(*, user) -> bool:
    """Whether none of the user's verified addresses opted out of badge emails."""
    emails = [address.email.lower() for address in user_verified_emails(user=user)]
    return not NotificationOptOut.objects.filter(email__in=emails).exists()


def social_card(*, kind: str, entity_id: str) -> dict | None:
    """Title, description, image and page URL for Open Graph previews."""
    if kind == "issuers":
        issuer = Issuer.objects.filter(entity_id=entity_id).first()
        if issuer is None:
            return None
        title, description, page = issuer.name, issuer.description, "discovery:issuer"
        image = ob2.public_url("issuers", entity_id, "/image?fmt=wide") if issuer.image else ""
    else:
        if kind == "assertions":
            assertion = (
                Assertion.objects.select_related("badge_class__issuer")
                .filter(entity_id=entity_id)
                .first()
            )
            badge = assertion.badge_class if assertion else None
            page = "discovery:award"
        else:
            badge = BadgeClass.objects.select_related("issuer").filter(entity_id=entity_id).first()
            page = "discovery:badge"
        if badge is None:
            return None
        title = f"{badge.name} · {badge.issuer.name}"
        description = badge.description
        image = ob2.public_url("badges", badge.entity_id, "/image?fmt=wide")
    return {
        "title": title,
        "description": description[:300],
        "image": image,
        "url": settings.LAUREL_BASE_URL + reverse(page, args=[entity_id]),
    }


# Names under which this site publishes an issuer, badge class or award: 2.0 documents, human
# pages, 3.0 credentials and did:web ids, each ending in the object's entity id.
ENDORSABLE_PATHS = re.compile(
    r"/(?:public/)?(?P<kind>issuers|badges|assertions|awards)/(?P<entity_id>[A-Za-z0-9_-]{1,32})"
    r"(?:\.json|/credential|/)?$"
)
ENDORSABLE_KINDS = {
    "issuers": Issuer,
    "badges": BadgeClass,
    "assertions": Assertion,
    "awards": Assertion,
}


def issuers_held_by(*, user) -> QuerySet[Issuer]:
    """Issuers the user created and is the only owner of: their account cannot go before
    someone else owns them or they are deleted."""
    other_owners = IssuerStaff.objects.filter(issuer=OuterRef("pk"), role=Role.OWNER).exclude(
        user=user
    )
    return (
        Issuer.objects.filter(created_by=user, staff__user=user, staff__role=Role.OWNER)
        .exclude(Exists(other_owners))
        .order_by("name")
    )


def endorsable_find(*, reference: str) -> Issuer | BadgeClass | Assertion | None:
    """The issuer, badge class or award of this site that a pasted reference names: any of
    its URLs here (document, page or credential), its did:web, or its bare id."""
    reference = reference.strip()
    if reference.startswith("did:web:"):
        reference = reference.replace(":", "/")
    path = urlsplit(reference).path if "://" in reference else reference
    match = ENDORSABLE_PATHS.search(path.split("?")[0])
    if match:
        model = ENDORSABLE_KINDS[match["kind"]]
        return model.objects.filter(entity_id=match["entity_id"]).first()
    for model in (Issuer, BadgeClass, Assertion):
        found = model.objects.filter(entity_id=reference).first()
        if found is not None:
            return found
    return None


def endorsement_list_given(*, endorser: Issuer) -> QuerySet[Endorsement]:
    return endorser.endorsements_given.select_related(
        "issuer", "badge_class", "assertion__badge_class"
    )


def endorsement_list_received(*, issuer: Issuer) -> QuerySet[Endorsement]:
    """Live endorsements of the issuer, its badge classes and its awards, for its answer."""
    return (
        Endorsement.objects.filter(revoked=False)
        .filter(Q(issuer=issuer) | Q(badge_class__issuer=issuer) | Q(assertion__issuer=issuer))
        .select_related("endorser", "issuer", "badge_class", "assertion__badge_class")
    )


def endorsements_shown(**target) -> QuerySet[Endorsement]:
    """What a page shows as "Endorsed by …" for an issuer, a badge class or an award (issuer=,
    badge_class=, badge_class__in= or assertion=), oldest first."""
    return (
        Endorsement.objects.shown()
        .filter(**target)
        .select_related("endorser")
        .order_by("issued_on", "id")
    )


# Claim codes -------------------------------------------------------------------------------

CLAIM_CODE_FILTERS = {
    "": "All codes",
    "active": "Can be claimed",
    "closed": "Used up, expired or disabled",
}


def claim_code_list(*, badge_class: BadgeClass, show: str = "") -> QuerySet[ClaimCode]:
    """A badge class's codes, newest first; `show` is a key of CLAIM_CODE_FILTERS."""
    codes = ClaimCode.objects.filter(badge_class=badge_class).select_related("badge_class")
    now = timezone.now()
    active = (
        Q(disabled_at__isnull=True)
        & (Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        & (Q(max_uses__isnull=True) | Q(uses__lt=F("max_uses")))
    )
    if show == "active":
        return codes.filter(active)
    if show == "closed":
        return codes.exclude(active)
    return codes


def claim_code_get(*, badge_class: BadgeClass, entity_id: str) -> ClaimCode | None:
    return claim_code_list(badge_class=badge_class).filter(entity_id=entity_id).first()


def claim_code_claims(*, badge_class: BadgeClass) -> QuerySet[ClaimCodeClaim]:
    """Who claimed the badge class's codes, and the awards made, newest first."""
    return (
        ClaimCodeClaim.objects.filter(claim_code__badge_class=badge_class)
        .select_related("claim_code", "assertion")
        .order_by("-claimed_at", "-id")
    )


# Applications and review -------------------------------------------------------------------

# The one reflection asked for when the badge's criteria hold no list.
OVERALL = "How you meet the criteria"
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,3}[.)])[ \t]+(\S.*)$")


def badge_criteria(badge: BadgeClass) -> list[str]:
    """The criteria a learner reflects on: the top-level list items of the badge's criteria
    Markdown, or one overall criterion when it has no list."""
    items = [
        match[1].strip()
        for line in (badge.criteria_narrative or "").splitlines()
        if (match := _LIST_ITEM.match(line))
    ]
    return items or [OVERALL]


def _applications() -> QuerySet[Application]:
    return Application.objects.select_related(
        "badge_class__issuer", "applicant", "assigned_to", "assertion"
    )


def application_list_for_user(*, user) -> QuerySet[Application]:
    return _applications().filter(applicant=user)


def application_get_for_user(*, user, entity_id: str) -> Application | None:
    """One of the learner's own applications; None for anyone else's."""
    return application_list_for_user(user=user).filter(entity_id=entity_id).first()


def application_open_for(*, user, badge_class: BadgeClass) -> Application | None:
    """The learner's undecided application for this badge, if any."""
    return (
        application_list_for_user(user=user)
        .filter(badge_class=badge_class, state__in=UNDECIDED_STATES)
        .first()
    )


# Reviewers see applications once submitted: drafts and withdrawn drafts stay the learner's.
REVIEWABLE = Q(round__gt=0)


def review_queue(
    *,
    issuer: Issuer,
    user=None,
    badge_id: str = "",
    state: str = "",
    mine: bool = False,
    older_than_days: int | None = None,
) -> QuerySet[Application]:
    """Submitted applications of the issuer's badges, oldest submission first, filtered; those
    waiting for review (submitted or in review) unless a `state` is asked for."""
    found = _applications().filter(REVIEWABLE, badge_class__issuer=issuer)
    if badge_id:
        found = found.filter(badge_class__entity_id=badge_id)
    found = found.filter(state=state) if state else found.filter(state__in=OPEN_STATES)
    if mine and user is not None:
        found = found.filter(assigned_to=user)
    if older_than_days:
        found = found.filter(submitted_at__lte=timezone.now() - timedelta(days=older_than_days))
    return found.order_by("submitted_at", "id")


def review_state_counts(*, issuer: Issuer) -> dict[str, int]:
    """How many of the issuer's submitted applications are in each state (every state a
    submitted application can be in, so draft is not among them)."""
    rows = (
        Application.objects.filter(REVIEWABLE, badge_class__issuer=issuer)
        .values_list("state")
        .annotate(n=Count("id"))
    )
    counts = {state: 0 for state in ApplicationState.values if state != ApplicationState.DRAFT}
    counts.update(dict(rows))
    return counts


def review_application_get(*, issuer: Issuer, entity_id: str) -> Application | None:
    """One submitted application of the issuer's badges, in whatever state it is now."""
    found = _applications().filter(REVIEWABLE, badge_class__issuer=issuer, entity_id=entity_id)
    return found.first()


def badge_class_to_apply_for(*, entity_id: str) -> BadgeClass | None:
    """A published badge class by its id (whether it takes applications is the service's
    question, so the learner hears why not)."""
    return (
        BadgeClass.objects.select_related("issuer").filter(entity_id=entity_id, draft=False).first()
    )


def evidence_file_get(*, entity_id: str) -> ApplicationEvidence | None:
    """An evidence file with what deciding who may see it needs (see evidence_viewable)."""
    return (
        ApplicationEvidence.objects.select_related(
            "application__badge_class__issuer", "application__assertion"
        )
        .filter(entity_id=entity_id, kind="file")
        .first()
    )


def evidence_viewable(*, evidence: ApplicationEvidence, user) -> bool:
    """The learner who applied and the issuer's staff may see evidence; once the badge is
    awarded (and not revoked) anyone may, as the award's public evidence links to it."""
    application = evidence.application
    assertion = application.assertion
    if assertion is not None and not assertion.revoked:
        return True
    if user is None or not user.is_authenticated:
        return False
    if application.applicant_id == user.pk:
        return True
    issuer = application.badge_class.issuer
    return application.round > 0 and user_can(user=user, issuer=issuer, right="award")


def reviewer_emails_setting(*, user) -> str:
    preference = ReviewerPreference.objects.filter(user=user).first()
    return preference.emails if preference else ReviewEmails.EACH


def application_webhook_payload(application: Application) -> dict:
    """A JSON-able summary of an application, for webhook deliveries."""
    # The decision of this submission's round: none yet once the learner resubmits.
    latest = (
        application.reviews.filter(round=application.round).order_by("-created_at", "-id").first()
    )
    badge = application.badge_class

    def when(value):
        return value.isoformat() if value else None

    return {
        "id": application.entity_id,
        "badgeclass": badge.entity_id,
        "issuer": badge.issuer.entity_id,
        "state": application.state,
        "decision": latest.decision if latest else None,
        "applicant_email": application.applicant.email,
        "submitted_at": when(application.submitted_at),
        "decided_at": when(application.decided_at),
        "assertion": application.assertion.entity_id if application.assertion_id else None,
    }


def primary_language(tag: str) -> str:
    """The language of a tag without its region or script: "fr" of "fr-CA"."""
    return (tag or "").split("-")[0].lower()


def translation_languages(badge_class: BadgeClass) -> list[tuple[str, str]]:
    """The site's languages a badge class may be translated into: all but its own."""
    own = primary_language(badge_class.language)
    return [(code, name) for code, name in settings.LANGUAGES if code != own]


def badge_class_translation(
    *, badge_class: BadgeClass, language: str
) -> BadgeClassTranslation | None:
    return badge_class.translations.filter(language=language).first()


def badge_class_in_language(badge_class: BadgeClass, language: str) -> BadgeClass:
    """The badge class as a reader of `language` sees it: with the name, description and
    criteria of its translation into that language when it has one, else as it is. The copy
    carries `text_language` and `criteria_language`, the languages its text is in (for `lang`
    attributes); it is for showing, never for saving."""
    shown = copy.copy(badge_class)
    shown.text_language = shown.criteria_language = badge_class.language
    if primary_language(language) == primary_language(badge_class.language):
        return shown
    translation = badge_class_translation(
        badge_class=badge_class, language=primary_language(language)
    )
    if translation is not None:
        shown.name = translation.name
        shown.description = translation.description
        if translation.criteria_narrative:
            shown.criteria_narrative = translation.criteria_narrative
            shown.criteria_html = translation.criteria_html
            shown.criteria_language = translation.language
        shown.text_language = translation.language
    return shown


def badge_class_translation_languages(*, badge_class: BadgeClass) -> list[str]:
    return list(badge_class.translations.order_by("language").values_list("language", flat=True))
