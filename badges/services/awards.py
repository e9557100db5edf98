"""Writes of awards (assertions): one, a batch, a queued award job; update, revoke, notify again."""

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from celery import signature
from dateutil.relativedelta import relativedelta
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from outbox.services import emit, emit_many

from ..models import (
    Assertion,
    AwardJob,
    AwardJobStatus,
    BadgeClass,
    DurationUnit,
    RecipientType,
    Verification,
)
from ..openbadges import statuslist
from ..openbadges.hashing import make_salt, normalize_identity
from ..permissions import require
from ..signals import assertions_change
from .checks import check_text, check_url_field, markdown_too_long
from .keys import issuer_key_create, next_status_index
from .public_documents import assertion_changed


def _expiry(badge: BadgeClass, issued_on: datetime) -> datetime | None:
    if not badge.expires_amount:
        return None
    unit = badge.expires_unit
    try:
        if unit in ("days", "weeks"):
            return issued_on + timedelta(**{unit: badge.expires_amount})
        return issued_on + relativedelta(**{unit: badge.expires_amount})
    except (OverflowError, ValueError) as exc:  # stored before expiries were bounded
        raise ValidationError(
            {
                "expires": _(
                    "%(name)s expires %(amount)s %(unit)s after the award, past the end of "
                    "the calendar; edit the badge's expiry first."
                )
                % {
                    "name": badge.name,
                    "amount": badge.expires_amount,
                    "unit": dict(DurationUnit.choices).get(unit, unit),
                }
            }
        ) from exc


def _build_assertion(badge: BadgeClass, *, user, row: dict[str, Any]) -> Assertion:
    """Validate one award's input and return an unsaved Assertion, or raise ValidationError."""
    allowed = {
        "recipient_identity", "recipient_type", "hashed", "issued_on", "expires",
        "narrative", "evidence", "extensions",
    }  # fmt: skip
    errors: dict[str, list[str]] = {}
    if badge.draft:
        errors["badge_class"] = [
            _("%(badge)s is a draft: publish it before awarding it.") % {"badge": badge.name}
        ]
    for name in sorted(set(row) - allowed):
        errors[name] = [_("This field cannot be set.")]
    check_text({name: row[name] for name in ("narrative", "evidence") if name in row}, errors)
    markdown_too_long(row.get("narrative"), "narrative", errors)
    recipient_type = row.get("recipient_type") or RecipientType.EMAIL
    identity = str(row.get("recipient_identity") or "").strip()
    if recipient_type not in RecipientType.values:
        errors["recipient_type"] = [
            _("Choose one of: %(choices)s.") % {"choices": ", ".join(RecipientType.values)}
        ]
    elif not identity:
        errors["recipient_identity"] = [_("Give the recipient's email, URL, telephone or id.")]
    else:
        identity = normalize_identity(identity, recipient_type)
        _check_identity(identity, recipient_type, errors)
    now = timezone.now()
    issued_on = row.get("issued_on") or now
    if not isinstance(issued_on, datetime):
        errors["issued_on"] = [_("Give the issue date as a date and time.")]
        issued_on = now
    elif issued_on > now + timedelta(minutes=5):
        errors["issued_on"] = [_("The issue date cannot be in the future.")]
    try:
        expires = row.get("expires") if "expires" in row else _expiry(badge, issued_on)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        expires = None
    if expires is not None and (not isinstance(expires, datetime) or expires <= issued_on):
        errors["expires"] = [_("The expiry must be a date and time after the issue date.")]
    evidence = _clean_evidence(row.get("evidence") or [], errors)
    extensions = row.get("extensions") or {}
    if not isinstance(extensions, dict) or not all(
        isinstance(k, str) and k.startswith("extensions:") and isinstance(v, dict)
        for k, v in extensions.items()
    ):
        errors["extensions"] = [
            'Give extensions as an object whose keys start with "extensions:" and whose '
            "values are objects."
        ]
    hashed = row.get("hashed")
    if hashed is None:
        hashed = recipient_type in (RecipientType.EMAIL, RecipientType.TELEPHONE)
    if errors:
        raise ValidationError(errors)
    issuer = badge.issuer
    signing_key = None
    if issuer.verification == Verification.SIGNED:
        signing_key = issuer.keys.filter(active=True).first() or issuer_key_create(issuer)
    return Assertion(
        badge_class=badge,
        issuer=issuer,
        created_by=user,
        recipient_type=recipient_type,
        recipient_identity=identity,
        recipient_hashed=bool(hashed),
        salt=make_salt() if hashed else "",
        issued_on=issued_on,
        expires=expires,
        narrative=str(row.get("narrative") or ""),
        evidence=evidence,
        extensions=extensions,
        verification=issuer.verification,
        signing_key=signing_key,
    )


