"""Writes of applications for a badge and their review: draft, evidence, submit, decide."""

import os
import re
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.selectors import user_has_verified_email
from outbox.services import emit

from ..evidence import EXTENSIONS as EVIDENCE_EXTENSIONS
from ..evidence import KINDS_ACCEPTED, sniff
from ..models.applications import (
    OPEN_STATES,
    UNDECIDED_STATES,
    Application,
    ApplicationEvent,
    ApplicationEvidence,
    ApplicationState,
    Decision,
    EvidenceKind,
    Review,
    ReviewEmails,
    ReviewerPreference,
    evidence_storage,
)
from ..models.badge_classes import EVIDENCE_TYPES, BadgeClass
from ..models.base import new_entity_id
from ..models.issuers import IssuerStaff
from ..permissions import require
from ..selectors import OVERALL, badge_criteria
from .awards import assertion_award
from .checks import check_text, check_url_field

MAX_EVIDENCE_ITEMS = 20


def _record(application: Application, *, actor, to_state: str, note: str = "") -> None:
    """Move the application to `to_state` (or note a change within it) in its event log."""
    ApplicationEvent.objects.create(
        application=application,
        actor=actor,
        from_state=application.state,
        to_state=to_state,
        note=note[:500],
    )
    application.state = to_state


def _locked(application: Application) -> Application:
    """The application read again under a row lock: a concurrent decision waits, then sees it."""
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("badge_class__issuer", "applicant")
        .get(pk=application.pk)
    )


def _clean_reflections(badge: BadgeClass, value, errors: dict) -> list[dict]:
    """One reflection per criterion of the badge, in its order; unknown criteria are dropped."""
    given: dict[str, str] = {}
    if isinstance(value, dict):
        given = {str(k): v for k, v in value.items()}
    elif isinstance(value, list) and all(isinstance(item, dict) for item in value):
        given = {str(item.get("criterion", "")): item.get("text", "") for item in value}
    elif value not in (None, ""):
        errors["reflections"] = [_("Give reflections as a list of {criterion, text} items.")]
    if any(not isinstance(text, str) for text in given.values()):
        errors["reflections"] = [_("Each reflection is text.")]
        given = {}
    check_text({"reflections": list(given.values())}, errors)
    return [
        {"criterion": criterion, "text": given.get(criterion, "").strip()[:20000]}
        for criterion in badge_criteria(badge)
    ]


@transaction.atomic
def application_create(*, badge_class: BadgeClass, user, reflections=None) -> Application:
    """A draft application of `user` for a badge that accepts applications."""
    if user is None or not user.is_authenticated:
        raise PermissionDenied(_("Sign in to apply for a badge."))
    if not badge_class.accepts_applications or badge_class.draft or badge_class.archived:
        raise ValidationError(
            {
                "badge_class": _("%(name)s does not take applications; ask its issuer.")
                % {"name": badge_class.name}
            }
        )
    BadgeClass.objects.select_for_update().filter(pk=badge_class.pk).first()  # one at a time
    existing = Application.objects.filter(
        badge_class=badge_class, applicant=user, state__in=UNDECIDED_STATES
    ).first()
    if existing is not None:
        raise ValidationError(
            {
                "badge_class": _(
                    "You already have an open application for %(badge)s; continue that one."
                )
                % {"badge": badge_class.name}
            }
        )
    errors: dict[str, list[str]] = {}
    cleaned = _clean_reflections(badge_class, reflections, errors)
    if errors:
        raise ValidationError(errors)
    application = Application.objects.create(
        badge_class=badge_class, applicant=user, created_by=user, reflections=cleaned
    )
    ApplicationEvent.objects.create(
        application=application, actor=user, to_state=ApplicationState.DRAFT, note="Started"
    )
    return application


def _own_locked(application: Application, user, *, to: str) -> Application:
    """The application locked, if `user` is the learner who applied; `to` says what for."""
    application = _locked(application)
    if application.applicant_id != getattr(user, "pk", None):
        if to == "withdraw":
            raise PermissionDenied(_("Only the learner who applied may withdraw an application."))
        raise PermissionDenied(_("Only the learner who applied may change an application."))
    return application


def _own_editable(application: Application, user) -> Application:
    application = _own_locked(application, user, to="change")
    if not application.editable:
        raise ValidationError(
            _(
                "This application is %(state)s; it can be changed only as a draft or when "
                "returned for revision."
            )
            % {"state": application.get_state_display().lower()}
        )
    return application


