"""Renewing awards: a new award to the same recipient, linked to the one it renews."""

from collections.abc import Callable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Assertion, AwardJob, AwardJobKind, BadgeClass
from ..permissions import require
from .awards import BatchError, _build_assertion, _start_job, award_job_run, write_awards


def _chosen(badge_class: BadgeClass, entity_ids: Sequence[str]) -> list[Assertion]:
    """The named awards of this badge class, locked, with every refusal as a BatchError."""
    wanted = list(dict.fromkeys(entity_ids))
    found = {
        a.entity_id: a
        for a in Assertion.objects.select_for_update()
        .filter(badge_class=badge_class, entity_id__in=wanted)
        .order_by("id")
    }
    renewed = set(
        Assertion.objects.filter(renews__in=found.values()).values_list("renews_id", flat=True)
    )
    errors: dict[int, dict[str, list[str]]] = {}
    for number, entity_id in enumerate(wanted, start=1):
        old = found.get(entity_id)
        if old is None:
            reason = _("Cannot renew no award %(award)s of %(name)s.") % {
                "award": entity_id,
                "name": badge_class.name,
            }
        elif old.revoked:
            reason = _(
                "Cannot renew %(recipient)s: it was revoked; award the badge again instead."
            ) % {"recipient": old.recipient_identity}
        elif old.pk in renewed:
            reason = _("Cannot renew %(recipient)s: it was renewed already.") % {
                "recipient": old.recipient_identity
            }
        else:
            continue
        errors[number] = {"renews": [reason]}
    if errors:
        raise BatchError(errors)
    return [found[entity_id] for entity_id in wanted]


def _renewal_of(old: Assertion, *, user, now) -> Assertion:
    """The unsaved new award: same recipient, evidence and narrative; issued now, with the
    expiry the badge class gives a new award (the row names no expiry, so it is computed)."""
    built = _build_assertion(
        old.badge_class,
        user=user,
        row={
            "recipient_identity": old.recipient_identity,
            "recipient_type": old.recipient_type,
            "hashed": old.recipient_hashed,
            "issued_on": now,
            "narrative": old.narrative,
            "evidence": old.evidence,
            "extensions": old.extensions,
        },
    )
    built.renews = old
    return built


@transaction.atomic
def assertion_renew_batch(
    *,
    badge_class: BadgeClass,
    user,
    entity_ids: Sequence[str],
    notify: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> list[Assertion]:
    """Renew the named awards of one badge class, all or none: refused (BatchError) if any is
    revoked, renewed already or not of this badge class. `progress` as for award batches."""
    require(user=user, issuer=badge_class.issuer, right="award")
    if badge_class.archived or badge_class.draft:
        if badge_class.archived:
            message = _("%(name)s is archived: its awards cannot be renewed.")
        else:
            message = _("%(name)s is a draft: its awards cannot be renewed.")
        raise ValidationError(message % {"name": badge_class.name})
    if not entity_ids:
        raise ValidationError(_("Choose at least one award to renew."))
    chosen = _chosen(badge_class, entity_ids)
    now = timezone.now()
    built, errors = [], {}
    for number, old in enumerate(chosen, start=1):
        old.badge_class = badge_class  # one badge class: not fetched again per award
        try:
            built.append(_renewal_of(old, user=user, now=now))
        except ValidationError as exc:
            errors[number] = exc.message_dict
        if progress:
            progress(number, 2 * len(chosen))
    if errors:
        raise BatchError(errors)
    return write_awards(badge_class=badge_class, built=built, notify=notify, progress=progress)


@transaction.atomic
def assertion_renew(*, assertion: Assertion, user, notify: bool = True) -> Assertion:
    """Renew one award at once (a clear ValidationError if it is revoked or renewed already)."""
    try:
        return assertion_renew_batch(
            badge_class=assertion.badge_class,
            user=user,
            entity_ids=[assertion.entity_id],
            notify=notify,
        )[0]
    except BatchError as exc:
        raise ValidationError(exc.rows[1]["renews"][0]) from exc


@transaction.atomic
def renew_job_create(
    *, badge_class: BadgeClass, user, entity_ids: Sequence[str], notify: bool = True
) -> AwardJob:
    """Queue the renewal of many awards as one job (the award jobs' task and progress page);
    refused at once if any of them cannot be renewed."""
    if not entity_ids:
        raise ValidationError(_("Choose at least one award to renew."))
    require(user=user, issuer=badge_class.issuer, right="award")
    chosen = _chosen(badge_class, entity_ids)
    job = AwardJob.objects.create(
        badge_class=badge_class,
        created_by=user,
        kind=AwardJobKind.RENEW,
        rows=[{"renews": old.entity_id} for old in chosen],
        notify=notify,
    )
    transaction.on_commit(lambda: _start_job(job.pk))
    return job


def renew_job_run(*, job: AwardJob) -> AwardJob:
    """Run a queued renewal job through the award jobs' claim, progress and outcome."""
    return award_job_run(
        job=job,
        write=lambda progress: assertion_renew_batch(
            badge_class=job.badge_class,
            user=job.created_by,
            entity_ids=[row["renews"] for row in job.rows],
            notify=job.notify,
            progress=progress,
        ),
    )