def _check_identity(identity: str, recipient_type: str, errors: dict) -> None:
    if recipient_type == RecipientType.EMAIL:
        try:
            EmailValidator()(identity)
        except ValidationError:
            errors["recipient_identity"] = [
                _("%(identity)s is not a valid email address.") % {"identity": repr(identity)}
            ]
    elif recipient_type == RecipientType.URL:
        check_url_field(identity, "recipient_identity", errors)
    elif recipient_type == RecipientType.TELEPHONE:
        digits = identity.lstrip("+")
        if not digits.isdigit() or not 5 <= len(digits) <= 15:
            errors["recipient_identity"] = [
                _("%(identity)s is not a telephone number; use international form like +4420...")
                % {"identity": repr(identity)}
            ]


def _clean_evidence(value, errors: dict) -> list[dict]:
    if not isinstance(value, list):
        errors["evidence"] = ["Give evidence as a list of {url, narrative} items."]
        return []
    cleaned = []
    for number, item in enumerate(value, start=1):
        if not isinstance(item, dict) or not (item.get("url") or item.get("narrative")):
            errors.setdefault("evidence", []).append(
                _("Evidence %(number)s needs a url, a narrative, or both.") % {"number": number}
            )
            continue
        if item.get("url"):
            check_url_field(item["url"], "evidence", errors)
        cleaned.append({k: str(item[k]) for k in ("url", "narrative") if item.get(k)})
    return cleaned


@transaction.atomic
def assertion_award(*, badge_class: BadgeClass, user, notify: bool = True, **row: Any) -> Assertion:
    """Award one badge. Fields: recipient_identity, recipient_type, hashed, issued_on,
    expires, narrative, evidence, extensions."""
    return assertion_award_batch(badge_class=badge_class, user=user, rows=[row], notify=notify)[0]


AWARD_CHUNK = 500


class BatchError(ValidationError):
    """A batch with bad rows: nothing was written. `rows` maps row number (1-based) to errors."""

    def __init__(self, rows: dict[int, dict[str, list[str]]]):
        self.rows = rows
        first = next(iter(rows))
        details = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in rows[first].items())
        super().__init__(
            ngettext(
                "%(count)d row has errors and nothing was awarded; first is row %(first)d: "
                "%(details)s",
                "%(count)d rows have errors and nothing was awarded; first is row %(first)d: "
                "%(details)s",
                len(rows),
            )
            % {"count": len(rows), "first": first, "details": details}
        )