@transaction.atomic
def application_update(*, application: Application, user, reflections) -> Application:
    """Change the reflections of a draft, or of an application returned for revision."""
    application = _own_editable(application, user)
    errors: dict[str, list[str]] = {}
    application.reflections = _clean_reflections(application.badge_class, reflections, errors)
    if errors:
        raise ValidationError(errors)
    application.save(update_fields=["reflections", "updated_at"])
    return application


def _allowed_kinds(badge: BadgeClass) -> list[str]:
    return list(badge.evidence_types) or list(EVIDENCE_TYPES)


@transaction.atomic
def application_evidence_add(
    *,
    application: Application,
    user,
    kind: str,
    description: str = "",
    text: str = "",
    url: str = "",
    file=None,
) -> ApplicationEvidence:
    """Add one item of evidence: a text, a link, or a file (an uploaded file or bytes).

    A file is checked by its first bytes: an image, a PDF, video or audio, within
    LAUREL_APPLICATION_MAX_FILE_MB."""
    application = _own_editable(application, user)
    badge = application.badge_class
    allowed = _allowed_kinds(badge)
    if kind not in allowed:
        names = ", ".join(EvidenceKind(k).label.lower() for k in allowed)
        raise ValidationError(
            {
                "kind": _("%(badge)s accepts evidence as: %(kinds)s.")
                % {"badge": badge.name, "kinds": names}
            }
        )
    if application.evidence.count() >= MAX_EVIDENCE_ITEMS:
        raise ValidationError(
            _("An application holds at most %(n)s evidence items.") % {"n": MAX_EVIDENCE_ITEMS}
        )
    errors: dict[str, list[str]] = {}
    check_text({"description": description, "text": text}, errors)
    item = ApplicationEvidence(
        application=application, kind=kind, description=(description or "").strip()[:500]
    )
    if kind == EvidenceKind.TEXT:
        item.text = (text or "").strip()
        if not item.text:
            errors["text"] = [_("Write the text of this evidence.")]
    elif kind == EvidenceKind.URL:
        item.url = (url or "").strip()
        check_url_field(item.url, "url", errors, required=True)
        if len(item.url) > 1000:
            errors["url"] = [_("Keep the link to 1000 characters or fewer.")]
    else:
        _attach_file(item, file, errors)
    if errors:
        raise ValidationError(errors)
    item.save()
    application.save(update_fields=["updated_at"])
    return item


def _attach_file(item: ApplicationEvidence, file, errors: dict) -> None:
    if file is None:
        errors["file"] = [_("Choose a file to upload.")]
        return
    if isinstance(file, bytes):
        file = ContentFile(file, name="evidence")
    limit = settings.LAUREL_APPLICATION_MAX_FILE_MB * 1024 * 1024
    if file.size == 0:
        errors["file"] = [_("The file is empty.")]
        return
    if file.size > limit:
        errors["file"] = [
            _("The file is %(size)s MB; files may be at most %(most)s MB.")
            % {
                "size": f"{file.size / 1024 / 1024:.1f}",
                "most": settings.LAUREL_APPLICATION_MAX_FILE_MB,
            }
        ]
        return
    file.seek(0)
    content_type = sniff(file.read(64))
    file.seek(0)
    if content_type is None:
        errors["file"] = [
            _("This file is not %(kinds)s; upload one of those.") % {"kinds": KINDS_ACCEPTED}
        ]
        return
    stem = os.path.splitext(os.path.basename(getattr(file, "name", "") or "evidence"))[0]
    stem = re.sub(r"[^\w.-]+", "-", stem).strip("-.")[:80] or "evidence"
    item.content_type, item.size = content_type, file.size
    item.file_name = f"{stem}.{EVIDENCE_EXTENSIONS[content_type]}"
    item.file.save(f"{new_entity_id()}.{EVIDENCE_EXTENSIONS[content_type]}", file, save=False)


@transaction.atomic
def application_evidence_remove(*, evidence: ApplicationEvidence, user) -> None:
    _own_editable(evidence.application, user)
    if evidence.file:
        stored = evidence.file.name
        transaction.on_commit(lambda: evidence_storage().delete(stored))
    evidence.delete()