@transaction.atomic
def assertion_award_batch(
    *,
    badge_class: BadgeClass,
    user,
    rows: Sequence[dict[str, Any]],
    notify: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> list[Assertion]:
    """Award many in one transaction: every row is valid and written, or none is.

    `progress(done, total)` is called as rows are checked and then written (2 steps a row).
    """
    require(user=user, issuer=badge_class.issuer, right="award")
    if badge_class.archived:
        raise ValidationError(
            _("%(name)s is archived and can no longer be awarded; unarchive it first.")
            % {"name": badge_class.name}
        )
    if not rows:
        raise ValidationError(_("The batch is empty: give at least one recipient."))
    built: list[Assertion] = []
    row_errors: dict[int, dict[str, list[str]]] = {}
    for number, row in enumerate(rows, start=1):
        try:
            built.append(_build_assertion(badge_class, user=user, row=dict(row)))
        except ValidationError as exc:
            row_errors[number] = exc.message_dict
        if progress:
            progress(number, 2 * len(rows))
    if row_errors:
        raise BatchError(row_errors)
    return write_awards(badge_class=badge_class, built=built, notify=notify, progress=progress)


def write_awards(
    *,
    badge_class: BadgeClass,
    built: list[Assertion],
    notify: bool,
    progress: Callable[[int, int], None] | None = None,
) -> list[Assertion]:
    """Write checked, unsaved awards of one badge class (the second half of a batch's steps)."""
    next_index = next_status_index(badge_class.issuer)
    for assertion in built:
        assertion.status_index = next_index
        next_index += 1
    # Written in chunks: one INSERT for many rows, and their outbox messages with them.
    for start in range(0, len(built), AWARD_CHUNK):
        # The awards a chunk renews count as renewed from now on.
        with assertions_change(a.renews_id for a in built[start : start + AWARD_CHUNK]) as ids:
            chunk = Assertion.objects.bulk_create(built[start : start + AWARD_CHUNK])
            ids += [a.pk for a in chunk]
        emit_many("assertion.awarded", [{"assertion_id": a.pk, "notify": notify} for a in chunk])
        if any(a.status_index % statuslist.MIN_BITS == 0 for a in chunk):
            # The issuer's first award, or one past the end of its status list: publish it.
            emit("statuslist.changed", issuer_id=badge_class.issuer_id)
        if progress:
            progress(len(built) + start + len(chunk), 2 * len(built))
    return built


def assertion_rows_check(
    *, badge_class: BadgeClass, user, rows: Sequence[dict[str, Any]]
) -> dict[int, dict[str, list[str]]]:
    """What is wrong with each row of a batch (1-based row number -> field errors), writing
    nothing: the preview a person sees before awarding. The same recipient twice is an error."""
    require(user=user, issuer=badge_class.issuer, right="award")
    errors: dict[int, dict[str, list[str]]] = {}
    seen: dict[tuple[str, str], int] = {}
    for number, row in enumerate(rows, start=1):
        try:
            built = _build_assertion(badge_class, user=user, row=dict(row))
        except ValidationError as exc:
            errors[number] = exc.message_dict
            continue
        key = (built.recipient_type, built.recipient_identity)
        if key in seen:
            errors[number] = {
                "recipient_identity": [
                    _("The same recipient as row %(row)s; give each once.") % {"row": seen[key]}
                ]
            }
        else:
            seen[key] = number
    return errors


@transaction.atomic
def award_job_create(
    *, badge_class: BadgeClass, user, rows: Sequence[dict[str, Any]], notify: bool = True
) -> AwardJob:
    """Queue a checked batch; a task writes it all or nothing. Refused if any row is bad."""
    if badge_class.archived or badge_class.draft:
        if badge_class.archived:
            message = _("%(name)s is archived and cannot be awarded.")
        else:
            message = _("%(name)s is a draft and cannot be awarded.")
        raise ValidationError(message % {"name": badge_class.name})
    if not rows:
        raise ValidationError(_("The batch is empty: give at least one recipient."))
    errors = assertion_rows_check(badge_class=badge_class, user=user, rows=rows)
    if errors:
        raise BatchError(errors)
    job = AwardJob.objects.create(
        badge_class=badge_class, created_by=user, rows=list(rows), notify=notify
    )
    transaction.on_commit(lambda: _start_job(job.pk))
    return job


def _start_job(job_id: int) -> None:
    # Queued by name: badges.tasks imports this module.
    signature("badges.award_job_run", args=(job_id,)).delay()


AWARD_JOB_PROGRESS = "award-job-progress:{}"


def award_job_run(
    *, job: AwardJob, write: Callable[[Callable[[int, int], None]], list] | None = None
) -> AwardJob:
    """Write a queued batch (once: a job that started is not run again). Progress is kept in
    the cache, where the page reads it while the batch's transaction is still open. `write`
    (given the progress callback, returning what it wrote) replaces the award batch: a
    renewal job's (renewals.renew_job_run)."""
    claimed = AwardJob.objects.filter(pk=job.pk, status=AwardJobStatus.QUEUED).update(
        status=AwardJobStatus.RUNNING, started_at=timezone.now()
    )
    job.refresh_from_db()
    if not claimed:
        return job
    key = AWARD_JOB_PROGRESS.format(job.pk)

    last = 0

    def progress(done: int, total: int) -> None:
        nonlocal last
        if done - last >= 200 or done == total:
            cache.set(key, (done, total), 3600)
            last = done

    try:
        if write is not None:
            awarded = write(progress)
        else:
            awarded = assertion_award_batch(
                badge_class=job.badge_class,
                user=job.created_by,
                rows=job.rows,
                notify=job.notify,
                progress=progress,
            )
    except ValidationError as exc:
        job.status, job.error = AwardJobStatus.FAILED, " ".join(exc.messages)
    else:
        job.status, job.awarded = AwardJobStatus.DONE, len(awarded)
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "awarded", "finished_at"])
    return job