@transaction.atomic
def application_submit(*, application: Application, user) -> Application:
    """Send a draft (or a revised application) to the issuer's reviewers."""
    application = _own_editable(application, user)
    errors: dict[str, list[str]] = {}
    missing = [r["criterion"] for r in application.reflections if not r["text"]]
    if missing:
        errors["reflections"] = [
            _("Write a reflection for each criterion before submitting; missing: %(missing)s")
            % {"missing": "; ".join(criterion[:80] for criterion in missing)}
        ]
    if not user_has_verified_email(user=user, email=user.email):
        errors["__all__"] = [
            _("Verify your email %(email)s first: the badge is awarded to it.")
            % {"email": user.email}
        ]
    badge = application.badge_class
    if not badge.accepts_applications or badge.archived:
        errors["badge_class"] = [
            _("%(badge)s no longer takes applications.") % {"badge": badge.name}
        ]
    if errors:
        raise ValidationError(errors)
    resubmitted = application.state == ApplicationState.RETURNED
    _record(
        application,
        actor=user,
        to_state=ApplicationState.SUBMITTED,
        note="Resubmitted after revision" if resubmitted else "Submitted",
    )
    application.round += 1
    application.submitted_at = timezone.now()
    application.assigned_to = application.assigned_until = None
    application.save()
    emit("application.submitted", application_id=application.pk)
    return application


@transaction.atomic
def application_withdraw(*, application: Application, user) -> Application:
    application = _own_locked(application, user, to="withdraw")
    if not application.undecided:
        raise ValidationError(
            _(
                "This application is already %(state)s; only an undecided application can be "
                "withdrawn."
            )
            % {"state": application.get_state_display().lower()}
        )
    _record(application, actor=user, to_state=ApplicationState.WITHDRAWN, note="Withdrawn")
    application.assigned_to = application.assigned_until = None
    application.save()
    return application


def _open_for_review(application: Application) -> None:
    if application.state not in OPEN_STATES:
        raise ValidationError(
            _("This application is %(state)s; it is not waiting for review.")
            % {"state": application.get_state_display().lower()}
        )


def _held_by_other(application: Application, user) -> bool:
    if application.assigned_to_id in (None, user.pk):
        return False
    until = application.assigned_until
    return until is None or until > timezone.now()


@transaction.atomic
def application_take(*, application: Application, user) -> Application:
    """A reviewer holds the application for LAUREL_REVIEW_HOLD_MINUTES; others may take it then."""
    application = _locked(application)
    require(user=user, issuer=application.badge_class.issuer, right="award")
    _open_for_review(application)
    if _held_by_other(application, user):
        if application.assigned_until:
            message = _("%(reviewer)s is reviewing this application until %(until)s UTC.")
        else:
            message = _("%(reviewer)s is reviewing this application (assigned by an owner).")
        raise ValidationError(
            message
            % {
                "reviewer": application.assigned_to,
                "until": f"{application.assigned_until:%Y-%m-%d %H:%M}"
                if application.assigned_until
                else "",
            }
        )
    until = timezone.now() + timedelta(minutes=settings.LAUREL_REVIEW_HOLD_MINUTES)
    application.assigned_to, application.assigned_until = user, until
    _record(application, actor=user, to_state=ApplicationState.IN_REVIEW, note="Taken for review")
    application.save()
    return application


@transaction.atomic
def application_assign(*, application: Application, user, reviewer) -> Application:
    """An owner gives the application to one of the issuer's reviewers, until decided."""
    application = _locked(application)
    issuer = application.badge_class.issuer
    require(user=user, issuer=issuer, right="manage_issuer")
    _open_for_review(application)
    if reviewer is None or not IssuerStaff.objects.filter(issuer=issuer, user=reviewer).exists():
        raise ValidationError(
            {"reviewer": _("Choose a member of %(issuer)s's staff.") % {"issuer": issuer.name}}
        )
    application.assigned_to, application.assigned_until = reviewer, None
    _record(
        application, actor=user, to_state=ApplicationState.IN_REVIEW, note=f"Assigned to {reviewer}"
    )
    application.save()
    return application


def _clean_review_criteria(application: Application, value, errors: dict) -> list[dict]:
    given: dict[str, dict] = {}
    if isinstance(value, list) and all(isinstance(item, dict) for item in value):
        given = {str(item.get("criterion", "")): item for item in value}
    elif value not in (None, ""):
        errors["criteria"] = [_("Give criteria as a list of {criterion, met, comment} items.")]
    cleaned = []
    for reflection in application.reflections:
        item = given.get(reflection["criterion"], {})
        met, comment = item.get("met"), item.get("comment") or ""
        if not isinstance(met, bool) or not isinstance(comment, str):
            errors.setdefault("criteria", []).append(
                _("Say whether this criterion is met: %(criterion)s")
                % {"criterion": reflection["criterion"][:80]}
            )
            continue
        cleaned.append({"criterion": reflection["criterion"], "met": met, "comment": comment})
    check_text({"criteria": [c["comment"] for c in cleaned]}, errors)
    return cleaned


@transaction.atomic
def review_submit(
    *, application: Application, user, decision: str, comment: str = "", criteria=None
) -> Review:
    """A reviewer's decision. Approve counts toward the badge's approvals_required; once
    reached the badge is awarded, exactly once. Return sends it back to the learner to revise;
    reject ends it."""
    application = _locked(application)
    badge = application.badge_class
    require(user=user, issuer=badge.issuer, right="award")
    _open_for_review(application)
    if _held_by_other(application, user):
        raise ValidationError(
            _("%(reviewer)s holds this application; take it when their hold ends.")
            % {"reviewer": application.assigned_to}
        )
    errors: dict[str, list[str]] = {}
    if decision not in Decision.values:
        errors["decision"] = [
            _("Choose one of: %(choices)s.") % {"choices": ", ".join(Decision.values)}
        ]
    if not isinstance(comment, str):
        errors["comment"], comment = [_("The comment is text.")], ""
    check_text({"comment": comment}, errors)
    cleaned = _clean_review_criteria(application, criteria, errors)
    if decision in (Decision.RETURN, Decision.REJECT) and not comment.strip():
        errors["comment"] = [_("Tell the learner why, in the comment to the learner.")]
    approvers = set(
        application.reviews.filter(round=application.round, decision=Decision.APPROVE).values_list(
            "reviewer_id", flat=True
        )
    )
    if decision == Decision.APPROVE and user.pk in approvers:
        errors["decision"] = [_("You approved this already; another reviewer must approve it too.")]
    if errors:
        raise ValidationError(errors)
    review = Review.objects.create(
        application=application,
        reviewer=user,
        round=application.round,
        criteria=cleaned,
        comment=comment.strip(),
        decision=decision,
    )
    application.assigned_to = application.assigned_until = None
    if decision == Decision.APPROVE:
        count, needed = len(approvers) + 1, badge.approvals_required
        if count < needed:
            _record(
                application,
                actor=user,
                to_state=ApplicationState.IN_REVIEW,
                note=f"Approved ({count} of {needed} approvals)",
            )
        else:
            _record(application, actor=user, to_state=ApplicationState.APPROVED, note="Approved")
            _award(application, user=user)
    elif decision == Decision.RETURN:
        _record(application, actor=user, to_state=ApplicationState.RETURNED, note="Returned")
    else:
        _record(application, actor=user, to_state=ApplicationState.REJECTED, note="Rejected")
    if application.state != ApplicationState.IN_REVIEW:
        application.decided_at = timezone.now()
        emit("application.decided", review_id=review.pk)
    application.save()
    emit("application.reviewed", application_id=application.pk)
    return review


def _award(application: Application, *, user) -> None:
    """Award the badge for an approved application (under its row lock: exactly once)."""
    if application.assertion_id is not None:
        raise ValidationError(_("This application was awarded already."))
    evidence = []
    for item in application.evidence.all():
        entry = {"narrative": item.description} if item.description else {}
        if item.kind == EvidenceKind.TEXT:
            entry["narrative"] = "\n\n".join(filter(None, [item.description, item.text]))
        elif item.kind == EvidenceKind.URL:
            entry["url"] = item.url
        else:
            entry["url"] = settings.LAUREL_BASE_URL + reverse(
                "badges:evidence", args=[item.entity_id]
            )
            entry.setdefault("narrative", item.file_name)
        evidence.append(entry)
    narrative = "\n\n".join(
        f"**{r['criterion']}**\n\n{r['text']}" if r["criterion"] != OVERALL else r["text"]
        for r in application.reflections
        if r["text"]
    )
    application.assertion = assertion_award(
        badge_class=application.badge_class,
        user=user,
        recipient_identity=application.applicant.email,
        narrative=narrative,
        evidence=evidence,
    )
    _record(application, actor=user, to_state=ApplicationState.AWARDED, note="Badge awarded")


@transaction.atomic
def reviewer_preference_set(*, user, emails: str) -> ReviewerPreference:
    if emails not in ReviewEmails.values:
        raise ValidationError(
            {
                "emails": _("Choose one of: %(choices)s.")
                % {"choices": ", ".join(ReviewEmails.values)}
            }
        )

    preference, _created = ReviewerPreference.objects.update_or_create(
        user=user, defaults={"emails": emails}
    )
    return preference