def award_job_progress(*, job: AwardJob) -> tuple[int, int]:
    """(steps done, steps in all): each row is checked and then written, two steps a row."""
    total = 2 * len(job.rows)
    if job.status == AwardJobStatus.DONE:
        return total, total
    done, _total = cache.get(AWARD_JOB_PROGRESS.format(job.pk), (0, total))
    return done, total


@transaction.atomic
def assertion_notify_again(*, assertion: Assertion, user) -> None:
    """Send the award email once more (to an email recipient who has not opted out)."""
    require(user=user, issuer=assertion.issuer, right="award")
    if assertion.revoked:
        raise ValidationError(_("This award was revoked; there is nothing to tell its recipient."))
    if assertion.recipient_type != RecipientType.EMAIL:
        raise ValidationError(_("Only awards made to an email address can be sent by email."))
    emit("assertion.resend", assertion_id=assertion.pk)


@transaction.atomic
def assertion_update(*, assertion: Assertion, user, **fields: Any) -> Assertion:
    """Change the narrative, evidence, extensions or expiry of an award."""
    require(user=user, issuer=assertion.issuer, right="award")
    editable = {"narrative", "evidence", "extensions", "expires"}
    unknown = set(fields) - editable
    if unknown:
        raise ValidationError(
            {name: _("This field cannot be changed.") for name in sorted(unknown)}
        )
    row = {
        "recipient_identity": assertion.recipient_identity,
        "recipient_type": assertion.recipient_type,
        "hashed": assertion.recipient_hashed,
        "issued_on": assertion.issued_on,
        "expires": assertion.expires,
        "narrative": assertion.narrative,
        "evidence": assertion.evidence,
        "extensions": assertion.extensions,
        **fields,
    }
    checked = _build_assertion(assertion.badge_class, user=user, row=row)
    for name in editable:
        setattr(assertion, name, getattr(checked, name))
    assertion.save()
    assertion_changed(assertion)
    return assertion


@transaction.atomic
def assertion_revoke(*, assertion: Assertion, user, reason: str) -> Assertion:
    """Revoke one award; an award revoked already stays as it was, with its first reason."""
    assertion_revoke_batch(assertions=[assertion], user=user, reason=reason)
    return assertion


@transaction.atomic
def assertion_revoke_batch(
    *, assertions: Iterable[Assertion], user, reason: str
) -> list[Assertion]:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"revocation_reason": _("Say why the badge is revoked.")})
    revoked = []
    for assertion in assertions:
        require(user=user, issuer=assertion.issuer, right="award")
        if assertion.revoked:
            continue
        assertion.revoked = True
        assertion.revocation_reason = reason[:500]
        assertion.revoked_at = timezone.now()
        assertion.save(update_fields=["revoked", "revocation_reason", "revoked_at", "updated_at"])
        assertion_changed(assertion)
        revoked.append(assertion)
    if revoked:
        emit_many("assertion.revoked", [{"assertion_id": each.pk} for each in revoked])
    for issuer_id in sorted({assertion.issuer_id for assertion in revoked}):
        emit("statuslist.changed", issuer_id=issuer_id)
    return revoked
